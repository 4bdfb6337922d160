/* test-differential.c: the engine against the naive model (SEMANTICS.md §2)
 *
 * /oracle/<policy>: a million random operations per policy, spread over
 * several configurations; after every operation the engine's outcome (success,
 * error code, the block it names) must equal the model's and
 * memsim_heap_check () must pass; every 1000 operations the whole block
 * list, the metrics and (buddy) the split tree must be identical; every
 * 50000 operations the test carries on with memsim_heap_copy () of the heap.
 * The engine's address index holds every block for one stretch of 1000
 * operations and only the free blocks for the next (a replay's heap,
 * memsim_heap_set_live_indexed ()); the comparisons by address between
 * them turn the live blocks' entries back on, so both conversions are
 * checked a thousand times per policy.
 *
 * /oracle/traces/<policy>: every CS:APP malloc-lab trace in
 * $MEMSIM_TRACES/malloclab through both: 64 MiB (everything fits), 1 MiB
 * (many failures), 1 MiB with a header and auto-compact.
 *
 * Reproduce a failure with the seed it prints:
 *   MEMSIM_SEED=N build/tests/oracle/test-differential -p /oracle/best-fit
 * MEMSIM_ORACLE_OPS=N changes the number of random operations per policy.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "memsim-heap.h"
#include "naive-heap.h"

#define DEFAULT_SEED   G_GUINT64_CONSTANT (20241122)
#define DEFAULT_OPS    1000000
#define FULL_EVERY     1000
#define COPY_EVERY     50000   /* carry on with a memsim_heap_copy () of the heap */
#define RING_SIZE      32
#define RING_SHOW      20
#define NAME_POOL      4096

typedef struct {
  const char *label;
  guint64     total;
  guint64     align;
  guint64     header;
  guint64     min_block;
  gboolean    round_pow2;
  gboolean    auto_compact;
} Config;

static const Config fit_configs[] = {
  { "1MiB-a16",              1 << 20,                16,   0,  64, FALSE, FALSE },
  { "256KiB+1000-a8-h16-ac", (256 << 10) + 1000,      8,  16,  64, FALSE, TRUE  },
  { "2MiB-a64-h8-pow2-ac",   2 << 20,                64,   8,  64, TRUE,  TRUE  },
  { "64KiB-a1",              64 << 10,                1,   0,  16, FALSE, FALSE },
  { "4MiB-4080-a256-h24-ac", (4 << 20) - 4080,      256,  24, 256, FALSE, TRUE  },
};

static const Config buddy_configs[] = {
  { "1MiB-m64",              1 << 20,                16,   0,   64, FALSE, FALSE },
  { "1536KiB-m256-h16-ac",   1536 << 10,             16,  16,  256, FALSE, TRUE  },
  { "1MiB+4196-m64-h8-ac",   (1 << 20) + 4096 + 100,  8,   8,   64, FALSE, TRUE  },
  { "3MiB+48KiB+7-m4096",    (3 << 20) + (48 << 10) + 7, 4096, 0, 4096, FALSE, FALSE },
  { "64KiB-m16-a1-ac",       64 << 10,                1,   0,   16, TRUE,  TRUE  },
};

/* Totals a random reset may switch to. */
static const guint64 reset_totals[] = {
  64 << 10, (64 << 10) + 100, 1 << 20, 1536 << 10, (1 << 20) + 4096 + 100, (3 << 20) + 7,
};

static const char *const policy_names[] = {
  "first-fit", "next-fit", "best-fit", "worst-fit", "buddy",
};

static const char *const error_names[] = {
  "INVALID_SIZE", "INVALID_NAME", "ALREADY_ALLOCATED", "UNKNOWN_NAME", "NO_SPACE",
  "FRAGMENTED", "NOTHING_TO_COMPACT", "NOT_EMPTY", "INVALID_SETTING", "SYNTAX",
  "LIMIT", "IO", "NOT_LIVE",
};

enum { KIND_ALLOC, KIND_FREE, KIND_REALLOC, KIND_COMPACT, KIND_SETTING, KIND_POLICY, KIND_RESET, N_KINDS };
static const char *const kind_names[N_KINDS] = {
  "alloc", "free", "realloc", "compact", "set", "policy", "reset",
};

typedef struct {
  MemsimPolicy  main_policy;  /* the policy under test */
  const char   *test_path;
  const char   *config_label;
  MemsimHeap   *heap;
  NaiveHeap    *model;
  GRand        *rand;
  guint64       seed;
  guint64       op_index;     /* operations since the test case began */
  gboolean      check_every_op;
  guint64       n_full;       /* compare_full () calls: even, every block indexed */
  char          ring[RING_SIZE][512];
  guint64       ring_count;
  /* coverage: outcomes per operation kind, index code + 1 (0 is success) */
  guint64       outcomes[N_KINDS][G_N_ELEMENTS (error_names) + 1];
  guint64       live_sum;      /* sum of live blocks after every operation */
  guint64       compactions;   /* all compactions of closed heaps and resets */
  guint64       realloc_moved;
  guint64       realloc_in_place;
  guint64       max_live;
  gboolean      growing;
} Diff;

/* ---- reporting ---------------------------------------------------------- */

static guint64
seed_from_env (void)
{
  const char *text = g_getenv ("MEMSIM_SEED");

  return text && *text ? g_ascii_strtoull (text, NULL, 0) : DEFAULT_SEED;
}

static guint64
ops_from_env (void)
{
  const char *text = g_getenv ("MEMSIM_ORACLE_OPS");

  return text && *text ? g_ascii_strtoull (text, NULL, 0) : DEFAULT_OPS;
}

static const char *
code_name (int code)
{
  if (code == NAIVE_OK)
    return "OK";
  if (code >= 0 && code < (int) G_N_ELEMENTS (error_names))
    return error_names[code];
  return "?";
}

