/* memsim-session-file-save.c: writing a session to a .memsim file
 *
 * Atomic: the database is built in FILE.tmp-XXXXXX in the same folder (so
 * that the rename stays on one file system), inside one transaction,
 * flushed with fsync(), renamed over FILE, and the folder is fsync'd so the
 * rename itself survives a crash.  A reader of FILE sees the old session or
 * the new one, never half of one; on any failure the temporary file is
 * removed and FILE is untouched.
 *
 * Fast: nobody else can see the temporary file and it is thrown away on
 * failure, so it needs no rollback journal and no intermediate syncs
 * (journal_mode OFF, synchronous OFF, an exclusive lock); every row goes
 * through a prepared statement that is bound, stepped and reset.  A
 * million operations save in well under the 2 s budget (measured by
 * tests/sessions/bench-session-file.c; docs/session-format.md has figures).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "memsim-session-file-private.h"

/* At most this many of the session's snapshots get their block table
 * stored (evenly spaced), plus the saved position. */
#define MAX_STORED_SNAPSHOTS 32
#define CANCEL_CHECK_MASK 0xffff

typedef struct {
  sqlite3       *db;
  const char    *path;      /* the destination, for messages */
  MemsimSession *session;
  GCancellable  *cancellable;
} Saver;

static void
set_save_error (Saver   *saver,
                GError **error)
{
  g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO,
               _("Could not save %s: %s"), saver->path, sqlite3_errmsg (saver->db));
}

static sqlite3_stmt *
prepare (Saver       *saver,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (saver->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    return stmt;
  set_save_error (saver, error);
  sqlite3_finalize (stmt);
  return NULL;
}

/* Steps an INSERT and resets it for the next row. */
static gboolean
insert_row (Saver         *saver,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  set_save_error (saver, error);
  return FALSE;
}

static gboolean
check_cancelled (Saver   *saver,
                 guint    index,
                 GError **error)
{
  return (index & CANCEL_CHECK_MASK) == 0
         && g_cancellable_set_error_if_cancelled (saver->cancellable, error);
}

/* ---- key/value tables -------------------------------------------------- */

static gboolean
put (Saver        *saver,
     sqlite3_stmt *stmt,
     const char   *key,
     const char   *text,
     gint64        number,
     GError      **error)
{
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 2, number);
  return insert_row (saver, stmt, error);
}

