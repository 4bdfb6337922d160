/* test-rules.c: one test per rule of SEMANTICS.md §1–§6
 *
 * Every expected value here is worked out by hand from SEMANTICS.md and
 * docs/heap-decisions.md; the heap is checked (memsim_heap_check) after
 * every step.  Layouts are written as one string, a block a word:
 *   name@start+size   a live block
 *   -@start+size      a free block
 *   x@start+size      the unusable buddy tail
 */

#include <string.h>

#include "memsim-heap.h"
#include "memsim-heap-private.h" /* memsim_heap_set_live_max */
#include "memsim-trace-replay.h"

#define KiB G_GUINT64_CONSTANT (1024)
#define MiB (KiB * KiB)

/* ---- helpers ------------------------------------------------------------ */

static void
check_heap (MemsimHeap *heap)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_check (heap, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static MemsimHeap *
heap_new_full (MemsimPolicy policy, guint64 total, guint64 align, guint64 header,
               guint64 min_block, gboolean round_pow2, gboolean auto_compact)
{
  MemsimHeapConfig config;
  GError *error = NULL;
  MemsimHeap *heap;

  memsim_heap_config_init (&config, total);
  config.policy = policy;
  config.align = align;
  config.header = header;
  config.min_block = min_block;
  config.round_pow2 = round_pow2;
  config.auto_compact = auto_compact;
  heap = memsim_heap_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (heap);
  check_heap (heap);
  return heap;
}

static MemsimHeap *
heap_new (MemsimPolicy policy, guint64 total)
{
  return heap_new_full (policy, total, 16, 0, 64, FALSE, FALSE);
}

static gboolean
append_block (const MemsimBlockInfo *b, gpointer user_data)
{
  GString *s = user_data;

  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%s@%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT,
                          b->unusable ? "x" : b->free ? "-" : b->name, b->start, b->size);
  return TRUE;
}

/* The whole heap as a string (see the top of the file). */
static char *
layout (MemsimHeap *heap)
{
  GString *s = g_string_new (NULL);

  memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, append_block, s);
  return g_string_free (s, FALSE);
}

#define assert_layout(heap, expected)                \
  G_STMT_START {                                     \
    char *_l = layout (heap);                        \
    g_assert_cmpstr (_l, ==, expected);              \
    g_free (_l);                                     \
  } G_STMT_END

static MemsimMetrics
metrics (MemsimHeap *heap)
{
  MemsimMetrics m;

  memset (&m, 0xa5, sizeof m);
  memsim_heap_get_metrics (heap, &m);
  return m;
}

static guint64
start_of (MemsimHeap *heap, const char *name)
{
  MemsimBlockInfo info;

  g_assert_true (memsim_heap_lookup_name (heap, name, &info));
  g_assert_cmpstr (info.name, ==, name);
  g_assert_false (info.free);
  return info.start;
}

static guint64
alloc_round (MemsimHeap *heap, const char *name, guint64 size, MemsimRound round)
{
  GError *error = NULL;
  MemsimBlockId id = MEMSIM_BLOCK_NONE;
  gboolean ok = memsim_heap_alloc (heap, name, size, round, &id, &error);
  MemsimBlockInfo info;

  g_assert_no_error (error);
  g_assert_true (ok);
  check_heap (heap);
  g_assert_true (memsim_heap_get_block (heap, id, &info));
  g_assert_cmpstr (info.name, ==, name);
  g_assert_cmpuint (info.requested, ==, size);
  g_assert_cmpuint (info.start, ==, start_of (heap, name));
  return info.start;
}

static guint64
alloc_ok (MemsimHeap *heap, const char *name, guint64 size)
{
  return alloc_round (heap, name, size, MEMSIM_ROUND_DEFAULT);
}

static void
alloc_fails (MemsimHeap *heap, const char *name, guint64 size, gint code)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_alloc (heap, name, size, MEMSIM_ROUND_DEFAULT, NULL, &error);

  g_assert_error (error, MEMSIM_ERROR, code);
  g_assert_false (ok);
  g_clear_error (&error);
  check_heap (heap);
}

static void
free_ok (MemsimHeap *heap, const char *name)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_free_block (heap, name, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  check_heap (heap);
  g_assert_false (memsim_heap_lookup_name (heap, name, NULL));
}

static void
free_fails (MemsimHeap *heap, const char *name, gint code)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_free_block (heap, name, &error);

  g_assert_error (error, MEMSIM_ERROR, code);
  g_assert_false (ok);
  g_clear_error (&error);
  check_heap (heap);
}

static guint64
realloc_ok (MemsimHeap *heap, const char *name, guint64 size)
{
  GError *error = NULL;
  MemsimBlockId id = MEMSIM_BLOCK_NONE;
  gboolean ok = memsim_heap_realloc (heap, name, size, &id, &error);
  MemsimBlockInfo info;

  g_assert_no_error (error);
  g_assert_true (ok);
  check_heap (heap);
  g_assert_true (memsim_heap_get_block (heap, id, &info));
  g_assert_cmpstr (info.name, ==, name);
  g_assert_cmpuint (info.requested, ==, size);
  g_assert_cmpuint (info.start, ==, start_of (heap, name));
  return info.start;
}

static void
realloc_fails (MemsimHeap *heap, const char *name, guint64 size, gint code)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_realloc (heap, name, size, NULL, &error);

  g_assert_error (error, MEMSIM_ERROR, code);
  g_assert_false (ok);
  g_clear_error (&error);
  check_heap (heap);
}

static MemsimCompactResult
compact_ok (MemsimHeap *heap)
{
  MemsimCompactResult result = { 12345, 12345 };
  GError *error = NULL;
  gboolean ok = memsim_heap_compact (heap, &result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  check_heap (heap);
  return result;
}

static void
set_ok (MemsimHeap *heap, MemsimSetting setting, guint64 value)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_set_setting (heap, setting, value, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  check_heap (heap);
}

static void
set_fails (MemsimHeap *heap, MemsimSetting setting, guint64 value, gint code)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_set_setting (heap, setting, value, &error);

  g_assert_error (error, MEMSIM_ERROR, code);
  g_assert_false (ok);
  g_clear_error (&error);
  check_heap (heap);
}

static void
policy_ok (MemsimHeap *heap, MemsimPolicy policy)
{
  GError *error = NULL;
  gboolean ok = memsim_heap_set_policy (heap, policy, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  check_heap (heap);
  g_assert_cmpint (memsim_heap_get_config (heap)->policy, ==, policy);
}

static void
assert_metrics_equal (const MemsimMetrics *a, const MemsimMetrics *b)
{
  g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
}

/* Snapshot of everything a refused operation must leave alone. */
typedef struct {
  char         *layout;
  MemsimMetrics metrics;
  guint64       rover;
} Snapshot;

static Snapshot
snapshot (MemsimHeap *heap)
{
  Snapshot s = { layout (heap), metrics (heap), memsim_heap_get_rover (heap) };

  return s;
}

static void
assert_unchanged (MemsimHeap *heap, Snapshot *s)
{
  MemsimMetrics now = metrics (heap);

  assert_layout (heap, s->layout);
  assert_metrics_equal (&now, &s->metrics);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, s->rover);
  g_free (s->layout);
}

/* ---- a trace's ids ------------------------------------------------------- */

/* What a trace event does through the names' text: the reference for
 * memsim_trace_apply(), which names blocks by their numbers. */
static gboolean
apply_as_text (MemsimHeap *heap, const MemsimTraceEvent *event, GError **error)
{
  g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT, event->id);

  if (event->kind == MEMSIM_TRACE_FREE)
    return memsim_heap_free_block (heap, name, error);
  if (event->kind == MEMSIM_TRACE_REALLOC && memsim_heap_lookup_name (heap, name, NULL))
    return memsim_heap_realloc (heap, name, MAX (event->size, 1), NULL, error);
  return memsim_heap_alloc (heap, name, MAX (event->size, 1), MEMSIM_ROUND_DEFAULT, NULL, error);
}

#define EVENT_ALLOC(i, s) { .kind = MEMSIM_TRACE_ALLOC, .id = (i), .size = (s) }
#define EVENT_FREE(i) { .kind = MEMSIM_TRACE_FREE, .id = (i) }
#define EVENT_REALLOC(i, s) { .kind = MEMSIM_TRACE_REALLOC, .id = (i), .size = (s) }

/* Every outcome, message, layout and metric is the same either way: a
 * repeated id (also one too long to keep inline, 19 and 20 digits), an
 * unknown one, a request of 0 bytes (1 in a trace), one too large, the
 * live-block limit, a realloc of a live id and of one that is not. */
static void
test_trace_ids_as_names (void)
{
  static const MemsimTraceEvent events[] = {
    EVENT_ALLOC (7, 100),
    EVENT_ALLOC (7, 50),
    EVENT_FREE (8),
    EVENT_ALLOC (G_GUINT64_CONSTANT (1000000000000000000), 64),
    EVENT_ALLOC (G_GUINT64_CONSTANT (1000000000000000000), 8),
    EVENT_ALLOC (G_MAXUINT64, 32),
    EVENT_REALLOC (G_MAXUINT64, 48),
    EVENT_ALLOC (G_GUINT64_CONSTANT (999999999999999999), 0),
    EVENT_ALLOC (0, 16),
    EVENT_FREE (G_GUINT64_CONSTANT (1000000000000000000)),
    EVENT_ALLOC (3, 5000),
    EVENT_ALLOC (0, 16),
    EVENT_FREE (7),
    EVENT_FREE (7),
    EVENT_REALLOC (9, 200),
    EVENT_REALLOC (9, 100),
    EVENT_FREE (G_MAXUINT64),
    EVENT_FREE (0),
    EVENT_FREE (G_GUINT64_CONSTANT (12345678901234567890)),
  };

  for (MemsimPolicy policy = 0; policy < MEMSIM_N_POLICIES; policy++)
    {
      MemsimHeap *by_number = heap_new (policy, 1024);
      MemsimHeap *by_text = heap_new (policy, 1024);

      memsim_heap_set_live_max (by_number, 4);
      memsim_heap_set_live_max (by_text, 4);
      for (guint i = 0; i < G_N_ELEMENTS (events); i++)
        {
          GError *number_error = NULL, *text_error = NULL;
          gboolean number_ok = memsim_trace_apply (by_number, &events[i], &number_error);
          gboolean text_ok = apply_as_text (by_text, &events[i], &text_error);
          Snapshot expected = snapshot (by_text);

          g_assert_cmpint (number_ok, ==, text_ok);
          if (text_error != NULL)
            {
              g_assert_error (number_error, text_error->domain, text_error->code);
              g_assert_cmpstr (number_error->message, ==, text_error->message);
            }
          else
            g_assert_no_error (number_error);
          check_heap (by_number);
          assert_unchanged (by_number, &expected);
          g_clear_error (&number_error);
          g_clear_error (&text_error);
        }
      g_assert_cmpuint (metrics (by_number).free_failed, ==, 3);
      g_assert_cmpuint (metrics (by_number).alloc_failed, ==, 1);   /* a refused name counts nothing */
      memsim_heap_free (by_number);
      memsim_heap_free (by_text);
    }
}

/* The holes fixture (any fit policy; every allocation lands in the single
 * free block at the end, so the layout does not depend on the policy):
 * holes of 64, 128, 96, 128 and 352 bytes, rover at 672. */
static MemsimHeap *
holes_heap (MemsimPolicy policy)
{
  MemsimHeap *heap = heap_new (policy, 1024);

  alloc_ok (heap, "h1", 64);
  alloc_ok (heap, "x1", 64);
  alloc_ok (heap, "h2", 128);
  alloc_ok (heap, "x2", 64);
  alloc_ok (heap, "h3", 96);
  alloc_ok (heap, "x3", 64);
  alloc_ok (heap, "h4", 128);
  alloc_ok (heap, "x4", 64);
  free_ok (heap, "h1");
  free_ok (heap, "h2");
  free_ok (heap, "h3");
  free_ok (heap, "h4");
  assert_layout (heap, "-@0+64 x1@64+64 -@128+128 x2@256+64 -@320+96 x3@416+64 -@480+128 x4@608+64 -@672+352");
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 672);
  return heap;
}