static void
diff_log (Diff *d, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
diff_log (Diff *d, const char *format, ...)
{
  char *slot = d->ring[d->ring_count % RING_SIZE];
  va_list args;
  int n;

  n = g_snprintf (slot, sizeof d->ring[0], "#%" G_GUINT64_FORMAT " ", d->op_index);
  va_start (args, format);
  g_vsnprintf (slot + n, sizeof d->ring[0] - n, format, args);
  va_end (args);
  d->ring_count++;
}

/* A name as it appears in the log: escaped, long ones cut short. */
static char *
show_name (const char *name)
{
  char *escaped = g_strescape (name, NULL);
  char *shown;

  if (strlen (escaped) > 40)
    shown = g_strdup_printf ("\"%.24s...\"(%zu bytes)", escaped, strlen (name));
  else
    shown = g_strdup_printf ("\"%s\"", escaped);
  g_free (escaped);
  return shown;
}

typedef struct {
  guint64  start;
  guint64  size;
  guint64  requested;
  gboolean free;
  gboolean unusable;
  char    *name;
} Block;

static void
block_clear (gpointer data)
{
  g_free (((Block *) data)->name);
}

static gboolean
collect_block (const MemsimBlockInfo *info, gpointer user_data)
{
  Block b = { info->start, info->size, info->requested, info->free, info->unusable,
              g_strdup (info->name) };

  g_array_append_val ((GArray *) user_data, b);
  return TRUE;
}

static GArray *
engine_blocks (MemsimHeap *heap)
{
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (Block));

  g_array_set_clear_func (blocks, block_clear);
  memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, collect_block, blocks);
  return blocks;
}

static void
print_layouts (Diff *d, guint from)
{
  GArray *eb = engine_blocks (d->heap);
  guint n_model = naive_heap_n_blocks (d->model);

  g_printerr ("   model: %u blocks, engine: %u blocks (from index %u)\n", n_model, eb->len, from);
  for (guint i = from; i < from + 24 && (i < n_model || i < eb->len); i++)
    {
      char mtext[128] = "-", etext[128] = "-";

      if (i < n_model)
        {
          const NaiveBlock *m = naive_heap_block (d->model, i);
          g_snprintf (mtext, sizeof mtext, "%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT " %s r=%" G_GUINT64_FORMAT,
                      m->start, m->size, m->name ? m->name : (m->unusable ? "(unusable)" : "(free)"),
                      m->requested);
        }
      if (i < eb->len)
        {
          const Block *e = &g_array_index (eb, Block, i);
          g_snprintf (etext, sizeof etext, "%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT " %s r=%" G_GUINT64_FORMAT,
                      e->start, e->size, e->name ? e->name : (e->unusable ? "(unusable)" : "(free)"),
                      e->requested);
        }
      g_printerr ("   [%4u] model %-44.44s | engine %.44s\n", i, mtext, etext);
    }
  g_array_unref (eb);
}

static void
diff_fail (Diff *d, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
diff_fail (Diff *d, const char *format, ...)
{
  va_list args;
  char *message;
  guint64 first;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("\n*** engine and model disagree: %s\n", message);
  g_printerr ("   test %s, config %s, seed %" G_GUINT64_FORMAT ", at op #%" G_GUINT64_FORMAT "\n",
              d->test_path, d->config_label, d->seed, d->op_index);
  g_printerr ("   reproduce: MEMSIM_SEED=%" G_GUINT64_FORMAT " test-differential -p %s\n",
              d->seed, d->test_path);
  g_printerr ("   heap: policy %s total %" G_GUINT64_FORMAT " align %" G_GUINT64_FORMAT
              " header %" G_GUINT64_FORMAT " min_block %" G_GUINT64_FORMAT " round_pow2 %d auto_compact %d rover %" G_GUINT64_FORMAT "\n",
              policy_names[d->model->config.policy], d->model->config.total, d->model->config.align,
              d->model->config.header, d->model->config.min_block, d->model->config.round_pow2,
              d->model->config.auto_compact, d->model->rover);
  g_printerr ("   last operations:\n");
  first = d->ring_count > RING_SHOW ? d->ring_count - RING_SHOW : 0;
  for (guint64 i = first; i < d->ring_count; i++)
    g_printerr ("     %s\n", d->ring[i % RING_SIZE]);
  print_layouts (d, 0);
  g_free (message);
  g_assert_not_reached ();
}

/* ---- comparing ---------------------------------------------------------- */

static int
engine_code (Diff *d, const char *what, gboolean ok, GError *error)
{
  int code;

  if (ok)
    {
      if (error != NULL)
        diff_fail (d, "%s succeeded but set an error: %s", what, error->message);
      return NAIVE_OK;
    }
  if (error == NULL)
    diff_fail (d, "%s failed without a GError", what);
  if (error->domain != MEMSIM_ERROR)
    diff_fail (d, "%s failed in domain %s: %s", what, g_quark_to_string (error->domain), error->message);
  code = error->code;
  g_error_free (error);
  return code;
}

static void
expect_code (Diff *d, guint kind, int model, int engine)
{
  if (model != engine)
    diff_fail (d, "%s: model says %s, engine says %s", kind_names[kind], code_name (model), code_name (engine));
  d->outcomes[kind][model + 1]++;
}

static void
report_coverage (Diff *d)
{
  for (guint k = 0; k < N_KINDS; k++)
    {
      GString *s = g_string_new (NULL);

      for (guint c = 0; c < G_N_ELEMENTS (d->outcomes[k]); c++)
        if (d->outcomes[k][c] > 0)
          g_string_append_printf (s, " %s=%" G_GUINT64_FORMAT, code_name ((int) c - 1), d->outcomes[k][c]);
      g_test_message ("  %-8s%s", kind_names[k], s->str);
      g_string_free (s, TRUE);
    }
  g_test_message ("  compactions: %" G_GUINT64_FORMAT " automatic; realloc: %" G_GUINT64_FORMAT
                  " in place, %" G_GUINT64_FORMAT " moved",
                  d->compactions - d->outcomes[KIND_COMPACT][0], d->realloc_in_place, d->realloc_moved);
  g_test_message ("  live blocks: mean %.0f, max %" G_GUINT64_FORMAT,
                  d->op_index ? (double) d->live_sum / d->op_index : 0.0, d->max_live);
}

static void
compare_info (Diff *d, const char *what, const NaiveBlock *m, const MemsimBlockInfo *e)
{
  gboolean m_free = m->name == NULL;

  if (m->start != e->start || m->size != e->size || m->requested != e->requested
      || m_free != !!e->free || m->unusable != !!e->unusable
      || g_strcmp0 (m->name, e->name) != 0)
    diff_fail (d, "%s: model block %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT " requested %" G_GUINT64_FORMAT
               " free %d unusable %d name %s; engine %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT
               " requested %" G_GUINT64_FORMAT " free %d unusable %d name %s",
               what, m->start, m->size, m->requested, m_free, m->unusable, m->name ? m->name : "(null)",
               e->start, e->size, e->requested, e->free, e->unusable, e->name ? e->name : "(null)");
}

static void
compare_walk (Diff *d)
{
  GArray *eb = engine_blocks (d->heap);
  guint n = naive_heap_n_blocks (d->model);

  for (guint i = 0; i < MIN (n, eb->len); i++)
    {
      const NaiveBlock *m = naive_heap_block (d->model, i);
      const Block *e = &g_array_index (eb, Block, i);

      if (m->start != e->start || m->size != e->size || m->requested != e->requested
          || (m->name == NULL) != !!e->free || m->unusable != !!e->unusable
          || g_strcmp0 (m->name, e->name) != 0)
        {
          g_printerr ("first difference in the block list at index %u\n", i);
          print_layouts (d, i > 4 ? i - 4 : 0);
          diff_fail (d, "walk: block %u differs (model %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT
                     ", engine %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT ")",
                     i, m->start, m->size, e->start, e->size);
        }
    }
  if (n != eb->len)
    diff_fail (d, "walk: model has %u blocks, engine walked %u", n, eb->len);
  if (memsim_heap_get_n_blocks (d->heap) != n)
    diff_fail (d, "n_blocks: model %u engine %u", n, memsim_heap_get_n_blocks (d->heap));
  g_array_unref (eb);
}

