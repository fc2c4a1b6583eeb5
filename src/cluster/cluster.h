/*
 * cluster.h - online clustering of a news article stream into stories.
 *
 * Pure algorithms: memory in, memory out, no files, no SQL, no printing.
 *
 * A story is one real-world event. Two earthquakes, or two celebrities
 * checking into rehab, are two stories even though they share most of their
 * words; what tells them apart is mostly the names (people, places,
 * organisations), the rare words and the dates. So an article is compared
 * with a story on three things:
 *
 *   cosine  TF-IDF cosine of the article's stems to the story centroid
 *           (title and lead weighted up, stopwords dropped, numbers kept
 *           only when they look specific: "6.1", "1,500", "2013"; optional
 *           adjacent-stem phrases, off by default);
 *   names   the article's name alias keys (sl_mention.key_hash, plus the
 *           last word of a multi-word name so "Rahman" meets "Hasim
 *           Rahman"), IDF-weighted, against the story's name centroid:
 *           names = (1 - cover) * cosine + cover * coverage, where coverage
 *           is the share of the article's (squared, unit) name weight on
 *           names the story holds; rare names count most, names in the
 *           title or lead count more (IDF damped: idf^name_idf_pow);
 *           cover_back > 0 takes the coverage both ways (also the share of
 *           the story's name weight the article holds); with word_w > 0
 *           every capitalised word and every number token of the text is
 *           a name feature too (salted stem hash), which meets partial
 *           names and tells same-kind events apart by their figures;
 *   time    a factor in (0, 1] from the gap in days between the article's
 *           date and the story's date range: 1 within grace_days, then
 *           1 / (1 + (gap - grace_days) / tau_days); unknown dates on
 *           either side are neutral (factor 1).
 *
 *   total = time * veto * (w_cos * cosine + w_names * names) / (w_cos + w_names)
 *           x year_w when the article's year (sl_cl_article.year) is
 *           none of the story's main years (year_w = 1: off, the default)
 *           x the event-argument factor: the figures both sides state
 *           (sl_cl_args_extract) agreeing raise it (arg_bonus, from
 *           arg_agree_min agreeing units whose shared value few stories
 *           of the stream took: arg_spec), conflicting lower it (arg_pen);
 *   veto  = min(1, names / name_floor): both sides name things but share
 *           (almost) none of them -> another event, however close the words.
 *
 * When the article or the story has no names, total = time * cosine (names
 * are neutral, not a penalty). The article joins the best story whose
 * total reaches threshold + young / n (n = the story's article count: a
 * small story's centroid is noisy), else it starts a new story.
 *
 * Processing is a single pass in arrival order (sl_cluster_add). Candidate
 * stories are found through an inverted index (stem or name -> live stories
 * whose centroid holds it), never by scanning all stories. IDF comes from
 * document frequencies the clusterer counts itself over the articles it has
 * seen (each article is counted before it is scored, so the very first
 * articles have a uniform IDF and plain TF cosine applies).
 *
 * Ids: story ids are 1, 2, 3, ... in order of creation; adding articles
 * never renumbers a story. When an article is close to two stories that are
 * close to each other, the younger story is merged into the older one; the
 * younger id is recorded as an alias and sl_cluster_resolve() maps it (and
 * chains of merges) to the surviving id.
 *
 * Memory: a story is retired when it has seen no article for `window_days`
 * of article time (the largest date seen so far) and for `window_articles`
 * arrivals (an archive fed out of date order moves the clock by years; the
 * arrival count keeps a small out-of-order batch from retiring everything),
 * or when it falls out of the `max_live` most recently active stories;
 * retired stories are
 * retired (removed from the index; their ids still resolve, articles can no
 * longer join them). Document-frequency tables grow with the vocabulary
 * (sub-linearly in the number of articles).
 *
 * Determinism: the same articles added in the same order with the same
 * parameters give the same ids, scores and merges (no hashing by address,
 * no clocks, ties broken by story id).
 *
 * Persistence (choice: re-add articles). An article representation
 * (sl_cl_article) encodes to a compact, self-checking byte blob. The engine
 * stores the blob of every article; on restart it creates a fresh clusterer
 * and re-adds, in their original order, the stored representations of the
 * live stories' articles with `force_story` set to the story id the store
 * already holds (sl_cluster_add_forced), which recreates those stories under
 * their stored ids, their centroids and the document frequencies of that
 * window. Story ids created afterwards continue after the largest id seen.
 *
 * Thread safety: an sl_cluster is used by one thread at a time.
 */
