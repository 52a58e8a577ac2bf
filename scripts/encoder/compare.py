"""How close two int8 encoders' vectors are (a re-run against the committed model): the cosine of each text's two
vectors, over the dump's validation questions and their candidate sentences (with the encoder's prefixes).
  python compare.py MODEL_A.onnx MODEL_B.onnx TOKENIZER_JSON DUMP [N]"""
import sys

import numpy as np

from common import PP, QP, OrtEncoder, load_splits

a, b, tok, dump = sys.argv[1:5]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
_, val = load_splits(dump)
texts = [QP + r['q'] for r in val] + [PP + t for t in sorted({c['text'] for r in val for c in r['cands']})]
texts = texts[:n // 2] + texts[len(val):len(val) + n - n // 2]  # half questions, half sentences
cos = (OrtEncoder(a, tok)(texts) * OrtEncoder(b, tok)(texts)).sum(1)
print(f'{len(texts)} texts: cosine min {cos.min():.5f}, 1st percentile {np.percentile(cos, 1):.5f}, mean {cos.mean():.5f}')