#define CMP_U(f)                                                                    \
  if (m.f != e.f)                                                                   \
    diff_fail (d, "metrics." #f ": model %" G_GUINT64_FORMAT " engine %" G_GUINT64_FORMAT, \
               (guint64) m.f, (guint64) e.f)
#define CMP_D(f)                                                                    \
  if (m.f != e.f)                                                                   \
    diff_fail (d, "metrics." #f ": model %.17g engine %.17g", m.f, e.f)

static void
compare_metrics (Diff *d)
{
  MemsimMetrics m, e;

  naive_heap_get_metrics (d->model, &m);
  memset (&e, 0x5a, sizeof e);
  memsim_heap_get_metrics (d->heap, &e);
  CMP_U (total); CMP_U (used); CMP_U (requested); CMP_U (free); CMP_U (largest_free);
  CMP_U (free_blocks); CMP_U (live_blocks); CMP_U (unusable);
  CMP_D (external_fragmentation); CMP_D (internal_fragmentation);
  CMP_U (high_water); CMP_U (peak_requested); CMP_D (heap_overhead);
  CMP_U (alloc_ok); CMP_U (alloc_failed); CMP_U (failed_no_space); CMP_U (failed_fragmented);
  CMP_U (free_ok); CMP_U (free_failed); CMP_U (realloc_ok); CMP_U (realloc_failed);
  CMP_U (compactions); CMP_U (bytes_moved);
}

static gboolean
collect_node (const MemsimBuddyNode *node, gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, *node);
  return TRUE;
}

static void
compare_buddy_tree (Diff *d)
{
  guint64 total = d->model->config.total;
  GArray *m = g_array_new (FALSE, FALSE, sizeof (MemsimBuddyNode));
  GArray *e = g_array_new (FALSE, FALSE, sizeof (MemsimBuddyNode));

  naive_heap_buddy_tree (d->model, 0, total, m);
  memsim_heap_walk_buddy_tree (d->heap, 0, total, collect_node, e);
  for (guint i = 0; i < MIN (m->len, e->len); i++)
    {
      const MemsimBuddyNode *a = &g_array_index (m, MemsimBuddyNode, i);
      const MemsimBuddyNode *b = &g_array_index (e, MemsimBuddyNode, i);

      /* the unusable tail is no power of two: its order is not compared */
      if (a->address != b->address || a->depth != b->depth || a->state != b->state
          || (a->state != MEMSIM_BUDDY_UNUSABLE && a->order != b->order))
        diff_fail (d, "buddy tree node %u: model (addr %" G_GUINT64_FORMAT " order %u depth %u state %d)"
                   " engine (addr %" G_GUINT64_FORMAT " order %u depth %u state %d)",
                   i, a->address, a->order, a->depth, a->state, b->address, b->order, b->depth, b->state);
    }
  if (m->len != e->len)
    diff_fail (d, "buddy tree: model %u nodes, engine %u", m->len, e->len);
  g_array_unref (m);
  g_array_unref (e);
}

static guint64
rand_below (Diff *d, guint64 n)
{
  guint64 x = ((guint64) g_rand_int (d->rand) << 32) | g_rand_int (d->rand);

  return n == 0 ? 0 : x % n;
}