/* Three equal holes of 128 at 0, 192 and 384 (total 512). */
static MemsimHeap *
equal_holes_heap (MemsimPolicy policy)
{
  MemsimHeap *heap = heap_new (policy, 512);

  alloc_ok (heap, "a", 128);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 128);
  alloc_ok (heap, "d", 64);
  free_ok (heap, "a");
  free_ok (heap, "c");
  assert_layout (heap, "-@0+128 b@128+64 -@192+128 d@320+64 -@384+128");
  return heap;
}

/* ---- §1 the simulated heap ---------------------------------------------- */

static void
test_config_defaults (void)
{
  MemsimHeapConfig config;

  memsim_heap_config_init (&config, 4096);
  g_assert_cmpuint (config.total, ==, 4096);
  g_assert_cmpuint (config.align, ==, 16);
  g_assert_cmpuint (config.header, ==, 0);
  g_assert_cmpuint (config.min_block, ==, 64);
  g_assert_false (config.round_pow2);
  g_assert_false (config.auto_compact);
  g_assert_true (memsim_heap_config_check (&config, NULL));
}

static void
test_new_one_free_block (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  MemsimMetrics m = metrics (heap);

  assert_layout (heap, "-@0+1024");
  g_assert_cmpuint (memsim_heap_get_n_blocks (heap), ==, 1);
  g_assert_cmpuint (memsim_heap_get_n_live (heap), ==, 0);
  g_assert_cmpuint (m.total, ==, 1024);
  g_assert_cmpuint (m.free, ==, 1024);
  g_assert_cmpuint (m.largest_free, ==, 1024);
  g_assert_cmpuint (m.free_blocks, ==, 1);
  g_assert_cmpuint (m.used, ==, 0);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 0);
  memsim_heap_free (heap);
}

static void
test_align_request_rounded_up (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  g_assert_cmpuint (alloc_ok (heap, "a", 1), ==, 0);
  g_assert_cmpuint (alloc_ok (heap, "b", 17), ==, 16);
  g_assert_cmpuint (alloc_ok (heap, "c", 16), ==, 48);
  assert_layout (heap, "a@0+16 b@16+32 c@48+16 -@64+960");
  memsim_heap_free (heap);
}

static void
test_align_blocks_start_aligned (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1024, 64, 0, 64, FALSE, FALSE);

  alloc_ok (heap, "a", 1);
  alloc_ok (heap, "b", 65);
  alloc_ok (heap, "c", 64);
  assert_layout (heap, "a@0+64 b@64+128 c@192+64 -@256+768");
  memsim_heap_free (heap);
}

static void
test_align_one (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1024, 1, 0, 64, FALSE, FALSE);

  alloc_ok (heap, "a", 3);
  alloc_ok (heap, "b", 5);
  assert_layout (heap, "a@0+3 b@3+5 -@8+1016");
  memsim_heap_free (heap);
}

static void
test_header_added_before_rounding (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1024, 16, 8, 64, FALSE, FALSE);
  MemsimMetrics m;

  alloc_ok (heap, "a", 8);     /* 16 -> 16 */
  alloc_ok (heap, "b", 9);     /* 17 -> 32 */
  alloc_ok (heap, "c", 24);    /* 32 -> 32 */
  assert_layout (heap, "a@0+16 b@16+32 c@48+32 -@80+944");
  m = metrics (heap);
  g_assert_cmpuint (m.requested, ==, 41);
  g_assert_cmpuint (m.used, ==, 80);
  memsim_heap_free (heap);
}

static void
test_round_pow2_heap_setting (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1024, 16, 0, 64, TRUE, FALSE);

  alloc_ok (heap, "a", 100);   /* 112 -> 128 */
  alloc_ok (heap, "b", 16);    /* 16 */
  alloc_ok (heap, "c", 129);   /* 144 -> 256 */
  assert_layout (heap, "a@0+128 b@128+16 c@144+256 -@400+624");
  g_assert_cmpuint (metrics (heap).requested, ==, 245);
  memsim_heap_free (heap);
}

static void
test_round_pow2_after_header_and_align (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1024, 16, 8, 64, TRUE, FALSE);

  alloc_ok (heap, "a", 50);    /* 58 -> 64 -> 64 (not 64 + 8) */
  alloc_ok (heap, "b", 57);    /* 65 -> 80 -> 128 */
  alloc_ok (heap, "c", 1);     /* 9 -> 16 -> 16 */
  assert_layout (heap, "a@0+64 b@64+128 c@192+16 -@208+816");
  memsim_heap_free (heap);
}

static void
test_round_pow2_per_request (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_round (heap, "a", 100, MEMSIM_ROUND_POW2);     /* 128 */
  alloc_round (heap, "b", 100, MEMSIM_ROUND_DEFAULT);  /* 112 */
  set_ok (heap, MEMSIM_SETTING_ROUND_POW2, TRUE);
  alloc_round (heap, "c", 100, MEMSIM_ROUND_EXACT);    /* 112 */
  alloc_round (heap, "d", 100, MEMSIM_ROUND_DEFAULT);  /* 128 */
  assert_layout (heap, "a@0+128 b@128+112 c@240+112 d@352+128 -@480+544");
  g_assert_true (memsim_heap_get_config (heap)->round_pow2);
  memsim_heap_free (heap);
}

static void
test_rounded_size (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1000, 16, 0, 64, FALSE, FALSE);
  MemsimHeap *hdr = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 1000, 16, 8, 64, FALSE, FALSE);
  MemsimHeap *buddy = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  g_assert_cmpuint (memsim_heap_rounded_size (heap, 0, MEMSIM_ROUND_DEFAULT), ==, 0);
  g_assert_cmpuint (memsim_heap_rounded_size (heap, 1, MEMSIM_ROUND_DEFAULT), ==, 16);
  g_assert_cmpuint (memsim_heap_rounded_size (heap, 992, MEMSIM_ROUND_DEFAULT), ==, 992);
  g_assert_cmpuint (memsim_heap_rounded_size (heap, 993, MEMSIM_ROUND_DEFAULT), ==, 0);  /* 1008 > 1000 */
  g_assert_cmpuint (memsim_heap_rounded_size (heap, 1001, MEMSIM_ROUND_DEFAULT), ==, 0);
  g_assert_cmpuint (memsim_heap_rounded_size (heap, G_MAXUINT64, MEMSIM_ROUND_DEFAULT), ==, 0);
  g_assert_cmpuint (memsim_heap_rounded_size (heap, 500, MEMSIM_ROUND_POW2), ==, 512);
  g_assert_cmpuint (memsim_heap_rounded_size (heap, 600, MEMSIM_ROUND_POW2), ==, 0);     /* 1024 > 1000 */
  g_assert_cmpuint (memsim_heap_rounded_size (hdr, 8, MEMSIM_ROUND_DEFAULT), ==, 16);
  g_assert_cmpuint (memsim_heap_rounded_size (hdr, G_MAXUINT64 - 4, MEMSIM_ROUND_DEFAULT), ==, 0);
  g_assert_cmpuint (memsim_heap_rounded_size (buddy, 1, MEMSIM_ROUND_DEFAULT), ==, 64);
  g_assert_cmpuint (memsim_heap_rounded_size (buddy, 65, MEMSIM_ROUND_DEFAULT), ==, 128);
  g_assert_cmpuint (memsim_heap_rounded_size (buddy, 100, MEMSIM_ROUND_EXACT), ==, 128);
  g_assert_cmpuint (memsim_heap_rounded_size (buddy, 1024, MEMSIM_ROUND_DEFAULT), ==, 1024);
  g_assert_cmpuint (memsim_heap_rounded_size (buddy, 1025, MEMSIM_ROUND_DEFAULT), ==, 0);
  memsim_heap_free (heap);
  memsim_heap_free (hdr);
  memsim_heap_free (buddy);
}

static MemsimHeap *
one_block_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_ok (heap, "a", 100);
  assert_layout (heap, "a@0+112 -@112+912");
  return heap;
}

static void
test_bad_size_zero (void)
{
  MemsimHeap *heap = one_block_heap ();
  Snapshot s = snapshot (heap);

  alloc_fails (heap, "b", 0, MEMSIM_ERROR_INVALID_SIZE);
  assert_unchanged (heap, &s);   /* refused input: no counter moves */
  memsim_heap_free (heap);
}

static void
test_bad_size_larger_than_total (void)
{
  MemsimHeap *heap = one_block_heap ();
  Snapshot s = snapshot (heap);
  MemsimMetrics m;

  alloc_fails (heap, "b", 1025, MEMSIM_ERROR_NO_SPACE);
  alloc_fails (heap, "c", G_MAXUINT64, MEMSIM_ERROR_NO_SPACE);
  /* counted as failed_no_space (docs/heap-decisions.md), otherwise unchanged */
  s.metrics.alloc_failed += 2;
  s.metrics.failed_no_space += 2;
  assert_unchanged (heap, &s);
  m = metrics (heap);
  g_assert_cmpuint (m.failed_no_space, ==, 2);
  g_assert_cmpuint (m.failed_fragmented, ==, 0);
  memsim_heap_free (heap);
}

static void
test_bad_size_rounded_larger_than_total (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1000);
  Snapshot s = snapshot (heap);

  alloc_fails (heap, "a", 995, MEMSIM_ERROR_NO_SPACE);   /* 1008 > 1000 */
  s.metrics.alloc_failed++;
  s.metrics.failed_no_space++;
  assert_unchanged (heap, &s);
  g_assert_cmpuint (alloc_ok (heap, "b", 992), ==, 0);
  assert_layout (heap, "b@0+992 -@992+8");
  memsim_heap_free (heap);
}

static void
test_bad_duplicate_name (void)
{
  MemsimHeap *heap = one_block_heap ();
  Snapshot s = snapshot (heap);

  alloc_fails (heap, "a", 10, MEMSIM_ERROR_ALREADY_ALLOCATED);
  assert_unchanged (heap, &s);
  memsim_heap_free (heap);
}

static void
assert_name_refused (MemsimHeap *heap, const char *name)
{
  Snapshot s = snapshot (heap);

  alloc_fails (heap, name, 10, MEMSIM_ERROR_INVALID_NAME);
  free_fails (heap, name, MEMSIM_ERROR_INVALID_NAME);
  realloc_fails (heap, name, 10, MEMSIM_ERROR_INVALID_NAME);
  assert_unchanged (heap, &s);
}

static void
test_bad_control_char_name (void)
{
  MemsimHeap *heap = one_block_heap ();

  assert_name_refused (heap, "tab\there");
  assert_name_refused (heap, "line\nbreak");
  assert_name_refused (heap, "cr\r");
  assert_name_refused (heap, "\033[0m");
  assert_name_refused (heap, "del\177");
  assert_name_refused (heap, "nel\302\205");   /* U+0085, a C1 control */
  memsim_heap_free (heap);
}

static void
test_bad_name_too_long (void)
{
  MemsimHeap *heap = one_block_heap ();
  char *n256 = g_strnfill (256, 'n');
  char *n257 = g_strnfill (257, 'n');
  GString *e256 = g_string_new (NULL);
  char *e257, *expected;

  for (int i = 0; i < 128; i++)
    g_string_append (e256, "é");               /* 2 bytes each */
  e257 = g_strconcat (e256->str, "x", NULL);
  assert_name_refused (heap, n257);
  assert_name_refused (heap, e257);
  alloc_ok (heap, n256, 10);
  alloc_ok (heap, e256->str, 10);
  expected = g_strdup_printf ("a@0+112 %s@112+16 %s@128+16 -@144+880", n256, e256->str);
  assert_layout (heap, expected);
  g_free (expected);
  g_free (n256);
  g_free (n257);
  g_free (e257);
  g_string_free (e256, TRUE);
  memsim_heap_free (heap);
}

