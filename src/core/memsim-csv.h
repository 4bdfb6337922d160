/* memsim-csv.h: the session's tables as CSV (RFC 4180, docs/csv.md)
 *
 * Four tables: one row per operation of the log, the live blocks (the
 * process table), the object store's objects, and the statistics summary.
 * Every table has a header row; lines end in CRLF; a field holding a comma,
 * a quote, CR or LF is quoted; numbers are written the same in every locale
 * (plain integers, fractions with a dot); a text cell that starts with =, +,
 * -, @, a tab or CR gets a leading apostrophe, so that a spreadsheet shows
 * it as text instead of running it as a formula.
 *
 * The writers take the session read-only; they may run in a GTask thread
 * while nothing modifies the session.
 */
#pragma once

#include <gio/gio.h>

#include "memsim-session.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_CSV_OPS,      /* one row per operation (not init, policy or set) */
  MEMSIM_CSV_BLOCKS,   /* the live blocks, by address */
  MEMSIM_CSV_OBJECTS,  /* the object store's live objects, by id */
  MEMSIM_CSV_STATS,    /* one row: settings, every metric and counter */
  MEMSIM_N_CSV_TABLES
} MemsimCsvTable;

const char *memsim_csv_table_to_string   (MemsimCsvTable  table);
gboolean    memsim_csv_table_from_string (const char     *text,
                                          MemsimCsvTable *out_table);

/* Writes @table of @session to @out (which stays open).  MEMSIM_CSV_OPS
 * covers the whole log, the redo tail too; the other tables describe the
 * state at the session's position. */
gboolean    memsim_csv_write       (MemsimSession  *session,
                                    MemsimCsvTable  table,
                                    GOutputStream  *out,
                                    GCancellable   *cancellable,
                                    GError        **error);
/* The same into the file @path, replaced atomically (written aside in the
 * same folder, fsync'd, renamed over @path); "-" is stdout.  Errors are
 * MEMSIM_ERROR_IO, "Could not write PATH: why". */
gboolean    memsim_csv_save        (MemsimSession  *session,
                                    MemsimCsvTable  table,
                                    const char     *path,
                                    GCancellable   *cancellable,
                                    GError        **error);

/* ---- the writer, for the tables above and for tests ---------------------
 * @out collects whole rows; a field goes after a comma unless it starts a
 * row (the buffer is empty or ends in a newline). */
void        memsim_csv_append_text   (GString    *out,
                                      const char *text);
void        memsim_csv_append_uint   (GString    *out,
                                      guint64     value);
/* Six decimals and a dot, whatever the locale ("0.148936"). */
void        memsim_csv_append_double (GString    *out,
                                      double      value);
/* An empty cell: the column does not apply to this row. */
void        memsim_csv_append_empty  (GString    *out);
void        memsim_csv_end_row       (GString    *out);

G_END_DECLS
