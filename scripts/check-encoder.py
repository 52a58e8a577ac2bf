"""Computes reference vectors for a shipped encoder with a second implementation (onnxruntime and the Hugging Face
tokenizers library from PyPI), for test/encoder.test.ts: it checks that transformers.js, with the folder's pooling and
prefixes, gives the same vectors (onnxruntime 1.32 here against transformers.js's 1.14: cosine 0.998 or more, the int8
kernels differ in rounding).
  pip install onnxruntime tokenizers numpy
  python3 scripts/check-encoder.py [name] > test/fixtures/encoder-reference.json"""
import json, sys
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

name = sys.argv[1] if len(sys.argv) > 1 else "e5-small-v2"
folder = f"models/{name}"
settings = json.load(open(f"{folder}/encoder.json"))
tok = Tokenizer.from_file(f"{folder}/tokenizer.json")
session = ort.InferenceSession(f"{folder}/onnx/model_quantized.onnx")
TEXTS = [("query", "who did vance meet in yerevan"), ("passage", "Vance held talks with Armenian Prime Minister Nikol Pashinyan.")]
out = []
for role, text in TEXTS:
    enc = tok.encode(settings["queryPrefix" if role == "query" else "passagePrefix"] + text)
    ids = np.array([enc.ids], dtype=np.int64)
    mask = np.array([enc.attention_mask], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in [i.name for i in session.get_inputs()]:
        feeds["token_type_ids"] = np.zeros_like(ids)
    hidden = session.run(None, feeds)[0][0]
    v = hidden[0] if settings["pooling"] == "cls" else (hidden * mask[0][:, None]).sum(0) / mask.sum()
    v = v / np.linalg.norm(v)
    out.append({"role": role, "text": text, "vector": [round(float(x), 6) for x in v]})
print(json.dumps({"model": name, "computedBy": "onnxruntime " + ort.__version__ + ", tokenizers (scripts/check-encoder.py)", "texts": out}))