static void
test_bad_empty_and_invalid_utf8_name (void)
{
  MemsimHeap *heap = one_block_heap ();

  assert_name_refused (heap, "");
  assert_name_refused (heap, "bad\377\376");
  assert_name_refused (heap, "\300\200");      /* overlong NUL */
  memsim_heap_free (heap);
}

static void
test_bad_unknown_name (void)
{
  MemsimHeap *heap = one_block_heap ();
  Snapshot s = snapshot (heap);

  free_fails (heap, "ghost", MEMSIM_ERROR_UNKNOWN_NAME);
  realloc_fails (heap, "ghost", 10, MEMSIM_ERROR_UNKNOWN_NAME);
  s.metrics.free_failed++;
  s.metrics.realloc_failed++;
  assert_unchanged (heap, &s);
  memsim_heap_free (heap);
}

/* The live-block limit (docs/reliability.md), lowered to 3 so that a test
 * reaches it: the fourth allocation is refused with a sentence, nothing is
 * counted or moved, and a free makes room again.  Realloc adds no block. */
static void
test_bad_live_limit (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  GError *error = NULL;
  Snapshot s;

  memsim_heap_set_live_max (heap, 3);
  alloc_ok (heap, "a", 16);
  alloc_ok (heap, "b", 16);
  alloc_ok (heap, "c", 16);
  s = snapshot (heap);
  g_assert_false (memsim_heap_alloc (heap, "d", 16, MEMSIM_ROUND_DEFAULT, NULL, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "The heap already holds 3 live blocks, the most Memsim can simulate");
  g_clear_error (&error);
  check_heap (heap);
  assert_unchanged (heap, &s);
  realloc_ok (heap, "a", 200);
  free_ok (heap, "b");
  alloc_ok (heap, "d", 16);
  alloc_fails (heap, "e", 16, MEMSIM_ERROR_LIMIT);

  memsim_heap_set_live_max (heap, G_MAXUINT32);
  alloc_ok (heap, "e", 16);
  memsim_heap_free (heap);
}

static void
test_name_is_valid (void)
{
  GError *error = NULL;

  g_assert_true (memsim_name_is_valid ("p1", NULL));
  g_assert_true (memsim_name_is_valid ("名前 with spaces", NULL));
  g_assert_true (memsim_name_is_valid ("x", NULL));
  g_assert_false (memsim_name_is_valid ("", &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (memsim_name_is_valid ("a\tb", &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (memsim_name_is_valid ("\377", &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME);
  g_clear_error (&error);
}

/* ---- §2 placement policies ---------------------------------------------- */

static void
test_place_low_end (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  free_ok (heap, "b");
  g_assert_cmpuint (alloc_ok (heap, "d", 16), ==, 64);
  assert_layout (heap, "a@0+64 d@64+16 -@80+48 c@128+64 -@192+832");
  memsim_heap_free (heap);
}

static MemsimHeap *
four_block_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  alloc_ok (heap, "d", 64);
  assert_layout (heap, "a@0+64 b@64+64 c@128+64 d@192+64");
  return heap;
}

static void
test_coalesce_both_sides (void)
{
  MemsimHeap *heap = four_block_heap ();
  MemsimMetrics m;

  free_ok (heap, "a");
  assert_layout (heap, "-@0+64 b@64+64 c@128+64 d@192+64");
  free_ok (heap, "c");
  assert_layout (heap, "-@0+64 b@64+64 -@128+64 d@192+64");
  g_assert_cmpuint (metrics (heap).free_blocks, ==, 2);
  free_ok (heap, "b");
  assert_layout (heap, "-@0+192 d@192+64");
  m = metrics (heap);
  g_assert_cmpuint (m.free_blocks, ==, 1);
  g_assert_cmpuint (m.largest_free, ==, 192);
  memsim_heap_free (heap);
}

static void
test_coalesce_with_next (void)
{
  MemsimHeap *heap = four_block_heap ();

  free_ok (heap, "c");
  free_ok (heap, "b");
  assert_layout (heap, "a@0+64 -@64+128 d@192+64");
  memsim_heap_free (heap);
}

static void
test_coalesce_with_prev (void)
{
  MemsimHeap *heap = four_block_heap ();

  free_ok (heap, "b");
  free_ok (heap, "c");
  assert_layout (heap, "a@0+64 -@64+128 d@192+64");
  free_ok (heap, "d");
  assert_layout (heap, "a@0+64 -@64+192");
  memsim_heap_free (heap);
}

static void
test_first_fit_lowest_address (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_FIRST_FIT);

  g_assert_cmpuint (alloc_ok (heap, "a", 80), ==, 128);
  g_assert_cmpuint (alloc_ok (heap, "b", 48), ==, 0);
  assert_layout (heap, "b@0+48 -@48+16 x1@64+64 a@128+80 -@208+48 x2@256+64 -@320+96 x3@416+64 -@480+128 x4@608+64 -@672+352");
  memsim_heap_free (heap);
}

static void
test_next_fit_starts_at_rover (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_NEXT_FIT);

  /* the hole at 0 fits too, but the search starts at the rover (672) */
  g_assert_cmpuint (alloc_ok (heap, "a", 48), ==, 672);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 720);
  memsim_heap_free (heap);
}

static void
test_next_fit_rover_wraps (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_NEXT_FIT);

  g_assert_cmpuint (alloc_ok (heap, "a", 48), ==, 672);
  g_assert_cmpuint (alloc_ok (heap, "b", 200), ==, 720);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 928);
  /* 96 bytes left after the rover: wrap round to address 0, first hole
   * that fits is the 128 at 128 */
  g_assert_cmpuint (alloc_ok (heap, "c", 112), ==, 128);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 240);
  /* the free block at the rover is the one after c */
  g_assert_cmpuint (alloc_ok (heap, "d", 16), ==, 240);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 256);
  assert_layout (heap, "-@0+64 x1@64+64 c@128+112 d@240+16 x2@256+64 -@320+96 x3@416+64 -@480+128 x4@608+64 a@672+48 b@720+208 -@928+96");
  memsim_heap_free (heap);
}

static void
test_next_fit_rover_inside_free_block (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_NEXT_FIT);

  alloc_ok (heap, "a", 48);                 /* 672, rover 720 */
  free_ok (heap, "a");                      /* merges back: [672, 1024) */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 720);
  /* the search starts with the free block containing the rover: placed at
   * its low end, below the rover */
  g_assert_cmpuint (alloc_ok (heap, "b", 32), ==, 672);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 704);
  memsim_heap_free (heap);
}

static void
test_next_fit_rover_inside_live_block (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_NEXT_FIT, 1024);

  alloc_ok (heap, "z", 64);
  alloc_ok (heap, "a", 16);                 /* 64, rover 80 */
  free_ok (heap, "z");
  g_assert_cmpuint (realloc_ok (heap, "a", 100), ==, 64);  /* grows in place to 176 */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 80);
  /* the rover is inside a: the first free block after it */
  g_assert_cmpuint (alloc_ok (heap, "b", 16), ==, 176);
  assert_layout (heap, "-@0+64 a@64+112 b@176+16 -@192+832");
  memsim_heap_free (heap);
}

static void
test_next_fit_rover_set_by_placement (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_NEXT_FIT, 1024);
  GError *error = NULL;

  alloc_ok (heap, "a", 64);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 64);
  alloc_ok (heap, "b", 32);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 96);
  realloc_ok (heap, "a", 32);               /* shrink in place: rover stays */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 96);
  realloc_ok (heap, "b", 64);               /* grow in place: rover stays */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 96);
  assert_layout (heap, "a@0+32 -@32+32 b@64+64 -@128+896");
  g_assert_cmpuint (realloc_ok (heap, "a", 200), ==, 128);  /* moved: rover at its end */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 336);
  assert_layout (heap, "-@0+64 b@64+64 a@128+208 -@336+688");
  g_assert_true (memsim_heap_reset (heap, 0, &error));
  g_assert_no_error (error);
  check_heap (heap);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 0);
  memsim_heap_free (heap);
}

static void
test_next_fit_rover_is_an_address (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_NEXT_FIT);

  free_ok (heap, "x4");                     /* [480, 1024) merges round the rover */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 672);
  compact_ok (heap);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 672);
  assert_layout (heap, "x1@0+64 x2@64+64 x3@128+64 -@192+832");
  g_assert_cmpuint (alloc_ok (heap, "a", 16), ==, 192);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 208);
  memsim_heap_free (heap);
}

static void
test_best_fit_smallest (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_BEST_FIT);

  g_assert_cmpuint (alloc_ok (heap, "a", 80), ==, 320);    /* the 96 hole */
  g_assert_cmpuint (alloc_ok (heap, "b", 300), ==, 672);   /* only the 352 fits */
  g_assert_cmpuint (alloc_ok (heap, "c", 16), ==, 400);    /* the 16 left of the 96 hole */
  assert_layout (heap, "-@0+64 x1@64+64 -@128+128 x2@256+64 a@320+80 c@400+16 x3@416+64 -@480+128 x4@608+64 b@672+304 -@976+48");
  memsim_heap_free (heap);
}

static void
test_best_fit_tie_lowest_address (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_BEST_FIT);
  MemsimHeap *equal = equal_holes_heap (MEMSIM_POLICY_BEST_FIT);

  /* two holes of 128, at 128 and 480 */
  g_assert_cmpuint (alloc_ok (heap, "a", 120), ==, 128);
  g_assert_cmpuint (alloc_ok (heap, "b", 120), ==, 480);
  g_assert_cmpuint (alloc_ok (equal, "e", 100), ==, 0);
  memsim_heap_free (heap);
  memsim_heap_free (equal);
}

/* Best fit on a heap of @total: holes of 128 at top + 64 and top + 256,
 * near the end, and the rest below them. */
static void
assert_best_fit_near_top (guint64 total, guint64 align)
{
  guint64 top = total - 1024;
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_BEST_FIT, total, align, 0, 64, FALSE, FALSE);

  g_assert_cmpuint (alloc_ok (heap, "low", top), ==, 0);
  alloc_ok (heap, "x1", 64);
  alloc_ok (heap, "y", 128);
  alloc_ok (heap, "x2", 64);
  alloc_ok (heap, "z", 128);
  alloc_ok (heap, "x3", 64);
  free_ok (heap, "z");
  free_ok (heap, "y");
  free_ok (heap, "low");
  g_assert_cmpuint (alloc_ok (heap, "a", 120), ==, top + 64);
  g_assert_cmpuint (alloc_ok (heap, "b", 112), ==, top + 256);
  g_assert_cmpuint (alloc_ok (heap, "c", 16), ==, top + 368);   /* the 16 left after b */
  g_assert_cmpuint (alloc_ok (heap, "d", 1024), ==, 0);         /* only the low hole holds it */
  memsim_heap_free (heap);
}

/* Buddy on a heap of @total, a power of two: the upper half, split down
 * to 64-byte blocks. */
static void
assert_buddy_near_top (guint64 total, guint64 align)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_BUDDY, total, align, 0, 64, FALSE, FALSE);

  g_assert_cmpuint (alloc_ok (heap, "half", total / 2), ==, 0);
  g_assert_cmpuint (alloc_ok (heap, "e", 64), ==, total / 2);
  g_assert_cmpuint (alloc_ok (heap, "f", 64), ==, total / 2 + 64);
  g_assert_cmpuint (alloc_ok (heap, "g", 64), ==, total / 2 + 128);
  free_ok (heap, "e");
  /* 64-byte blocks free at half and half + 192: the lower */
  g_assert_cmpuint (alloc_ok (heap, "h", 64), ==, total / 2);
  g_assert_cmpuint (alloc_ok (heap, "i", 64), ==, total / 2 + 192);
  g_assert_cmpuint (alloc_ok (heap, "j", 100), ==, total / 2 + 256);
  memsim_heap_free (heap);
}