static void
compare_aggregate (Diff *d)
{
  guint64 total = d->model->config.total;
  guint64 width = total / 8;
  MemsimColumn one, cols[8];
  MemsimMetrics m;

  naive_heap_get_metrics (d->model, &m);
  memsim_heap_aggregate (d->heap, 0, total, 1, &one);
  if (one.used != m.used || one.free != m.free || one.waste != m.used - m.requested
      || one.n_blocks != naive_heap_n_blocks (d->model))
    diff_fail (d, "aggregate of [0, total) in 1 column: used %" G_GUINT64_FORMAT " free %" G_GUINT64_FORMAT
               " waste %" G_GUINT64_FORMAT " n_blocks %u", one.used, one.free, one.waste, one.n_blocks);
  memsim_heap_aggregate (d->heap, 0, width * 8, 8, cols);
  for (guint i = 0; i < 8; i++)
    if (cols[i].used + cols[i].free != width)
      diff_fail (d, "aggregate column %u of 8: used %" G_GUINT64_FORMAT " + free %" G_GUINT64_FORMAT
                 " != width %" G_GUINT64_FORMAT, i, cols[i].used, cols[i].free, width);
}

static void
compare_lookups (Diff *d)
{
  guint64 total = d->model->config.total;
  MemsimBlockInfo info;

  for (guint i = 0; i < 4; i++)
    {
      guint64 address = rand_below (d, total);
      const NaiveBlock *m = naive_heap_lookup_address (d->model, address);

      if (!memsim_heap_lookup_address (d->heap, address, &info))
        diff_fail (d, "lookup_address (%" G_GUINT64_FORMAT ") found nothing", address);
      compare_info (d, "lookup_address", m, &info);
    }
  if (memsim_heap_lookup_address (d->heap, total, &info))
    diff_fail (d, "lookup_address (total) found a block");
}

static void
compare_full (Diff *d)
{
  GError *error = NULL;

  if (!naive_heap_check (d->model, &error))
    diff_fail (d, "the MODEL breaks its own invariant: %s", error->message);
  if (!memsim_heap_check (d->heap, &error))
    diff_fail (d, "memsim_heap_check: %s", error->message);
  compare_walk (d);
  compare_metrics (d);
  if (d->model->config.policy == MEMSIM_POLICY_BUDDY)
    compare_buddy_tree (d);
  compare_aggregate (d);
  compare_lookups (d);
  if (!memsim_heap_get_live_indexed (d->heap))
    diff_fail (d, "a look-up by address left the live blocks out of the address index");
  memsim_heap_set_live_indexed (d->heap, ++d->n_full % 2 == 0);
}

/* After every operation. */
static void
check_step (Diff *d, const char *name)
{
  GError *error = NULL;

  if (d->check_every_op && !memsim_heap_check (d->heap, &error))
    diff_fail (d, "memsim_heap_check: %s", error->message);
  if (name != NULL && naive_heap_name_is_valid (name))
    {
      const NaiveBlock *m = naive_heap_lookup (d->model, name);
      MemsimBlockInfo info;
      gboolean found = memsim_heap_lookup_name (d->heap, name, &info);

      if (found != (m != NULL))
        diff_fail (d, "lookup_name: model %s, engine %s", m ? "live" : "not live", found ? "live" : "not live");
      if (m != NULL)
        compare_info (d, "lookup_name", m, &info);
    }
  if (memsim_heap_get_n_live (d->heap) != naive_heap_n_live (d->model))
    diff_fail (d, "n_live: model %u engine %u", naive_heap_n_live (d->model), memsim_heap_get_n_live (d->heap));
  if (d->model->config.policy != MEMSIM_POLICY_BUDDY && memsim_heap_get_rover (d->heap) != d->model->rover)
    diff_fail (d, "rover: model %" G_GUINT64_FORMAT " engine %" G_GUINT64_FORMAT,
               d->model->rover, memsim_heap_get_rover (d->heap));
  d->live_sum += naive_heap_n_live (d->model);
  d->max_live = MAX (d->max_live, naive_heap_n_live (d->model));
  d->op_index++;
  if (d->op_index % FULL_EVERY == 0)
    compare_full (d);
  if (d->op_index % COPY_EVERY == 0)
    {
      MemsimHeap *original = d->heap;

      diff_log (d, "carry on with a copy of the heap");
      d->heap = memsim_heap_copy (original);
      memsim_heap_free (original);
      compare_full (d);
    }
}

/* ---- the operations, on both ------------------------------------------- */

static const char *
round_name (MemsimRound round)
{
  return round == MEMSIM_ROUND_POW2 ? "pow2" : round == MEMSIM_ROUND_EXACT ? "exact" : "";
}

static void
compare_new_block (Diff *d, const char *what, const char *name, MemsimBlockId id)
{
  MemsimBlockInfo info;

  if (!memsim_heap_get_block (d->heap, id, &info))
    diff_fail (d, "%s: get_block of the returned id %u failed", what, id);
  compare_info (d, what, naive_heap_lookup (d->model, name), &info);
}

static int
do_alloc (Diff *d, const char *name, guint64 size, MemsimRound round)
{
  char *shown = show_name (name);
  GError *error = NULL;
  MemsimBlockId id = MEMSIM_BLOCK_NONE;
  guint64 mr, er;
  gboolean ok;
  int mc, ec;

  diff_log (d, "alloc %s %" G_GUINT64_FORMAT " %s", shown, size, round_name (round));
  g_free (shown);
  mr = naive_heap_rounded_size (d->model, size, round);
  er = memsim_heap_rounded_size (d->heap, size, round);
  if (mr != er)
    diff_fail (d, "rounded_size (%" G_GUINT64_FORMAT ", %s): model %" G_GUINT64_FORMAT " engine %" G_GUINT64_FORMAT,
               size, round_name (round), mr, er);
  mc = naive_heap_alloc (d->model, name, size, round);
  ok = memsim_heap_alloc (d->heap, name, size, round, &id, &error);
  ec = engine_code (d, "alloc", ok, error);
  expect_code (d, KIND_ALLOC, mc, ec);
  if (ec == NAIVE_OK)
    compare_new_block (d, "alloc's block", name, id);
  check_step (d, name);
  return mc;
}

