/* test-session-file.c: .memsim files — round trips, old and new formats,
 * damaged files, atomic saves */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "classic-workload.h"
#include "memsim-json.h"
#include "memsim-session-file.h"

static char *test_dir;

static char *
test_path (const char *name)
{
  return g_build_filename (test_dir, name, NULL);
}

static MemsimSession *
classic_session (guint n_ops)
{
  MemsimSession *session = memsim_session_new ();

  memsim_session_begin_batch (session);
  classic_workload_run (session, n_ops, 20260429);
  memsim_session_end_batch (session);
  return session;
}

static gboolean
apply_line (MemsimSession *session,
            MemsimOpKind   kind,
            const char    *name,
            guint64        size)
{
  g_autoptr (MemsimOp) op = memsim_op_new (kind);

  op->name = g_strdup (name);
  op->size = size;
  return memsim_session_apply (session, op, NULL);
}

static gboolean
apply_store (MemsimSession *session,
             const char    *name,
             const char    *type,
             const char    *value)
{
  g_autoptr (MemsimOp) op = memsim_op_new (MEMSIM_OP_STORE);

  op->name = g_strdup (name);
  op->type = g_strdup (type);
  op->value = g_strdup (value);
  return memsim_session_apply (session, op, NULL);
}

static char *
final_state (MemsimSession *session)
{
  return memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                             memsim_session_get_object_store (session));
}

/* Everything a session holds: log, results, times, series, state. */
static void
assert_same_session (MemsimSession *a,
                     MemsimSession *b)
{
  const MemsimSeries *sa = memsim_session_get_series (a), *sb = memsim_session_get_series (b);
  g_autofree char *state_a = final_state (a), *state_b = final_state (b);

  g_assert_cmpuint (memsim_session_get_n_ops (a), ==, memsim_session_get_n_ops (b));
  g_assert_cmpuint (memsim_session_get_position (a), ==, memsim_session_get_position (b));
  g_assert_cmpmem (memsim_session_get_initial_config (a), sizeof (MemsimHeapConfig),
                   memsim_session_get_initial_config (b), sizeof (MemsimHeapConfig));
  for (guint i = 0; i < memsim_session_get_n_ops (a); i++)
    {
      g_autofree char *line_a = memsim_op_to_script (memsim_session_get_op (a, i));
      g_autofree char *line_b = memsim_op_to_script (memsim_session_get_op (b, i));

      g_assert_cmpstr (line_a, ==, line_b);
      g_assert_cmpint (memsim_session_op_succeeded (a, i), ==, memsim_session_op_succeeded (b, i));
      g_assert_cmpint (memsim_session_get_op_time (a, i), ==, memsim_session_get_op_time (b, i));
    }
  g_assert_cmpuint (memsim_series_get_length (sa), ==, memsim_series_get_length (sb));
  for (guint i = 0; i < memsim_series_get_length (sa); i++)
    g_assert_cmpmem (memsim_series_get (sa, i), sizeof (MemsimSample),
                     memsim_series_get (sb, i), sizeof (MemsimSample));
  g_assert_cmpstr (state_a, ==, state_b);
}

static MemsimSession *
save_and_load (MemsimSession *session,
               const char    *name)
{
  g_autofree char *path = test_path (name);
  g_autoptr (GError) error = NULL;
  MemsimSession *loaded;

  g_assert_true (memsim_session_file_save (session, path, NULL, &error));
  g_assert_no_error (error);
  loaded = memsim_session_file_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  return loaded;
}

/* ---- round trips ---------------------------------------------------------- */

