/* memsim-session-file-load.c: rebuilding a session from a .memsim file
 *
 * The file keeps the operation log, not the heap: the core is
 * deterministic, so replaying the log from the saved initial settings
 * rebuilds every state the session went through, with its undo history.
 * What the file also keeps is there to be checked against that replay:
 *
 *   - each operation's result (ok) and the metric sample after it,
 *   - the block tables at a few snapshot positions and at the saved one,
 *   - the object store's ledger (objects and names) at the saved position.
 *
 * Any difference is a MISMATCH error: the file was edited, or it comes
 * from an engine that computes differently; either way the session could
 * not be shown as it was saved.  Rows that cannot be read (an unknown
 * kind, a gap in the indexes) are CORRUPT.  The session is built apart
 * and returned only when everything agrees, so a failed load changes
 * nothing.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "memsim-session-file-private.h"

typedef struct {
  sqlite3       *db;
  const char    *path;
  MemsimSession *session;
  GCancellable  *cancellable;
  guint64        n_ops;
  guint64        position;
} Loader;

static gboolean
fail (GError              **error,
      MemsimSessionFileError code,
      const char           *path,
      const char           *reason)
{
  if (code == MEMSIM_SESSION_FILE_ERROR_MISMATCH)
    g_set_error (error, MEMSIM_SESSION_FILE_ERROR, code,
                 _("%s does not replay to the state it recorded: %s (the file was altered, "
                   "or saved by a Memsim whose engine computes differently)"), path, reason);
  else
    g_set_error (error, MEMSIM_SESSION_FILE_ERROR, code, _("%s is damaged: %s"), path, reason);
  return FALSE;
}

static sqlite3_stmt *
prepare (Loader      *loader,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (loader->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    return stmt;
  memsim_session_file_set_error (error, loader->path, loader->db, rc);
  sqlite3_finalize (stmt);
  return NULL;
}

/* ---- settings ----------------------------------------------------------- */

static gboolean
read_config (Loader           *loader,
             MemsimHeapConfig *config,
             GError          **error)
{
  g_autofree char *policy = NULL;
  guint64 total, round_pow2, auto_compact;
  sqlite3 *db = loader->db;
  const char *path = loader->path;

  if (!memsim_session_file_get_uint (db, path, "settings", "total", &total, error))
    return FALSE;
  memsim_heap_config_init (config, total);
  if (!memsim_session_file_get_uint (db, path, "settings", "align", &config->align, error)
      || !memsim_session_file_get_uint (db, path, "settings", "header", &config->header, error)
      || !memsim_session_file_get_uint (db, path, "settings", "min_block", &config->min_block,
                                        error)
      || !memsim_session_file_get_uint (db, path, "settings", "round_pow2", &round_pow2, error)
      || !memsim_session_file_get_uint (db, path, "settings", "auto_compact", &auto_compact,
                                        error)
      || (policy = memsim_session_file_get_text (db, path, "settings", "policy", error)) == NULL)
    return FALSE;
  config->round_pow2 = round_pow2 != 0;
  config->auto_compact = auto_compact != 0;
  if (memsim_policy_from_string (policy, &config->policy))
    return TRUE;
  return fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, path,
               _("the settings name an unknown policy"));
}

static MemsimSession *
new_session (Loader  *loader,
             GError **error)
{
  g_autofree char *profile_name = NULL;
  g_autoptr (GError) invalid = NULL;
  MemsimObjectProfile profile;
  MemsimHeapConfig config;
  MemsimSession *session;

  if (!read_config (loader, &config, error)
      || (profile_name = memsim_session_file_get_text (loader->db, loader->path, "settings",
                                                       "object_profile", error)) == NULL)
    return NULL;
  if (!memsim_object_profile_from_string (profile_name, &profile))
    return fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, loader->path,
                 _("the settings name an unknown object store profile")), NULL;
  if (!memsim_heap_config_check (&config, &invalid))
    return fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, loader->path, invalid->message), NULL;
  session = memsim_session_new_with_config (&config);
  memsim_session_set_object_profile (session, profile, NULL);
  return session;
}

/* ---- the log ------------------------------------------------------------ */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
parse_kind (const char   *text,
            MemsimOpKind *out_kind)
{
  for (guint kind = MEMSIM_OP_INIT; kind <= MEMSIM_OP_COLLECT; kind++)
    if (g_strcmp0 (text, memsim_op_kind_to_string (kind)) == 0)
      {
        *out_kind = kind;
        return TRUE;
      }
  return FALSE;
}

