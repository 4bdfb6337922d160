/* memsim-session-file.h: sessions saved as SQLite files (.memsim)
 *
 * A .memsim file holds a session's initial settings, its whole operation
 * log with each result and time, the metric series, block tables at
 * periodic snapshots and the object store's ledger at the saved position,
 * in a documented schema (docs/session-format.md).  Loading replays the
 * log and checks the replay against what the file recorded.
 *
 * Both directions are plain blocking calls, meant for a GTask thread:
 * save reads the session, so nothing may modify it meanwhile; load builds
 * a new session that no other thread sees until it returns.  Errors are in
 * MEMSIM_SESSION_FILE_ERROR (G_IO_ERROR_CANCELLED when @cancellable fired)
 * and their message is a sentence that names the file.
 */
#pragma once

#include <gio/gio.h>

#include "memsim-session.h"

G_BEGIN_DECLS

/* The schema version this Memsim writes, and the newest it reads. */
#define MEMSIM_SESSION_FILE_FORMAT 2
/* PRAGMA application_id of every .memsim file: "MSim". */
#define MEMSIM_SESSION_FILE_APPLICATION_ID 0x4d53696d

#define MEMSIM_SESSION_FILE_ERROR (memsim_session_file_error_quark ())
GQuark memsim_session_file_error_quark (void);

typedef enum {
  MEMSIM_SESSION_FILE_ERROR_IO,          /* the file cannot be read or written */
  MEMSIM_SESSION_FILE_ERROR_NOT_SESSION, /* empty, not SQLite, or not Memsim's */
  MEMSIM_SESSION_FILE_ERROR_CORRUPT,     /* damaged, truncated, missing or bad rows */
  MEMSIM_SESSION_FILE_ERROR_TOO_NEW,     /* a newer format than this version reads */
  MEMSIM_SESSION_FILE_ERROR_MISMATCH,    /* the replay differs from what was saved */
} MemsimSessionFileError;

/* Writes @session to @path atomically: a temporary file in the same
 * folder, one transaction, fsync, then renamed over @path.  On failure
 * @path is untouched and the temporary file removed. */
gboolean       memsim_session_file_save (MemsimSession  *session,
                                         const char     *path,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* Rebuilds the session saved in @path at its saved position.  Files of an
 * older format are upgraded in memory (the file itself is not written). */
MemsimSession *memsim_session_file_load (const char     *path,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* The same in a GTask thread; the callback runs in the caller's thread
 * default main context (memsim-session-file-async.c). */
void           memsim_session_file_save_async  (MemsimSession        *session,
                                                const char           *path,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       memsim_session_file_save_finish (MemsimSession        *session,
                                                GAsyncResult         *result,
                                                GError              **error);
void           memsim_session_file_load_async  (const char           *path,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
MemsimSession *memsim_session_file_load_finish (GAsyncResult         *result,
                                                GError              **error);

/* What a file holds, read without replaying it. */
typedef struct {
  guint               format;
  char               *app_version;   /* the Memsim that saved it */
  char               *saved_at;      /* ISO 8601, UTC */
  guint               n_ops;
  guint               position;
  MemsimPolicy        policy;        /* at the position */
  guint64             total;         /* at the position */
  MemsimObjectProfile profile;
  guint64             file_size;     /* bytes */
} MemsimSessionFileInfo;

gboolean memsim_session_file_read_info  (const char            *path,
                                         MemsimSessionFileInfo *out_info,
                                         GError               **error);
void     memsim_session_file_info_clear (MemsimSessionFileInfo *info);

G_END_DECLS