static gint64
query_int (const char *name,
           const char *sql)
{
  g_autofree char *path = test_path (name);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_classic_round_trip (void)
{
  g_autoptr (MemsimSession) session = classic_session (20000);
  g_autoptr (MemsimSession) loaded = save_and_load (session, "classic.memsim");
  MemsimMetrics m;

  /* what the file holds: the log, periodic block tables, the end state */
  g_assert_cmpint (query_int ("classic.memsim", "SELECT count(*) FROM operations"), ==, 20001);
  /* the session's 234 snapshots (one every 2 × blocks operations, and
   * before each of its many compactions once an eighth of that has
   * passed), 32 of them spread evenly in the file (its most), and the end */
  g_assert_cmpuint (memsim_session_get_n_snapshots (session), ==, 234);
  g_assert_cmpint (query_int ("classic.memsim", "SELECT count(*) FROM snapshots"), ==, 33);
  g_assert_cmpint (query_int ("classic.memsim", "SELECT max(position) FROM snapshots"),
                   ==, 20001);
  g_assert_cmpint (query_int ("classic.memsim", "SELECT sum(NOT ok) FROM operations"), >, 0);

  /* the workload is what it says: blocks, failures, compactions */
  memsim_heap_get_metrics (memsim_session_get_heap (session), &m);
  g_assert_cmpuint (memsim_session_get_n_ops (session), ==, 20001);
  g_assert_cmpuint (m.live_blocks, >, 100);
  g_assert_cmpuint (m.alloc_failed, >, 0);
  g_assert_cmpuint (m.compactions, >, 1000);
  assert_same_session (session, loaded);

  /* the loaded session goes on like the original */
  memsim_session_undo (loaded);
  memsim_session_undo (session);
  assert_same_session (session, loaded);
  g_assert_true (apply_line (loaded, MEMSIM_OP_COMPACT, NULL, 0)
                 == apply_line (session, MEMSIM_OP_COMPACT, NULL, 0));
  g_assert_cmpuint (memsim_session_get_n_ops (loaded), ==, 20001);
}

static void
test_position (void)
{
  g_autoptr (MemsimSession) session = classic_session (3000);
  g_autoptr (MemsimSession) loaded = NULL;
  g_autofree char *end_state = final_state (session);
  g_autofree char *redone_state = NULL;

  memsim_session_seek (session, 1234);
  loaded = save_and_load (session, "position.memsim");
  g_assert_cmpuint (memsim_session_get_position (loaded), ==, 1234);
  g_assert_true (memsim_session_can_redo (loaded));
  assert_same_session (session, loaded);

  memsim_session_seek (loaded, memsim_session_get_n_ops (loaded));
  redone_state = final_state (loaded);
  g_assert_cmpstr (redone_state, ==, end_state);
}

static void
test_object_store (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (MemsimSession) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *filler = g_strnfill (600, 'a');
  g_autofree char *big = NULL;
  MemsimObjectInfo object;

  g_assert_true (memsim_session_set_object_profile (session, MEMSIM_PROFILE_CPYTHON_3_9, &error));
  g_assert_true (apply_line (session, MEMSIM_OP_INIT, NULL, 8 * 1024 * 1024));
  g_assert_true (apply_line (session, MEMSIM_OP_ALLOC, "program", 100));
  g_assert_true (apply_store (session, "greeting", "str", "\"hello, world\""));
  g_assert_true (apply_store (session, "t", "tuple", "(1, 2.5, 'x')"));
  g_assert_true (apply_store (session, "p", "record", "Point(x=1, y=2)"));
  big = g_strdup_printf ("b\"%s\"", filler);
  g_assert_true (apply_store (session, "big", "bytes", big));
  g_assert_true (apply_line (session, MEMSIM_OP_RELEASE, "t", 0));
  g_assert_false (apply_line (session, MEMSIM_OP_RELEASE, "nobody", 0));
  g_assert_true (apply_line (session, MEMSIM_OP_COMPACT, NULL, 0));
  g_assert_true (apply_line (session, MEMSIM_OP_COLLECT, NULL, 0));

  loaded = save_and_load (session, "objects.memsim");
  assert_same_session (session, loaded);
  g_assert_cmpint (memsim_object_store_get_profile (memsim_session_get_object_store (loaded)),
                   ==, MEMSIM_PROFILE_CPYTHON_3_9);
  g_assert_true (memsim_object_store_lookup_name (memsim_session_get_object_store (loaded),
                                                  "big", &object));
  g_assert_true (object.large);
  g_assert_cmpuint (memsim_session_get_n_ops (loaded), ==, 10);
}

static void
test_settings_and_names (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (MemsimSession) loaded = NULL;
  g_autoptr (MemsimOp) policy = memsim_op_new (MEMSIM_OP_POLICY);
  g_autoptr (MemsimOp) set = memsim_op_new (MEMSIM_OP_SET);
  g_autoptr (MemsimOp) alloc = memsim_op_new (MEMSIM_OP_ALLOC);

  policy->policy = MEMSIM_POLICY_BUDDY;
  set->setting = MEMSIM_SETTING_MIN_BLOCK;
  set->size = 128;
  alloc->name = g_strdup ("a name, with \"quotes\" and spaces");
  alloc->size = 100;
  alloc->round = MEMSIM_ROUND_EXACT;
  g_assert_true (apply_line (session, MEMSIM_OP_INIT, NULL, 1536 * 1024));
  g_assert_true (memsim_session_apply (session, policy, NULL));
  g_assert_true (memsim_session_apply (session, set, NULL));
  g_assert_true (memsim_session_apply (session, alloc, NULL));
  g_assert_true (apply_line (session, MEMSIM_OP_ALLOC, "ünïcødé", 3000));
  g_assert_true (apply_line (session, MEMSIM_OP_REALLOC, "ünïcødé", 9000));
  g_assert_true (apply_line (session, MEMSIM_OP_RESET, NULL, 4096));

  loaded = save_and_load (session, "settings.memsim");
  assert_same_session (session, loaded);
}

static void
test_empty_session (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (MemsimSession) loaded = save_and_load (session, "empty-session.memsim");

  assert_same_session (session, loaded);
  g_assert_cmpuint (memsim_session_get_n_ops (loaded), ==, 0);
}

static void
test_info (void)
{
  g_autoptr (MemsimSession) session = classic_session (500);
  g_autofree char *path = test_path ("info.memsim");
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) saved = NULL;
  MemsimSessionFileInfo info;
  GStatBuf st;

  memsim_session_seek (session, 100);
  g_assert_true (memsim_session_file_save (session, path, NULL, &error));
  g_assert_true (memsim_session_file_read_info (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.format, ==, MEMSIM_SESSION_FILE_FORMAT);
  g_assert_cmpstr (info.app_version, ==, PACKAGE_VERSION);
  g_assert_cmpuint (info.n_ops, ==, 501);
  g_assert_cmpuint (info.position, ==, 100);
  g_assert_cmpint (info.policy, ==, MEMSIM_POLICY_FIRST_FIT);
  g_assert_cmpuint (info.total, ==, CLASSIC_HEAP_SIZE);
  g_assert_cmpint (info.profile, ==, MEMSIM_PROFILE_CPYTHON_3_11);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (info.file_size, ==, st.st_size);
  saved = g_date_time_new_from_iso8601 (info.saved_at, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpint (ABS (g_date_time_to_unix (saved) - g_get_real_time () / G_USEC_PER_SEC), <, 600);
  memsim_session_file_info_clear (&info);
}

/* The clock: times never go back, apply_at() sets it, the initial
 * settings stay those of the first snapshot. */
static void
test_clock_and_initial_config (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (MemsimOp) compact = memsim_op_new (MEMSIM_OP_COMPACT);
  gint64 later = G_GINT64_CONSTANT (3600) * G_GINT64_CONSTANT (1000000000);

  g_assert_true (apply_line (session, MEMSIM_OP_INIT, NULL, 4096));
  g_assert_true (apply_line (session, MEMSIM_OP_ALLOC, "a", 100));
  g_assert_cmpint (memsim_session_get_op_time (session, 0), >=, 0);
  g_assert_cmpint (memsim_session_get_op_time (session, 1), >=,
                   memsim_session_get_op_time (session, 0));
  g_assert_true (memsim_session_apply_at (session, compact, later, NULL));
  g_assert_cmpint (memsim_session_get_op_time (session, 2), ==, later);
  g_assert_true (apply_line (session, MEMSIM_OP_FREE, "a", 0));
  g_assert_cmpint (memsim_session_get_op_time (session, 3), >=, later);
  g_assert_cmpint (memsim_session_get_op_time (session, 3), <,
                   later + 60 * G_GINT64_CONSTANT (1000000000));

  g_assert_cmpuint (memsim_session_get_initial_config (session)->total, ==, 1024 * 1024);
  g_assert_cmpuint (memsim_heap_get_config (memsim_session_get_heap (session))->total, ==, 4096);
  g_assert_cmpuint (memsim_session_get_n_snapshots (session), >=, 1);
}

/* ---- in a thread ------------------------------------------------------ */

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (void)
{
  g_autoptr (MemsimSession) session = classic_session (2000);
  g_autoptr (MemsimSession) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = test_path ("async.memsim");
  g_autofree char *nowhere = test_path ("nowhere.memsim");
  GAsyncResult *saved = NULL, *opened = NULL, *missing = NULL;

  memsim_session_file_save_async (session, path, NULL, on_async_done, &saved);
  g_assert_true (memsim_session_file_save_finish (session, wait_for (&saved), &error));
  g_assert_no_error (error);

  memsim_session_file_load_async (path, NULL, on_async_done, &opened);
  loaded = memsim_session_file_load_finish (wait_for (&opened), &error);
  g_assert_no_error (error);
  assert_same_session (session, loaded);

  memsim_session_file_load_async (nowhere, NULL, on_async_done, &missing);
  g_assert_null (memsim_session_file_load_finish (wait_for (&missing), &error));
  g_assert_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO);
  g_object_unref (saved);
  g_object_unref (opened);
  g_object_unref (missing);
}

/* ---- format 1 ------------------------------------------------------------- */

/* A file as Memsim's format 1 wrote it (no times, no snapshots), made by
 * hand: init 4096; alloc a 100; alloc b 200; free a; free nobody. */
static const char v1_fixture[] =
  "PRAGMA application_id = 1297312109; PRAGMA user_version = 1;"
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID;"
  "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID;"
  "CREATE TABLE operations (idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT,"
  "  size INTEGER NOT NULL DEFAULT 0, round TEXT, policy TEXT, setting TEXT, type TEXT,"
  "  value TEXT, line INTEGER NOT NULL DEFAULT 0, ok INTEGER NOT NULL,"
  "  used_bytes INTEGER NOT NULL, requested_bytes INTEGER NOT NULL,"
  "  free_bytes INTEGER NOT NULL, largest_free_bytes INTEGER NOT NULL,"
  "  alloc_ok INTEGER NOT NULL, alloc_failed INTEGER NOT NULL,"
  "  free_blocks INTEGER NOT NULL, live_blocks INTEGER NOT NULL,"
  "  arenas INTEGER NOT NULL, pools INTEGER NOT NULL);"
  "CREATE TABLE objects (id INTEGER PRIMARY KEY, type TEXT NOT NULL, class_name TEXT,"
  "  size_bytes INTEGER NOT NULL, refcount INTEGER NOT NULL, address INTEGER NOT NULL,"
  "  large INTEGER NOT NULL, arena INTEGER, pool INTEGER, block INTEGER, size_class INTEGER);"
  "CREATE TABLE names (name TEXT PRIMARY KEY NOT NULL, object_id INTEGER NOT NULL)"
  "  WITHOUT ROWID;"
  "INSERT INTO meta VALUES ('format', 1), ('app_version', '0.0.9'),"
  "  ('saved_at', '2026-01-02T03:04:05Z'), ('n_ops', 5), ('position', 5),"
  "  ('policy', 'first-fit'), ('total', 4096);"
  "INSERT INTO settings VALUES ('total', 1048576), ('align', 16), ('header', 0),"
  "  ('min_block', 64), ('policy', 'first-fit'), ('round_pow2', 0), ('auto_compact', 0),"
  "  ('object_profile', 'cpython-3.11');"
  "INSERT INTO operations (idx, kind, name, size, line, ok, used_bytes, requested_bytes,"
  "  free_bytes, largest_free_bytes, alloc_ok, alloc_failed, free_blocks, live_blocks,"
  "  arenas, pools) VALUES"
  "  (0, 'init', NULL, 4096, 1, 1, 0, 0, 4096, 4096, 0, 0, 1, 0, 0, 0),"
  "  (1, 'alloc', 'a', 100, 2, 1, 112, 100, 3984, 3984, 1, 0, 1, 1, 0, 0),"
  "  (2, 'alloc', 'b', 200, 3, 1, 320, 300, 3776, 3776, 2, 0, 1, 2, 0, 0),"
  "  (3, 'free', 'a', 0, 4, 1, 208, 200, 3888, 3776, 2, 0, 2, 1, 0, 0),"
  "  (4, 'free', 'nobody', 0, 5, 0, 208, 200, 3888, 3776, 2, 0, 2, 1, 0, 0);";

static void
write_database (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_unlink (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);
}

static gboolean
describe_block (const MemsimBlockInfo *block,
                gpointer               user_data)
{
  g_string_append_printf (user_data, "[%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ")%s ",
                          block->start, block->start + block->size,
                          block->free ? "free" : block->name);
  return TRUE;
}