/* The size index spells (size, start) in one word when the heap is small
 * enough and in two otherwise (memsim-heap.c, heap_choose_size_keys()):
 * best fit's and buddy's choices come out the same on either side of the
 * limit, with the holes near the top of the heap, where a start needs all
 * its bits.  Each line: total, alignment, and the bits best fit's keys
 * take (buddy's starts count in 64-byte blocks: two bits fewer at 16). */
static void
test_size_keys_either_spelling (void)
{
  static const guint64 heaps[][2] = {
    { G_GUINT64_CONSTANT (1) << 33, 16 },          /* 34 + 29 bits: one word */
    { (G_GUINT64_CONSTANT (1) << 34) - 16, 16 },   /* 34 + 30: one */
    { G_GUINT64_CONSTANT (1) << 34, 16 },          /* 35 + 30: two (buddy: 35 + 28, one) */
    { G_GUINT64_CONSTANT (1) << 31, 1 },           /* 32 + 31: one */
    { G_GUINT64_CONSTANT (1) << 32, 1 },           /* 33 + 32: two */
    { G_GUINT64_CONSTANT (1) << 48, 16 },          /* the largest heap */
  };

  for (guint i = 0; i < G_N_ELEMENTS (heaps); i++)
    {
      guint64 total = heaps[i][0];

      g_test_message ("total %" G_GUINT64_FORMAT ", align %" G_GUINT64_FORMAT, total, heaps[i][1]);
      assert_best_fit_near_top (total, heaps[i][1]);
      if ((total & (total - 1)) == 0)
        assert_buddy_near_top (total, heaps[i][1]);
    }
}

static void
test_worst_fit_largest (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_WORST_FIT);

  g_assert_cmpuint (alloc_ok (heap, "a", 16), ==, 672);
  g_assert_cmpuint (alloc_ok (heap, "b", 200), ==, 688);
  /* left: 64@0, 128@128, 96@320, 128@480, 128@896: the first 128 */
  g_assert_cmpuint (alloc_ok (heap, "c", 16), ==, 128);
  memsim_heap_free (heap);
}

static void
test_worst_fit_tie_lowest_address (void)
{
  MemsimHeap *heap = equal_holes_heap (MEMSIM_POLICY_WORST_FIT);

  g_assert_cmpuint (alloc_ok (heap, "e", 16), ==, 0);
  g_assert_cmpuint (alloc_ok (heap, "f", 16), ==, 192);   /* 128 at 192 and 384: lower */
  g_assert_cmpuint (alloc_ok (heap, "g", 16), ==, 384);
  memsim_heap_free (heap);
}

static void
test_policy_switch_fits_any_time (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_FIRST_FIT);

  policy_ok (heap, MEMSIM_POLICY_NEXT_FIT);
  policy_ok (heap, MEMSIM_POLICY_WORST_FIT);
  policy_ok (heap, MEMSIM_POLICY_BEST_FIT);
  g_assert_cmpuint (alloc_ok (heap, "a", 80), ==, 320);
  policy_ok (heap, MEMSIM_POLICY_WORST_FIT);
  g_assert_cmpuint (alloc_ok (heap, "b", 80), ==, 672);   /* the largest hole */
  policy_ok (heap, MEMSIM_POLICY_FIRST_FIT);
  g_assert_cmpuint (alloc_ok (heap, "c", 48), ==, 0);
  memsim_heap_free (heap);
}

static void
test_policy_buddy_needs_empty_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1000);
  GError *error = NULL;
  Snapshot s;

  alloc_ok (heap, "a", 10);
  s = snapshot (heap);
  g_assert_false (memsim_heap_set_policy (heap, MEMSIM_POLICY_BUDDY, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  check_heap (heap);
  g_assert_cmpint (memsim_heap_get_config (heap)->policy, ==, MEMSIM_POLICY_FIRST_FIT);
  assert_unchanged (heap, &s);

  free_ok (heap, "a");
  policy_ok (heap, MEMSIM_POLICY_BUDDY);
  assert_layout (heap, "-@0+512 -@512+256 -@768+128 -@896+64 x@960+40");
  alloc_ok (heap, "b", 10);
  g_assert_false (memsim_heap_set_policy (heap, MEMSIM_POLICY_FIRST_FIT, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  check_heap (heap);
  free_ok (heap, "b");
  policy_ok (heap, MEMSIM_POLICY_FIRST_FIT);
  assert_layout (heap, "-@0+1000");
  memsim_heap_free (heap);
}

static void
test_settings_need_empty_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_ok (heap, "a", 10);
  set_fails (heap, MEMSIM_SETTING_ALIGN, 32, MEMSIM_ERROR_NOT_EMPTY);
  set_fails (heap, MEMSIM_SETTING_HEADER, 8, MEMSIM_ERROR_NOT_EMPTY);
  set_fails (heap, MEMSIM_SETTING_MIN_BLOCK, 128, MEMSIM_ERROR_NOT_EMPTY);
  g_assert_cmpuint (memsim_heap_get_config (heap)->align, ==, 16);
  g_assert_cmpuint (memsim_heap_get_config (heap)->header, ==, 0);
  g_assert_cmpuint (memsim_heap_get_config (heap)->min_block, ==, 64);
  set_ok (heap, MEMSIM_SETTING_ROUND_POW2, TRUE);
  set_ok (heap, MEMSIM_SETTING_AUTO_COMPACT, TRUE);
  g_assert_true (memsim_heap_get_config (heap)->round_pow2);
  g_assert_true (memsim_heap_get_config (heap)->auto_compact);
  free_ok (heap, "a");
  set_ok (heap, MEMSIM_SETTING_ALIGN, 32);
  set_ok (heap, MEMSIM_SETTING_HEADER, 8);
  set_ok (heap, MEMSIM_SETTING_MIN_BLOCK, 128);
  g_assert_cmpuint (memsim_heap_get_config (heap)->align, ==, 32);
  g_assert_cmpuint (memsim_heap_get_config (heap)->header, ==, 8);
  g_assert_cmpuint (memsim_heap_get_config (heap)->min_block, ==, 128);
  set_ok (heap, MEMSIM_SETTING_ROUND_POW2, FALSE);
  alloc_ok (heap, "b", 30);                 /* 38 -> 64 */
  assert_layout (heap, "b@0+64 -@64+960");
  memsim_heap_free (heap);
}

static void
test_settings_invalid (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  set_fails (heap, MEMSIM_SETTING_ALIGN, 0, MEMSIM_ERROR_INVALID_SETTING);
  set_fails (heap, MEMSIM_SETTING_ALIGN, 24, MEMSIM_ERROR_INVALID_SETTING);
  set_fails (heap, MEMSIM_SETTING_MIN_BLOCK, 48, MEMSIM_ERROR_INVALID_SETTING);
  set_fails (heap, MEMSIM_SETTING_MIN_BLOCK, 8, MEMSIM_ERROR_INVALID_SETTING);  /* < align */
  g_assert_cmpuint (memsim_heap_get_config (heap)->align, ==, 16);
  g_assert_cmpuint (memsim_heap_get_config (heap)->min_block, ==, 64);
  memsim_heap_free (heap);
}

/* ---- §3 buddy ---------------------------------------------------------- */

typedef struct {
  guint64          address;
  guint            order;
  guint            depth;
  MemsimBuddyState state;
} Node;

static gboolean
collect_node (const MemsimBuddyNode *node, gpointer user_data)
{
  Node n = { node->address, node->order, node->depth, node->state };

  g_array_append_val ((GArray *) user_data, n);
  return TRUE;
}

static void
assert_tree (MemsimHeap *heap, guint64 start, guint64 end, const Node *expected, guint n_expected,
             gboolean skip_last_order)
{
  GArray *nodes = g_array_new (FALSE, FALSE, sizeof (Node));

  memsim_heap_walk_buddy_tree (heap, start, end, collect_node, nodes);
  g_assert_cmpuint (nodes->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const Node *got = &g_array_index (nodes, Node, i);

      g_assert_cmpuint (got->address, ==, expected[i].address);
      g_assert_cmpuint (got->depth, ==, expected[i].depth);
      g_assert_cmpint (got->state, ==, expected[i].state);
      if (!(skip_last_order && i == n_expected - 1))
        g_assert_cmpuint (got->order, ==, expected[i].order);
    }
  g_array_unref (nodes);
}

static void
test_buddy_roots_1536k (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1536 * KiB);
  MemsimMetrics m = metrics (heap);
  const Node tree[] = {
    { 0, 20, 0, MEMSIM_BUDDY_FREE },
    { 1048576, 19, 0, MEMSIM_BUDDY_FREE },
  };

  assert_layout (heap, "-@0+1048576 -@1048576+524288");
  g_assert_cmpuint (m.free, ==, 1536 * KiB);
  g_assert_cmpuint (m.free_blocks, ==, 2);
  g_assert_cmpuint (m.largest_free, ==, MiB);
  g_assert_cmpuint (m.unusable, ==, 0);
  assert_tree (heap, 0, 1536 * KiB, tree, G_N_ELEMENTS (tree), FALSE);
  /* 1024 K and 512 K are not buddies: a 512 K request splits nothing */
  g_assert_cmpuint (alloc_ok (heap, "a", 512 * KiB), ==, MiB);
  assert_layout (heap, "-@0+1048576 a@1048576+524288");
  free_ok (heap, "a");
  assert_layout (heap, "-@0+1048576 -@1048576+524288");
  memsim_heap_free (heap);
}

static void
test_buddy_unusable_tail (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1000);
  MemsimMetrics m = metrics (heap);
  MemsimBlockInfo info;
  const Node tree[] = {
    { 0, 9, 0, MEMSIM_BUDDY_FREE },
    { 512, 8, 0, MEMSIM_BUDDY_FREE },
    { 768, 7, 0, MEMSIM_BUDDY_FREE },
    { 896, 6, 0, MEMSIM_BUDDY_FREE },
    { 960, 0, 0, MEMSIM_BUDDY_UNUSABLE },
  };

  assert_layout (heap, "-@0+512 -@512+256 -@768+128 -@896+64 x@960+40");
  g_assert_cmpuint (m.free, ==, 1000);
  g_assert_cmpuint (m.unusable, ==, 40);
  g_assert_cmpuint (m.free_blocks, ==, 4);
  g_assert_cmpuint (m.largest_free, ==, 512);
  g_assert_cmpfloat_with_epsilon (m.external_fragmentation, 1.0 - 512.0 / 1000.0, 1e-12);
  g_assert_true (memsim_heap_lookup_address (heap, 970, &info));
  g_assert_true (info.unusable);
  g_assert_true (info.free);
  g_assert_cmpuint (info.start, ==, 960);
  g_assert_cmpuint (info.size, ==, 40);
  assert_tree (heap, 0, 1000, tree, G_N_ELEMENTS (tree), TRUE);
  g_assert_cmpuint (alloc_ok (heap, "a", 64), ==, 896);  /* smallest order first */
  g_assert_cmpuint (alloc_ok (heap, "b", 64), ==, 768);
  memsim_heap_free (heap);
}

static void
test_buddy_request_rounding (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_BUDDY, 1024, 16, 16, 64, FALSE, FALSE);

  alloc_ok (heap, "a", 100);                /* 116 -> 128 */
  alloc_ok (heap, "b", 48);                 /* 64 -> 64 */
  alloc_ok (heap, "c", 49);                 /* 65 -> 128 */
  alloc_round (heap, "d", 1, MEMSIM_ROUND_EXACT);   /* min_block 64, pow2 anyway */
  assert_layout (heap, "a@0+128 b@128+64 d@192+64 c@256+128 -@384+128 -@512+512");
  memsim_heap_free (heap);
}

