/* memsim-session-file.c: the .memsim schema, its versions, and opening one
 *
 * A session file is an SQLite database whose PRAGMA application_id is
 * "MSim" and whose PRAGMA user_version is the format (the schema version,
 * also in meta.format).  docs/session-format.md describes every table.
 *
 * Versions.  schema_v1 is the first format; migrations[N - 1] turns
 * format N into N + 1.  A new file is made the same way (v1, then every
 * migration), so a file that was upgraded and a file that was written new
 * cannot drift apart.  An older file is never written to when it is
 * opened: it is copied into an in-memory database (the backup API) and
 * upgraded there; saving writes the current format.  A file whose format
 * is newer than MEMSIM_SESSION_FILE_FORMAT is refused: this version cannot
 * know what a newer one added.
 *
 * Checks on opening, each a clear error that names the file: it exists and
 * is not empty; SQLite reads it (SQLITE_NOTADB otherwise: "not an SQLite
 * database"); it is Memsim's (application_id); its format is known; PRAGMA
 * quick_check finds no damage (a truncated or overwritten file fails here
 * or with SQLITE_CORRUPT).  Loading then checks the content itself
 * (memsim-session-file-load.c).
 *
 * Saving is in memsim-session-file-save.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "memsim-session-file-private.h"

G_DEFINE_QUARK (memsim-session-file-error-quark, memsim_session_file_error)

/* Format 1: settings; the operation log, a row per operation with its
 * result and the metric sample after it (one table, not two: a million
 * rows insert in half the time of two million); the object store's ledger
 * at the saved position. */
static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID;\n"
  "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID;\n"
  "CREATE TABLE operations (\n"
  "  idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT,\n"
  "  size INTEGER NOT NULL DEFAULT 0, round TEXT, policy TEXT, setting TEXT,\n"
  "  type TEXT, value TEXT, line INTEGER NOT NULL DEFAULT 0, ok INTEGER NOT NULL,\n"
  "  used_bytes INTEGER NOT NULL, requested_bytes INTEGER NOT NULL,\n"
  "  free_bytes INTEGER NOT NULL, largest_free_bytes INTEGER NOT NULL,\n"
  "  alloc_ok INTEGER NOT NULL, alloc_failed INTEGER NOT NULL,\n"
  "  free_blocks INTEGER NOT NULL, live_blocks INTEGER NOT NULL,\n"
  "  arenas INTEGER NOT NULL, pools INTEGER NOT NULL);\n"
  "CREATE TABLE objects (\n"
  "  id INTEGER PRIMARY KEY, type TEXT NOT NULL, class_name TEXT,\n"
  "  size_bytes INTEGER NOT NULL, refcount INTEGER NOT NULL, address INTEGER NOT NULL,\n"
  "  large INTEGER NOT NULL, arena INTEGER, pool INTEGER, block INTEGER, size_class INTEGER);\n"
  "CREATE TABLE names (name TEXT PRIMARY KEY NOT NULL, object_id INTEGER NOT NULL)\n"
  "  WITHOUT ROWID;\n";

/* migrations[N - 1] upgrades format N to N + 1. */
static const char * const migrations[] = {
  /* 1 → 2: when each operation was applied, and block tables at periodic
   * snapshots (a v1 file loads with times 0 and no snapshot to check). */
  "ALTER TABLE operations ADD COLUMN time_ns INTEGER NOT NULL DEFAULT 0;\n"
  "CREATE TABLE snapshots (position INTEGER PRIMARY KEY, blocks INTEGER NOT NULL);\n"
  "CREATE TABLE snapshot_blocks (\n"
  "  position INTEGER NOT NULL, start INTEGER NOT NULL, size INTEGER NOT NULL,\n"
  "  name TEXT, requested INTEGER NOT NULL, PRIMARY KEY (position, start)) WITHOUT ROWID;\n",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MEMSIM_SESSION_FILE_FORMAT - 1);

/* ---- errors ------------------------------------------------------------ */

