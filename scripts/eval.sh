#!/usr/bin/env bash
# Scores `ask --json --batch` on the shared dev questions and on our own (test/fixtures/own-questions.jsonl),
# with the shared scorer. Usage: npm run eval [-- --verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
scorer=../shared/eval/score.mjs
[ -f "$scorer" ] || { echo "eval: $scorer not found (../shared must sit beside the project)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for set in ../shared/eval/dev.jsonl test/fixtures/own-questions.jsonl; do
  node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) if (l.trim()) console.log(JSON.parse(l).q)' "$set" > "$tmp/q.txt"
  npm run --silent ask -- --json --batch "$tmp/q.txt" > "$tmp/a.jsonl"
  echo "== $set"
  node "$scorer" "$set" "$tmp/a.jsonl" ../shared/seeds "$@"
done
