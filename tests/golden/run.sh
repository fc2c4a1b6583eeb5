#!/bin/bash
# Golden CLI cases: each folder in tests/golden/cases holds `cmd` (a shell
# snippet run in a fresh temporary folder, with $SL = the storyline binary
# and $ROOT = the repository), and the expected `stdout`, `stderr`, `exit`.
# UPDATE=1 rewrites the expectations from the current output (review the diff!).
# Usage: run.sh STORYLINE_BINARY [CASE...]
set -u
SL=$(realpath "$1"); shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export SL ROOT
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=($(ls "$ROOT/tests/golden/cases"))
pass=0; fail=0; skip=0
for c in "${cases[@]}"; do
  dir="$ROOT/tests/golden/cases/$c"
  if [ -f "$dir/needs" ] && ! [ -e "$ROOT/$(cat "$dir/needs")" ]; then
    echo "SKIP $c: needs $(cat "$dir/needs") (absent)"; skip=$((skip+1)); continue
  fi
  tmp=$(mktemp -d)
  (cd "$tmp" && bash "$dir/cmd" >"$tmp/.out" 2>"$tmp/.err"; echo $? >"$tmp/.exit")
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp/.out" "$dir/stdout"; cp "$tmp/.err" "$dir/stderr"; cp "$tmp/.exit" "$dir/exit"
  fi
  ok=1
  for f in stdout stderr exit; do
    src="$tmp/.${f/std/}"; [ $f = exit ] && src="$tmp/.exit"
    [ $f = stdout ] && src="$tmp/.out"; [ $f = stderr ] && src="$tmp/.err"
    if ! diff -u "$dir/$f" "$src" >"$tmp/.diff"; then
      ok=0; echo "FAIL $c: $f differs"; head -40 "$tmp/.diff"
    fi
  done
  [ $ok = 1 ] && { echo "ok   $c"; pass=$((pass+1)); } || fail=$((fail+1))
  rm -rf "$tmp"
done
echo "golden: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
