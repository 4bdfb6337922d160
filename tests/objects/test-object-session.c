/* test-object-session.c: store, release and collect through MemsimSession
 *
 * Signals, the ledger across undo and seek, bad input in the log, the
 * heap blocks only the store may free, reset, the profile, and arenas
 * that compaction moves.
 */
#include "config.h"

#include "memsim-json.h"
#include "memsim-session.h"
#include "objects-common.h"

static MemsimOp *
store_op (const char *name,
          const char *type,
          const char *value)
{
  MemsimOp *op = memsim_op_new (MEMSIM_OP_STORE);

  op->name = g_strdup (name);
  op->type = g_strdup (type);
  op->value = g_strdup (value);
  return op;
}

static MemsimOp *
named_op (MemsimOpKind  kind,
          const char   *name,
          guint64       size)
{
  MemsimOp *op = memsim_op_new (kind);

  op->name = g_strdup (name);
  op->size = size;
  return op;
}

static gboolean
apply_op (MemsimSession *session,
          MemsimOp      *op,
          GError       **error)
{
  gboolean ok = memsim_session_apply (session, op, error);

  memsim_op_free (op);
  return ok;
}

static void
apply_ok (MemsimSession *session,
          MemsimOp      *op)
{
  g_autoptr (GError) error = NULL;

  if (!apply_op (session, op, &error))
    g_error ("%s", error->message);
}

static char *
session_state (MemsimSession *session)
{
  return describe_state (memsim_session_get_heap (session),
                         memsim_session_get_object_store (session));
}

static void
assert_session_consistent (MemsimSession *session)
{
  assert_consistent (memsim_session_get_object_store (session),
                     memsim_session_get_heap (session));
}

static MemsimSession *
new_session (guint64 total)
{
  MemsimSession *session = memsim_session_new ();

  apply_ok (session, named_op (MEMSIM_OP_INIT, NULL, total));
  return session;
}

/* ---- signals ---------------------------------------------------------------- */

typedef struct {
  guint stored, released, freed, pool_states, arenas_added, arenas_released;
  guint blocks_allocated, blocks_freed;
  char *last_name;
} Counts;

static void
on_object (MemsimSession *session,
           const char    *name,
           guint64        id,
           guint64        address,
           guint64        size,
           guint          refcount,
           guint         *counter)
{
  (*counter)++;
}

static void
on_released (MemsimSession *session,
             const char    *name,
             guint64        id,
             guint64        address,
             guint64        size,
             guint          refcount,
             Counts        *c)
{
  c->released++;
  c->freed += refcount == 0;
}

static void
on_pool (MemsimSession *session,
         guint          arena,
         guint          pool,
         guint          size_class,
         guint          state,
         guint64        address,
         Counts        *c)
{
  c->pool_states++;
}

static void
on_arena (MemsimSession *session,
          const char    *name,
          guint64        start,
          guint64        size,
          guint         *counter)
{
  (*counter)++;
}

static void
on_block (MemsimSession *session,
          const char    *name,
          guint64        start,
          guint64        size,
          Counts        *c)
{
  g_free (c->last_name);
  c->last_name = g_strdup (name);
}

static void
connect_counts (MemsimSession *session,
                Counts        *c)
{
  g_signal_connect (session, "object-stored", G_CALLBACK (on_object), &c->stored);
  g_signal_connect (session, "object-released", G_CALLBACK (on_released), c);
  g_signal_connect (session, "pool-state-changed", G_CALLBACK (on_pool), c);
  g_signal_connect (session, "arena-added", G_CALLBACK (on_arena), &c->arenas_added);
  g_signal_connect (session, "arena-released", G_CALLBACK (on_arena), &c->arenas_released);
  g_signal_connect (session, "block-allocated", G_CALLBACK (on_arena), &c->blocks_allocated);
  g_signal_connect (session, "block-freed", G_CALLBACK (on_arena), &c->blocks_freed);
  g_signal_connect (session, "block-allocated", G_CALLBACK (on_block), c);
}

