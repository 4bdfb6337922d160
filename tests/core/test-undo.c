/* test-undo.c: operations taken back exactly (memsim-undo-log.h)
 *
 * Random allocations, frees and reallocs (many of them failing) under
 * every policy and a range of settings; each is undone through the undo
 * log and the heap must be what it was before, block for block and
 * counter for counter.  Then a session seeks about such a history, with
 * compactions and object-store operations as barriers, and must find the
 * state it recorded at every position.
 */
#include "config.h"

#include "memsim-session.h"
#include "memsim-heap-private.h"
#include "memsim-undo-log.h"

typedef struct {
  MemsimPolicy policy;
  guint64      align;
  guint64      header;
  gboolean     round_pow2;
  gboolean     auto_compact;
  guint64      total;       /* 0: 1 MiB */
  guint64      min_block;   /* buddy; 0: the default */
  guint32      live_max;    /* 0: MEMSIM_LIVE_MAX */
} Variant;

static const Variant variants[] = {
  { MEMSIM_POLICY_FIRST_FIT, 16, 0, FALSE, FALSE },
  { MEMSIM_POLICY_NEXT_FIT, 16, 0, FALSE, FALSE },
  { MEMSIM_POLICY_BEST_FIT, 16, 0, FALSE, FALSE },
  { MEMSIM_POLICY_WORST_FIT, 16, 0, FALSE, FALSE },
  { MEMSIM_POLICY_BUDDY, 16, 0, FALSE, FALSE },
  { MEMSIM_POLICY_FIRST_FIT, 8, 16, TRUE, FALSE },
  { MEMSIM_POLICY_NEXT_FIT, 64, 8, FALSE, TRUE },
  { MEMSIM_POLICY_BEST_FIT, 1, 0, FALSE, TRUE },
  { MEMSIM_POLICY_WORST_FIT, 32, 16, TRUE, TRUE },
  { MEMSIM_POLICY_BUDDY, 16, 8, FALSE, TRUE },
  /* buddy heaps that are not a power of two (an unusable tail), small and
   * large minimum blocks, odd alignments and headers, the live limit */
  { MEMSIM_POLICY_BUDDY, 16, 0, FALSE, FALSE, 1536 * 1024 + 1000, 64, 0 },
  { MEMSIM_POLICY_BUDDY, 16, 24, FALSE, TRUE, 777777, 256, 0 },
  { MEMSIM_POLICY_BUDDY, 16, 0, FALSE, FALSE, 65536, 16, 10 },
  { MEMSIM_POLICY_NEXT_FIT, 1, 0, FALSE, FALSE, 100000, 0, 12 },
  { MEMSIM_POLICY_FIRST_FIT, 4, 3, FALSE, FALSE, 300007, 0, 0 },
};

static void
config_for (const Variant    *variant,
            MemsimHeapConfig *config)
{
  memsim_heap_config_init (config, variant->total != 0 ? variant->total : 1 << 20);
  config->policy = variant->policy;
  config->align = variant->align;
  config->header = variant->header;
  config->round_pow2 = variant->round_pow2;
  config->auto_compact = variant->auto_compact;
  if (variant->min_block != 0)
    config->min_block = variant->min_block;
}

static gboolean
append_block (const MemsimBlockInfo *b,
              gpointer               data)
{
  g_string_append_printf (data, "%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT ":%s:%" G_GUINT64_FORMAT
                          "%s;", b->start, b->size, b->free ? "-" : b->name, b->requested,
                          b->unusable ? "u" : "");
  return TRUE;
}

/* Every block, every word of the metrics (peaks, counters, fractions) and
 * the rover.  A heap that indexes only its free blocks is walked through a
 * copy, which the walk makes index them all, so that it stays as it is. */
static char *
heap_state (const MemsimHeap *heap)
{
  GString *text = g_string_new (NULL);
  MemsimMetrics metrics;
  const guint64 *words = (const guint64 *) &metrics;
  MemsimHeap *copy = memsim_heap_get_live_indexed (heap) ? NULL : memsim_heap_copy (heap);

  memsim_heap_walk (copy != NULL ? copy : heap, 0, G_MAXUINT64, append_block, text);
  g_clear_pointer (&copy, memsim_heap_free);
  memsim_heap_get_metrics (heap, &metrics);
  for (gsize i = 0; i < sizeof metrics / sizeof (guint64); i++)
    g_string_append_printf (text, "|%" G_GINT64_MODIFIER "x", words[i]);
  g_string_append_printf (text, "|rover %" G_GUINT64_FORMAT, memsim_heap_get_rover (heap));
  return g_string_free (text, FALSE);
}

/* Sizes from 1 byte to past the heap, most of them small. */
static guint64
random_size (GRand *rand)
{
  guint bits = g_rand_int_range (rand, 0, 22);

  return 1 + g_rand_int_range (rand, 0, 1 << bits);
}