static int
do_free (Diff *d, const char *name)
{
  char *shown = show_name (name);
  GError *error = NULL;
  gboolean ok;
  int mc, ec;

  diff_log (d, "free %s", shown);
  g_free (shown);
  mc = naive_heap_free_block (d->model, name);
  ok = memsim_heap_free_block (d->heap, name, &error);
  ec = engine_code (d, "free", ok, error);
  expect_code (d, KIND_FREE, mc, ec);
  check_step (d, name);
  return mc;
}

static int
do_realloc (Diff *d, const char *name, guint64 size)
{
  char *shown = show_name (name);
  const NaiveBlock *before;
  guint64 old_start;
  GError *error = NULL;
  MemsimBlockId id = MEMSIM_BLOCK_NONE;
  gboolean ok;
  int mc, ec;

  diff_log (d, "realloc %s %" G_GUINT64_FORMAT, shown, size);
  g_free (shown);
  before = naive_heap_lookup (d->model, name);
  old_start = before ? before->start : G_MAXUINT64;
  mc = naive_heap_realloc (d->model, name, size);
  if (mc == NAIVE_OK && naive_heap_lookup (d->model, name)->start == old_start)
    d->realloc_in_place++;
  else if (mc == NAIVE_OK)
    d->realloc_moved++;
  ok = memsim_heap_realloc (d->heap, name, size, &id, &error);
  ec = engine_code (d, "realloc", ok, error);
  expect_code (d, KIND_REALLOC, mc, ec);
  if (ec == NAIVE_OK)
    compare_new_block (d, "realloc's block", name, id);
  check_step (d, name);
  return mc;
}

static void
do_compact (Diff *d)
{
  MemsimCompactResult mres, eres = { 0, 0 };
  GError *error = NULL;
  gboolean ok;
  int mc, ec;

  diff_log (d, "compact");
  mc = naive_heap_compact (d->model, &mres);
  ok = memsim_heap_compact (d->heap, &eres, &error);
  ec = engine_code (d, "compact", ok, error);
  expect_code (d, KIND_COMPACT, mc, ec);
  if (mc == NAIVE_OK && (mres.blocks_moved != eres.blocks_moved || mres.bytes_moved != eres.bytes_moved))
    diff_fail (d, "compact: model moved %" G_GUINT64_FORMAT " blocks / %" G_GUINT64_FORMAT
               " bytes, engine %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
               mres.blocks_moved, mres.bytes_moved, eres.blocks_moved, eres.bytes_moved);
  check_step (d, NULL);
}

static const char *const setting_names[] = { "align", "header", "min-block", "auto-compact", "round-pow2" };

static void
do_setting (Diff *d, MemsimSetting setting, guint64 value)
{
  GError *error = NULL;
  gboolean ok;
  int mc, ec;

  diff_log (d, "set %s %" G_GUINT64_FORMAT, setting_names[setting], value);
  mc = naive_heap_set_setting (d->model, setting, value);
  ok = memsim_heap_set_setting (d->heap, setting, value, &error);
  ec = engine_code (d, "set_setting", ok, error);
  expect_code (d, KIND_SETTING, mc, ec);
  check_step (d, NULL);
}

static void
do_policy (Diff *d, MemsimPolicy policy)
{
  GError *error = NULL;
  gboolean ok;
  int mc, ec;

  diff_log (d, "policy %s", policy_names[policy]);
  mc = naive_heap_set_policy (d->model, policy);
  ok = memsim_heap_set_policy (d->heap, policy, &error);
  ec = engine_code (d, "set_policy", ok, error);
  expect_code (d, KIND_POLICY, mc, ec);
  check_step (d, NULL);
}

static void
do_reset (Diff *d, guint64 total)
{
  GError *error = NULL;
  gboolean ok;
  int mc, ec;

  diff_log (d, "reset %" G_GUINT64_FORMAT, total);
  d->compactions += d->model->compactions;
  mc = naive_heap_reset (d->model, total);
  ok = memsim_heap_reset (d->heap, total, &error);
  ec = engine_code (d, "reset", ok, error);
  expect_code (d, KIND_RESET, mc, ec);
  check_step (d, NULL);
  compare_full (d);
}

static void
diff_open (Diff *d, const Config *c, MemsimPolicy policy)
{
  MemsimHeapConfig config = { 0 };
  GError *error = NULL;

  config.total = c->total;
  config.align = c->align;
  config.header = c->header;
  config.min_block = c->min_block;
  config.policy = policy;
  config.round_pow2 = c->round_pow2;
  config.auto_compact = c->auto_compact;
  d->config_label = c->label;
  diff_log (d, "new heap %s policy %s", c->label, policy_names[policy]);
  d->heap = memsim_heap_new (&config, &error);
  if (d->heap == NULL)
    diff_fail (d, "memsim_heap_new: %s", error ? error->message : "(no error)");
  d->model = naive_heap_new (&config);
  compare_full (d);
}

static void
diff_close (Diff *d)
{
  compare_full (d);
  d->compactions += d->model->compactions;
  memsim_heap_free (d->heap);
  naive_heap_free (d->model);
  d->heap = NULL;
  d->model = NULL;
}

/* ---- the random workload ----------------------------------------------- */

static guint
log2_floor (guint64 x)
{
  return g_bit_storage (x) - 1;
}

static guint64
random_size (Diff *d)
{
  guint64 total = d->model->config.total;
  guint64 header = d->model->config.header;
  guint r = g_rand_int_range (d->rand, 0, 1000);

  if (r < 450)
    return 1 + rand_below (d, 64);
  if (r < 800)
    return 1 + rand_below (d, 1024);
  if (r < 920)
    return 1 + rand_below (d, MAX (total / 256, 1));
  if (r < 950)
    return 1 + rand_below (d, MAX (total / 16, 1));
  if (r < 985)
    {
      /* exactly a power of two, with or without the header */
      guint64 p = G_GUINT64_CONSTANT (1) << g_rand_int_range (d->rand, 0, log2_floor (MAX (total / 4, 2)) + 1);

      return (g_rand_boolean (d->rand) && p > header) ? p - header : p;
    }
  if (r < 990)
    return total / 4 + rand_below (d, total * 3 / 4 + 1);
  switch (g_rand_int_range (d->rand, 0, 5))
    {
    case 0: return total;
    case 1: return total + 1;
    case 2: return total > 64 ? total - rand_below (d, 64) : total;
    case 3: return G_MAXUINT64;
    default: return G_MAXUINT64 - header;
    }
}

