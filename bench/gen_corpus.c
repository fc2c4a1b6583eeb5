/*
 * gen_corpus - a seeded generator of news-like JSONL corpora of any size,
 * built from real sentences (../shared/data/t17-dev and ecbplus-dev).
 *
 * usage: gen_corpus N [--seed S] [--data DIR] [--copies P] > corpus.jsonl
 *
 * Each generated article has as many sentences as a random real article of
 * the pool; each sentence is drawn at random, half from that article (so
 * it reads as one topic) and half from anywhere in the pool. Ids are unique ("g<N>"), sources are 40 made-up outlets, dates run
 * over 2010-2012. With --copies P (default 0.1) a share P of the articles
 * re-use an earlier generated article instead: a third exact copies, a
 * third near copies (a few words changed), a third partial re-use (about
 * 60% of an earlier article plus new sentences), so copy detection has
 * something to find. The same N and seed always give the same bytes.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct art {
    char **sents;
    size_t n;
    char *topic;   /* "t17:<topic>" or "ecb:<topic>" */
} art;

static art *pool;
static size_t npool, cappool;

static uint64_t rng_state;
static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double unif(void) { return (rnd() >> 11) * (1.0 / 9007199254740992.0); }

static void load(const char *path, const char *set)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen_corpus: %s: cannot open\n", path);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)len, 0, NULL);
        json_t *t = o ? json_object_get(o, "text") : NULL;
        if (t && json_is_string(t)) {
            art a = {0};
            size_t acap = 0;
            char *txt = strdup(json_string_value(t));
            for (char *save = NULL, *s = strtok_r(txt, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
                if (strlen(s) < 20)
                    continue;
                if (a.n == acap)
                    a.sents = realloc(a.sents, (acap = acap ? acap * 2 : 16) * sizeof *a.sents);
                a.sents[a.n++] = strdup(s);
            }
            free(txt);
            if (a.n >= 3) {
                json_t *tp = json_object_get(o, "topic");
                char topic[128];
                snprintf(topic, sizeof topic, "%s:%s", set, json_is_string(tp) ? json_string_value(tp) : "?");
                a.topic = strdup(topic);
                if (npool == cappool)
                    pool = realloc(pool, (cappool = cappool ? cappool * 2 : 1024) * sizeof *pool);
                pool[npool++] = a;
            } else {
                for (size_t i = 0; i < a.n; i++)
                    free(a.sents[i]);
                free(a.sents);
            }
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
}

/* Generated articles kept for re-use (a ring of recent ones), with the
 * pool article each is built on. */
enum { RING = 4096 };
static char *ring[RING];
static size_t ring_base[RING];

/* Labels: "story" = the pool article the text is built on (a copy or
 * re-use inherits its original's), "topic" = that article's topic; for
 * measuring story quality at scale (bench_cluster --quick, scale_quality.py):
 * articles on one base belong together, articles of two topics never. */
static void emit(size_t i, const char *text, size_t base)
{
    json_t *o = json_object();
    char id[32], src[32], date[16];
    snprintf(id, sizeof id, "g%zu", i);
    snprintf(src, sizeof src, "outlet%02d", (int)(rnd() % 40));
    int day = (int)(rnd() % (3 * 365));
    snprintf(date, sizeof date, "%04d-%02d-%02d", 2010 + day / 365, 1 + (day % 365) / 31 % 12,
             1 + day % 28);
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "source", json_string(src));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "text", json_string(text));
    char story[32];
    snprintf(story, sizeof story, "p%zu", base);
    json_object_set_new(o, "story", json_string(story));
    json_object_set_new(o, "topic", json_string(pool[base].topic));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    puts(s);
    free(s);
    json_decref(o);
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 2 > *cap) {
        *cap = (*len + n + 2) * 2;
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[(*len)++] = '\n';
    (*buf)[*len] = 0;
}

/* A new article: as many sentences as a random pool article, each drawn
 * at random, half from that article and half from anywhere in the pool, so
 * articles read as news but only share what chance makes them share. */
static char *fresh_article(size_t *base)
{
    size_t b = rnd() % npool;
    art *a = &pool[b];
    if (base)
        *base = b;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (size_t k = 0; k < a->n; k++) {
        art *from = unif() < 0.5 ? a : &pool[rnd() % npool];
        append(&buf, &len, &cap, from->sents[rnd() % from->n]);
    }
    return buf;
}

/* A few words changed: near copy. */
static char *near_copy(const char *src)
{
    char *d = strdup(src);
    size_t n = strlen(d);
    for (int k = 0; k < 3 && n; k++) {
        size_t p = rnd() % n;
        while (p < n && d[p] != ' ')
            p++;
        if (p + 1 < n && d[p + 1] >= 'a' && d[p + 1] <= 'z')
            d[p + 1] = (char)('a' + rnd() % 26);
    }
    return d;
}

/* About 60% of src's lines, then new sentences: partial re-use. */
static char *reuse(const char *src)
{
    char *buf = NULL, *copy = strdup(src);
    size_t len = 0, cap = 0;
    for (char *save = NULL, *s = strtok_r(copy, "\n", &save); s; s = strtok_r(NULL, "\n", &save))
        if (unif() < 0.6)
            append(&buf, &len, &cap, s);
    free(copy);
    char *extra = fresh_article(NULL);
    append(&buf, &len, &cap, extra);
    free(extra);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        fprintf(stderr, "usage: gen_corpus N [--seed S] [--data DIR] [--copies P] > corpus.jsonl\n");
        return 2;
    }
    size_t n = strtoull(argv[1], NULL, 10);
    const char *data = "../shared/data";
    double copies = 0.1;
    rng_state = 42;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--seed"))
            rng_state = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--data"))
            data = argv[i + 1];
        else if (!strcmp(argv[i], "--copies"))
            copies = atof(argv[i + 1]);
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/t17-dev/articles.jsonl", data);
    load(path, "t17");
    snprintf(path, sizeof path, "%s/ecbplus-dev/articles.jsonl", data);
    load(path, "ecb");
    if (!npool) {
        fprintf(stderr, "gen_corpus: no articles under %s\n", data);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        char *text;
        double u = unif();
        size_t from = i > 0 ? (size_t)(rnd() % (i < RING ? i : RING)) : 0, base = 0;
        const char *prev = i > 0 ? ring[from] : NULL;
        if (prev)
            base = ring_base[from];
        if (prev && u < copies / 3)
            text = strdup(prev);
        else if (prev && u < 2 * copies / 3)
            text = near_copy(prev);
        else if (prev && u < copies)
            text = reuse(prev);
        else
            text = fresh_article(&base);
        emit(i, text, base);
        free(ring[i % RING]);
        ring[i % RING] = text;
        ring_base[i % RING] = base;
    }
    return 0;
}