#ifndef SL_CLUSTER_H
#define SL_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "entity/entity.h"
#include "text/text.h"

/* ---- status codes ------------------------------------------------------ */

enum sl_cl_status {
    SL_CL_OK       =  0,
    SL_CL_ENOMEM   = -1, /* allocation failed; the clusterer is unchanged */
    SL_CL_EINVAL   = -2, /* bad argument or parameter out of its bounds */
    SL_CL_ECORRUPT = -3, /* blob truncated, malformed or checksum mismatch */
};

/* Day number of an unknown date (days are sl_date_to_days: since 1970-01-01). */
#define SL_CL_NODAY INT32_MIN

/* ---- parameters -------------------------------------------------------- */

/* Every tunable of the module, declared once in the table of cluster_params.c
 * (name, default, bounds, help); calibrated on ECB+ dev (see cluster.c). */
typedef struct sl_cluster_params {
    double threshold;    /* total score needed to join a story */
    double young;        /* a story of n articles needs threshold + young/n */
    double merge;        /* story-story score needed to merge two stories */
    double w_cos;        /* weight of the TF-IDF cosine */
    double w_names;      /* weight of the name cosine */
    double cover;        /* share of name score from coverage vs cosine */
    double name_floor;   /* names below this scale the total: x names/floor */
    double title_w;      /* term weight multiplier for title tokens */
    double lead_w;       /* term weight multiplier for lead sentences */
    double lead_sents;   /* sentences after the title counted as lead */
    double bigram_w;     /* weight of adjacent content stem pairs as terms */
    double num_w;        /* weight multiplier for specific numbers (0 = drop) */
    double name_lead_w;  /* name weight multiplier when in title or lead */
    double surname_w;    /* weight of a multi-word name's last word as a name */
    double top_terms;    /* K: terms kept per article */
    double top_names;    /* names kept per article */
    double centroid_terms; /* terms kept per story centroid */
    double centroid_names; /* names kept per story name centroid */
    double probe_terms;  /* article terms used to find candidate stories */
    double probe_names;  /* article names used to find candidate stories */
    double max_posting;  /* posting lists longer than this are not probed */
    double post_terms;   /* heaviest terms of a joining article its story posts (0 = all) */
    double post_names;   /* heaviest names of a joining article its story posts (0 = all) */
    double candidates;   /* candidates fully scored (best by probe score) */
    double grace_days;   /* gap with no time penalty */
    double tau_days;     /* time decay: factor = 1 / (1 + (gap-grace)/tau) */
    double window_days;  /* story retired after this many quiet days */
    double window_articles; /* ... and after this many later arrivals */
    double max_live;     /* cap on live stories */
    double year_w;       /* total x this when the article's year is none of
                            the story's years (1 = off) */
    double year_min;     /* mention weight a year needs to be the article's */
    double word_w;       /* weight of capitalised words and numbers as names */
    double name_idf_pow; /* name weight = tf x idf^this (1 = plain TF-IDF) */
    double cover_back;   /* share of the story's name weight the article holds
                            in the coverage: cov_a^(1-b) * cov_s^b */
    double arg_pen;      /* event arguments: total x (1 - arg_pen * r) when
                            more units conflict than agree (r in (0, 1]) */
    double arg_bonus;    /* ... total x (1 + arg_bonus * r) when more agree */
    double arg_k;        /* r = (agree - conflict) / (agree + conflict + arg_k) */
    double arg_agree_min; /* agreeing units the bonus needs */
    double arg_spec;     /* the bonus counts a shared value only when few stories
                            took it: ln(1+N/df) >= arg_spec x ln(1+N), N stories */
    double top_args;     /* event arguments kept per article (text order) */
    double centroid_args; /* event arguments kept per story (most counted) */
} sl_cluster_params;

