/* memsim-session-file-private.h: shared by memsim-session-file*.c */
#pragma once

#include <sqlite3.h>

#include "memsim-session-file.h"

G_BEGIN_DECLS

/* Runs @sql (several statements); FALSE with a CORRUPT error naming @path. */
gboolean     memsim_session_file_exec        (sqlite3     *db,
                                              const char  *path,
                                              const char  *sql,
                                              GError     **error);
/* The error of the last call on @db, for the file @path: "not an SQLite
 * database", "damaged: …" or "could not read …" by SQLite's code. */
void         memsim_session_file_set_error   (GError     **error,
                                              const char  *path,
                                              sqlite3     *db,
                                              int          rc);

/* Creates the current schema in an empty database (inside the caller's
 * transaction) and sets user_version and application_id. */
gboolean     memsim_session_file_create_schema (sqlite3    *db,
                                                const char *path,
                                                GError    **error);

/* Opens @path read-only and checks it: a Memsim session of a format this
 * version reads, undamaged.  An older format is copied into memory and
 * upgraded there.  Returns the database at the current format;
 * @out_format (nullable) is the format the file was saved in. */
sqlite3     *memsim_session_file_open        (const char  *path,
                                              guint       *out_format,
                                              GError     **error);

/* meta and settings are key/value tables. */
gboolean     memsim_session_file_get_uint    (sqlite3     *db,
                                              const char  *path,
                                              const char  *table,
                                              const char  *key,
                                              guint64     *out_value,
                                              GError     **error);
char        *memsim_session_file_get_text    (sqlite3     *db,
                                              const char  *path,
                                              const char  *table,
                                              const char  *key,
                                              GError     **error);

/* The words of the schema for settings, rounding and setting names. */
const char  *memsim_session_file_setting_to_string   (MemsimSetting  setting);
gboolean     memsim_session_file_setting_from_string (const char    *text,
                                                      MemsimSetting *out_setting);
const char  *memsim_session_file_round_to_string     (MemsimRound    round);
gboolean     memsim_session_file_round_from_string   (const char    *text,
                                                      MemsimRound   *out_round);

G_END_DECLS