static void
test_format_1 (void)
{
  g_autofree char *path = test_path ("format-1.memsim");
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr (GString) blocks = g_string_new (NULL);
  g_autoptr (MemsimSession) loaded = NULL;
  g_autoptr (GError) error = NULL;
  MemsimSessionFileInfo info;
  gsize before_len, after_len;

  write_database (path, v1_fixture);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  g_assert_true (memsim_session_file_read_info (path, &info, &error));
  g_assert_cmpuint (info.format, ==, 1);
  g_assert_cmpstr (info.app_version, ==, "0.0.9");
  g_assert_cmpuint (info.n_ops, ==, 5);
  memsim_session_file_info_clear (&info);

  loaded = memsim_session_file_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memsim_session_get_n_ops (loaded), ==, 5);
  g_assert_false (memsim_session_op_succeeded (loaded, 4));
  g_assert_cmpint (memsim_session_get_op_time (loaded, 3), ==, 0);
  memsim_heap_walk (memsim_session_get_heap (loaded), 0, 4096, describe_block, blocks);
  g_assert_cmpstr (blocks->str, ==, "[0,112)free [112,320)b [320,4096)free ");

  /* opening upgraded a copy in memory, not the file */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  /* saving it again writes the current format */
  g_clear_object (&loaded);
  loaded = memsim_session_file_load (path, NULL, NULL);
  g_assert_true (memsim_session_file_save (loaded, path, NULL, &error));
  g_assert_true (memsim_session_file_read_info (path, &info, &error));
  g_assert_cmpuint (info.format, ==, MEMSIM_SESSION_FILE_FORMAT);
  memsim_session_file_info_clear (&info);
}

