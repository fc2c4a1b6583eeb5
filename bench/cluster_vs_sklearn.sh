#!/bin/sh
# cluster_vs_sklearn.sh - storyline's stories against the scikit-learn
# single-pass TF-IDF baseline, quality and speed measured in the same run.
#
#   bench/cluster_vs_sklearn.sh [ECB+ articles.jsonl] [speed corpus.jsonl]
#
# Quality on ECB+ dev (file order and shuffles 11, 22, 33; the baseline's
# threshold tuned on file order); assignment speed (one core) of both on
# each corpus, and the ratio. Needs build/ (make) and Debian's
# python3-sklearn (apt-get install python3-sklearn); run from the repo root.
set -e
ECB=${1:-../shared/data/ecbplus-dev/articles.jsonl}
SPEED=${2:-../shared/data/t17-dev/articles.jsonl}
PY=/usr/bin/python3
if ! $PY -c 'import sklearn' 2>/dev/null; then
    echo "cluster_vs_sklearn: python3-sklearn is not installed (apt-get install python3-sklearn)" >&2
    exit 77
fi
echo "== storyline, $ECB"
for o in "" "--shuffle 11" "--shuffle 22" "--shuffle 33"; do
    printf '%-12s ' "${o:-file order}"
    build/storyline eval clusters "$ECB" --label story $o | tr '\n' ' ' | sed 's/  */ /g'
    echo
done
echo "== scikit-learn baseline, $ECB"
$PY bench/sklearn_baseline.py "$ECB" --shuffle 11 --shuffle 22 --shuffle 33 | tee /tmp/sl_skl_$$.txt
for corpus in "$ECB" "$SPEED"; do
    ours=$(SPEEDONLY=1 build/bench_cluster "$corpus" 2>/dev/null | sed -n 's/.*assignment *\([0-9]*\) articles.s.*/\1/p' | head -1)
    thr=$(sed -n 's/^threshold tuned on file order (B3 F1): //p' /tmp/sl_skl_$$.txt)
    theirs=$($PY bench/sklearn_baseline.py "$corpus" --label story --threshold "${thr:-0.25}" |
             sed -n 's/.*assignment \([0-9]*\) articles.s.*/\1/p' | head -1)
    echo "speed $(basename "$(dirname "$corpus")"): storyline $ours articles/s, sklearn $theirs articles/s," \
         "ratio $(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.1f", b ? a / b : 0 }')x"
done
rm -f /tmp/sl_skl_$$.txt
