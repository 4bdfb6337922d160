/* test-session.c: MemsimSession — signals, batching, undo, redo, seek */
#include "config.h"

#include "memsim-session.h"

static MemsimOp *
make_op (MemsimOpKind kind, const char *name, guint64 size)
{
  MemsimOp *op = memsim_op_new (kind);

  op->name = g_strdup (name);
  op->size = size;
  return op;
}

static gboolean
apply (MemsimSession *session, MemsimOpKind kind, const char *name, guint64 size)
{
  g_autoptr(MemsimOp) op = make_op (kind, name, size);

  return memsim_session_apply (session, op, NULL);
}

/* The whole observable state as text: blocks and metrics. */
static gboolean
append_block (const MemsimBlockInfo *b, gpointer data)
{
  g_string_append_printf (data, "%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT ":%s:%" G_GUINT64_FORMAT ";",
                          b->start, b->size, b->free ? "-" : b->name, b->requested);
  return TRUE;
}

static char *
describe (MemsimSession *session)
{
  const MemsimHeap *heap = memsim_session_get_heap (session);
  GString *text = g_string_new (NULL);
  MemsimMetrics m;

  memsim_heap_walk (heap, 0, G_MAXUINT64, append_block, text);
  memsim_heap_get_metrics (heap, &m);
  g_string_append_printf (text, "|%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                          ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                          "|rover %" G_GUINT64_FORMAT,
                          m.alloc_ok, m.alloc_failed, m.free_ok, m.free_failed, m.high_water,
                          m.compactions, memsim_heap_get_rover (heap));
  return g_string_free (text, FALSE);
}

typedef struct {
  guint allocated, freed, moved, compacted, reset, changed;
  guint64 last_start, last_size;
} Counts;

static void
on_block (MemsimSession *s, const char *name, guint64 start, guint64 size, guint *counter)
{
  (*counter)++;
}

static void
on_changed (MemsimSession *s, Counts *c)
{
  c->changed++;
}

static void
on_moved (MemsimSession *s, const char *name, guint64 from, guint64 to, guint64 size, Counts *c)
{
  c->moved++;
  c->last_start = to;
  c->last_size = size;
}

static void
test_signals (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  Counts c = { 0 };

  g_signal_connect (session, "block-allocated", G_CALLBACK (on_block), &c.allocated);
  g_signal_connect (session, "block-freed", G_CALLBACK (on_block), &c.freed);
  g_signal_connect (session, "block-moved", G_CALLBACK (on_moved), &c);
  g_signal_connect (session, "changed", G_CALLBACK (on_changed), &c);

  g_assert_true (apply (session, MEMSIM_OP_ALLOC, "a", 100));
  g_assert_true (apply (session, MEMSIM_OP_ALLOC, "b", 100));
  g_assert_true (apply (session, MEMSIM_OP_REALLOC, "a", 1000));
  g_assert_true (apply (session, MEMSIM_OP_FREE, "b", 0));
  g_assert_false (apply (session, MEMSIM_OP_FREE, "nobody", 0));
  g_assert_cmpuint (c.allocated, ==, 2);
  g_assert_cmpuint (c.freed, ==, 1);
  g_assert_cmpuint (c.moved, ==, 1);
  g_assert_cmpuint (c.last_start, ==, 224);
  g_assert_cmpuint (c.last_size, ==, 1008);
  g_assert_cmpuint (c.changed, ==, 5);
  g_assert_cmpuint (memsim_session_get_n_ops (session), ==, 5);
  g_assert_false (memsim_session_op_succeeded (session, 4));
}

static void
count_note (guint *counter)
{
  (*counter)++;
}

static void
test_batch_emits_changed_once (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  Counts c = { 0 };

  guint position_notes = 0;

  g_signal_connect (session, "block-allocated", G_CALLBACK (on_block), &c.allocated);
  g_signal_connect (session, "changed", G_CALLBACK (on_changed), &c);
  g_signal_connect_swapped (session, "notify::position", G_CALLBACK (count_note), &position_notes);
  memsim_session_begin_batch (session);
  for (guint i = 0; i < 1000; i++)
    {
      char name[16];

      g_snprintf (name, sizeof name, "p%u", i);
      apply (session, MEMSIM_OP_ALLOC, name, 16);
    }
  g_assert_cmpuint (c.changed, ==, 0);
  g_assert_cmpuint (position_notes, ==, 0);
  memsim_session_end_batch (session);
  g_assert_cmpuint (c.changed, ==, 1);
  g_assert_cmpuint (position_notes, ==, 1);
  g_assert_cmpuint (c.allocated, ==, 0);
}

/* Random operations; remembers the state after each for the seek tests. */
static GPtrArray *
run_random (MemsimSession *session, guint n_ops, guint seed)
{
  GPtrArray *states = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (seed);

  g_ptr_array_add (states, describe (session));
  for (guint i = 0; i < n_ops; i++)
    {
      char name[16];
      guint pick = g_rand_int_range (rand, 0, 100);

      g_snprintf (name, sizeof name, "%d", g_rand_int_range (rand, 0, 200));
      if (pick < 50)
        apply (session, MEMSIM_OP_ALLOC, name, g_rand_int_range (rand, 1, 20000));
      else if (pick < 85)
        apply (session, MEMSIM_OP_FREE, name, 0);
      else if (pick < 98)
        apply (session, MEMSIM_OP_REALLOC, name, g_rand_int_range (rand, 1, 30000));
      else
        apply (session, MEMSIM_OP_COMPACT, NULL, 0);
      g_ptr_array_add (states, describe (session));
    }
  g_rand_free (rand);
  return states;
}