/* ---- files that are refused ------------------------------------------------ */

/* info reads the meta data only: it refuses what opening the file
 * refuses, not what only a replay finds (@replay_only). */
static void
assert_refused_full (const char *path,
                     int         code,
                     const char *message,
                     gboolean    replay_only)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MemsimSession) session = memsim_session_file_load (path, NULL, &error);
  MemsimSessionFileInfo info;

  g_assert_null (session);
  g_assert_error (error, MEMSIM_SESSION_FILE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  if (!replay_only)
    {
      g_assert_false (memsim_session_file_read_info (path, &info, &error));
      g_assert_error (error, MEMSIM_SESSION_FILE_ERROR, code);
      g_assert_cmpstr (error->message, ==, message);
    }
}

static void
assert_refused (const char *path,
                int         code,
                const char *message)
{
  assert_refused_full (path, code, message, code == MEMSIM_SESSION_FILE_ERROR_MISMATCH);
}

static char *
saved_classic (const char *name)
{
  g_autoptr (MemsimSession) session = classic_session (3000);
  char *path = test_path (name);

  g_assert_true (memsim_session_file_save (session, path, NULL, NULL));
  return path;
}

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_newer_format (void)
{
  g_autofree char *path = saved_classic ("newer.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "PRAGMA user_version = 3");
  message = g_strdup_printf ("%s was saved by a newer Memsim (format 3); this version reads "
                             "up to 2", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_TOO_NEW, message);
}

static void
test_not_sqlite (void)
{
  g_autofree char *path = test_path ("script.memsim");
  g_autofree char *message = NULL;

  g_assert_true (g_file_set_contents (path, "init 4K\nalloc a 100\n", -1, NULL));
  message = g_strdup_printf ("%s is not a Memsim session: it is not an SQLite database", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_NOT_SESSION, message);
}

static void
test_empty_file (void)
{
  g_autofree char *path = test_path ("empty.memsim");
  g_autofree char *message = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  message = g_strdup_printf ("%s is not a Memsim session: the file is empty", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_NOT_SESSION, message);
}

static void
test_missing_file (void)
{
  g_autofree char *path = test_path ("nowhere.memsim");
  g_autofree char *message = NULL;

  message = g_strdup_printf ("Could not open %s: No such file or directory", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_IO, message);
}

static void
test_other_database (void)
{
  g_autofree char *path = test_path ("other.memsim");
  g_autofree char *message = NULL;

  write_database (path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  message = g_strdup_printf ("%s is not a Memsim session: it is an SQLite database of "
                             "another program", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_NOT_SESSION, message);
}

static void
truncate_file (const char *path,
               gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (length, <, size);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
test_truncated (void)
{
  g_autofree char *path = saved_classic ("truncated.memsim");
  g_autofree char *message = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  truncate_file (path, st.st_size / 2);
  message = g_strdup_printf ("%s is damaged: database disk image is malformed", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message);

  /* cut inside the header page */
  truncate_file (path, 1000);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message);
}

static void
test_corrupted (void)
{
  g_autofree char *path = saved_classic ("corrupted.memsim");
  g_autofree char *contents = NULL, *message = NULL;
  gsize size;

  /* the b-tree header of page 2 (pages are 64 KiB) */
  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 2 * 65536);
  memset (contents + 65536, 0xff, 8);
  g_assert_true (g_file_set_contents (path, contents, size, NULL));
  message = g_strdup_printf ("%s is damaged: SQLite’s integrity check failed (Page 2: "
                             "btreeInitPage() returns error code 11)", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message);
}

static void
test_missing_table (void)
{
  g_autofree char *path = saved_classic ("missing-table.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "DROP TABLE objects");
  message = g_strdup_printf ("%s is damaged: the table “objects” is missing", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message);
}

static void
test_missing_row (void)
{
  g_autofree char *path = saved_classic ("missing-row.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "DELETE FROM operations WHERE idx = 1500");
  message = g_strdup_printf ("%s is damaged: operation 1500 is missing", path);
  assert_refused_full (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message, TRUE);
}

static void
test_unreadable_row (void)
{
  g_autofree char *path = saved_classic ("unreadable-row.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "UPDATE operations SET kind = 'policy', policy = NULL WHERE idx = 10");
  message = g_strdup_printf ("%s is damaged: operation 10 cannot be read", path);
  assert_refused_full (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message, TRUE);
  run_sql (path, "UPDATE operations SET kind = 'defragment' WHERE idx = 10");
  assert_refused_full (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message, TRUE);
}

static void
test_altered_metrics (void)
{
  g_autofree char *path = saved_classic ("altered.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "UPDATE operations SET used_bytes = used_bytes + 16 WHERE idx = 700");
  message = g_strdup_printf ("%s does not replay to the state it recorded: the metrics after "
                             "operation 700 differ (the file was altered, or saved by a Memsim "
                             "whose engine computes differently)", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_MISMATCH, message);
}

static void
test_altered_result (void)
{
  g_autofree char *path = saved_classic ("altered-result.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "UPDATE operations SET ok = 1 - ok WHERE idx = 2");
  message = g_strdup_printf ("%s does not replay to the state it recorded: operation 2 "
                             "succeeds, but it had failed (the file was altered, or saved by a "
                             "Memsim whose engine computes differently)", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_MISMATCH, message);
}

static void
test_altered_blocks (void)
{
  g_autofree char *path = saved_classic ("altered-blocks.memsim");
  g_autofree char *message = NULL;

  run_sql (path, "UPDATE snapshot_blocks SET name = 'intruder' WHERE position = 3001 "
           "AND start = (SELECT min(start) FROM snapshot_blocks WHERE position = 3001 "
           "AND name IS NOT NULL)");
  message = g_strdup_printf ("%s does not replay to the state it recorded: the blocks after "
                             "operation 3001 differ (the file was altered, or saved by a Memsim "
                             "whose engine computes differently)", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_MISMATCH, message);
}

/* The summary the open dialog previews must be what the replay gives:
 * a file whose meta says another policy or size is refused (a fuzzing
 * finding: it loaded, and the preview and the window disagreed). */
static void
test_altered_summary (void)
{
  g_autofree char *path = saved_classic ("altered-summary.memsim");
  g_autofree char *message = NULL;
  MemsimSessionFileInfo info;

  run_sql (path, "UPDATE meta SET value = 'worst-fit' WHERE key = 'policy'");
  g_assert_true (memsim_session_file_read_info (path, &info, NULL));
  g_assert_cmpint (info.policy, ==, MEMSIM_POLICY_WORST_FIT);
  memsim_session_file_info_clear (&info);
  message = g_strdup_printf ("%s does not replay to the state it recorded: the policy or heap "
                             "size in its summary differs (the file was altered, or saved by a "
                             "Memsim whose engine computes differently)", path);
  assert_refused (path, MEMSIM_SESSION_FILE_ERROR_MISMATCH, message);

  run_sql (path, "UPDATE meta SET value = 'sixth-fit' WHERE key = 'policy'");
  g_free (message);
  message = g_strdup_printf ("%s is damaged: its summary names an unknown policy", path);
  assert_refused_full (path, MEMSIM_SESSION_FILE_ERROR_CORRUPT, message, TRUE);
}

/* ---- atomic saves --------------------------------------------------------- */

static guint
count_files (void)
{
  g_autoptr (GDir) dir = g_dir_open (test_dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_atomic_save (void)
{
  g_autoptr (MemsimSession) first = classic_session (200);
  g_autoptr (MemsimSession) second = classic_session (400);
  g_autoptr (MemsimSession) loaded = NULL;
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = test_path ("atomic.memsim");
  g_autofree char *nowhere = test_path ("no-such-folder/s.memsim");
  g_autofree char *message = NULL;
  guint n_files;

  g_assert_true (memsim_session_file_save (first, path, NULL, &error));
  n_files = count_files ();

  /* a save that fails half-way leaves the old file and no temporary one */
  g_cancellable_cancel (cancelled);
  g_assert_false (memsim_session_file_save (second, path, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (), ==, n_files);
  loaded = memsim_session_file_load (path, NULL, &error);
  g_assert_no_error (error);
  assert_same_session (first, loaded);

  /* a save that succeeds replaces it */
  g_assert_true (memsim_session_file_save (second, path, NULL, &error));
  g_assert_cmpuint (count_files (), ==, n_files);
  g_clear_object (&loaded);
  loaded = memsim_session_file_load (path, NULL, &error);
  assert_same_session (second, loaded);

  g_assert_false (memsim_session_file_save (second, nowhere, NULL, &error));
  message = g_strdup_printf ("Could not save %s: No such file or directory", nowhere);
  g_assert_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO);
  g_assert_cmpstr (error->message, ==, message);
}

static void
remove_test_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (test_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = test_path (name);

      g_unlink (path);
    }
  g_rmdir (test_dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_dir = g_dir_make_tmp ("memsim-session-file-XXXXXX", NULL);
  g_assert_nonnull (test_dir);

  g_test_add_func ("/sessions/file/classic-round-trip", test_classic_round_trip);
  g_test_add_func ("/sessions/file/position", test_position);
  g_test_add_func ("/sessions/file/object-store", test_object_store);
  g_test_add_func ("/sessions/file/settings-and-names", test_settings_and_names);
  g_test_add_func ("/sessions/file/empty-session", test_empty_session);
  g_test_add_func ("/sessions/file/info", test_info);
  g_test_add_func ("/sessions/file/clock-and-initial-config", test_clock_and_initial_config);
  g_test_add_func ("/sessions/file/async", test_async);
  g_test_add_func ("/sessions/file/format-1", test_format_1);
  g_test_add_func ("/sessions/file/refused/newer-format", test_newer_format);
  g_test_add_func ("/sessions/file/refused/not-sqlite", test_not_sqlite);
  g_test_add_func ("/sessions/file/refused/empty-file", test_empty_file);
  g_test_add_func ("/sessions/file/refused/missing-file", test_missing_file);
  g_test_add_func ("/sessions/file/refused/other-database", test_other_database);
  g_test_add_func ("/sessions/file/refused/truncated", test_truncated);
  g_test_add_func ("/sessions/file/refused/corrupted", test_corrupted);
  g_test_add_func ("/sessions/file/refused/missing-table", test_missing_table);
  g_test_add_func ("/sessions/file/refused/missing-row", test_missing_row);
  g_test_add_func ("/sessions/file/refused/unreadable-row", test_unreadable_row);
  g_test_add_func ("/sessions/file/refused/altered-metrics", test_altered_metrics);
  g_test_add_func ("/sessions/file/refused/altered-result", test_altered_result);
  g_test_add_func ("/sessions/file/refused/altered-blocks", test_altered_blocks);
  g_test_add_func ("/sessions/file/refused/altered-summary", test_altered_summary);
  g_test_add_func ("/sessions/file/atomic-save", test_atomic_save);

  status = g_test_run ();
  remove_test_dir ();
  g_free (test_dir);
  return status;
}