static void
test_signals (void)
{
  g_autoptr (MemsimSession) session = new_session (64 << 20);
  g_autofree char *fill = g_strnfill (600, '.');
  g_autofree char *long_text = g_strdup_printf ("'%s'", fill);    /* 649 bytes */
  Counts c = { 0 };

  connect_counts (session, &c);
  apply_ok (session, store_op ("a", "int", "1"));
  g_assert_cmpuint (c.stored, ==, 1);
  g_assert_cmpuint (c.arenas_added, ==, 1);
  g_assert_cmpuint (c.blocks_allocated, ==, 1);
  g_assert_cmpstr (c.last_name, ==, "arena#1");
  g_assert_cmpuint (c.pool_states, ==, 1);

  apply_ok (session, store_op ("s", "str", long_text));
  g_assert_cmpuint (c.blocks_allocated, ==, 2);
  g_assert_true (g_str_has_prefix (c.last_name, "obj#"));

  apply_ok (session, store_op ("b", "tuple", "(1, 2.5)"));
  g_assert_cmpuint (c.stored, ==, 5);              /* a, s, 1 (shared), 2.5, b */
  apply_ok (session, named_op (MEMSIM_OP_RELEASE, "b", 0));
  apply_ok (session, named_op (MEMSIM_OP_RELEASE, "s", 0));
  apply_ok (session, named_op (MEMSIM_OP_RELEASE, "a", 0));
  g_assert_cmpuint (c.released, ==, 5);
  g_assert_cmpuint (c.freed, ==, 4);
  g_assert_cmpuint (c.blocks_freed, ==, 1);         /* obj#… */
  g_assert_cmpuint (c.arenas_released, ==, 0);      /* the last usable arena stays */
  apply_ok (session, memsim_op_new (MEMSIM_OP_COLLECT));
  g_assert_cmpuint (c.arenas_released, ==, 1);
  g_assert_cmpuint (c.blocks_freed, ==, 2);

  /* muted in a batch: "changed" only */
  memsim_session_begin_batch (session);
  apply_ok (session, store_op ("a", "int", "1"));
  memsim_session_end_batch (session);
  g_assert_cmpuint (c.stored, ==, 5);
  g_free (c.last_name);
}

/* ---- undo, redo, seek -------------------------------------------------------- */

static MemsimOp *
random_op (GRand     *rand,
           GPtrArray *live,
           guint     *serial)
{
  static const char * const types[] = { "int", "float", "str", "tuple", "record", "bytes" };
  static const char * const values[] = {
    "7", "2.5", "'name'", "(1, 'x', (2.5,))", "P(x=1, y=(2, 3))", "b'" "0123456789" "'",
  };
  guint k = g_rand_int_range (rand, 0, 100);

  if (k < 3)
    return memsim_op_new (MEMSIM_OP_COLLECT);
  if (k < 6)
    return named_op (MEMSIM_OP_RELEASE, "not-stored", 0);           /* fails */
  if (live->len > 0 && k < 50)
    {
      guint victim = g_rand_int_range (rand, 0, live->len);
      MemsimOp *op = named_op (MEMSIM_OP_RELEASE, g_ptr_array_index (live, victim), 0);

      g_ptr_array_remove_index_fast (live, victim);
      return op;
    }
  k = g_rand_int_range (rand, 0, G_N_ELEMENTS (types));
  g_ptr_array_add (live, g_strdup_printf ("v%u", (*serial)++));
  return store_op (g_ptr_array_index (live, live->len - 1), types[k], values[k]);
}

static char *
state_digest (MemsimSession *session)
{
  g_autofree char *state = session_state (session);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, state, -1);
}

/* The state after every operation, by digest; seeking anywhere, undoing
 * and redoing give the same state (snapshots copy the store too). */
static void
test_seek_restores_the_ledger (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);
  g_autoptr (GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *digest = NULL;
  guint serial = 0, n;

  g_ptr_array_add (digests, state_digest (session));
  apply_ok (session, named_op (MEMSIM_OP_INIT, NULL, 32 << 20));
  g_ptr_array_add (digests, state_digest (session));
  apply_ok (session, named_op (MEMSIM_OP_ALLOC, "program", 12345));
  g_ptr_array_add (digests, state_digest (session));
  for (guint i = 0; i < 3000; i++)
    {
      apply_op (session, random_op (rand, live, &serial), NULL);
      g_ptr_array_add (digests, state_digest (session));
    }
  n = memsim_session_get_n_ops (session);
  g_assert_cmpuint (n + 1, ==, digests->len);

  for (guint i = 0; i < 60; i++)
    {
      guint position = i < 2 ? i * n : (guint) g_rand_int_range (rand, 0, n + 1);

      memsim_session_seek (session, position);
      g_clear_pointer (&digest, g_free);
      digest = state_digest (session);
      g_assert_cmpstr (digest, ==, g_ptr_array_index (digests, position));
      assert_session_consistent (session);
    }
  memsim_session_seek (session, n);
  while (memsim_session_undo (session))
    ;
  g_assert_true (memsim_session_redo (session));
  g_assert_true (memsim_session_redo (session));
  g_assert_true (memsim_session_redo (session));
  g_clear_pointer (&digest, g_free);
  digest = state_digest (session);
  g_assert_cmpstr (digest, ==, g_ptr_array_index (digests, 3));
}