/* Compactions are barriers: one in @compact_in operations.  Names are
 * numbers (kept inline) or text (allocated); an allocation may ask for its
 * own rounding. */
static MemsimOp *
random_heap_op (GRand *rand,
                guint  compact_in)
{
  guint pick = g_rand_int_range (rand, 0, 100);
  gint id = g_rand_int_range (rand, 0, 120);
  MemsimOp *op;

  if (g_rand_int_range (rand, 0, compact_in) == 0)
    return memsim_op_new (MEMSIM_OP_COMPACT);
  if (pick < 45)
    op = memsim_op_new (MEMSIM_OP_ALLOC);
  else if (pick < 75)
    op = memsim_op_new (MEMSIM_OP_FREE);
  else
    op = memsim_op_new (MEMSIM_OP_REALLOC);
  op->name = id % 3 == 0 ? g_strdup_printf ("blk-%d", id) : g_strdup_printf ("%d", id);
  op->size = random_size (rand);
  if (op->kind == MEMSIM_OP_ALLOC)
    op->round = (MemsimRound) g_rand_int_range (rand, 0, 3);
  return op;
}

static gboolean
run_on_heap (MemsimHeap     *heap,
             const MemsimOp *op)
{
  switch (op->kind)
    {
    case MEMSIM_OP_ALLOC:
      return memsim_heap_alloc (heap, op->name, op->size, op->round, NULL, NULL);
    case MEMSIM_OP_FREE:
      return memsim_heap_free_block (heap, op->name, NULL);
    case MEMSIM_OP_REALLOC:
      return memsim_heap_realloc (heap, op->name, op->size, NULL, NULL);
    case MEMSIM_OP_COMPACT:
      return memsim_heap_compact (heap, NULL, NULL);
    default:
      g_assert_not_reached ();
    }
}

static void
assert_heap_is (const MemsimHeap *heap,
                const char       *expected)
{
  g_autofree char *now = heap_state (heap);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (now, ==, expected);
  if (!memsim_heap_check (heap, &error))
    g_error ("%s", error->message);
}

/* A run of operations, then every one undone back to the last barrier,
 * each landing exactly on the state before it. */
static guint
undo_a_run (MemsimHeap    *heap,
            MemsimUndoLog *log,
            GRand         *rand)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) memsim_op_free);
  guint length = memsim_undo_log_get_length (log);
  guint undone = 0;

  for (guint i = 0; i < 400; i++)
    {
      MemsimOp *op = random_heap_op (rand, 1000);
      MemsimUndoCapture capture;
      gboolean ok;

      g_ptr_array_add (states, heap_state (heap));
      memsim_undo_capture (&capture, heap, op);
      ok = run_on_heap (heap, op);
      memsim_undo_log_append (log, &capture, heap, op, ok);
      g_ptr_array_add (ops, op);
    }
  for (guint i = ops->len; i > 0; i--)
    {
      guint index = length + i - 1;

      if (!memsim_undo_log_can_undo (log, index, index + 1))
        break;
      memsim_undo_log_undo (log, index, g_ptr_array_index (ops, i - 1), heap);
      assert_heap_is (heap, g_ptr_array_index (states, i - 1));
      undone++;
    }
  memsim_undo_log_truncate (log, length + ops->len - undone);
  return undone;
}

static void
test_every_operation_taken_back (void)
{
  for (gsize v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      MemsimHeapConfig config;
      g_autoptr(MemsimUndoLog) log = memsim_undo_log_new ();
      g_autoptr(GRand) rand = g_rand_new_with_seed (17 + v);
      MemsimHeap *heap;
      guint undone = 0;

      config_for (&variants[v], &config);
      heap = memsim_heap_new (&config, NULL);
      g_assert_nonnull (heap);
      if (variants[v].live_max != 0)
        memsim_heap_set_live_max (heap, variants[v].live_max);
      /* every other run as a replay's heap: only free blocks by address */
      for (guint run = 0; run < 25; run++)
        {
          memsim_heap_set_live_indexed (heap, run % 2 == 0);
          undone += undo_a_run (heap, log, rand);
        }
      /* Barriers stop some runs early (auto-compaction, under a heap this
       * full, many); enough operations must still have been undone, or the
       * test proves little. */
      g_test_message ("variant %" G_GSIZE_FORMAT ": %u of %u undone", v, undone, 25 * 400);
      g_assert_cmpuint (undone, >, variants[v].auto_compact ? 25 * 400 / 10 : 25 * 400 / 2);
      memsim_heap_free (heap);
    }
}

/* ---- a session seeking ----------------------------------------------------- */

