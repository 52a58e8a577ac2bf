#!/usr/bin/env bash
# npm run build:reader: reproduces models/trip-reader. A Python virtual environment with the pinned tools from PyPI
# (scripts/reader/requirements.txt; torch alone is a large download), the train split's candidates from the committed
# ranker (candidates.ts), then fine-tuning and the int8 export (train.py, ~6 minutes on 2 cores). Run `npm run fit`
# after it: the reader's order and threshold are fitted on validation with the model the bot loads.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${READER_VENV:-build/reader/venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/reader/requirements.txt
node --import tsx scripts/reader/candidates.ts
"$venv/bin/python" scripts/reader/train.py