/* Fills @op from a row of the operations query; its strings point into
 * the row (valid until the next step). */
static gboolean
read_op (sqlite3_stmt *stmt,
         MemsimOp     *op)
{
  memset (op, 0, sizeof *op);
  if (!parse_kind (column_text (stmt, 1), &op->kind))
    return FALSE;
  op->name = (char *) column_text (stmt, 2);
  op->size = (guint64) sqlite3_column_int64 (stmt, 3);
  op->type = (char *) column_text (stmt, 7);
  op->value = (char *) column_text (stmt, 8);
  op->line = (guint) sqlite3_column_int64 (stmt, 9);
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL
      && !memsim_session_file_round_from_string (column_text (stmt, 4), &op->round))
    return FALSE;
  if (op->kind == MEMSIM_OP_POLICY
      && (column_text (stmt, 5) == NULL
          || !memsim_policy_from_string (column_text (stmt, 5), &op->policy)))
    return FALSE;
  if (op->kind == MEMSIM_OP_SET
      && !memsim_session_file_setting_from_string (column_text (stmt, 6), &op->setting))
    return FALSE;
  return (op->kind != MEMSIM_OP_ALLOC && op->kind != MEMSIM_OP_FREE
          && op->kind != MEMSIM_OP_REALLOC && op->kind != MEMSIM_OP_STORE
          && op->kind != MEMSIM_OP_RELEASE) || op->name != NULL;
}

/* Columns 12 … 21 of the operations query. */
static gboolean
same_sample (const MemsimSample *a,
             sqlite3_stmt       *row)
{
  const guint64 values[] = { a->used, a->requested, a->free, a->largest_free, a->alloc_ok,
                             a->alloc_failed, a->free_blocks, a->live_blocks, a->arenas,
                             a->pools };

  for (guint c = 0; c < G_N_ELEMENTS (values); c++)
    if ((guint64) sqlite3_column_int64 (row, 12 + c) != values[c])
      return FALSE;
  return TRUE;
}

/* The replayed operation @index against its stored result and sample. */
static gboolean
check_op (Loader       *loader,
          guint         index,
          gboolean      ok,
          sqlite3_stmt *ops,
          GError      **error)
{
  const MemsimSeries *series = memsim_session_get_series (loader->session);
  g_autofree char *reason = NULL;

  if ((sqlite3_column_int (ops, 10) != 0) != ok)
    reason = g_strdup_printf (ok ? _("operation %u succeeds, but it had failed")
                                 : _("operation %u fails, but it had succeeded"), index);
  else if (!same_sample (memsim_series_get (series, index), ops))
    reason = g_strdup_printf (_("the metrics after operation %u differ"), index);
  return reason == NULL || fail (error, MEMSIM_SESSION_FILE_ERROR_MISMATCH, loader->path, reason);
}

static gboolean
replay_row (Loader       *loader,
            guint         index,
            sqlite3_stmt *ops,
            GError      **error)
{
  g_autofree char *reason = NULL;
  MemsimOp op;
  gboolean ok;

  if (sqlite3_column_int64 (ops, 0) != index)
    reason = g_strdup_printf (_("operation %u is missing"), index);
  else if (!read_op (ops, &op))
    reason = g_strdup_printf (_("operation %u cannot be read"), index);
  if (reason != NULL)
    return fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, loader->path, reason);
  if ((index & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (loader->cancellable, error))
    return FALSE;
  ok = memsim_session_apply_at (loader->session, &op, sqlite3_column_int64 (ops, 11), NULL);
  return check_op (loader, index, ok, ops, error);
}

/* meta's counts agree with the rows. */
static gboolean
check_counts (Loader  *loader,
              guint    n_rows,
              GError **error)
{
  g_autofree char *reason = NULL;

  if (n_rows != loader->n_ops)
    reason = g_strdup_printf (_("it should hold %" PRIu64 " operations but holds %u"),
                              loader->n_ops, n_rows);
  else if (loader->position > loader->n_ops)
    reason = g_strdup (_("its position is past its last operation"));
  return reason == NULL || fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, loader->path, reason);
}