/* ---- bad input through the log ------------------------------------------------ */

static void
expect_failure_unchanged (MemsimSession *session,
                          MemsimOp      *op,
                          int            code)
{
  g_autofree char *before = session_state (session);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  guint n = memsim_session_get_n_ops (session);

  g_assert_false (apply_op (session, op, &error));
  g_assert_error (error, MEMSIM_ERROR, code);
  after = session_state (session);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (memsim_session_get_n_ops (session), ==, n + 1);
  g_assert_false (memsim_session_op_succeeded (session, n));
}

static void
test_bad_input (void)
{
  g_autoptr (MemsimSession) session = new_session (16 << 20);

  apply_ok (session, store_op ("x", "tuple", "(1, 'two')"));
  expect_failure_unchanged (session, store_op ("y", "list", "[1]"), MEMSIM_ERROR_SYNTAX);
  expect_failure_unchanged (session, store_op ("y", "int", "1.5"), MEMSIM_ERROR_SYNTAX);
  expect_failure_unchanged (session, store_op ("y", "record", "P(x=)"), MEMSIM_ERROR_SYNTAX);
  expect_failure_unchanged (session, store_op ("x", "int", "1"), MEMSIM_ERROR_ALREADY_ALLOCATED);
  expect_failure_unchanged (session, named_op (MEMSIM_OP_RELEASE, "y", 0), MEMSIM_ERROR_NOT_LIVE);
  apply_ok (session, named_op (MEMSIM_OP_RELEASE, "x", 0));
  expect_failure_unchanged (session, named_op (MEMSIM_OP_RELEASE, "x", 0), MEMSIM_ERROR_NOT_LIVE);
  /* the store's heap blocks are not the script's to free */
  expect_failure_unchanged (session, named_op (MEMSIM_OP_FREE, "arena#1", 0),
                            MEMSIM_ERROR_INVALID_NAME);
  expect_failure_unchanged (session, named_op (MEMSIM_OP_REALLOC, "arena#1", 64),
                            MEMSIM_ERROR_INVALID_NAME);
  assert_session_consistent (session);
}

/* A script's own block named like an arena is skipped over. */
static void
test_arena_names (void)
{
  g_autoptr (MemsimSession) session = new_session (16 << 20);
  MemsimBlockInfo info;

  apply_ok (session, named_op (MEMSIM_OP_ALLOC, "arena#1", 100));
  apply_ok (session, store_op ("x", "float", "1.0"));
  g_assert_true (memsim_heap_lookup_name (memsim_session_get_heap (session), "arena#2", &info));
  g_assert_cmpuint (info.size, ==, 1 << 20);
  apply_ok (session, named_op (MEMSIM_OP_FREE, "arena#1", 0));
  assert_session_consistent (session);
}

/* ---- reset, profile, compaction ------------------------------------------------ */

static void
test_reset_clears_the_store (void)
{
  g_autoptr (MemsimSession) session = new_session (16 << 20);
  const MemsimObjectStore *store;

  apply_ok (session, store_op ("x", "str", "'kept until reset'"));
  apply_ok (session, memsim_op_new (MEMSIM_OP_RESET));
  store = memsim_session_get_object_store (session);
  g_assert_cmpuint (memsim_object_store_get_n_objects (store), ==, 0);
  g_assert_cmpuint (memsim_object_store_get_n_names (store), ==, 0);
  g_assert_cmpuint (store_stats (store).arenas_current, ==, 0);
  g_assert_cmpuint (store_stats (store).arenas_allocated_total, ==, 0);
  apply_ok (session, store_op ("x", "int", "3"));
  assert_session_consistent (session);
}