static void
test_buddy_split_keeps_lower_half (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  g_assert_cmpuint (alloc_ok (heap, "a", 100), ==, 0);
  assert_layout (heap, "a@0+128 -@128+128 -@256+256 -@512+512");
  memsim_heap_free (heap);
}

static void
test_buddy_smallest_order_lowest_address (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  alloc_ok (heap, "a", 100);                               /* 0 */
  g_assert_cmpuint (alloc_ok (heap, "b", 200), ==, 256);   /* the 256, not the 512 */
  g_assert_cmpuint (alloc_ok (heap, "c", 64), ==, 128);    /* splits the 128 */
  g_assert_cmpuint (alloc_ok (heap, "d", 64), ==, 192);
  g_assert_cmpuint (alloc_ok (heap, "e", 64), ==, 512);    /* splits the 512 down */
  assert_layout (heap, "a@0+128 c@128+64 d@192+64 b@256+256 e@512+64 -@576+64 -@640+128 -@768+256");
  free_ok (heap, "a");                                     /* buddy 128@128 is split */
  /* two free blocks of order 7, at 0 and 640: the lower */
  g_assert_cmpuint (alloc_ok (heap, "f", 100), ==, 0);
  memsim_heap_free (heap);
}

static void
test_buddy_merge (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 128);
  assert_layout (heap, "a@0+64 b@64+64 c@128+128 -@256+256 -@512+512");
  free_ok (heap, "a");
  assert_layout (heap, "-@0+64 b@64+64 c@128+128 -@256+256 -@512+512");
  free_ok (heap, "b");
  assert_layout (heap, "-@0+128 c@128+128 -@256+256 -@512+512");
  free_ok (heap, "c");
  assert_layout (heap, "-@0+1024");
  g_assert_cmpuint (metrics (heap).free_blocks, ==, 1);
  memsim_heap_free (heap);
}

static void
test_buddy_merge_needs_same_order (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  alloc_ok (heap, "a", 128);
  alloc_ok (heap, "b", 64);
  assert_layout (heap, "a@0+128 b@128+64 -@192+64 -@256+256 -@512+512");
  free_ok (heap, "a");    /* its buddy 128@128 is split: no merge */
  assert_layout (heap, "-@0+128 b@128+64 -@192+64 -@256+256 -@512+512");
  g_assert_cmpuint (metrics (heap).free_blocks, ==, 4);
  memsim_heap_free (heap);
}

static void
test_buddy_no_merge_across_roots (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 192);

  assert_layout (heap, "-@0+128 -@128+64");
  g_assert_cmpuint (alloc_ok (heap, "a", 64), ==, 128);   /* the root of order 6 */
  g_assert_cmpuint (alloc_ok (heap, "b", 64), ==, 0);
  assert_layout (heap, "b@0+64 -@64+64 a@128+64");
  free_ok (heap, "a");
  free_ok (heap, "b");
  assert_layout (heap, "-@0+128 -@128+64");
  memsim_heap_free (heap);
}

static MemsimHeap *
tree_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  alloc_ok (heap, "a", 100);
  alloc_ok (heap, "b", 64);
  assert_layout (heap, "a@0+128 b@128+64 -@192+64 -@256+256 -@512+512");
  return heap;
}

static void
test_buddy_tree (void)
{
  MemsimHeap *heap = tree_heap ();
  const Node tree[] = {
    { 0, 10, 0, MEMSIM_BUDDY_SPLIT },
    { 0, 9, 1, MEMSIM_BUDDY_SPLIT },
    { 0, 8, 2, MEMSIM_BUDDY_SPLIT },
    { 0, 7, 3, MEMSIM_BUDDY_USED },
    { 128, 7, 3, MEMSIM_BUDDY_SPLIT },
    { 128, 6, 4, MEMSIM_BUDDY_USED },
    { 192, 6, 4, MEMSIM_BUDDY_FREE },
    { 256, 8, 2, MEMSIM_BUDDY_FREE },
    { 512, 9, 1, MEMSIM_BUDDY_FREE },
  };

  assert_tree (heap, 0, 1024, tree, G_N_ELEMENTS (tree), FALSE);
  memsim_heap_free (heap);
}

static void
test_buddy_tree_range (void)
{
  MemsimHeap *heap = tree_heap ();
  const Node upper[] = {
    { 0, 10, 0, MEMSIM_BUDDY_SPLIT },
    { 512, 9, 1, MEMSIM_BUDDY_FREE },
  };

  assert_tree (heap, 512, 1024, upper, G_N_ELEMENTS (upper), FALSE);
  memsim_heap_free (heap);
}

/* ---- §4 compaction ----------------------------------------------------- */

static void
test_compact_order_and_bytes_moved (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  MemsimCompactResult r;
  MemsimMetrics m;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 120);   /* 128 */
  alloc_ok (heap, "c", 32);
  alloc_ok (heap, "d", 64);
  alloc_ok (heap, "e", 16);
  free_ok (heap, "a");
  free_ok (heap, "c");
  assert_layout (heap, "-@0+64 b@64+128 -@192+32 d@224+64 e@288+16 -@304+720");
  r = compact_ok (heap);
  assert_layout (heap, "b@0+128 d@128+64 e@192+16 -@208+816");
  g_assert_cmpuint (r.blocks_moved, ==, 3);
  g_assert_cmpuint (r.bytes_moved, ==, 208);   /* whole blocks: 128 + 64 + 16 */
  m = metrics (heap);
  g_assert_cmpuint (m.compactions, ==, 1);
  g_assert_cmpuint (m.bytes_moved, ==, 208);
  g_assert_cmpuint (m.free_blocks, ==, 1);
  memsim_heap_free (heap);
}

static void
test_compact_nothing_to_compact (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  MemsimHeap *buddy = heap_new (MEMSIM_POLICY_BUDDY, 1024);
  MemsimHeap *heaps[] = { heap, buddy };

  alloc_ok (heap, "a", 10);
  free_ok (heap, "a");
  for (guint i = 0; i < G_N_ELEMENTS (heaps); i++)
    {
      GError *error = NULL;
      Snapshot s = snapshot (heaps[i]);

      g_assert_false (memsim_heap_compact (heaps[i], NULL, &error));
      g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOTHING_TO_COMPACT);
      g_assert_nonnull (strstr (error->message, "No allocated blocks to compact"));
      g_clear_error (&error);
      check_heap (heaps[i]);
      assert_unchanged (heaps[i], &s);
      g_assert_cmpuint (metrics (heaps[i]).compactions, ==, 0);
    }
  memsim_heap_free (heap);
  memsim_heap_free (buddy);
}

static void
test_compact_nothing_moves (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  MemsimCompactResult r;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  r = compact_ok (heap);
  g_assert_cmpuint (r.blocks_moved, ==, 0);
  g_assert_cmpuint (r.bytes_moved, ==, 0);
  g_assert_cmpuint (metrics (heap).compactions, ==, 1);   /* it ran */
  g_assert_cmpuint (metrics (heap).bytes_moved, ==, 0);
  assert_layout (heap, "a@0+64 b@64+64 -@128+896");
  memsim_heap_free (heap);
}

static void
test_compact_rover_stays (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_NEXT_FIT);
  MemsimCompactResult r = compact_ok (heap);

  assert_layout (heap, "x1@0+64 x2@64+64 x3@128+64 x4@192+64 -@256+768");
  g_assert_cmpuint (r.blocks_moved, ==, 4);
  g_assert_cmpuint (r.bytes_moved, ==, 256);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 672);
  g_assert_cmpuint (alloc_ok (heap, "a", 16), ==, 256);   /* the free block containing 672 */
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 272);
  memsim_heap_free (heap);
}

static void
test_compact_buddy_largest_first (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);
  MemsimCompactResult r;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 128);
  alloc_ok (heap, "c", 64);
  free_ok (heap, "a");
  assert_layout (heap, "-@0+64 c@64+64 b@128+128 -@256+256 -@512+512");
  r = compact_ok (heap);
  /* b (128) first, then c (64): c moves up from 64 to 128 */
  assert_layout (heap, "b@0+128 c@128+64 -@192+64 -@256+256 -@512+512");
  g_assert_cmpuint (r.blocks_moved, ==, 2);
  g_assert_cmpuint (r.bytes_moved, ==, 192);
  memsim_heap_free (heap);
}

static void
test_compact_buddy_ties_by_address (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);
  MemsimCompactResult r;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  alloc_ok (heap, "d", 64);
  free_ok (heap, "a");
  free_ok (heap, "c");
  assert_layout (heap, "-@0+64 b@64+64 -@128+64 d@192+64 -@256+256 -@512+512");
  r = compact_ok (heap);
  /* the free space is the coarsest buddy tiling of [128, 1024) */
  assert_layout (heap, "b@0+64 d@64+64 -@128+128 -@256+256 -@512+512");
  g_assert_cmpuint (r.blocks_moved, ==, 2);
  g_assert_cmpuint (r.bytes_moved, ==, 128);
  memsim_heap_free (heap);
}

static MemsimHeap *
two_holes_heap (gboolean auto_compact)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 256, 16, 0, 64, FALSE, auto_compact);

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  alloc_ok (heap, "d", 64);
  free_ok (heap, "a");
  free_ok (heap, "c");
  assert_layout (heap, "-@0+64 b@64+64 -@128+64 d@192+64");
  return heap;
}

static void
test_auto_compact_alloc (void)
{
  MemsimHeap *heap = two_holes_heap (TRUE);
  MemsimMetrics m;

  g_assert_cmpuint (alloc_ok (heap, "e", 128), ==, 128);
  assert_layout (heap, "b@0+64 d@64+64 e@128+128");
  m = metrics (heap);
  g_assert_cmpuint (m.compactions, ==, 1);
  g_assert_cmpuint (m.bytes_moved, ==, 128);
  g_assert_cmpuint (m.alloc_ok, ==, 5);
  g_assert_cmpuint (m.alloc_failed, ==, 0);
  g_assert_cmpuint (m.failed_fragmented, ==, 0);
  memsim_heap_free (heap);
}

static void
test_auto_compact_off (void)
{
  MemsimHeap *heap = two_holes_heap (FALSE);
  Snapshot s = snapshot (heap);

  alloc_fails (heap, "e", 128, MEMSIM_ERROR_FRAGMENTED);
  s.metrics.alloc_failed++;
  s.metrics.failed_fragmented++;
  assert_unchanged (heap, &s);
  memsim_heap_free (heap);
}

static void
test_auto_compact_not_on_no_space (void)
{
  MemsimHeap *heap = heap_new_full (MEMSIM_POLICY_FIRST_FIT, 256, 16, 0, 64, FALSE, TRUE);
  Snapshot s;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  alloc_ok (heap, "d", 64);
  free_ok (heap, "b");
  s = snapshot (heap);
  alloc_fails (heap, "e", 128, MEMSIM_ERROR_NO_SPACE);
  s.metrics.alloc_failed++;
  s.metrics.failed_no_space++;
  assert_unchanged (heap, &s);
  g_assert_cmpuint (metrics (heap).compactions, ==, 0);
  memsim_heap_free (heap);
}

static void
test_auto_compact_realloc (void)
{
  MemsimHeap *heap = two_holes_heap (TRUE);
  MemsimMetrics m;

  /* no hole of 128 while d is held; free 128 + d's own 64 would hold it:
   * compact (d moves with the others to 64), then grow in place */
  g_assert_cmpuint (realloc_ok (heap, "d", 128), ==, 64);
  assert_layout (heap, "b@0+64 d@64+128 -@192+64");
  m = metrics (heap);
  g_assert_cmpuint (m.compactions, ==, 1);
  g_assert_cmpuint (m.bytes_moved, ==, 128);
  g_assert_cmpuint (m.realloc_ok, ==, 1);
  g_assert_cmpuint (m.realloc_failed, ==, 0);
  memsim_heap_free (heap);
}