static char *
pool_name (Diff *d)
{
  return g_strdup_printf ("p%d", g_rand_int_range (d->rand, 0, NAME_POOL));
}

/* @n_fill letters then 6 digits. */
static char *
long_name (guint n_fill, guint n)
{
  char *fill = g_strnfill (n_fill, 'L');
  char *name = g_strdup_printf ("%s%06u", fill, n);

  g_free (fill);
  return name;
}

/* Valid names that are not from the pool. */
static char *
odd_name (Diff *d)
{
  guint n = g_rand_int_range (d->rand, 0, 1000);

  switch (g_rand_int_range (d->rand, 0, 5))
    {
    case 0: return g_strdup_printf ("ünïcødé-%u", n);
    case 1: return g_strdup_printf ("名前 %u", n);
    case 2: return long_name (250, n);   /* 256 bytes: the longest valid name */
    case 3: return g_strdup_printf ("with  spaces %u", n);
    default: return g_strdup_printf ("%c", 'a' + n % 26);
    }
}

/* Names every check refuses. */
static char *
invalid_name (Diff *d)
{
  switch (g_rand_int_range (d->rand, 0, 5))
    {
    case 0: return g_strdup ("");
    case 1: return long_name (251, g_rand_int_range (d->rand, 0, 1000));   /* 257 bytes */
    case 2: return g_strdup ("line\nbreak");
    case 3: return g_strdup ("\001ctl");
    default: return g_strdup ("bad\xff utf8");
    }
}

/* The name of a random live block, or NULL. */
static const char *
live_name (Diff *d)
{
  guint n = naive_heap_n_live (d->model);
  guint k;

  if (n == 0)
    return NULL;
  k = g_rand_int_range (d->rand, 0, n);
  for (guint i = 0; i < naive_heap_n_blocks (d->model); i++)
    {
      const NaiveBlock *b = naive_heap_block (d->model, i);

      if (b->name != NULL && k-- == 0)
        return b->name;
    }
  g_assert_not_reached ();
  return NULL;
}

static MemsimRound
random_round (Diff *d)
{
  guint r = g_rand_int_range (d->rand, 0, 20);

  return r == 0 ? MEMSIM_ROUND_POW2 : r == 1 ? MEMSIM_ROUND_EXACT : MEMSIM_ROUND_DEFAULT;
}

static void
op_alloc (Diff *d)
{
  guint r = g_rand_int_range (d->rand, 0, 1000);
  char *name;
  guint64 size;

  if (r < 20)
    {
      /* refused input, one fault at a time */
      name = invalid_name (d);
      do_alloc (d, name, 1 + rand_below (d, 100), MEMSIM_ROUND_DEFAULT);
      g_free (name);
      return;
    }
  name = r < 70 ? odd_name (d) : pool_name (d);
  if (naive_heap_lookup (d->model, name) != NULL)
    size = 1 + rand_below (d, 100);      /* a duplicate, with a size that is fine */
  else if (r < 80)
    size = 0;
  else
    size = random_size (d);
  do_alloc (d, name, size, random_round (d));
  g_free (name);
}

static void
op_free (Diff *d)
{
  guint r = g_rand_int_range (d->rand, 0, 100);
  const char *live = live_name (d);
  char *name;

  if (r < 80 && live != NULL)
    {
      name = g_strdup (live);
    }
  else if (r < 95)
    name = pool_name (d);
  else if (r < 98)
    name = g_strdup_printf ("never-%u", g_rand_int (d->rand));
  else
    name = invalid_name (d);
  do_free (d, name);
  g_free (name);
}

static void
op_realloc (Diff *d)
{
  guint r = g_rand_int_range (d->rand, 0, 100);
  const char *live = live_name (d);
  char *name;
  guint64 size;

  if (live == NULL || r >= 95)
    {
      name = r == 99 ? invalid_name (d) : g_strdup_printf ("never-%u", g_rand_int (d->rand));
      do_realloc (d, name, 1 + rand_below (d, 4096));
      g_free (name);
      return;
    }
  name = g_strdup (live);
  {
    guint64 req = naive_heap_lookup (d->model, name)->requested;

    switch (g_rand_int_range (d->rand, 0, 12))
      {
      case 0: case 1: size = 1 + rand_below (d, req); break;            /* shrink */
      case 2: size = req; break;                                         /* same */
      case 3: case 4: case 5: size = req + 1 + rand_below (d, 64); break; /* grow a little */
      case 6: size = req * 2 + rand_below (d, 512); break;                /* grow */
      case 7: size = 0; break;                                           /* refused */
      default: size = random_size (d); break;
      }
  }
  do_realloc (d, name, size);
  g_free (name);
}

static void
op_policy (Diff *d)
{
  MemsimPolicy current = d->model->config.policy;

  if (d->main_policy == MEMSIM_POLICY_BUDDY)
    {
      /* leaving buddy needs an empty heap: only try it when it must fail */
      if (naive_heap_n_live (d->model) > 0)
        do_policy (d, g_rand_int_range (d->rand, 0, MEMSIM_POLICY_BUDDY));
      else
        do_policy (d, MEMSIM_POLICY_BUDDY);
      return;
    }
  if (naive_heap_n_live (d->model) > 0 && g_rand_int_range (d->rand, 0, 4) == 0)
    do_policy (d, MEMSIM_POLICY_BUDDY);      /* refused: not empty */
  else if (current != d->main_policy)
    do_policy (d, d->main_policy);
  else if (g_rand_int_range (d->rand, 0, 5) == 0)
    do_policy (d, g_rand_int_range (d->rand, 0, MEMSIM_POLICY_BUDDY));
}