void
memsim_session_file_set_error (GError     **error,
                               const char  *path,
                               sqlite3     *db,
                               int          rc)
{
  /* SQLite's message may quote the file's own bytes (a damaged schema):
   * make it UTF-8, as every message must be. */
  g_autofree char *reason = g_utf8_make_valid (db != NULL ? sqlite3_errmsg (db)
                                                          : sqlite3_errstr (rc), -1);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_NOT_SESSION,
                   _("%s is not a Memsim session: it is not an SQLite database"), path);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO,
                   _("Could not access %s: %s"), path, reason);
      break;
    case SQLITE_CORRUPT:
    default:
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_CORRUPT,
                   _("%s is damaged: %s"), path, reason);
      break;
    }
}

gboolean
memsim_session_file_exec (sqlite3     *db,
                          const char  *path,
                          const char  *sql,
                          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;
  memsim_session_file_set_error (error, path, db, rc);
  return FALSE;
}

gboolean
memsim_session_file_create_schema (sqlite3    *db,
                                   const char *path,
                                   GError    **error)
{
  g_autofree char *pragmas =
    g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                     MEMSIM_SESSION_FILE_APPLICATION_ID, MEMSIM_SESSION_FILE_FORMAT);

  if (!memsim_session_file_exec (db, path, schema_v1, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    if (!memsim_session_file_exec (db, path, migrations[i], error))
      return FALSE;
  return memsim_session_file_exec (db, path, pragmas, error);
}

/* ---- opening ----------------------------------------------------------- */

static gboolean
query_int (sqlite3     *db,
           const char  *path,
           const char  *sql,
           gint64      *out_value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else
    memsim_session_file_set_error (error, path, db, rc);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

/* Exists, is a regular file, is not empty. */
static gboolean
check_file (const char  *path,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO,
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_IO,
                   _("Could not open %s: it is not a regular file"), path);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_NOT_SESSION,
                   _("%s is not a Memsim session: the file is empty"), path);
      return FALSE;
    }
  return TRUE;
}

/* Memsim's, and of a format this version reads. */
static gboolean
check_identity (sqlite3     *db,
                const char  *path,
                guint       *out_format,
                GError     **error)
{
  gint64 application_id, format;

  if (!query_int (db, path, "PRAGMA application_id", &application_id, error)
      || !query_int (db, path, "PRAGMA user_version", &format, error))
    return FALSE;
  if (application_id != MEMSIM_SESSION_FILE_APPLICATION_ID || format < 1)
    {
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_NOT_SESSION,
                   _("%s is not a Memsim session: it is an SQLite database of another "
                     "program"), path);
      return FALSE;
    }
  if (format > MEMSIM_SESSION_FILE_FORMAT)
    {
      g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_TOO_NEW,
                   _("%s was saved by a newer Memsim (format %u); this version reads up "
                     "to %u"), path, (guint) MIN (format, G_MAXUINT),
                   (guint) MEMSIM_SESSION_FILE_FORMAT);
      return FALSE;
    }
  *out_format = format;
  return TRUE;
}

/* quick_check's report is "*** in database main ***\nPage 2: …": keep the
 * finding, on one line. */
static void
set_integrity_error (GError     **error,
                     const char  *path,
                     const char  *report)
{
  const char *finding = report != NULL ? report : "";
  g_autofree char *line = NULL;

  if (g_str_has_prefix (finding, "*** in database main ***\n"))
    finding += strlen ("*** in database main ***\n");
  line = g_strdelimit (g_utf8_make_valid (finding, -1), "\r\n", ' ');
  g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_CORRUPT,
               _("%s is damaged: SQLite’s integrity check failed (%s)"), path, line);
}