static void
test_auto_compact_realloc_off (void)
{
  MemsimHeap *heap = two_holes_heap (FALSE);
  Snapshot s = snapshot (heap);

  realloc_fails (heap, "d", 128, MEMSIM_ERROR_FRAGMENTED);
  s.metrics.realloc_failed++;
  assert_unchanged (heap, &s);
  memsim_heap_free (heap);
}

/* ---- §5 realloc -------------------------------------------------------- */

static void
test_realloc_shrink_in_place (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_NEXT_FIT, 1024);
  MemsimMetrics m;

  alloc_ok (heap, "a", 128);
  alloc_ok (heap, "b", 64);
  g_assert_cmpuint (realloc_ok (heap, "a", 40), ==, 0);
  assert_layout (heap, "a@0+48 -@48+80 b@128+64 -@192+832");
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 192);
  m = metrics (heap);
  g_assert_cmpuint (m.realloc_ok, ==, 1);
  g_assert_cmpuint (m.bytes_moved, ==, 0);
  g_assert_cmpuint (m.requested, ==, 104);
  memsim_heap_free (heap);
}

static void
test_realloc_shrink_merges_tail (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_ok (heap, "a", 128);
  alloc_ok (heap, "b", 64);
  free_ok (heap, "b");
  realloc_ok (heap, "a", 40);
  assert_layout (heap, "a@0+48 -@48+976");
  realloc_ok (heap, "a", 33);               /* 48 -> 48: no tail */
  assert_layout (heap, "a@0+48 -@48+976");
  g_assert_cmpuint (metrics (heap).requested, ==, 33);
  memsim_heap_free (heap);
}

static void
test_realloc_grow_in_place (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  MemsimMetrics m;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  free_ok (heap, "b");
  g_assert_cmpuint (realloc_ok (heap, "a", 100), ==, 0);
  assert_layout (heap, "a@0+112 -@112+16 c@128+64 -@192+832");
  g_assert_cmpuint (realloc_ok (heap, "a", 128), ==, 0);   /* takes the whole next block */
  assert_layout (heap, "a@0+128 c@128+64 -@192+832");
  m = metrics (heap);
  g_assert_cmpuint (m.bytes_moved, ==, 0);
  g_assert_cmpuint (m.realloc_ok, ==, 2);
  memsim_heap_free (heap);
}

static void
test_realloc_move (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);
  MemsimMetrics m;

  alloc_ok (heap, "a", 50);                 /* 64 */
  alloc_ok (heap, "b", 64);
  g_assert_cmpuint (realloc_ok (heap, "a", 200), ==, 128);
  assert_layout (heap, "-@0+64 b@64+64 a@128+208 -@336+688");
  m = metrics (heap);
  g_assert_cmpuint (m.bytes_moved, ==, 50);  /* the old requested size */
  g_assert_cmpuint (m.realloc_ok, ==, 1);
  g_assert_cmpuint (m.alloc_ok, ==, 2);
  g_assert_cmpuint (memsim_heap_get_rover (heap), ==, 336);
  memsim_heap_free (heap);
}

static void
test_realloc_move_holds_old_block (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_ok (heap, "z", 64);
  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  free_ok (heap, "z");
  /* 0..128 would hold 112 if a were let go first; it is held */
  g_assert_cmpuint (realloc_ok (heap, "a", 100), ==, 192);
  assert_layout (heap, "-@0+128 b@128+64 a@192+112 -@304+720");
  memsim_heap_free (heap);
}

static void
test_realloc_failure_leaves_block (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);
  Snapshot s;

  alloc_ok (heap, "a", 60);
  alloc_ok (heap, "b", 192);
  s = snapshot (heap);
  realloc_fails (heap, "a", 128, MEMSIM_ERROR_NO_SPACE);
  s.metrics.realloc_failed++;               /* and nothing else: not alloc_failed */
  assert_unchanged (heap, &s);
  g_assert_cmpuint (metrics (heap).alloc_failed, ==, 0);
  memsim_heap_free (heap);
}

static void
test_realloc_bad_input (void)
{
  MemsimHeap *heap = one_block_heap ();
  Snapshot s = snapshot (heap);

  realloc_fails (heap, "a", 0, MEMSIM_ERROR_INVALID_SIZE);
  assert_unchanged (heap, &s);              /* refused: no counter */
  s = snapshot (heap);
  realloc_fails (heap, "a", 2000, MEMSIM_ERROR_NO_SPACE);
  s.metrics.realloc_failed++;
  assert_unchanged (heap, &s);
  g_assert_cmpuint (metrics (heap).alloc_failed, ==, 0);
  memsim_heap_free (heap);
}

static void
test_realloc_buddy_keeps_block (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  alloc_ok (heap, "a", 100);
  g_assert_cmpuint (realloc_ok (heap, "a", 120), ==, 0);
  g_assert_cmpuint (realloc_ok (heap, "a", 10), ==, 0);   /* no split on shrink */
  assert_layout (heap, "a@0+128 -@128+128 -@256+256 -@512+512");
  g_assert_cmpuint (metrics (heap).requested, ==, 10);
  g_assert_cmpuint (metrics (heap).bytes_moved, ==, 0);
  g_assert_cmpuint (metrics (heap).realloc_ok, ==, 2);
  memsim_heap_free (heap);
}

static void
test_realloc_buddy_moves (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_BUDDY, 1024);

  alloc_ok (heap, "a", 100);
  realloc_ok (heap, "a", 10);
  alloc_ok (heap, "b", 64);
  assert_layout (heap, "a@0+128 b@128+64 -@192+64 -@256+256 -@512+512");
  /* the free 128 after a is no help: allocate 256, copy, free */
  g_assert_cmpuint (realloc_ok (heap, "a", 200), ==, 256);
  assert_layout (heap, "-@0+128 b@128+64 -@192+64 a@256+256 -@512+512");
  g_assert_cmpuint (metrics (heap).bytes_moved, ==, 10);
  memsim_heap_free (heap);
}

/* ---- §6 metrics --------------------------------------------------------- */

/* a 100 -> 112 @0, b 50 -> 64 @112 (freed), c 200 -> 208 @176 */
static MemsimHeap *
metrics_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 1024);

  alloc_ok (heap, "a", 100);
  alloc_ok (heap, "b", 50);
  alloc_ok (heap, "c", 200);
  free_ok (heap, "b");
  assert_layout (heap, "a@0+112 -@112+64 c@176+208 -@384+640");
  return heap;
}

static void
test_metric_used (void)
{
  MemsimHeap *heap = metrics_heap ();

  g_assert_cmpuint (metrics (heap).used, ==, 320);
  free_ok (heap, "a");
  g_assert_cmpuint (metrics (heap).used, ==, 208);
  memsim_heap_free (heap);
}

static void
test_metric_requested (void)
{
  MemsimHeap *heap = metrics_heap ();

  g_assert_cmpuint (metrics (heap).requested, ==, 300);
  realloc_ok (heap, "a", 90);
  g_assert_cmpuint (metrics (heap).requested, ==, 290);
  memsim_heap_free (heap);
}

static void
test_metric_free (void)
{
  MemsimHeap *heap = metrics_heap ();
  MemsimMetrics m = metrics (heap);

  g_assert_cmpuint (m.free, ==, 704);
  g_assert_cmpuint (m.free, ==, m.total - m.used);
  memsim_heap_free (heap);
}

static void
test_metric_largest_free (void)
{
  MemsimHeap *heap = metrics_heap ();

  g_assert_cmpuint (metrics (heap).largest_free, ==, 640);
  alloc_ok (heap, "d", 600);
  g_assert_cmpuint (metrics (heap).largest_free, ==, 64);
  memsim_heap_free (heap);
}

static void
test_metric_free_blocks (void)
{
  MemsimHeap *heap = metrics_heap ();

  g_assert_cmpuint (metrics (heap).free_blocks, ==, 2);
  g_assert_cmpuint (metrics (heap).live_blocks, ==, 2);
  free_ok (heap, "c");
  g_assert_cmpuint (metrics (heap).free_blocks, ==, 1);
  g_assert_cmpuint (metrics (heap).live_blocks, ==, 1);
  memsim_heap_free (heap);
}

static void
test_metric_external_fragmentation (void)
{
  MemsimHeap *heap = metrics_heap ();
  MemsimHeap *full = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);

  g_assert_cmpfloat_with_epsilon (metrics (heap).external_fragmentation, 1.0 - 640.0 / 704.0, 1e-12);
  alloc_ok (full, "a", 256);
  g_assert_cmpfloat (metrics (full).external_fragmentation, ==, 0.0);   /* free is 0 */
  free_ok (full, "a");
  g_assert_cmpfloat (metrics (full).external_fragmentation, ==, 0.0);   /* one hole */
  memsim_heap_free (heap);
  memsim_heap_free (full);
}

static void
test_metric_internal_fragmentation (void)
{
  MemsimHeap *heap = metrics_heap ();
  MemsimHeap *empty = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);

  g_assert_cmpfloat_with_epsilon (metrics (heap).internal_fragmentation, 20.0 / 320.0, 1e-12);
  g_assert_cmpfloat (metrics (empty).internal_fragmentation, ==, 0.0);  /* used is 0 */
  memsim_heap_free (heap);
  memsim_heap_free (empty);
}

static void
test_metric_high_water (void)
{
  MemsimHeap *heap = metrics_heap ();

  g_assert_cmpuint (metrics (heap).high_water, ==, 384);
  free_ok (heap, "c");
  g_assert_cmpuint (metrics (heap).high_water, ==, 384);   /* ever */
  alloc_ok (heap, "d", 10);
  g_assert_cmpuint (metrics (heap).high_water, ==, 384);
  compact_ok (heap);
  g_assert_cmpuint (metrics (heap).high_water, ==, 384);
  alloc_ok (heap, "e", 500);
  g_assert_cmpuint (metrics (heap).high_water, ==, 640);   /* 128 + 512 */
  memsim_heap_free (heap);
}

static void
test_metric_peak_requested (void)
{
  MemsimHeap *heap = metrics_heap ();

  g_assert_cmpuint (metrics (heap).peak_requested, ==, 350);   /* 100 + 50 + 200 */
  free_ok (heap, "c");
  g_assert_cmpuint (metrics (heap).peak_requested, ==, 350);
  alloc_ok (heap, "d", 300);
  g_assert_cmpuint (metrics (heap).peak_requested, ==, 400);
  memsim_heap_free (heap);
}

static void
test_metric_heap_overhead (void)
{
  MemsimHeap *heap = metrics_heap ();
  MemsimHeap *empty = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);

  g_assert_cmpfloat_with_epsilon (metrics (heap).heap_overhead, (384.0 - 350.0) / 350.0, 1e-12);
  g_assert_cmpfloat (metrics (empty).heap_overhead, ==, 0.0);   /* peak_requested 0 */
  memsim_heap_free (heap);
  memsim_heap_free (empty);
}