static const guint64 align_choices[] = { 1, 2, 8, 16, 64, 256, 4096 };
static const guint64 header_choices[] = { 0, 8, 16, 24, 100 };
static const guint64 min_block_choices[] = { 16, 32, 64, 256, 1024, 4096 };

static guint64
pick (Diff *d, const guint64 *choices, guint n)
{
  return choices[g_rand_int_range (d->rand, 0, n)];
}

/* align, header, min-block: refused on a heap with live blocks. */
static void
op_layout_setting (Diff *d)
{
  const MemsimHeapConfig *c = &d->model->config;
  gboolean empty = naive_heap_n_live (d->model) == 0;
  guint which = g_rand_int_range (d->rand, 0, 3);
  guint64 value;

  for (guint tries = 0; tries < 16; tries++)
    {
      if (which == 0)
        {
          value = pick (d, align_choices, G_N_ELEMENTS (align_choices));
          if (value <= c->min_block && value != c->align)
            return do_setting (d, MEMSIM_SETTING_ALIGN, value);
        }
      else if (which == 1)
        {
          value = pick (d, header_choices, G_N_ELEMENTS (header_choices));
          if (value != c->header)
            return do_setting (d, MEMSIM_SETTING_HEADER, value);
        }
      else
        {
          value = pick (d, min_block_choices, G_N_ELEMENTS (min_block_choices));
          if (value >= c->align && value != c->min_block && (value <= c->total || !empty))
            return do_setting (d, MEMSIM_SETTING_MIN_BLOCK, value);
        }
    }
}

static void
op_drain (Diff *d)
{
  guint percent = g_rand_boolean (d->rand) ? 100 : g_rand_int_range (d->rand, 30, 100);
  guint n = naive_heap_n_live (d->model) * percent / 100;

  for (guint i = 0; i < n; i++)
    {
      char *name = g_strdup (live_name (d));

      do_free (d, name);
      g_free (name);
    }
  if (naive_heap_n_live (d->model) == 0 && g_rand_boolean (d->rand))
    op_layout_setting (d);
}

static void
op_reset (Diff *d)
{
  guint64 total = 0;

  if (g_rand_boolean (d->rand))
    total = reset_totals[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (reset_totals))];
  do_reset (d, total);
  if (g_rand_boolean (d->rand))
    op_layout_setting (d);
}

/* The mix alternates between growing phases (the heap fills up, requests
 * start to fail, auto-compaction kicks in) and shrinking ones. */
static void
step (Diff *d)
{
  guint r = g_rand_int_range (d->rand, 0, 10000);
  guint alloc_share = d->growing ? 5200 : 3000;
  guint free_share = d->growing ? 1500 : 3700;

  if (g_rand_int_range (d->rand, 0, 4000) == 0)
    d->growing = !d->growing;
  if (r < alloc_share)
    return op_alloc (d);
  r -= alloc_share;
  if (r < free_share)
    return op_free (d);
  r -= free_share;
  if (r < 1900)
    op_realloc (d);
  else if (r < 2050)
    do_compact (d);
  else if (r < 2150)
    do_setting (d, MEMSIM_SETTING_ROUND_POW2, g_rand_boolean (d->rand));
  else if (r < 2250)
    do_setting (d, MEMSIM_SETTING_AUTO_COMPACT, g_rand_boolean (d->rand));
  else if (r < 2300)
    op_policy (d);
  else if (r < 2350)
    op_layout_setting (d);
  else if (r < 2355)
    op_drain (d);
  else if (r < 2357)
    op_reset (d);
  else
    op_alloc (d);
}

static void
test_random (gconstpointer data)
{
  MemsimPolicy policy = GPOINTER_TO_INT (data);
  const Config *configs = policy == MEMSIM_POLICY_BUDDY ? buddy_configs : fit_configs;
  guint n_configs = policy == MEMSIM_POLICY_BUDDY ? G_N_ELEMENTS (buddy_configs) : G_N_ELEMENTS (fit_configs);
  guint64 n_ops = ops_from_env ();
  Diff *d = g_new0 (Diff, 1);
  gint64 t0 = g_get_monotonic_time ();

  d->main_policy = policy;
  d->test_path = g_test_get_path ();
  d->seed = seed_from_env ();
  d->check_every_op = TRUE;
  d->rand = g_rand_new_with_seed_array ((const guint32[]) { (guint32) d->seed, (guint32) (d->seed >> 32), policy }, 3);
  g_test_message ("seed %" G_GUINT64_FORMAT " (MEMSIM_SEED), %" G_GUINT64_FORMAT " operations",
                  d->seed, n_ops);

  for (guint c = 0; c < n_configs; c++)
    {
      guint64 end = n_ops * (c + 1) / n_configs;

      diff_open (d, &configs[c], policy);
      while (d->op_index < end)
        step (d);
      diff_close (d);
    }

  g_test_message ("%s: %" G_GUINT64_FORMAT " operations in %.1f s", policy_names[policy], d->op_index,
                  (g_get_monotonic_time () - t0) / 1e6);
  report_coverage (d);
  g_rand_free (d->rand);
  g_free (d);
}

/* ---- malloc-lab traces ------------------------------------------------- */

typedef struct {
  char    op;       /* 'a', 'r' or 'f' */
  gint64  id;
  guint64 bytes;
} RepOp;

typedef struct {
  char   *path;
  GArray *ops;
} Rep;