static void
test_profile (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (GError) error = NULL;
  const MemsimObjectStore *store;

  g_assert_true (memsim_session_set_object_profile (session, MEMSIM_PROFILE_CPYTHON_3_9, &error));
  g_assert_no_error (error);
  apply_ok (session, store_op ("x", "int", "3"));
  store = memsim_session_get_object_store (session);
  g_assert_cmpint (memsim_object_store_get_profile (store), ==, MEMSIM_PROFILE_CPYTHON_3_9);
  g_assert_true (memsim_heap_lookup_name (memsim_session_get_heap (session), "arena#1", NULL));
  g_assert_false (memsim_session_set_object_profile (session, MEMSIM_PROFILE_CPYTHON_3_11, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_EMPTY);
  /* undo to the start keeps the profile chosen before it */
  memsim_session_seek (session, 0);
  store = memsim_session_get_object_store (session);
  g_assert_cmpint (memsim_object_store_get_profile (store), ==, MEMSIM_PROFILE_CPYTHON_3_9);
}

/* An arena that compaction moves, by `compact` or by auto-compact while
 * the store asks for its next arena: the ledger follows. */
static void
test_compaction_moves_arenas (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  static const char * const users[] = { "u1", "u2", "u3" };
  MemsimObjectInfo before, after;
  MemsimOp *auto_compact;

  g_assert_true (memsim_session_set_object_profile (session, MEMSIM_PROFILE_CPYTHON_3_9, NULL));
  apply_ok (session, named_op (MEMSIM_OP_INIT, NULL, 1 << 20));
  apply_ok (session, named_op (MEMSIM_OP_ALLOC, "pad", 16));
  apply_ok (session, store_op ("first", "bytes", "b'" "0123456789012345678901234567890" "'"));
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    apply_ok (session, named_op (MEMSIM_OP_ALLOC, users[i], 200000));
  apply_ok (session, named_op (MEMSIM_OP_ALLOC, "u4", (1 << 20) - 16 - 262144 - 600000));
  apply_ok (session, named_op (MEMSIM_OP_FREE, "pad", 0));
  apply_ok (session, named_op (MEMSIM_OP_FREE, "u1", 0));
  apply_ok (session, named_op (MEMSIM_OP_FREE, "u3", 0));
  g_assert_true (memsim_object_store_lookup_name (memsim_session_get_object_store (session),
                                                  "first", &before));

  /* fill arena 1 (64 pools), so that the next object needs arena 2: the
   * heap has 400016 bytes free, but no hole of 256 KiB */
  auto_compact = named_op (MEMSIM_OP_SET, NULL, 1);
  auto_compact->setting = MEMSIM_SETTING_AUTO_COMPACT;
  apply_ok (session, auto_compact);
  for (guint i = 0; i < 64 * 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("fill%u", i);
      g_autofree char *text = g_strdup_printf ("b'%0479u'", i);

      apply_ok (session, store_op (name, "bytes", text));
    }
  g_assert_true (memsim_object_store_lookup_name (memsim_session_get_object_store (session),
                                                  "first", &after));
  g_assert_cmpuint (after.address, ==, before.address - 16);
  g_assert_cmpuint (store_stats (memsim_session_get_object_store (session)).arenas_current, ==, 2);
  assert_session_consistent (session);

  apply_ok (session, memsim_op_new (MEMSIM_OP_COMPACT));
  assert_session_consistent (session);
}

static void
test_json_names (void)
{
  g_autoptr (MemsimSession) session = new_session (16 << 20);
  g_autofree char *json = NULL;

  apply_ok (session, store_op ("b", "int", "1"));
  apply_ok (session, store_op ("a", "int", "1"));
  apply_ok (session, store_op ("p", "record", "Point(x=1)"));
  json = session_state (session);
  g_assert_nonnull (strstr (json, "\"object_store\": {\n    \"profile\": \"cpython-3.11\""));
  g_assert_nonnull (strstr (json, "{\"id\": 1, \"name\": \"a\", \"names\": [\"a\", \"b\"], "
                                  "\"type\": \"int\", \"size\": 28, \"refcount\": 3"));
  g_assert_nonnull (strstr (json, "\"type\": \"dict\", \"size\": 296"));
  g_assert_nonnull (strstr (json, "\"class_name\": \"Point\", \"children\": [2]"));
  g_assert_nonnull (strstr (json, "{\"class\": 31, \"size\": 512, \"pools\": 0"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/objects/session/signals", test_signals);
  g_test_add_func ("/objects/session/seek-restores-the-ledger", test_seek_restores_the_ledger);
  g_test_add_func ("/objects/session/bad-input", test_bad_input);
  g_test_add_func ("/objects/session/arena-names", test_arena_names);
  g_test_add_func ("/objects/session/reset", test_reset_clears_the_store);
  g_test_add_func ("/objects/session/profile", test_profile);
  g_test_add_func ("/objects/session/compaction-moves-arenas", test_compaction_moves_arenas);
  g_test_add_func ("/objects/session/json", test_json_names);

  return g_test_run ();
}
