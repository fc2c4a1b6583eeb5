#!/usr/bin/python3
"""sklearn_baseline - the scikit-learn single-pass TF-IDF story baseline.

The stories issue compares storyline's clusterer with "a TF-IDF
single-pass baseline (scikit-learn, threshold tuned on this data)". This is
that baseline, so its quality and speed can be measured in the same run as
storyline's (bench/cluster_vs_sklearn.sh does both):

  /usr/bin/python3 bench/sklearn_baseline.py ARTICLES.jsonl [--label story]
      [--topic topic] [--threshold T | --sweep LO HI STEP] [--shuffle SEED]

Needs Debian's python3-sklearn (numpy, scipy); it is a benchmark tool, not
part of the build or the tests.

Method (the textbook single pass, with scikit-learn doing the text work):
  - TfidfVectorizer(sublinear_tf, English stop words, unit length) fitted
    on all the articles first: an oracle IDF, which favours the baseline;
  - articles in file order (or a seeded shuffle); each is compared by
    cosine with the centroid (sum of member vectors) of every story so far,
    joins the best at or above the threshold, else starts a story;
  - centroid sums live in a dense float32 matrix; a similarity only reads
    the article's non-zero columns, and the centroid norms are kept up to
    date incrementally, so an assignment costs O(stories x article terms).
Prints B-cubed and pairwise precision/recall/F1, story counts, topics whose
two gold events share a story, and assignment speed (articles/s, the
vectorizing counted apart).
"""
import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def load(path, label, topic):
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            o = json.loads(line)
            text = (o.get("title") or "") + "\n" + (o.get("text") or "")
            docs.append((text, o.get(label), o.get(topic)))
    return docs


def single_pass(X, order, threshold):
    """Returns the story index of each row of X (a CSR matrix) and seconds."""
    n, v = X.shape
    cap = 256
    sums = np.zeros((cap, v), dtype=np.float32)
    norms2 = np.zeros(cap, dtype=np.float64)
    k = 0
    pred = [0] * n
    t0 = time.perf_counter()
    for i in order:
        row = X.getrow(i)
        idx, val = row.indices, row.data.astype(np.float32)
        best, best_sim = -1, -1.0
        if k and len(idx):
            dots = sums[:k, idx] @ val
            sims = dots / np.sqrt(np.maximum(norms2[:k], 1e-30))
            j = int(np.argmax(sims))
            best, best_sim = j, float(sims[j])
        if best < 0 or best_sim < threshold:
            if k == cap:
                cap *= 2
                grown = np.zeros((cap, v), dtype=np.float32)
                grown[:k] = sums[:k]
                sums = grown
                norms2 = np.concatenate([norms2, np.zeros(cap - k)])
            best = k
            k += 1
            dot = 0.0
        else:
            dot = float(dots[best])
        # |s + x|^2 = |s|^2 + 2 s.x + |x|^2
        norms2[best] += 2.0 * dot + float(val @ val)
        sums[best, idx] += val
        pred[i] = best
    return pred, time.perf_counter() - t0


def scores(pred, gold):
    n = len(pred)
    by_p, by_g = defaultdict(list), defaultdict(list)
    for i in range(n):
        by_p[pred[i]].append(i)
        by_g[gold[i]].append(i)
    joint = Counter(zip(pred, gold))
    # B-cubed
    bp = sum(joint[(pred[i], gold[i])] / len(by_p[pred[i]]) for i in range(n)) / n
    br = sum(joint[(pred[i], gold[i])] / len(by_g[gold[i]]) for i in range(n)) / n
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0
    # pairwise
    same_both = sum(c * (c - 1) / 2 for c in joint.values())
    same_p = sum(len(m) * (len(m) - 1) / 2 for m in by_p.values())
    same_g = sum(len(m) * (len(m) - 1) / 2 for m in by_g.values())
    pp = same_both / same_p if same_p else 1.0
    pr = same_both / same_g if same_g else 1.0
    pf = 2 * pp * pr / (pp + pr) if pp + pr else 0.0
    return bp, br, bf, pp, pr, pf, len(by_p), len(by_g)


def mixed_topics(pred, gold, topic):
    """Topics with a predicted story holding two of the topic's gold events."""
    events = defaultdict(set)
    for p, g, t in zip(pred, gold, topic):
        events[(p, t)].add(g)
    return len({t for (p, t), gs in events.items() if len(gs) > 1})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles")
    ap.add_argument("--label", default="story")
    ap.add_argument("--topic", default="topic")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--sweep", type=float, nargs=3, metavar=("LO", "HI", "STEP"),
                    default=[0.05, 0.5, 0.01])
    ap.add_argument("--shuffle", type=int, action="append", default=[],
                    help="also run in a seeded random order (repeatable)")
    a = ap.parse_args()
    docs = load(a.articles, a.label, a.topic)
    if not docs:
        sys.exit(f"{a.articles}: no articles")
    texts = [d[0] for d in docs]
    gold = [d[1] for d in docs]
    topic = [d[2] for d in docs]
    t0 = time.perf_counter()
    X = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).tocsr()
    vec_s = time.perf_counter() - t0
    n = len(docs)
    print(f"sklearn baseline: {n} articles, {X.shape[1]} terms, vectorized in {vec_s:.2f} s "
          f"({n / vec_s:.0f} articles/s)")
    file_order = list(range(n))
    if a.threshold is None:
        best = None
        lo, hi, step = a.sweep
        t = lo
        while t <= hi + 1e-9:
            pred, _ = single_pass(X, file_order, t)
            f = scores(pred, gold)[2]
            if best is None or f > best[1]:
                best = (t, f)
            t += step
        a.threshold = round(best[0], 4)
        print(f"threshold tuned on file order (B3 F1): {a.threshold:.2f}")
    orders = [("file order", file_order)]
    for seed in a.shuffle:
        o = file_order[:]
        random.Random(seed).shuffle(o)
        orders.append((f"shuffle {seed}", o))
    for name, order in orders:
        pred, secs = single_pass(X, order, a.threshold)
        bp, br, bf, pp, pr, pf, np_, ng = scores(pred, gold)
        mixed = mixed_topics(pred, gold, topic) if any(t is not None for t in topic) else 0
        print(f"{name:12s} B3 P/R/F1 {bp:.3f} {br:.3f} {bf:.3f}  pairwise P/R/F1 {pp:.3f} {pr:.3f} "
              f"{pf:.3f}  stories {np_} (gold {ng})  mixed topics {mixed}  "
              f"assignment {n / secs:.0f} articles/s")


if __name__ == "__main__":
    main()