static void
test_seek_restores_every_state (void)
{
  g_autoptr(MemsimSession) session = NULL;
  g_autoptr(GPtrArray) states = NULL;
  MemsimHeapConfig config;
  GRand *rand = g_rand_new_with_seed (99);

  memsim_heap_config_init (&config, 1024 * 1024);
  config.policy = MEMSIM_POLICY_NEXT_FIT;
  session = memsim_session_new_with_config (&config);
  states = run_random (session, 5000, 1);

  for (guint i = 0; i < 300; i++)
    {
      guint target = g_rand_int_range (rand, 0, states->len);
      g_autofree char *now = NULL;

      memsim_session_seek (session, target);
      now = describe (session);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, target));
      g_assert_true (memsim_heap_check (memsim_session_get_heap (session), NULL));
    }
  g_rand_free (rand);
}

static void
assert_state (MemsimSession *session, const char *expected)
{
  g_autofree char *now = describe (session);

  g_assert_cmpstr (now, ==, expected);
}

static void
test_undo_redo_and_truncate (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  g_autoptr(GPtrArray) states = run_random (session, 600, 2);
  g_autofree char *after_new = NULL;

  for (guint i = 600; i > 590; i--)
    {
      g_assert_true (memsim_session_undo (session));
      assert_state (session, g_ptr_array_index (states, i - 1));
    }
  g_assert_true (memsim_session_can_redo (session));
  g_assert_true (memsim_session_redo (session));
  g_assert_cmpuint (memsim_session_get_position (session), ==, 591);

  /* A new operation drops the redo tail. */
  apply (session, MEMSIM_OP_COMPACT, NULL, 0);
  g_assert_cmpuint (memsim_session_get_n_ops (session), ==, 592);
  g_assert_false (memsim_session_can_redo (session));
  after_new = describe (session);
  memsim_session_seek (session, 0);
  assert_state (session, g_ptr_array_index (states, 0));
  memsim_session_seek (session, 592);
  assert_state (session, after_new);
  memsim_session_seek (session, 0);
  g_assert_false (memsim_session_undo (session));
}

/* One sample per op, exact, kept by undo, cut with the redo tail. */
static void
test_series (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  const MemsimSeries *series = memsim_session_get_series (session);
  const MemsimSample *s;

  apply (session, MEMSIM_OP_INIT, NULL, 1024);
  apply (session, MEMSIM_OP_ALLOC, "a", 100);   /* 112 bytes at 0 */
  apply (session, MEMSIM_OP_ALLOC, "b", 2000);  /* no space */
  apply (session, MEMSIM_OP_ALLOC, "c", 50);    /* 64 bytes at 112 */
  apply (session, MEMSIM_OP_FREE, "a", 0);      /* holes: 112 at 0, 848 at 176 */
  g_assert_cmpuint (memsim_series_get_length (series), ==, 5);

  s = memsim_series_get (series, 0);
  g_assert_cmpuint (s->free, ==, 1024);
  g_assert_cmpuint (s->free_blocks, ==, 1);
  g_assert_cmpfloat (memsim_sample_success_rate (s), ==, 1.0);
  s = memsim_series_get (series, 2);
  g_assert_cmpuint (s->alloc_ok, ==, 1);
  g_assert_cmpuint (s->alloc_failed, ==, 1);
  g_assert_cmpfloat (memsim_sample_success_rate (s), ==, 0.5);
  s = memsim_series_get (series, 3);
  g_assert_cmpuint (s->used, ==, 176);
  g_assert_cmpuint (s->requested, ==, 150);
  g_assert_cmpuint (s->live_blocks, ==, 2);
  g_assert_cmpfloat_with_epsilon (memsim_sample_internal_fragmentation (s), 26.0 / 176.0, 1e-12);
  s = memsim_series_get (series, 4);
  g_assert_cmpuint (s->free, ==, 960);
  g_assert_cmpuint (s->largest_free, ==, 848);
  g_assert_cmpuint (s->free_blocks, ==, 2);
  g_assert_cmpfloat_with_epsilon (memsim_sample_external_fragmentation (s), 1.0 - 848.0 / 960.0, 1e-12);
  g_assert_cmpuint (s->arenas, ==, 0);

  g_assert_true (memsim_session_undo (session));
  g_assert_true (memsim_session_undo (session));
  g_assert_cmpuint (memsim_series_get_length (series), ==, 5);
  apply (session, MEMSIM_OP_COMPACT, NULL, 0);
  g_assert_cmpuint (memsim_series_get_length (series), ==, 4);
  g_assert_cmpuint (memsim_series_get (series, 3)->used, ==, 112);
}

/* store, release and collect reach the object store (tests/objects has
 * the rest). */
static void
test_object_store_ops (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  g_autoptr(MemsimOp) collect = memsim_op_new (MEMSIM_OP_COLLECT);
  g_autoptr(MemsimOp) release = make_op (MEMSIM_OP_RELEASE, "nobody", 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (memsim_session_apply (session, collect, &error));
  g_assert_no_error (error);
  g_assert_false (memsim_session_apply (session, release, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_LIVE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/session/signals", test_signals);
  g_test_add_func ("/core/session/batch-emits-changed-once", test_batch_emits_changed_once);
  g_test_add_func ("/core/session/seek-restores-every-state", test_seek_restores_every_state);
  g_test_add_func ("/core/session/undo-redo-truncate", test_undo_redo_and_truncate);
  g_test_add_func ("/core/session/object-store-ops", test_object_store_ops);
  g_test_add_func ("/core/session/series", test_series);
  return g_test_run ();
}
