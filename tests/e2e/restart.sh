#!/bin/bash
# A stream added in two runs (the database closed and reopened between
# them) files every article under the same story as one run: the reopened
# engine rebuilds the clusterer from the stored features and replays the
# learned aliases. On ../shared/data (T17 dev, ECB+ dev), split in half.
set -u
SL=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA="$ROOT/../shared/data"
[ -d "$DATA/t17-dev" ] && [ -d "$DATA/ecbplus-dev" ] || { echo "SKIP: $DATA absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for set in t17-dev ecbplus-dev; do
  f="$DATA/$set/articles.jsonl"
  n=$(( $(wc -l < "$f") / 2 ))
  head -n "$n" "$f" > "$tmp/a.jsonl"; tail -n +"$((n + 1))" "$f" > "$tmp/b.jsonl"
  "$SL" add --quiet --db "$tmp/one.db" "$f" > /dev/null
  "$SL" add --quiet --db "$tmp/two.db" "$tmp/a.jsonl" > /dev/null
  "$SL" add --quiet --db "$tmp/two.db" "$tmp/b.jsonl" > /dev/null
  one=$("$SL" stories --db "$tmp/one.db" --format tsv | md5sum)
  two=$("$SL" stories --db "$tmp/two.db" --format tsv | md5sum)
  if [ "$one" = "$two" ]; then pass=$((pass+1)); else echo "FAIL: $set: stories differ after a restart"; fail=$((fail+1)); fi
  rm -f "$tmp"/*.db*
done
echo "restart: $pass passed, $fail failed"
[ $fail -eq 0 ]
