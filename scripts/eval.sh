#!/usr/bin/env bash
# Scores `ask --json --batch` with the shared scorer, and beside it on the same questions in the same run plain BM25
# (the shared baseline) and plain dense retrieval with the shipped encoder (scripts/baseline-dense.ts): the blind splits (train: fitted on, validation: thresholds chosen on, test: reported), the shared
# dev set and our older own questions. Usage: npm run eval [-- --verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/eval
[ -f "$shared/score.mjs" ] || { echo "eval: $shared/score.mjs not found (../shared must sit beside the project)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for set in test/fixtures/questions/{train,validation,test}.jsonl "$shared/dev.jsonl" test/fixtures/own-questions.jsonl; do
  node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) if (l.trim()) console.log(JSON.parse(l).q)' "$set" > "$tmp/q.txt"
  npm run --silent ask -- --json --batch "$tmp/q.txt" > "$tmp/a.jsonl"
  node "$shared/baseline-bm25.mjs" seeds "$set" > "$tmp/bm25.jsonl"
  node --import tsx scripts/baseline-dense.ts "$set" > "$tmp/dense.jsonl" 2>/dev/null
  echo "== $set"
  printf 'trip-bot  '; node "$shared/score.mjs" "$set" "$tmp/a.jsonl" seeds "$@"
  printf 'BM25      '; node "$shared/score.mjs" "$set" "$tmp/bm25.jsonl" seeds
  printf 'dense     '; node "$shared/score.mjs" "$set" "$tmp/dense.jsonl" seeds
done
# Follow-ups: the blind conversations (validation, and test: reported), each turn asked with the one before.
for set in test/fixtures/conversations/{validation,test}.jsonl; do
  echo "== $set"
  node --import tsx scripts/conversations.ts "$set" 2>/dev/null
done
