"""Computes reference logits for the shipped reader with a second implementation (onnxruntime and the Hugging Face
tokenizers library from PyPI), for test/reader.test.ts: it checks that transformers.js pairs the question and the
sentence the way the reader was trained (token types 0 then 1) and gives the same logits.
  pip install onnxruntime tokenizers numpy
  python3 scripts/reader/check.py > test/fixtures/reader-reference.json"""
import json
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

folder = "models/trip-reader"
tok = Tokenizer.from_file(f"{folder}/tokenizer.json")
session = ort.InferenceSession(f"{folder}/onnx/model_quantized.onnx", providers=["CPUExecutionProvider"])
QUESTION = "who did vance meet in yerevan"
SENTENCES = [
    "On Monday, Vance held talks with Armenian Prime Minister Nikol Pashinyan in Yerevan.",
    "Vance is the highest-ranking U.S. official to visit Armenia since it gained independence in 1991.",
    "Azerbaijan will buy boats for the Caspian Sea.",
]
encs = [tok.encode(QUESTION, s) for s in SENTENCES]
width = max(len(e.ids) for e in encs)
pad = lambda xs: xs + [0] * (width - len(xs))
feeds = {
    "input_ids": np.array([pad(e.ids) for e in encs], dtype=np.int64),
    "attention_mask": np.array([pad(e.attention_mask) for e in encs], dtype=np.int64),
    "token_type_ids": np.array([pad(e.type_ids) for e in encs], dtype=np.int64),
}
logits = session.run(["logits"], feeds)[0][:, 0]
print(json.dumps({"model": "trip-reader", "computedBy": f"onnxruntime {ort.__version__}, tokenizers (scripts/reader/check.py)",
                  "question": QUESTION, "sentences": [{"text": s, "logit": round(float(l), 4)} for s, l in zip(SENTENCES, logits)]}, indent=2))