static void
test_metric_counts (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);
  MemsimCompactResult r;
  MemsimMetrics m;

  alloc_ok (heap, "a", 64);
  alloc_ok (heap, "b", 64);
  alloc_ok (heap, "c", 64);
  alloc_ok (heap, "d", 64);
  alloc_fails (heap, "e", 16, MEMSIM_ERROR_NO_SPACE);
  free_ok (heap, "a");
  free_ok (heap, "c");
  alloc_fails (heap, "e", 128, MEMSIM_ERROR_FRAGMENTED);
  alloc_fails (heap, "f", 1000, MEMSIM_ERROR_NO_SPACE);
  free_fails (heap, "ghost", MEMSIM_ERROR_UNKNOWN_NAME);
  realloc_ok (heap, "b", 32);
  assert_layout (heap, "-@0+64 b@64+32 -@96+96 d@192+64");
  realloc_fails (heap, "ghost", 10, MEMSIM_ERROR_UNKNOWN_NAME);
  realloc_fails (heap, "b", 200, MEMSIM_ERROR_NO_SPACE);   /* 160 free + 32 own < 208 */
  r = compact_ok (heap);
  g_assert_cmpuint (r.bytes_moved, ==, 96);
  assert_layout (heap, "b@0+32 d@32+64 -@96+160");
  g_assert_cmpuint (realloc_ok (heap, "b", 100), ==, 96);
  assert_layout (heap, "-@0+32 d@32+64 b@96+112 -@208+48");

  m = metrics (heap);
  g_assert_cmpuint (m.alloc_ok, ==, 4);
  g_assert_cmpuint (m.alloc_failed, ==, 3);
  g_assert_cmpuint (m.failed_no_space, ==, 2);
  g_assert_cmpuint (m.failed_fragmented, ==, 1);
  g_assert_cmpuint (m.free_ok, ==, 2);
  g_assert_cmpuint (m.free_failed, ==, 1);
  g_assert_cmpuint (m.realloc_ok, ==, 2);
  g_assert_cmpuint (m.realloc_failed, ==, 2);
  g_assert_cmpuint (m.compactions, ==, 1);
  g_assert_cmpuint (m.bytes_moved, ==, 128);   /* 96 compacted + 32 copied */
  memsim_heap_free (heap);
}

static void
test_metric_after_reset (void)
{
  MemsimHeap *heap = metrics_heap ();
  GError *error = NULL;
  MemsimMetrics m;

  g_assert_true (memsim_heap_reset (heap, 0, &error));
  g_assert_no_error (error);
  check_heap (heap);
  assert_layout (heap, "-@0+1024");
  m = metrics (heap);
  g_assert_cmpuint (m.total, ==, 1024);
  g_assert_cmpuint (m.used, ==, 0);
  g_assert_cmpuint (m.free, ==, 1024);
  g_assert_cmpuint (m.high_water, ==, 0);
  g_assert_cmpuint (m.peak_requested, ==, 0);
  g_assert_cmpuint (m.alloc_ok, ==, 0);
  g_assert_cmpuint (m.free_ok, ==, 0);
  g_assert_true (memsim_heap_reset (heap, 2048, &error));
  g_assert_no_error (error);
  check_heap (heap);
  assert_layout (heap, "-@0+2048");
  g_assert_cmpuint (metrics (heap).total, ==, 2048);
  memsim_heap_free (heap);
}

static void
test_copy_is_independent (void)
{
  MemsimHeap *heap = metrics_heap ();
  MemsimHeap *copy = memsim_heap_copy (heap);
  MemsimMetrics a, b;

  check_heap (copy);
  alloc_ok (heap, "d", 10);
  free_ok (heap, "a");
  assert_layout (copy, "a@0+112 -@112+64 c@176+208 -@384+640");
  a = metrics (copy);
  free_ok (copy, "a");
  free_ok (copy, "c");
  assert_layout (copy, "-@0+1024");
  assert_layout (heap, "-@0+112 d@112+16 -@128+48 c@176+208 -@384+640");
  b = metrics (copy);
  g_assert_cmpuint (a.free_ok + 2, ==, b.free_ok);
  memsim_heap_free (copy);
  memsim_heap_free (heap);
}

/* ---- sizes ------------------------------------------------------------- */