static MemsimOp *
random_session_op (GRand *rand)
{
  guint pick = g_rand_int_range (rand, 0, 200);
  MemsimOp *op;

  if (pick >= 4)
    return random_heap_op (rand, 100);
  op = memsim_op_new (pick < 2 ? MEMSIM_OP_STORE : MEMSIM_OP_RELEASE);
  op->name = g_strdup_printf ("v%d", g_rand_int_range (rand, 0, 6));
  op->type = g_strdup ("str");
  op->value = g_strdup_printf ("\"%0*d\"", g_rand_int_range (rand, 1, 900), 7);
  return op;
}

static char *
session_state (MemsimSession *session)
{
  char *heap = heap_state (memsim_session_get_heap (session));
  const MemsimObjectStore *store = memsim_session_get_object_store (session);
  char *text = g_strdup_printf ("%s|objects %u", heap, memsim_object_store_get_n_objects (store));

  g_free (heap);
  return text;
}

static void
test_session_seeks_about (void)
{
  for (gsize v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      MemsimHeapConfig config;
      g_autoptr(GRand) rand = g_rand_new_with_seed (41 + v);
      g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(MemsimSession) session = NULL;
      guint n_ops = 6000;

      config_for (&variants[v], &config);
      session = memsim_session_new_with_config (&config);
      g_ptr_array_add (states, session_state (session));
      for (guint i = 0; i < n_ops; i++)
        {
          g_autoptr(MemsimOp) op = random_session_op (rand);

          memsim_session_apply (session, op, NULL);
          g_ptr_array_add (states, session_state (session));
        }
      /* Long jumps, short steps back and forth, and undo to the start. */
      for (guint i = 0; i < 200; i++)
        {
          gint step = (gint) memsim_session_get_position (session) + g_rand_int_range (rand, -40, 41);
          guint target = i % 2 == 0 ? (guint) g_rand_int_range (rand, 0, n_ops + 1)
                                    : (guint) CLAMP (step, 0, (gint) n_ops);
          g_autofree char *now = NULL;

          memsim_session_seek (session, target);
          now = session_state (session);
          g_assert_cmpstr (now, ==, g_ptr_array_index (states, target));
          g_assert_true (memsim_heap_check (memsim_session_get_heap (session), NULL));
        }
      memsim_session_seek (session, n_ops);
      while (memsim_session_undo (session))
        {
          g_autofree char *now = session_state (session);

          g_assert_cmpstr (now, ==, g_ptr_array_index (states, memsim_session_get_position (session)));
        }
    }
}

/* A compaction cannot be undone, so the session keeps the state before one
 * (once half a snapshot interval has passed): undoing it is a restore. */
static guint
ops_since_snapshot (MemsimSession *session)
{
  guint at;

  memsim_session_get_snapshot (session, memsim_session_get_n_snapshots (session) - 1, &at, NULL);
  return memsim_session_get_position (session) - at;
}

static void
apply_named (MemsimSession *session,
             MemsimOpKind   kind,
             guint          id)
{
  g_autoptr(MemsimOp) op = memsim_op_new (kind);

  op->name = kind == MEMSIM_OP_COMPACT ? NULL : g_strdup_printf ("%u", id);
  op->size = 24;
  memsim_session_apply (session, op, NULL);
}

static void
test_snapshot_before_compaction (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  guint n_snapshots, at, compaction, blocks;

  for (guint i = 0; i < 1000; i++)
    apply_named (session, MEMSIM_OP_ALLOC, i);
  for (guint i = 1; i < 1000; i += 2)
    apply_named (session, MEMSIM_OP_FREE, i);
  /* Snapshots come every 2 × blocks operations; churn until half that
   * has passed since the last. */
  blocks = memsim_heap_get_n_blocks (memsim_session_get_heap (session));
  for (guint i = 1; ops_since_snapshot (session) < blocks; i += 2)
    {
      apply_named (session, MEMSIM_OP_ALLOC, i);
      apply_named (session, MEMSIM_OP_FREE, i);
    }
  n_snapshots = memsim_session_get_n_snapshots (session);
  compaction = memsim_session_get_position (session);
  apply_named (session, MEMSIM_OP_COMPACT, 0);
  g_assert_true (memsim_session_op_succeeded (session, compaction));
  g_assert_cmpuint (memsim_session_get_n_snapshots (session), ==, n_snapshots + 1);
  memsim_session_get_snapshot (session, n_snapshots, &at, NULL);
  g_assert_cmpuint (at, ==, compaction);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/undo/every-operation-taken-back", test_every_operation_taken_back);
  g_test_add_func ("/core/undo/session-seeks-about", test_session_seeks_about);
  g_test_add_func ("/core/undo/snapshot-before-compaction", test_snapshot_before_compaction);
  return g_test_run ();
}