typedef struct sl_cluster_param_info {
    const char *name;
    double      def, min, max;
    int         is_int;
    const char *help;
} sl_cluster_param_info;

/* The table, fixed order, static storage; *n receives its length. */
const sl_cluster_param_info *sl_cluster_param_table(size_t *n);
void sl_cluster_params_default(sl_cluster_params *p);
/* SL_CL_OK or SL_CL_EINVAL (unknown name, out of bounds, not integral). */
int  sl_cluster_param_set(sl_cluster_params *p, const char *name, double value);
int  sl_cluster_param_get(const sl_cluster_params *p, const char *name, double *value);
/* Checks every field against its bounds; writes a reason into err. */
int  sl_cluster_params_check(const sl_cluster_params *p, char *err, size_t cap);

/* ---- article representation ------------------------------------------- */

/* One weighted feature: a stem hash (sl_token.stem_hash) or a name alias key
 * hash (sl_mention.key_hash), with its raw weight (weighted count, before
 * IDF). Arrays are sorted by hash, no duplicates. */
typedef struct __attribute__((packed, aligned(4))) sl_cl_feat {
    uint64_t h;
    float    w;
} sl_cl_feat;   /* 12 bytes, not 16: centroids of the live stories are most of the clusterer's memory */

typedef struct sl_cl_article {
    struct { sl_cl_feat *v; size_t n, cap; } terms; /* <= top_terms */
    struct { sl_cl_feat *v; size_t n, cap; } names; /* <= top_names */
    /* event arguments (sl_cl_args_extract): key = unit | value (see
     * sl_cl_arg_key), weight 1; sorted, unique, <= top_args */
    struct { sl_cl_feat *v; size_t n, cap; } args;
    int32_t  day;      /* publication day, or SL_CL_NODAY */
    int32_t  year;     /* the year the article is about (most-mentioned
                          year, the publication year counting most), 0 if
                          unknown; see sl_cl_article_build */
    uint64_t content;  /* hash of the article's token sequence (exact copies) */
} sl_cl_article;

void sl_cl_article_free(sl_cl_article *a);   /* NULL ok; leaves it zeroed */

typedef struct sl_cluster sl_cluster;

/*
 * Builds the representation of one article into *out (reset first; may be
 * zero-initialised). doc: the sl_text analysis of the article text; ms: the
 * sl_entity_extract mentions of the same text (NULL: no names); title_end:
 * byte offset where the title ends inside that text (tokens and mentions
 * before it are the title; 0 when the text holds no title); day: the
 * publication day (sl_date_to_days) or SL_CL_NODAY.
 *
 * Terms: content stems (not stopwords, not clitics, at least two
 * characters); numbers only when specific (a decimal point or thousands
 * separator, or four digits that read as a year 1800..2199), weighted by
 * num_w. Weight = count, times title_w in the title and lead_w in the first
 * lead_sents sentences after it. Names: every mention key (unsure mentions
 * kept only if confirmed, as sl_entity does by default), weight = count,
 * times name_lead_w in title or lead; a multi-word name also adds the key of
 * its last word at surname_w times that weight. With bigram_w > 0, two
 * adjacent content stems within a sentence add a phrase term. The top_terms terms and top_names
 * names are kept, chosen by weight times the IDF of `c` when c is not NULL
 * (uniform IDF otherwise); ties by hash. `c` is only read, but not under a
 * lock: on worker threads that run while the clusterer takes articles, pass
 * NULL (on ECB+ dev the choice changes B3 F1 by < 0.001).
 *
 * Returns SL_CL_OK, SL_CL_EINVAL (NULL doc or out) or SL_CL_ENOMEM.
 */
int sl_cl_article_build(const sl_cluster *c, const sl_cluster_params *p,
                        const sl_doc *doc, const char *text, const sl_mentions *ms,
                        uint32_t title_end, int32_t day, sl_cl_article *out);