static gboolean
write_settings (Saver   *saver,
                GError **error)
{
  const MemsimHeapConfig *c = memsim_session_get_initial_config (saver->session);
  const MemsimObjectStore *store = memsim_session_get_object_store (saver->session);
  sqlite3_stmt *stmt = prepare (saver, "INSERT INTO settings VALUES (?, ?)", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ok = put (saver, stmt, "total", NULL, c->total, error)
       && put (saver, stmt, "align", NULL, c->align, error)
       && put (saver, stmt, "header", NULL, c->header, error)
       && put (saver, stmt, "min_block", NULL, c->min_block, error)
       && put (saver, stmt, "policy", memsim_policy_to_string (c->policy), 0, error)
       && put (saver, stmt, "round_pow2", NULL, c->round_pow2 ? 1 : 0, error)
       && put (saver, stmt, "auto_compact", NULL, c->auto_compact ? 1 : 0, error)
       && put (saver, stmt, "object_profile", memsim_object_profile_to_string (
                 memsim_object_store_get_profile (store)), 0, error);
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_meta (Saver   *saver,
            GError **error)
{
  const MemsimHeapConfig *now =
    memsim_heap_get_config (memsim_session_get_heap (saver->session));
  g_autoptr (GDateTime) time = g_date_time_new_now_utc ();
  g_autofree char *saved_at = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt = prepare (saver, "INSERT INTO meta VALUES (?, ?)", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ok = put (saver, stmt, "format", NULL, MEMSIM_SESSION_FILE_FORMAT, error)
       && put (saver, stmt, "app_version", PACKAGE_VERSION, 0, error)
       && put (saver, stmt, "saved_at", saved_at, 0, error)
       && put (saver, stmt, "n_ops", NULL, memsim_session_get_n_ops (saver->session), error)
       && put (saver, stmt, "position", NULL,
               memsim_session_get_position (saver->session), error)
       && put (saver, stmt, "policy", memsim_policy_to_string (now->policy), 0, error)
       && put (saver, stmt, "total", NULL, now->total, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* ---- the log and the series, one row per operation ----------------------- */

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_op (sqlite3_stmt   *stmt,
         guint           index,
         const MemsimOp *op)
{
  sqlite3_bind_int64 (stmt, 1, index);
  sqlite3_bind_text (stmt, 2, memsim_op_kind_to_string (op->kind), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, op->name);
  sqlite3_bind_int64 (stmt, 4, (gint64) op->size);
  bind_text_or_null (stmt, 5, op->kind == MEMSIM_OP_ALLOC && op->round != MEMSIM_ROUND_DEFAULT
                              ? memsim_session_file_round_to_string (op->round) : NULL);
  bind_text_or_null (stmt, 6, op->kind == MEMSIM_OP_POLICY
                              ? memsim_policy_to_string (op->policy) : NULL);
  bind_text_or_null (stmt, 7, op->kind == MEMSIM_OP_SET
                              ? memsim_session_file_setting_to_string (op->setting) : NULL);
  bind_text_or_null (stmt, 8, op->type);
  bind_text_or_null (stmt, 9, op->value);
  sqlite3_bind_int64 (stmt, 10, op->line);
}

static void
bind_sample (sqlite3_stmt       *stmt,
             const MemsimSample *s)
{
  const gint64 values[] = { s->used, s->requested, s->free, s->largest_free, s->alloc_ok,
                            s->alloc_failed, s->free_blocks, s->live_blocks, s->arenas,
                            s->pools };

  for (guint c = 0; c < G_N_ELEMENTS (values); c++)
    sqlite3_bind_int64 (stmt, 13 + c, values[c]);
}

/* One row per operation: the op, its result and time, the sample after. */
static gboolean
write_operations (Saver   *saver,
                  GError **error)
{
  sqlite3_stmt *stmt = prepare (saver, "INSERT INTO operations (idx, kind, name, size, round, "
                                "policy, setting, type, value, line, ok, time_ns, used_bytes, "
                                "requested_bytes, free_bytes, largest_free_bytes, alloc_ok, "
                                "alloc_failed, free_blocks, live_blocks, arenas, pools) VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?)", error);
  guint n_ops = memsim_session_get_n_ops (saver->session);
  const MemsimSample *samples = memsim_series_peek (memsim_session_get_series (saver->session),
                                                    NULL);
  gboolean ok = stmt != NULL;

  for (guint i = 0; ok && i < n_ops; i++)
    {
      bind_op (stmt, i, memsim_session_get_op (saver->session, i));
      sqlite3_bind_int (stmt, 11, memsim_session_op_succeeded (saver->session, i));
      sqlite3_bind_int64 (stmt, 12, memsim_session_get_op_time (saver->session, i));
      bind_sample (stmt, &samples[i]);
      ok = !check_cancelled (saver, i, error) && insert_row (saver, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* ---- snapshots ---------------------------------------------------------- */

typedef struct {
  Saver        *saver;
  sqlite3_stmt *stmt;
  guint         position;
  guint         n_blocks;
  gboolean      ok;
  GError      **error;
} BlockRows;

static gboolean
insert_block (const MemsimBlockInfo *block,
              gpointer               user_data)
{
  BlockRows *rows = user_data;

  sqlite3_bind_int64 (rows->stmt, 1, rows->position);
  sqlite3_bind_int64 (rows->stmt, 2, (gint64) block->start);
  sqlite3_bind_int64 (rows->stmt, 3, (gint64) block->size);
  bind_text_or_null (rows->stmt, 4, block->free ? NULL : block->name);
  sqlite3_bind_int64 (rows->stmt, 5, (gint64) block->requested);
  rows->ok = insert_row (rows->saver, rows->stmt, rows->error);
  rows->n_blocks++;
  return rows->ok;
}

static gboolean
write_snapshot (Saver            *saver,
                const MemsimHeap *heap,
                guint             position,
                GError          **error)
{
  sqlite3_stmt *stmt = prepare (saver, "INSERT INTO snapshot_blocks VALUES (?, ?, ?, ?, ?)",
                                error);
  BlockRows rows = { saver, stmt, position, 0, stmt != NULL, error };

  if (rows.ok)
    memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, insert_block, &rows);
  sqlite3_finalize (stmt);
  if (!rows.ok)
    return FALSE;
  stmt = prepare (saver, "INSERT INTO snapshots VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, position);
  sqlite3_bind_int64 (stmt, 2, rows.n_blocks);
  rows.ok = insert_row (saver, stmt, error);
  sqlite3_finalize (stmt);
  return rows.ok;
}

/* Evenly spaced session snapshots, then the state at the saved position. */
static gboolean
write_snapshots (Saver   *saver,
                 GError **error)
{
  guint n = memsim_session_get_n_snapshots (saver->session);
  guint position = memsim_session_get_position (saver->session);
  guint last_written = G_MAXUINT;

  for (guint k = 0; k < MIN (n, MAX_STORED_SNAPSHOTS); k++)
    {
      guint index = (guint) ((guint64) k * n / MIN (n, MAX_STORED_SNAPSHOTS));
      guint at;
      const MemsimHeap *heap = memsim_session_get_snapshot (saver->session, index, &at, NULL);

      if (at == position || at == last_written)
        continue;
      if (!write_snapshot (saver, heap, at, error))
        return FALSE;
      last_written = at;
    }
  return write_snapshot (saver, memsim_session_get_heap (saver->session), position, error);
}

/* ---- the object store's ledger ------------------------------------------ */

typedef struct {
  Saver        *saver;
  sqlite3_stmt *stmt;
  gboolean      ok;
  GError      **error;
} ObjectRows;

static gboolean
insert_object (const MemsimObjectInfo *object,
               gpointer                user_data)
{
  ObjectRows *rows = user_data;
  sqlite3_stmt *stmt = rows->stmt;

  sqlite3_bind_int64 (stmt, 1, (gint64) object->id);
  sqlite3_bind_text (stmt, 2, memsim_py_type_to_string (object->type), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, object->label);
  sqlite3_bind_int64 (stmt, 4, (gint64) object->size);
  sqlite3_bind_int64 (stmt, 5, object->refcount);
  sqlite3_bind_int64 (stmt, 6, (gint64) object->address);
  sqlite3_bind_int (stmt, 7, object->large);
  for (int c = 8; c <= 11; c++)
    sqlite3_bind_null (stmt, c);
  if (!object->large)
    {
      sqlite3_bind_int64 (stmt, 8, object->arena);
      sqlite3_bind_int64 (stmt, 9, object->pool);
      sqlite3_bind_int64 (stmt, 10, object->block);
      sqlite3_bind_int64 (stmt, 11, object->size_class);
    }
  rows->ok = insert_row (rows->saver, stmt, rows->error);
  return rows->ok;
}

static gboolean
write_names (Saver                   *saver,
             const MemsimObjectStore *store,
             GError                 **error)
{
  g_autoptr (GPtrArray) names = memsim_object_store_list_names (store);
  sqlite3_stmt *stmt = prepare (saver, "INSERT INTO names VALUES (?, ?)", error);
  gboolean ok = stmt != NULL;

  for (guint i = 0; ok && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      MemsimObjectInfo object;

      memsim_object_store_lookup_name (store, name, &object);
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (gint64) object.id);
      ok = insert_row (saver, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_ledger (Saver   *saver,
              GError **error)
{
  const MemsimObjectStore *store = memsim_session_get_object_store (saver->session);
  ObjectRows rows = { saver, prepare (saver, "INSERT INTO objects VALUES "
                                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error), TRUE, error };

  if (rows.stmt == NULL)
    return FALSE;
  memsim_object_store_walk_objects (store, insert_object, &rows);
  sqlite3_finalize (rows.stmt);
  return rows.ok && write_names (saver, store, error);
}

/* ---- the file ------------------------------------------------------------ */

static gboolean
write_database (Saver   *saver,
                GError **error)
{
  return memsim_session_file_exec (saver->db, saver->path,
                                   "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                   "PRAGMA locking_mode = EXCLUSIVE; BEGIN", error)
         && memsim_session_file_create_schema (saver->db, saver->path, error)
         && write_meta (saver, error)
         && write_settings (saver, error)
         && write_operations (saver, error)
         && write_snapshots (saver, error)
         && write_ledger (saver, error)
         && memsim_session_file_exec (saver->db, saver->path, "COMMIT", error);
}

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO,
               _("Could not save %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* The rename is durable once the folder's entry is on disk. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

/* Flushes, closes and renames @temp over @path. */
static gboolean
commit_file (int          fd,
             const char  *temp,
             const char  *path,
             GError     **error)
{
  if (fsync (fd) != 0)
    return set_errno_error (error, path, errno);
  if (g_rename (temp, path) != 0)
    return set_errno_error (error, path, errno);
  sync_folder (path);
  return TRUE;
}

gboolean
memsim_session_file_save (MemsimSession  *session,
                          const char     *path,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autofree char *temp = NULL;
  Saver saver = { NULL, path, session, cancellable };
  gboolean ok;
  int fd, rc;

  g_return_val_if_fail (MEMSIM_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  temp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, path, errno);

  /* one thread uses the connection: no per-call mutex */
  rc = sqlite3_open_v2 (temp, &saver.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  ok = rc == SQLITE_OK ? write_database (&saver, error) : (set_save_error (&saver, error), FALSE);
  rc = sqlite3_close (saver.db);
  if (ok && rc != SQLITE_OK)
    ok = set_errno_error (error, path, EIO);
  ok = ok && commit_file (fd, temp, path, error);
  close (fd);
  if (!ok)
    g_unlink (temp);
  return ok;
}