/* PRAGMA quick_check: O(file size), catches truncated and damaged pages. */
static gboolean
check_integrity (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  gboolean ok = FALSE;

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    memsim_session_file_set_error (error, path, db, rc);
  else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
    ok = TRUE;
  else
    set_integrity_error (error, path, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return ok;
}

/* Copies @db into memory and runs the migrations from @format there. */
static sqlite3 *
upgrade_in_memory (sqlite3     *db,
                   const char  *path,
                   guint        format,
                   GError     **error)
{
  sqlite3 *memory = NULL;
  sqlite3_backup *backup;
  int rc = sqlite3_open (":memory:", &memory);

  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (memory, "main", db, "main");
      rc = backup != NULL ? sqlite3_backup_step (backup, -1) : sqlite3_errcode (memory);
      if (backup != NULL)
        sqlite3_backup_finish (backup);
    }
  if (rc != SQLITE_DONE)
    {
      memsim_session_file_set_error (error, path, NULL, rc);
      sqlite3_close (memory);
      return NULL;
    }
  for (guint from = format; from < MEMSIM_SESSION_FILE_FORMAT; from++)
    if (!memsim_session_file_exec (memory, path, migrations[from - 1], error))
      {
        sqlite3_close (memory);
        return NULL;
      }
  return memory;
}

/* Every table of the current format is there. */
static gboolean
check_tables (sqlite3     *db,
              const char  *path,
              GError     **error)
{
  static const char * const tables[] = {
    "meta", "settings", "operations", "objects", "names", "snapshots", "snapshot_blocks",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      int rc = sqlite3_table_column_metadata (db, "main", tables[i], NULL, NULL, NULL,
                                              NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        continue;
      if (rc == SQLITE_ERROR)
        g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_CORRUPT,
                     _("%s is damaged: the table “%s” is missing"), path, tables[i]);
      else
        memsim_session_file_set_error (error, path, db, rc);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
memsim_session_file_open (const char  *path,
                          guint       *out_format,
                          GError     **error)
{
  sqlite3 *db = NULL, *upgraded;
  guint format = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_file (path, error))
    return NULL;
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK || !check_identity (db, path, &format, error)
      || !check_integrity (db, path, error))
    {
      if (rc != SQLITE_OK)
        memsim_session_file_set_error (error, path, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  if (out_format != NULL)
    *out_format = format;
  if (format < MEMSIM_SESSION_FILE_FORMAT)
    {
      upgraded = upgrade_in_memory (db, path, format, error);
      sqlite3_close (db);
      db = upgraded;
    }
  if (db != NULL && !check_tables (db, path, error))
    g_clear_pointer (&db, sqlite3_close);
  return db;
}

/* ---- key/value tables -------------------------------------------------- */

static sqlite3_stmt *
lookup (sqlite3     *db,
        const char  *path,
        const char  *table,
        const char  *key,
        GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT value FROM %s WHERE key = ?", table);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    return stmt;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_CORRUPT,
                 _("%s is damaged: the %s table has no “%s”"), path, table, key);
  else
    memsim_session_file_set_error (error, path, db, rc);
  sqlite3_finalize (stmt);
  return NULL;
}

gboolean
memsim_session_file_get_uint (sqlite3     *db,
                              const char  *path,
                              const char  *table,
                              const char  *key,
                              guint64     *out_value,
                              GError     **error)
{
  sqlite3_stmt *stmt = lookup (db, path, table, key, error);
  gint64 value;

  if (stmt == NULL)
    return FALSE;
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (value >= 0)
    {
      *out_value = value;
      return TRUE;
    }
  g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_CORRUPT,
               _("%s is damaged: “%s” in the %s table is negative"), path, key, table);
  return FALSE;
}