/*
 * Event arguments: the quantities an article states, each as a unit and a
 * value, so that two reports can be compared on what they say happened
 * ("36-year-old" vs "32-year-old", "6.1-magnitude" vs "5.4-magnitude",
 * "killed 3 people" vs "12 people", a 52-3 record, the years mentioned).
 * Read from the tokens of doc (text: the analysed text the token offsets
 * point into, used to see the punctuation between tokens; NULL: tokens
 * must be one space apart to pair). Rules, per token holding a digit:
 *   - a four-digit number 1800..2199 without separators: unit "#year";
 *   - digits-hyphen-digits ("52-3", "2-1"): unit "#score", value the token;
 *   - a number with a hyphenated word ("36-year-old", "6.1-magnitude"):
 *     unit the words, value the number;
 *   - a number (or ordinal: "6th") followed in the same sentence by a
 *     lower-case word that is not a stopword ("3 people", "$200 million",
 *     "6th round"), joined across spaced hyphens ("36 - year - old"): unit
 *     that word or compound;
 *   - a bare age: "aged 85", "at age 85", "at the age of 85", or 10..120
 *     between commas after a capitalised word ("Bettie Page, 85, died"):
 *     unit "year-old", as "85-year-old";
 *   - skipped: clock times (next to ':'), numbers with letters glued
 *     ("10am", "MH17"), numbers before a capitalised word or punctuation.
 * Unit words are lower-cased and lose a plural "s" (len > 3, not "ss").
 * Value: the digits and decimal point ("1,500" -> "1500"). At most `cap`
 * keys, in text order; writes them to out, returns how many.
 */
size_t sl_cl_args_extract(const sl_doc *doc, const char *text, uint64_t *out, size_t cap);

/* Key of one argument: the unit's hash in the high 44 bits, the value's in
 * the low 20, so keys sorted by value group by unit. Never 0. */
#define SL_CL_ARG_VBITS 20
uint64_t sl_cl_arg_key(const char *unit, size_t ulen, const char *value, size_t vlen);

/*
 * Blob: little-endian, self-checking (magic "SLC3", counts, day, year,
 * content hash, varint hash deltas, weights as bfloat16, XXH3-64
 * checksum). About 10..11 bytes per feature (deltas between random 64-bit
 * hashes are long), so ~1.75 KB for a full article (100 terms, 60 names;
 * 1.3 KB on average on ECB+ dev). Blobs written before the year field
 * ("SLC1") still decode, with year 0, and blobs before the event
 * arguments ("SLC2") with none; their name bags lack the word
 * features (word_w), so a store written before this version clusters its
 * restored stories a little less eagerly until they take new articles.
 * sl_cl_article_encode appends to *buf (sl_buf from common.h; on failure
 * buf is left as it was); sl_cl_article_decode fills *out (reset first; left
 * empty on failure). Decoding any byte string is safe: truncations, bit
 * flips and impossible counts give SL_CL_ECORRUPT.
 */
struct sl_buf;
int sl_cl_article_encode(const sl_cl_article *a, struct sl_buf *buf);
int sl_cl_article_decode(const void *blob, size_t len, sl_cl_article *out);

/* ---- clusterer --------------------------------------------------------- */

/* p NULL = defaults. NULL when out of memory or parameters are invalid. */
sl_cluster *sl_cluster_new(const sl_cluster_params *p);
void        sl_cluster_free(sl_cluster *c);   /* NULL ok */
const sl_cluster_params *sl_cluster_get_params(const sl_cluster *c);

typedef struct sl_cl_result {
    uint64_t story;     /* story the article joined (a live, resolved id) */
    int      is_new;    /* 1 when the article started the story */
    int      is_copy;   /* 1 when joined as an exact copy (content or copy_of) */
    double   score;     /* total score to that story (0 for a new story) */
    uint64_t merged;    /* id of a story merged into `story` by this add, or 0 */
    uint64_t joined;    /* the story it joined before that merge (`story` or
                           `merged`): what a restart replays it into */
} sl_cl_result;

/*
 * Adds one article in arrival order. copy_of: 0, or the id of the story the
 * engine knows holds an exact copy of this article (resolved through merges;
 * when that story is retired or unknown the hint is ignored). An article
 * whose content hash equals that of an article of a live story joins it too.
 * Returns SL_CL_OK, SL_CL_EINVAL or SL_CL_ENOMEM (the article may then be
 * counted in the IDF without having joined a story; ids stay consistent).
 */
