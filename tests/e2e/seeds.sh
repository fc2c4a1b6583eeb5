#!/bin/bash
# End to end on ../shared/seeds: five reports of one story.
set -u
SL=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SEEDS="$ROOT/../shared/seeds"
[ -d "$SEEDS" ] || { echo "SKIP: $SEEDS absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # name, condition command...
  local name=$1; shift
  if "$@"; then pass=$((pass+1)); else echo "FAIL: $name"; fail=$((fail+1)); fi
}
out=$("$SL" add --db "$tmp/s.db" "$SEEDS" 2>"$tmp/err")
check "all five added" [ "$out" = "read 5, added 5, already present 0, rejected 0" ]
check "no diagnostics" [ ! -s "$tmp/err" ]
raw2=$("$SL" article --db "$tmp/s.db" 002_65d78d6537130c47 --raw)
check "comment prompt removed (002)" grep -q '^- \[.*\] Please enter your comment!' <<<"$raw2"
raw4=$("$SL" article --db "$tmp/s.db" 004_c64e7654828bad3c --raw)
check "comments header removed (004)" grep -q '^- \[.*\] Comments About This Article' <<<"$raw4"
raw0=$("$SL" article --db "$tmp/s.db" 000_c541f14009c09cbd --raw)
check "wire code line removed (000)" grep -q '^- \[wire-code\] \[L8N1MX05W\]' <<<"$raw0"
check "wire code prefix removed, text kept (000)" grep -q '^~ \[wire-code: \[L8N1N25IJ\] \] The Syrian Observatory' <<<"$raw0"
clean0=$("$SL" article --db "$tmp/s.db" 000_c541f14009c09cbd)
check "no wire code in clean text" bash -c '! grep -q "L8N1" <<<"$1"' _ "$clean0"
check "real text kept" grep -q 'The coalition secured the Omar oilfield' <<<"$clean0"
json=$("$SL" articles --db "$tmp/s.db" --json)
check "five in JSON" [ "$(grep -c '"id"' <<<"$json")" = 5 ]
again=$("$SL" add --db "$tmp/s.db" "$SEEDS")
check "idempotent" [ "$again" = "read 5, added 0, already present 5, rejected 0" ]
echo "seeds: $pass passed, $fail failed"
[ $fail -eq 0 ]