static gboolean
replay (Loader  *loader,
        GError **error)
{
  sqlite3_stmt *ops = prepare (loader, "SELECT idx, kind, name, size, round, policy, setting, "
                               "type, value, line, ok, time_ns, used_bytes, requested_bytes, "
                               "free_bytes, largest_free_bytes, alloc_ok, alloc_failed, "
                               "free_blocks, live_blocks, arenas, pools "
                               "FROM operations ORDER BY idx", error);
  gboolean ok = ops != NULL;
  guint index = 0;
  int rc = SQLITE_DONE;

  while (ok && (rc = sqlite3_step (ops)) == SQLITE_ROW)
    ok = replay_row (loader, index++, ops, error);
  if (ok && rc != SQLITE_DONE)
    ok = (memsim_session_file_set_error (error, loader->path, loader->db, rc), FALSE);
  ok = ok && check_counts (loader, index, error);
  sqlite3_finalize (ops);
  return ok;
}

/* ---- snapshots ------------------------------------------------------------ */

typedef struct {
  sqlite3_stmt *rows;
  gboolean      same;
} BlockCheck;

static gboolean
check_block (const MemsimBlockInfo *block,
             gpointer               user_data)
{
  BlockCheck *check = user_data;
  sqlite3_stmt *row = check->rows;

  check->same = sqlite3_step (row) == SQLITE_ROW
                && (guint64) sqlite3_column_int64 (row, 0) == block->start
                && (guint64) sqlite3_column_int64 (row, 1) == block->size
                && (guint64) sqlite3_column_int64 (row, 3) == block->requested
                && g_strcmp0 (column_text (row, 2), block->free ? NULL : block->name) == 0;
  return check->same;
}

static gboolean
check_snapshot (Loader       *loader,
                guint         position,
                sqlite3_stmt *blocks,
                GError      **error)
{
  const MemsimHeap *heap;
  BlockCheck check = { blocks, TRUE };
  g_autofree char *reason = NULL;

  memsim_session_seek (loader->session, position);
  heap = memsim_session_get_heap (loader->session);
  sqlite3_bind_int64 (blocks, 1, position);
  memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, check_block, &check);
  if (check.same && sqlite3_step (blocks) != SQLITE_DONE)
    check.same = FALSE;
  sqlite3_reset (blocks);
  if (check.same)
    return TRUE;
  reason = g_strdup_printf (_("the blocks after operation %u differ"), position);
  return fail (error, MEMSIM_SESSION_FILE_ERROR_MISMATCH, loader->path, reason);
}

static gboolean
check_snapshots (Loader  *loader,
                 GError **error)
{
  sqlite3_stmt *list = prepare (loader, "SELECT position FROM snapshots ORDER BY position",
                                error);
  sqlite3_stmt *blocks = list != NULL
                         ? prepare (loader, "SELECT start, size, name, requested FROM "
                                    "snapshot_blocks WHERE position = ? ORDER BY start", error)
                         : NULL;
  gboolean ok = blocks != NULL;

  while (ok && sqlite3_step (list) == SQLITE_ROW)
    {
      gint64 position = sqlite3_column_int64 (list, 0);

      if (position < 0 || (guint64) position > loader->n_ops)
        ok = fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, loader->path,
                   _("a snapshot lies past the last operation"));
      else
        ok = check_snapshot (loader, position, blocks, error);
    }
  sqlite3_finalize (list);
  sqlite3_finalize (blocks);
  return ok;
}

/* ---- the ledger ------------------------------------------------------------ */

typedef struct {
  sqlite3_stmt *rows;
  gboolean      same;
} ObjectCheck;

static gboolean
same_place (sqlite3_stmt           *row,
            const MemsimObjectInfo *object)
{
  if (object->large)
    return sqlite3_column_int (row, 6) != 0;
  return sqlite3_column_int (row, 6) == 0
         && sqlite3_column_int64 (row, 7) == object->arena
         && sqlite3_column_int64 (row, 8) == object->pool
         && sqlite3_column_int64 (row, 9) == object->block
         && sqlite3_column_int64 (row, 10) == object->size_class;
}

static gboolean
check_object (const MemsimObjectInfo *object,
              gpointer                user_data)
{
  ObjectCheck *check = user_data;
  sqlite3_stmt *row = check->rows;

  check->same = sqlite3_step (row) == SQLITE_ROW
                && (guint64) sqlite3_column_int64 (row, 0) == object->id
                && g_strcmp0 (column_text (row, 1), memsim_py_type_to_string (object->type)) == 0
                && g_strcmp0 (column_text (row, 2), object->label) == 0
                && (guint64) sqlite3_column_int64 (row, 3) == object->size
                && sqlite3_column_int64 (row, 4) == object->refcount
                && (guint64) sqlite3_column_int64 (row, 5) == object->address
                && same_place (row, object);
  return check->same;
}

