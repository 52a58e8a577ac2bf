#!/usr/bin/env bash
# Scores `ask --json --batch` with the shared scorer, and beside it on the same questions in the same run plain BM25
# (the shared baseline) and plain dense retrieval with the shipped encoder (scripts/baseline-dense.ts).
# Every fitted number is fitted on written articles about other subjects (npm run fit: train and validation writers),
# so what is printed here is held out: the written test writers' articles (alone, and added beside the seeds as an
# operator adds articles), the seeds' blind questions, the shared dev set and our older own questions.
# Usage: npm run eval [-- --verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/eval
[ -f "$shared/score.mjs" ] || { echo "eval: $shared/score.mjs not found (../shared must sit beside the project)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# score SET ARTICLES [ask's flags...]: the three systems on one question set over one folder of articles
score() {
  local set=$1 articles=$2 index=$3
  shift 3
  node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) if (l.trim()) console.log(JSON.parse(l).q)' "$set" > "$tmp/q.txt"
  SEEDS_DIR=$articles EMBEDDINGS_DIR=$index npm run --silent ask -- --json --batch "$tmp/q.txt" > "$tmp/a.jsonl"
  node "$shared/baseline-bm25.mjs" "$articles" "$set" > "$tmp/bm25.jsonl"
  node --import tsx scripts/baseline-dense.ts "$set" "$articles" > "$tmp/dense.jsonl" 2>/dev/null
  printf 'trip-bot  '; node "$shared/score.mjs" "$set" "$tmp/a.jsonl" "$articles" "$@"
  printf 'BM25      '; node "$shared/score.mjs" "$set" "$tmp/bm25.jsonl" "$articles"
  printf 'dense     '; node "$shared/score.mjs" "$set" "$tmp/dense.jsonl" "$articles"
}
# Articles it never saw: the written test writers' articles alone, then added beside the seeds (with the seeds'
# blind test questions asked there too: additions must not pull answers away from the seeds).
node --import tsx scripts/written.ts test "$tmp/written"
node --import tsx scripts/written.ts test "$tmp/added" --with-seeds
echo "== written test articles (never fitted on), alone"
score "$tmp/written/questions.jsonl" "$tmp/written/articles" "$tmp/written/index" "$@"
echo "== written test articles added beside the seeds: their questions"
score "$tmp/added/questions.jsonl" "$tmp/added/articles" "$tmp/added/index" "$@"
echo "== written test articles added beside the seeds: the seeds' blind test questions"
score test/fixtures/questions/test.jsonl "$tmp/added/articles" "$tmp/added/index" "$@"
for set in test/fixtures/questions/{train,validation,test}.jsonl "$shared/dev.jsonl" test/fixtures/own-questions.jsonl; do
  echo "== $set (seeds)"
  score "$set" seeds embeddings "$@"
done
# Follow-ups: the blind conversations, each turn asked with what the one before left (the seeds' validation and
# the written train ones choose how follow-ups are read; written validation checks it; the test ones are reported).
for set in test/fixtures/conversations/{validation,test,written-train,written-validation,written-test}.jsonl; do
  echo "== $set"
  node --import tsx scripts/conversations.ts "$set" 2>/dev/null
done
