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
tok.no_padding()  # the file pads to 128: int8 activations are scaled over the whole input, padding included,
tok.no_truncation()  # so the logits agree only when the bot's input (one unpadded pair) is fed
session = ort.InferenceSession(f"{folder}/onnx/model_quantized.onnx", providers=["CPUExecutionProvider"])
QUESTION = "who did vance meet in yerevan"
SENTENCES = [
    "On Monday, Vance held talks with Armenian Prime Minister Nikol Pashinyan in Yerevan.",
    "Vance is the highest-ranking U.S. official to visit Armenia since it gained independence in 1991.",
    "Azerbaijan will buy boats for the Caspian Sea.",
]
def logit(sentence):
    """One pair alone, as the bot reads them."""
    e = tok.encode(QUESTION, sentence)
    feeds = {"input_ids": [e.ids], "attention_mask": [e.attention_mask], "token_type_ids": [e.type_ids]}
    return session.run(["logits"], {k: np.array(v, dtype=np.int64) for k, v in feeds.items()})[0][0, 0]


logits = [logit(s) for s in SENTENCES]
print(json.dumps({"model": "trip-reader", "computedBy": f"onnxruntime {ort.__version__}, tokenizers (scripts/reader/check.py)",
                  "question": QUESTION, "sentences": [{"text": s, "logit": round(float(l), 4)} for s, l in zip(SENTENCES, logits)]}, indent=2))