static gboolean
check_names (Loader                  *loader,
             const MemsimObjectStore *store,
             GError                 **error)
{
  g_autoptr (GPtrArray) names = memsim_object_store_list_names (store);
  sqlite3_stmt *rows = prepare (loader, "SELECT name, object_id FROM names ORDER BY name", error);
  gboolean same = rows != NULL;

  for (guint i = 0; same && i < names->len; i++)
    {
      MemsimObjectInfo object;

      memsim_object_store_lookup_name (store, g_ptr_array_index (names, i), &object);
      same = sqlite3_step (rows) == SQLITE_ROW
             && g_strcmp0 (column_text (rows, 0), g_ptr_array_index (names, i)) == 0
             && (guint64) sqlite3_column_int64 (rows, 1) == object.id;
    }
  same = same && sqlite3_step (rows) == SQLITE_DONE;
  sqlite3_finalize (rows);
  if (rows == NULL || same)
    return rows != NULL;
  return fail (error, MEMSIM_SESSION_FILE_ERROR_MISMATCH, loader->path,
               _("the object store’s names differ"));
}

static gboolean
check_ledger (Loader  *loader,
              GError **error)
{
  const MemsimObjectStore *store;
  ObjectCheck check = { prepare (loader, "SELECT * FROM objects ORDER BY id", error), TRUE };

  if (check.rows == NULL)
    return FALSE;
  memsim_session_seek (loader->session, loader->position);
  store = memsim_session_get_object_store (loader->session);
  memsim_object_store_walk_objects (store, check_object, &check);
  if (check.same && sqlite3_step (check.rows) != SQLITE_DONE)
    check.same = FALSE;
  sqlite3_finalize (check.rows);
  if (!check.same)
    return fail (error, MEMSIM_SESSION_FILE_ERROR_MISMATCH, loader->path,
                 _("the object store’s ledger differs"));
  return check_names (loader, store, error);
}

/* ---- meta ------------------------------------------------------------------ */

/* meta also says what the session is at its position, for the open
 * dialog's preview (memsim_session_file_read_info): a file whose preview
 * cannot be read, or says something else than the replay, is refused. */
static gboolean
check_meta (Loader  *loader,
            GError **error)
{
  g_autofree char *policy_name = NULL, *app_version = NULL, *saved_at = NULL;
  const MemsimHeapConfig *config;
  MemsimPolicy policy;
  guint64 total;

  if (!memsim_session_file_get_uint (loader->db, loader->path, "meta", "total", &total, error)
      || (policy_name = memsim_session_file_get_text (loader->db, loader->path, "meta", "policy",
                                                      error)) == NULL
      || (app_version = memsim_session_file_get_text (loader->db, loader->path, "meta",
                                                      "app_version", error)) == NULL
      || (saved_at = memsim_session_file_get_text (loader->db, loader->path, "meta", "saved_at",
                                                   error)) == NULL)
    return FALSE;
  if (!memsim_policy_from_string (policy_name, &policy))
    return fail (error, MEMSIM_SESSION_FILE_ERROR_CORRUPT, loader->path,
                 _("its summary names an unknown policy"));
  config = memsim_heap_get_config (memsim_session_get_heap (loader->session));
  if (policy != config->policy || total != config->total)
    return fail (error, MEMSIM_SESSION_FILE_ERROR_MISMATCH, loader->path,
                 _("the policy or heap size in its summary differs"));
  return TRUE;
}

/* ---- loading ---------------------------------------------------------------- */

static gboolean
load (Loader  *loader,
      GError **error)
{
  if (!memsim_session_file_get_uint (loader->db, loader->path, "meta", "n_ops",
                                     &loader->n_ops, error)
      || !memsim_session_file_get_uint (loader->db, loader->path, "meta", "position",
                                        &loader->position, error))
    return FALSE;
  loader->session = new_session (loader, error);
  if (loader->session == NULL)
    return FALSE;
  memsim_session_begin_batch (loader->session);
  if (!replay (loader, error) || !check_snapshots (loader, error) || !check_ledger (loader, error)
      || !check_meta (loader, error))
    return FALSE;
  memsim_session_end_batch (loader->session);
  return TRUE;
}

MemsimSession *
memsim_session_file_load (const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
  Loader loader = { NULL, path, NULL, cancellable, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  loader.db = memsim_session_file_open (path, NULL, error);
  if (loader.db == NULL)
    return NULL;
  ok = load (&loader, error);
  sqlite3_close (loader.db);
  if (!ok)
    g_clear_object (&loader.session);
  return loader.session;
}