char *
memsim_session_file_get_text (sqlite3     *db,
                              const char  *path,
                              const char  *table,
                              const char  *key,
                              GError     **error)
{
  sqlite3_stmt *stmt = lookup (db, path, table, key, error);
  char *value;

  if (stmt == NULL)
    return NULL;
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* ---- words ------------------------------------------------------------- */

static const char * const setting_names[] = {
  [MEMSIM_SETTING_ALIGN] = "align",
  [MEMSIM_SETTING_HEADER] = "header",
  [MEMSIM_SETTING_MIN_BLOCK] = "min-block",
  [MEMSIM_SETTING_AUTO_COMPACT] = "auto-compact",
  [MEMSIM_SETTING_ROUND_POW2] = "round-pow2",
};

static const char * const round_names[] = {
  [MEMSIM_ROUND_DEFAULT] = "default",
  [MEMSIM_ROUND_POW2] = "pow2",
  [MEMSIM_ROUND_EXACT] = "exact",
};

static gboolean
find_word (const char * const *words,
           guint               n_words,
           const char         *text,
           guint              *out_index)
{
  for (guint i = 0; text != NULL && i < n_words; i++)
    if (strcmp (words[i], text) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
memsim_session_file_setting_to_string (MemsimSetting setting)
{
  g_return_val_if_fail ((guint) setting < G_N_ELEMENTS (setting_names), NULL);
  return setting_names[setting];
}

gboolean
memsim_session_file_setting_from_string (const char    *text,
                                         MemsimSetting *out_setting)
{
  guint index;

  if (!find_word (setting_names, G_N_ELEMENTS (setting_names), text, &index))
    return FALSE;
  *out_setting = index;
  return TRUE;
}

const char *
memsim_session_file_round_to_string (MemsimRound round)
{
  g_return_val_if_fail ((guint) round < G_N_ELEMENTS (round_names), NULL);
  return round_names[round];
}

gboolean
memsim_session_file_round_from_string (const char  *text,
                                       MemsimRound *out_round)
{
  guint index;

  if (!find_word (round_names, G_N_ELEMENTS (round_names), text, &index))
    return FALSE;
  *out_round = index;
  return TRUE;
}

/* ---- info -------------------------------------------------------------- */

static gboolean
read_info (sqlite3               *db,
           const char            *path,
           MemsimSessionFileInfo *info,
           GError               **error)
{
  g_autofree char *policy = NULL, *profile = NULL;
  g_autofree char *valid_policy = NULL, *valid_profile = NULL;
  guint64 n_ops, position;

  if (!memsim_session_file_get_uint (db, path, "meta", "n_ops", &n_ops, error)
      || !memsim_session_file_get_uint (db, path, "meta", "position", &position, error)
      || !memsim_session_file_get_uint (db, path, "meta", "total", &info->total, error)
      || (info->app_version = memsim_session_file_get_text (db, path, "meta", "app_version",
                                                            error)) == NULL
      || (info->saved_at = memsim_session_file_get_text (db, path, "meta", "saved_at",
                                                         error)) == NULL
      || (policy = memsim_session_file_get_text (db, path, "meta", "policy", error)) == NULL
      || (profile = memsim_session_file_get_text (db, path, "settings", "object_profile",
                                                  error)) == NULL)
    return FALSE;
  info->n_ops = (guint) MIN (n_ops, G_MAXUINT);
  info->position = (guint) MIN (position, G_MAXUINT);
  if (memsim_policy_from_string (policy, &info->policy)
      && memsim_object_profile_from_string (profile, &info->profile))
    return TRUE;
  /* The names are the file's bytes: make them UTF-8 for the message. */
  valid_policy = g_utf8_make_valid (policy, -1);
  valid_profile = g_utf8_make_valid (profile, -1);
  g_set_error (error, MEMSIM_SESSION_FILE_ERROR, MEMSIM_SESSION_FILE_ERROR_CORRUPT,
               _("%s is damaged: unknown policy “%s” or profile “%s”"), path, valid_policy,
               valid_profile);
  return FALSE;
}

gboolean
memsim_session_file_read_info (const char            *path,
                               MemsimSessionFileInfo *out_info,
                               GError               **error)
{
  sqlite3 *db;
  GStatBuf st;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);

  memset (out_info, 0, sizeof *out_info);
  db = memsim_session_file_open (path, &out_info->format, error);
  if (db == NULL)
    return FALSE;
  ok = read_info (db, path, out_info, error);
  sqlite3_close (db);
  if (ok && g_stat (path, &st) == 0)
    out_info->file_size = st.st_size;
  if (!ok)
    memsim_session_file_info_clear (out_info);
  return ok;
}

void
memsim_session_file_info_clear (MemsimSessionFileInfo *info)
{
  g_return_if_fail (info != NULL);
  g_clear_pointer (&info->app_version, g_free);
  g_clear_pointer (&info->saved_at, g_free);
}