int sl_cluster_add(sl_cluster *c, const sl_cl_article *a, uint64_t copy_of,
                   sl_cl_result *out);

/* Restart path: adds the article to story `story`, which is created under
 * exactly that id when it is not live (never made, or retired: a retired id
 * comes back to life); ids later created continue after the largest id
 * seen. The article is counted into the IDF and the clock like any other.
 * SL_CL_EINVAL for id 0, ids above 2^32, or an id merged into another (pass
 * sl_cluster_resolve's answer instead). */
/* Restart path: merges live story `young` into live story `old` (old <
 * young) as sl_cluster_add did when it reported `merged`, so a replay
 * rebuilds the same centroids. Nothing happens when either is not live.
 * SL_CL_EINVAL when old >= young. */
int sl_cluster_merge_forced(sl_cluster *c, uint64_t old, uint64_t young);

int sl_cluster_add_forced(sl_cluster *c, const sl_cl_article *a, uint64_t story,
                          sl_cl_result *out);

/* Counts an article into the document frequencies only (no story, no
 * clock). For warming the IDF from history: on restart, observe the stored
 * representations of recent articles that are not re-added. */
int sl_cluster_observe(sl_cluster *c, const sl_cl_article *a);

/* The surviving id of a story id through merges (the id itself when never
 * merged; 0 for 0 or an id never created). */
uint64_t sl_cluster_resolve(const sl_cluster *c, uint64_t id);

typedef struct sl_cluster_stats {
    uint64_t articles, stories, live, merges, retired;
    uint64_t postings;  /* entries in the inverted index (stale ones of
                           retired stories are compacted away over time) */
    uint64_t features;  /* distinct terms and names in the df table */
} sl_cluster_stats;
void sl_cluster_get_stats(const sl_cluster *c, sl_cluster_stats *out);

/* ---- explanations ------------------------------------------------------ */

#define SL_CL_WHY_NAMES 8

typedef struct sl_cl_why {
    double   cosine;       /* TF-IDF cosine */
    double   names;        /* name cosine (0 when either side has none) */
    int      names_used;   /* 1 when both sides have names */
    double   gap_days;     /* date gap, or -1 when unknown */
    double   time;         /* time factor */
    double   total;        /* combined score */
    double   threshold;    /* what total must reach: threshold + young/n
                              (n = 1 for an article-article explanation) */
    double   args;         /* event-argument factor (1 = no evidence) */
    int      args_agree, args_conflict; /* units with a shared value / none */
    size_t   nshared;      /* names shared */
    uint64_t shared[SL_CL_WHY_NAMES]; /* the heaviest shared name hashes */
} sl_cl_why;

/* Score components between two articles, with the clusterer's current IDF
 * (c may be NULL: uniform IDF and default parameters): would `a` join a
 * story made of `b` alone. The time gap is measured between the two dates.
 * Not symmetric in general (names coverage is the share of a's names). */
int sl_cluster_why(const sl_cluster *c, const sl_cl_article *a,
                   const sl_cl_article *b, sl_cl_why *out);

/* Score components between an article and a live story (SL_CL_EINVAL when
 * the story is unknown or retired). */
int sl_cluster_why_story(const sl_cluster *c, const sl_cl_article *a,
                         uint64_t story, sl_cl_why *out);

/* ---- evaluation (eval.c) ----------------------------------------------- */

typedef struct sl_cl_eval {
    double pair_p, pair_r, pair_f1;
    double b3_p, b3_r, b3_f1;
    double ari;
    size_t pred_clusters, gold_clusters;
    size_t mixed;        /* predicted clusters holding articles of two gold
                            events of one topic (needs topic labels) */
    size_t topics_mixed; /* topics with at least one such cluster */
} sl_cl_eval;

/* pred, gold (and topic, may be NULL) are label arrays of n items; labels
 * are arbitrary integers. Empty input gives all scores 1 and counts 0.
 * Returns SL_CL_OK, SL_CL_EINVAL or SL_CL_ENOMEM. */
int sl_cl_evaluate(const int64_t *pred, const int64_t *gold, const int64_t *topic,
                   size_t n, sl_cl_eval *out);

#endif