static gboolean
parse_number_line (const char *line)
{
  const char *p = line;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

/* A 4-line (heap size, ids, ops, weight) or 2-line (ids, ops) numeric header,
 * then a/r/f lines; CRLF tolerated. */
static Rep *
rep_load (const char *path)
{
  char *text = NULL;
  char **lines;
  guint header = 0;
  gboolean in_header = TRUE;
  GError *error = NULL;
  Rep *rep = g_new0 (Rep, 1);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  rep->path = g_strdup (path);
  rep->ops = g_array_new (FALSE, FALSE, sizeof (RepOp));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *end;
      RepOp op = { 0 };

      if (*line == '\0')
        continue;
      if (in_header && parse_number_line (line))
        {
          header++;
          continue;
        }
      in_header = FALSE;
      g_assert_true (line[0] == 'a' || line[0] == 'r' || line[0] == 'f');
      g_assert_true (g_ascii_isspace (line[1]));
      op.op = line[0];
      op.id = g_ascii_strtoll (line + 2, &end, 10);
      g_assert_true (end != line + 2);
      if (op.op != 'f')
        {
          char *bytes = end;

          op.bytes = g_ascii_strtoull (bytes, &end, 10);
          g_assert_true (end != bytes);
        }
      g_array_append_val (rep->ops, op);
    }
  g_assert_true (header == 4 || header == 2);
  g_strfreev (lines);
  g_free (text);
  return rep;
}

static void
rep_free (Rep *rep)
{
  g_free (rep->path);
  g_array_unref (rep->ops);
  g_free (rep);
}

static char *
traces_dir (void)
{
  const char *env = g_getenv ("MEMSIM_TRACES");
  char *dir;

  if (env == NULL)
    return NULL;
  dir = g_build_filename (env, "malloclab", NULL);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return dir;
  g_free (dir);
  return g_file_test (env, G_FILE_TEST_IS_DIR) ? g_strdup (env) : NULL;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
load_traces (void)
{
  char *dir = traces_dir ();
  GPtrArray *reps = g_ptr_array_new_with_free_func ((GDestroyNotify) rep_free);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GDir *gdir;
  const char *entry;

  if (dir == NULL || (gdir = g_dir_open (dir, 0, NULL)) == NULL)
    {
      g_free (dir);
      g_ptr_array_unref (names);
      return reps;
    }
  while ((entry = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (entry, ".rep"))
      g_ptr_array_add (names, g_build_filename (dir, entry, NULL));
  g_dir_close (gdir);
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (reps, rep_load (g_ptr_array_index (names, i)));
  g_ptr_array_unref (names);
  g_free (dir);
  return reps;
}

static void
replay (Diff *d, const Rep *rep, const Config *c, MemsimPolicy policy)
{
  char name[32];

  d->config_label = c->label;
  diff_log (d, "replay %s", rep->path);
  diff_open (d, c, policy);
  for (guint i = 0; i < rep->ops->len; i++)
    {
      const RepOp *op = &g_array_index (rep->ops, RepOp, i);
      guint64 bytes = op->bytes == 0 ? 1 : op->bytes;

      if (op->op == 'f' && op->id < 0)
        continue;                       /* free (NULL): nothing happens */
      g_snprintf (name, sizeof name, "%" G_GINT64_FORMAT, op->id);
      if (op->op == 'f')
        do_free (d, name);
      else if (op->op == 'r' && naive_heap_lookup (d->model, name) != NULL)
        do_realloc (d, name, bytes);
      else
        do_alloc (d, name, bytes, MEMSIM_ROUND_DEFAULT);
    }
  diff_close (d);
}

static const Config trace_fit_configs[] = {
  { "traces-64MiB",          64 << 20, 16, 0, 64, FALSE, FALSE },
  { "traces-1MiB",           1 << 20,  16, 0, 64, FALSE, FALSE },
  { "traces-1MiB-h8-ac",     1 << 20,  16, 8, 64, FALSE, TRUE  },
};

static const Config trace_buddy_configs[] = {
  { "traces-64MiB",          64 << 20,                16, 0, 64, FALSE, FALSE },
  { "traces-1MiB",           1 << 20,                 16, 0, 64, FALSE, FALSE },
  { "traces-1MiB+4196-h8-ac", (1 << 20) + 4096 + 100, 16, 8, 64, FALSE, TRUE  },
};

static void
test_traces (gconstpointer data)
{
  MemsimPolicy policy = GPOINTER_TO_INT (data);
  const Config *configs = policy == MEMSIM_POLICY_BUDDY ? trace_buddy_configs : trace_fit_configs;
  GPtrArray *reps = load_traces ();
  Diff *d;
  gint64 t0 = g_get_monotonic_time ();

  if (reps->len == 0)
    {
      g_ptr_array_unref (reps);
      g_test_skip ("no malloc-lab traces: set MEMSIM_TRACES to the folder that holds malloclab/");
      return;
    }
  d = g_new0 (Diff, 1);
  d->test_path = g_test_get_path ();
  d->main_policy = policy;
  d->check_every_op = FALSE;   /* checked every FULL_EVERY operations and at the end */
  d->seed = seed_from_env ();  /* only picks the addresses compare_lookups () probes */
  d->rand = g_rand_new_with_seed ((guint32) d->seed);
  for (guint c = 0; c < G_N_ELEMENTS (trace_fit_configs); c++)
    for (guint i = 0; i < reps->len; i++)
      replay (d, g_ptr_array_index (reps, i), &configs[c], policy);
  g_test_message ("%s: %u traces x %u heaps, %" G_GUINT64_FORMAT " operations in %.1f s",
                  policy_names[policy], reps->len, (guint) G_N_ELEMENTS (trace_fit_configs),
                  d->op_index, (g_get_monotonic_time () - t0) / 1e6);
  report_coverage (d);
  g_rand_free (d->rand);
  g_free (d);
  g_ptr_array_unref (reps);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int p = 0; p < MEMSIM_N_POLICIES; p++)
    {
      char *path = g_strdup_printf ("/oracle/%s", policy_names[p]);
      char *trace_path = g_strdup_printf ("/oracle/traces/%s", policy_names[p]);

      g_test_add_data_func (path, GINT_TO_POINTER (p), test_random);
      g_test_add_data_func (trace_path, GINT_TO_POINTER (p), test_traces);
      g_free (path);
      g_free (trace_path);
    }
  return g_test_run ();
}