static void
assert_size (const char *text, guint64 expected)
{
  GError *error = NULL;
  guint64 size = 0;

  g_assert_true (memsim_parse_size (text, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, expected);
}

static void
assert_bad_size (const char *text)
{
  GError *error = NULL;
  guint64 size = 777;

  g_assert_false (memsim_parse_size (text, &size, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE);
  g_clear_error (&error);
}

static void
test_parse_size_plain (void)
{
  assert_size ("1", 1);
  assert_size ("4096", 4096);
  assert_size ("18446744073709551615", G_MAXUINT64);
}

static void
test_parse_size_suffixes (void)
{
  assert_size ("1K", 1024);
  assert_size ("4k", 4096);
  assert_size ("2M", 2 * MiB);
  assert_size ("3m", 3 * MiB);
  assert_size ("1G", 1024 * MiB);
  assert_size ("3g", 3 * 1024 * MiB);
  assert_size ("1536K", 1536 * KiB);
}

static void
test_parse_size_iec_suffixes (void)
{
  assert_size ("1KiB", 1024);
  assert_size ("1kib", 1024);
  assert_size ("1KIB", 1024);
  assert_size ("2MiB", 2 * MiB);
  assert_size ("2mIb", 2 * MiB);
  assert_size ("1GiB", 1024 * MiB);
  assert_size ("1gib", 1024 * MiB);
}

static void
test_parse_size_overflow (void)
{
  assert_bad_size ("18446744073709551616");        /* 2^64 */
  assert_bad_size ("99999999999999999999999");
  assert_bad_size ("17179869184G");                /* 2^34 G = 2^64 */
  assert_bad_size ("18014398509481984K");          /* 2^54 K = 2^64 */
  assert_size ("18014398509481983K", G_MAXUINT64 - 1023);
}

static void
test_parse_size_negative (void)
{
  assert_bad_size ("-1");
  assert_bad_size ("-1K");
}

static void
test_parse_size_non_numeric (void)
{
  assert_bad_size ("abc");
  assert_bad_size ("K");
  assert_bad_size ("KiB");
  assert_bad_size ("1.5M");
}

static void
test_parse_size_empty (void)
{
  assert_bad_size ("");
}

static void
test_parse_size_trailing_junk (void)
{
  assert_bad_size ("12abc");
  assert_bad_size ("1Kx");
  assert_bad_size ("1KiBs");
  assert_bad_size ("4 bytes");
  assert_bad_size ("1MM");
}

/* ---- inspection ------------------------------------------------------- */

/* a 96 pow2 -> 128 @0 (waste 32), b 20 -> 32 @128 (waste 12), free 96 */
static MemsimHeap *
inspect_heap (void)
{
  MemsimHeap *heap = heap_new (MEMSIM_POLICY_FIRST_FIT, 256);

  alloc_round (heap, "a", 96, MEMSIM_ROUND_POW2);
  alloc_ok (heap, "b", 20);
  assert_layout (heap, "a@0+128 b@128+32 -@160+96");
  return heap;
}

static void
assert_column (const MemsimColumn *c, guint64 used, guint64 free_, guint64 waste, guint n_blocks)
{
  g_assert_cmpuint (c->used, ==, used);
  g_assert_cmpuint (c->free, ==, free_);
  g_assert_cmpuint (c->waste, ==, waste);
  g_assert_cmpuint (c->n_blocks, ==, n_blocks);
}

static void
test_aggregate_hand_made (void)
{
  MemsimHeap *heap = inspect_heap ();
  MemsimColumn cols[4], one;

  memsim_heap_aggregate (heap, 0, 256, 4, cols);
  /* Waste lies where it is: a's 32 bytes past its 96 requested. */
  assert_column (&cols[0], 64, 0, 0, 1);
  assert_column (&cols[1], 64, 0, 32, 1);
  assert_column (&cols[2], 32, 32, 12, 2);
  assert_column (&cols[3], 0, 64, 0, 1);
  memsim_heap_aggregate (heap, 0, 256, 1, &one);
  assert_column (&one, 160, 96, 44, 3);
  memsim_heap_free (heap);
}

static void
test_aggregate_columns_sum_to_range (void)
{
  MemsimHeap *heap = holes_heap (MEMSIM_POLICY_FIRST_FIT);
  MemsimMetrics m = metrics (heap);
  MemsimColumn cols[16];
  guint64 used = 0, free_ = 0;

  memsim_heap_aggregate (heap, 0, 1024, 16, cols);
  for (guint i = 0; i < 16; i++)
    {
      g_assert_cmpuint (cols[i].used + cols[i].free, ==, 64);
      used += cols[i].used;
      free_ += cols[i].free;
    }
  g_assert_cmpuint (used, ==, m.used);
  g_assert_cmpuint (free_, ==, m.free);

  memsim_heap_aggregate (heap, 100, 900, 8, cols);
  used = 0;
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpuint (cols[i].used + cols[i].free, ==, 100);
      used += cols[i].used;
    }
  /* x1 from 100, x2, x3, x4 whole: 28 + 64 * 3 */
  g_assert_cmpuint (used, ==, 220);
  memsim_heap_free (heap);
}

static gboolean
stop_after_one (const MemsimBlockInfo *b, gpointer user_data)
{
  (*(guint *) user_data)++;
  return FALSE;
}

static char *
walk_string (MemsimHeap *heap, guint64 start, guint64 end)
{
  GString *s = g_string_new (NULL);

  memsim_heap_walk (heap, start, end, append_block, s);
  return g_string_free (s, FALSE);
}

#define assert_walk(heap, start, end, expected)          \
  G_STMT_START {                                         \
    char *_w = walk_string (heap, start, end);           \
    g_assert_cmpstr (_w, ==, expected);                  \
    g_free (_w);                                         \
  } G_STMT_END

static void
test_walk_range (void)
{
  MemsimHeap *heap = inspect_heap ();
  guint calls = 0;

  assert_walk (heap, 100, 150, "a@0+128 b@128+32");
  assert_walk (heap, 128, 129, "b@128+32");
  assert_walk (heap, 127, 128, "a@0+128");
  assert_walk (heap, 160, 256, "-@160+96");
  assert_walk (heap, 159, 161, "b@128+32 -@160+96");
  memsim_heap_walk (heap, 0, 256, stop_after_one, &calls);
  g_assert_cmpuint (calls, ==, 1);
  memsim_heap_free (heap);
}

static void
assert_info (const MemsimBlockInfo *info, guint64 start, guint64 size, guint64 requested,
             const char *name)
{
  g_assert_cmpuint (info->start, ==, start);
  g_assert_cmpuint (info->size, ==, size);
  g_assert_cmpuint (info->requested, ==, requested);
  g_assert_cmpstr (info->name, ==, name);
  g_assert_true (!info->free == (name != NULL));
}

static void
test_lookup_address (void)
{
  MemsimHeap *heap = inspect_heap ();
  MemsimBlockInfo info;

  g_assert_true (memsim_heap_lookup_address (heap, 0, &info));
  assert_info (&info, 0, 128, 96, "a");
  g_assert_true (memsim_heap_lookup_address (heap, 127, &info));
  assert_info (&info, 0, 128, 96, "a");
  g_assert_true (memsim_heap_lookup_address (heap, 128, &info));
  assert_info (&info, 128, 32, 20, "b");
  g_assert_true (memsim_heap_lookup_address (heap, 159, &info));
  assert_info (&info, 128, 32, 20, "b");
  g_assert_true (memsim_heap_lookup_address (heap, 160, &info));
  assert_info (&info, 160, 96, 0, NULL);
  g_assert_true (memsim_heap_lookup_address (heap, 255, &info));
  assert_info (&info, 160, 96, 0, NULL);
  g_assert_false (memsim_heap_lookup_address (heap, 256, &info));
  memsim_heap_free (heap);
}

static void
test_lookup_name_and_id (void)
{
  MemsimHeap *heap = inspect_heap ();
  MemsimBlockInfo info;
  MemsimBlockId id;
  GError *error = NULL;

  g_assert_true (memsim_heap_lookup_name (heap, "a", &info));
  assert_info (&info, 0, 128, 96, "a");
  g_assert_false (memsim_heap_lookup_name (heap, "zzz", &info));
  g_assert_true (memsim_heap_alloc (heap, "c", 8, MEMSIM_ROUND_DEFAULT, &id, &error));
  g_assert_no_error (error);
  check_heap (heap);
  g_assert_true (memsim_heap_get_block (heap, id, &info));
  assert_info (&info, 160, 16, 8, "c");
  g_assert_cmpuint (info.id, ==, id);
  memsim_heap_free (heap);
}

/* A replay's heap indexes only its free blocks by address
 * (memsim_heap_set_live_indexed): every rule still holds, through a heap
 * with no free block at all, a free with no free neighbour, merges and
 * realloc in place; the first walk indexes the live blocks again. */
static void
test_free_blocks_only (void)
{
  for (MemsimPolicy policy = 0; policy < MEMSIM_N_POLICIES; policy++)
    {
      MemsimHeap *heap = heap_new (policy, 4 * KiB);
      MemsimMetrics m;
      gboolean buddy = policy == MEMSIM_POLICY_BUDDY;

      memsim_heap_set_live_indexed (heap, FALSE);
      check_heap (heap);
      g_assert_cmpuint (alloc_ok (heap, "all", 4 * KiB), ==, 0);
      m = metrics (heap);
      g_assert_cmpuint (m.free_blocks, ==, 0);
      g_assert_cmpuint (m.largest_free, ==, 0);
      g_assert_cmpuint (memsim_heap_get_n_blocks (heap), ==, 1);
      free_ok (heap, "all");
      g_assert_cmpuint (alloc_ok (heap, "a", 1 * KiB), ==, 0);
      g_assert_cmpuint (alloc_ok (heap, "b", 1 * KiB), ==, 1 * KiB);
      g_assert_cmpuint (alloc_ok (heap, "c", 1 * KiB), ==, 2 * KiB);
      free_ok (heap, "b");   /* neither neighbour is free */
      free_ok (heap, "a");   /* merges with the block after it */
      realloc_ok (heap, "c", buddy ? 2 * KiB : 2000);
      g_assert_false (memsim_heap_get_live_indexed (heap));
      m = metrics (heap);
      g_assert_cmpuint (memsim_heap_get_n_blocks (heap), ==, buddy ? 2 : 3);
      if (buddy)
        /* c cannot grow in place under buddy: it moves to the free half */
        assert_layout (heap, "c@0+2048 -@2048+2048");
      else
        assert_layout (heap, "-@0+2048 c@2048+2000 -@4048+48");
      g_assert_true (memsim_heap_get_live_indexed (heap));
      g_assert_cmpuint (m.free_blocks, ==, buddy ? 1 : 2);
      check_heap (heap);
      memsim_heap_free (heap);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* §1 */
  g_test_add_func ("/core/heap/config/defaults", test_config_defaults);
  g_test_add_func ("/core/heap/new/one-free-block", test_new_one_free_block);
  g_test_add_func ("/core/heap/align/request-rounded-up", test_align_request_rounded_up);
  g_test_add_func ("/core/heap/align/blocks-start-aligned", test_align_blocks_start_aligned);
  g_test_add_func ("/core/heap/align/one", test_align_one);
  g_test_add_func ("/core/heap/header/added-before-rounding", test_header_added_before_rounding);
  g_test_add_func ("/core/heap/round-pow2/heap-setting", test_round_pow2_heap_setting);
  g_test_add_func ("/core/heap/round-pow2/after-header-and-align", test_round_pow2_after_header_and_align);
  g_test_add_func ("/core/heap/round-pow2/per-request-override", test_round_pow2_per_request);
  g_test_add_func ("/core/heap/rounded-size", test_rounded_size);
  g_test_add_func ("/core/heap/bad-input/size-zero", test_bad_size_zero);
  g_test_add_func ("/core/heap/bad-input/larger-than-total", test_bad_size_larger_than_total);
  g_test_add_func ("/core/heap/bad-input/rounded-larger-than-total", test_bad_size_rounded_larger_than_total);
  g_test_add_func ("/core/heap/bad-input/duplicate-name", test_bad_duplicate_name);
  g_test_add_func ("/core/heap/bad-input/control-char-name", test_bad_control_char_name);
  g_test_add_func ("/core/heap/bad-input/name-too-long", test_bad_name_too_long);
  g_test_add_func ("/core/heap/bad-input/empty-or-invalid-utf8-name", test_bad_empty_and_invalid_utf8_name);
  g_test_add_func ("/core/heap/bad-input/unknown-name", test_bad_unknown_name);
  g_test_add_func ("/core/heap/bad-input/live-limit", test_bad_live_limit);
  g_test_add_func ("/core/names/is-valid", test_name_is_valid);
  /* §2 */
  g_test_add_func ("/core/heap/place/low-end", test_place_low_end);
  g_test_add_func ("/core/heap/coalesce/both-sides", test_coalesce_both_sides);
  g_test_add_func ("/core/heap/coalesce/with-next", test_coalesce_with_next);
  g_test_add_func ("/core/heap/coalesce/with-prev", test_coalesce_with_prev);
  g_test_add_func ("/core/heap/first-fit/lowest-address", test_first_fit_lowest_address);
  g_test_add_func ("/core/heap/best-fit-and-buddy/size-keys-either-spelling", test_size_keys_either_spelling);
  g_test_add_func ("/core/heap/next-fit/starts-at-rover", test_next_fit_starts_at_rover);
  g_test_add_func ("/core/heap/next-fit/rover-wraps", test_next_fit_rover_wraps);
  g_test_add_func ("/core/heap/next-fit/rover-inside-free-block", test_next_fit_rover_inside_free_block);
  g_test_add_func ("/core/heap/next-fit/rover-inside-live-block", test_next_fit_rover_inside_live_block);
  g_test_add_func ("/core/heap/next-fit/rover-set-by-placement", test_next_fit_rover_set_by_placement);
  g_test_add_func ("/core/heap/next-fit/rover-is-an-address", test_next_fit_rover_is_an_address);
  g_test_add_func ("/core/heap/best-fit/smallest", test_best_fit_smallest);
  g_test_add_func ("/core/heap/best-fit/tie-lowest-address", test_best_fit_tie_lowest_address);
  g_test_add_func ("/core/heap/worst-fit/largest", test_worst_fit_largest);
  g_test_add_func ("/core/heap/worst-fit/tie-lowest-address", test_worst_fit_tie_lowest_address);
  g_test_add_func ("/core/heap/policy/switch-fits-any-time", test_policy_switch_fits_any_time);
  g_test_add_func ("/core/heap/policy/buddy-needs-empty-heap", test_policy_buddy_needs_empty_heap);
  g_test_add_func ("/core/heap/settings/need-empty-heap", test_settings_need_empty_heap);
  g_test_add_func ("/core/heap/settings/invalid", test_settings_invalid);
  /* §3 */
  g_test_add_func ("/core/heap/buddy/roots-1536k", test_buddy_roots_1536k);
  g_test_add_func ("/core/heap/buddy/unusable-tail", test_buddy_unusable_tail);
  g_test_add_func ("/core/heap/buddy/request-rounding", test_buddy_request_rounding);
  g_test_add_func ("/core/heap/buddy/split-keeps-lower-half", test_buddy_split_keeps_lower_half);
  g_test_add_func ("/core/heap/buddy/smallest-order-lowest-address", test_buddy_smallest_order_lowest_address);
  g_test_add_func ("/core/heap/buddy/merge", test_buddy_merge);
  g_test_add_func ("/core/heap/buddy/merge-needs-same-order", test_buddy_merge_needs_same_order);
  g_test_add_func ("/core/heap/buddy/no-merge-across-roots", test_buddy_no_merge_across_roots);
  g_test_add_func ("/core/heap/buddy/tree", test_buddy_tree);
  g_test_add_func ("/core/heap/buddy/tree-range", test_buddy_tree_range);
  /* §4 */
  g_test_add_func ("/core/heap/compact/order-and-bytes-moved", test_compact_order_and_bytes_moved);
  g_test_add_func ("/core/heap/compact/nothing-to-compact", test_compact_nothing_to_compact);
  g_test_add_func ("/core/heap/compact/nothing-moves", test_compact_nothing_moves);
  g_test_add_func ("/core/heap/compact/rover-stays", test_compact_rover_stays);
  g_test_add_func ("/core/heap/compact/buddy-largest-first", test_compact_buddy_largest_first);
  g_test_add_func ("/core/heap/compact/buddy-ties-by-address", test_compact_buddy_ties_by_address);
  g_test_add_func ("/core/heap/auto-compact/alloc", test_auto_compact_alloc);
  g_test_add_func ("/core/heap/auto-compact/off", test_auto_compact_off);
  g_test_add_func ("/core/heap/auto-compact/not-on-no-space", test_auto_compact_not_on_no_space);
  g_test_add_func ("/core/heap/auto-compact/realloc", test_auto_compact_realloc);
  g_test_add_func ("/core/heap/auto-compact/realloc-off", test_auto_compact_realloc_off);
  /* §5 */
  g_test_add_func ("/core/heap/realloc/shrink-in-place", test_realloc_shrink_in_place);
  g_test_add_func ("/core/heap/realloc/shrink-merges-tail", test_realloc_shrink_merges_tail);
  g_test_add_func ("/core/heap/realloc/grow-in-place", test_realloc_grow_in_place);
  g_test_add_func ("/core/heap/realloc/move", test_realloc_move);
  g_test_add_func ("/core/heap/realloc/move-holds-old-block", test_realloc_move_holds_old_block);
  g_test_add_func ("/core/heap/realloc/failure-leaves-block", test_realloc_failure_leaves_block);
  g_test_add_func ("/core/heap/realloc/bad-input", test_realloc_bad_input);
  g_test_add_func ("/core/heap/realloc/buddy-keeps-block", test_realloc_buddy_keeps_block);
  g_test_add_func ("/core/heap/realloc/buddy-moves", test_realloc_buddy_moves);
  /* §6 */
  g_test_add_func ("/core/heap/metrics/used", test_metric_used);
  g_test_add_func ("/core/heap/metrics/requested", test_metric_requested);
  g_test_add_func ("/core/heap/metrics/free", test_metric_free);
  g_test_add_func ("/core/heap/metrics/largest-free", test_metric_largest_free);
  g_test_add_func ("/core/heap/metrics/free-blocks", test_metric_free_blocks);
  g_test_add_func ("/core/heap/metrics/external-fragmentation", test_metric_external_fragmentation);
  g_test_add_func ("/core/heap/metrics/internal-fragmentation", test_metric_internal_fragmentation);
  g_test_add_func ("/core/heap/metrics/high-water", test_metric_high_water);
  g_test_add_func ("/core/heap/metrics/peak-requested", test_metric_peak_requested);
  g_test_add_func ("/core/heap/metrics/heap-overhead", test_metric_heap_overhead);
  g_test_add_func ("/core/heap/metrics/counts", test_metric_counts);
  g_test_add_func ("/core/heap/metrics/after-reset", test_metric_after_reset);
  g_test_add_func ("/core/heap/copy", test_copy_is_independent);
  /* sizes */
  g_test_add_func ("/core/parse-size/plain", test_parse_size_plain);
  g_test_add_func ("/core/parse-size/suffixes", test_parse_size_suffixes);
  g_test_add_func ("/core/parse-size/iec-suffixes", test_parse_size_iec_suffixes);
  g_test_add_func ("/core/parse-size/overflow", test_parse_size_overflow);
  g_test_add_func ("/core/parse-size/negative", test_parse_size_negative);
  g_test_add_func ("/core/parse-size/non-numeric", test_parse_size_non_numeric);
  g_test_add_func ("/core/parse-size/empty", test_parse_size_empty);
  g_test_add_func ("/core/parse-size/trailing-junk", test_parse_size_trailing_junk);
  /* inspection */
  g_test_add_func ("/core/heap/aggregate/hand-made", test_aggregate_hand_made);
  g_test_add_func ("/core/heap/aggregate/columns-sum-to-range", test_aggregate_columns_sum_to_range);
  g_test_add_func ("/core/heap/walk/range", test_walk_range);
  g_test_add_func ("/core/heap/lookup/address", test_lookup_address);
  g_test_add_func ("/core/heap/lookup/name-and-id", test_lookup_name_and_id);
  g_test_add_func ("/core/heap/trace-ids-as-names", test_trace_ids_as_names);
  g_test_add_func ("/core/heap/free-blocks-only", test_free_blocks_only);

  return g_test_run ();
}
