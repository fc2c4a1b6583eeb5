/* Shared by the cluster tests: one text analyser and one entity extractor
 * per suite (setup/teardown), and an article built from a title and a body
 * the way the engine builds it (text analysis, names, features). */
#ifndef SL_CLUSTER_TESTUTIL_H
#define SL_CLUSTER_TESTUTIL_H

#include <criterion/criterion.h>
#include <string.h>

#include "cluster/cluster.h"
#include "common/common.h"
#include "entity/entity.h"
#include "text/text.h"

static sl_text *tx;
static sl_entity *en;

static void setup(void)
{
    tx = sl_text_new("en");
    en = sl_entity_new(NULL);
    cr_assert(tx && en);
}

static void teardown(void)
{
    sl_text_free(tx);
    sl_entity_free(en);
}

/* "title\nbody" analysed and built into *out; c and p as for
 * sl_cl_article_build; with_ms 0 leaves the names out. */
static inline void cl_make(const sl_cluster *c, const sl_cluster_params *p, const char *title, const char *body,
                           int32_t day, int with_ms, sl_cl_article *out)
{
    sl_buf b = {0};
    sl_buf_puts(&b, title);
    sl_buf_putc(&b, '\n');
    sl_buf_puts(&b, body);
    sl_doc doc = {0};
    sl_mentions ms = {0};
    cr_assert_eq(sl_text_analyze(tx, b.p, b.len, NULL, 0, &doc), 0);
    cr_assert_eq(sl_entity_extract(en, b.p, b.len, &ms), 0);
    cr_assert_eq(sl_cl_article_build(c, p, &doc, b.p, with_ms ? &ms : NULL, (uint32_t)strlen(title), day, out),
                 SL_CL_OK);
    sl_doc_free(&doc);
    sl_mentions_free(&ms);
    sl_buf_free(&b);
}

#endif
