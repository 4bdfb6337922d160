/* memsim-csv.c: the CSV writer and the block, object and stats tables
 *
 * RFC 4180 as spreadsheets read it: CRLF after every row (the last one
 * too), a header row, double quotes around a field that holds a comma, a
 * quote, CR or LF (a quote inside is doubled).  Numbers never depend on
 * the locale: integers are printed digit by digit, fractions with
 * g_ascii_formatd().  Text that a spreadsheet would take for a formula
 * (it starts with =, +, -, @, a tab or CR — OWASP's list for "CSV
 * injection") is written with a leading apostrophe: "'=1+1".  Names are the
 * only user text that reaches a cell, so only they can carry one.
 *
 * The operation table is in memsim-csv-ops.c.  docs/csv.md lists every
 * column.
 */
#include "config.h"

#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "memsim-csv-private.h"

static const char * const table_names[] = {
  [MEMSIM_CSV_OPS] = "ops",
  [MEMSIM_CSV_BLOCKS] = "blocks",
  [MEMSIM_CSV_OBJECTS] = "objects",
  [MEMSIM_CSV_STATS] = "stats",
};

const char *
memsim_csv_table_to_string (MemsimCsvTable table)
{
  g_return_val_if_fail ((guint) table < MEMSIM_N_CSV_TABLES, NULL);
  return table_names[table];
}

gboolean
memsim_csv_table_from_string (const char     *text,
                              MemsimCsvTable *out_table)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < MEMSIM_N_CSV_TABLES; i++)
    if (strcmp (text, table_names[i]) == 0)
      {
        *out_table = i;
        return TRUE;
      }
  return FALSE;
}

/* ---- the writer ------------------------------------------------------- */

static gboolean
at_row_start (GString *out)
{
  return out->len == 0 || out->str[out->len - 1] == '\n';
}

static void
begin_field (GString *out)
{
  if (!at_row_start (out))
    g_string_append_c (out, ',');
}

/* An empty first field is written "" so that the next one still starts
 * after a comma (the buffer alone could not tell the row had begun). */
static void
append_nothing (GString *out)
{
  if (at_row_start (out))
    g_string_append (out, "\"\"");
  else
    g_string_append_c (out, ',');
}

static gboolean
looks_like_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

void
memsim_csv_append_text (GString    *out,
                        const char *text)
{
  gboolean quote;

  g_return_if_fail (out != NULL);

  if (text == NULL || *text == '\0')
    {
      append_nothing (out);
      return;
    }
  begin_field (out);
  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (looks_like_formula (text))
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

/* By hand rather than with printf: the ops table writes some thirty
 * numbers a row, a million rows. */
void
memsim_csv_append_uint (GString *out,
                        guint64  value)
{
  char digits[20];
  guint n = 0;

  g_return_if_fail (out != NULL);

  begin_field (out);
  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value != 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

void
memsim_csv_append_double (GString *out,
                          double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  begin_field (out);
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", value));
}

void
memsim_csv_append_empty (GString *out)
{
  g_return_if_fail (out != NULL);
  append_nothing (out);
}

void
memsim_csv_end_row (GString *out)
{
  g_return_if_fail (out != NULL);
  g_string_append (out, "\r\n");
}

static void
append_header (GString            *out,
               const char * const *columns)
{
  for (guint i = 0; columns[i] != NULL; i++)
    memsim_csv_append_text (out, columns[i]);
}

gboolean
memsim_csv_flush (GString        *buffer,
                  GOutputStream  *out,
                  gsize           threshold,
                  GCancellable   *cancellable,
                  GError        **error)
{
  if (buffer->len < threshold || buffer->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buffer, 0);
  return TRUE;
}

/* ---- metrics, shared with the ops table ------------------------------- */

static const char * const metric_columns[] = {
  "total_bytes", "used_bytes", "requested_bytes", "free_bytes", "largest_free_bytes",
  "free_blocks", "live_blocks", "unusable_bytes", "external_fragmentation",
  "internal_fragmentation", "high_water_bytes", "peak_requested_bytes", "heap_overhead",
  "alloc_ok", "alloc_failed", "failed_no_space", "failed_fragmented", "free_ok",
  "free_failed", "realloc_ok", "realloc_failed", "compactions", "bytes_moved",
  "arenas", "pools", "objects", NULL
};

void
memsim_csv_append_metrics_header (GString *out)
{
  append_header (out, metric_columns);
}

void
memsim_csv_append_metrics (GString                 *out,
                           const MemsimHeap        *heap,
                           const MemsimObjectStore *store)
{
  const guint64 *counts;
  MemsimMetrics m;
  guint64 arenas, pools, objects;

  memsim_heap_get_metrics (heap, &m);
  memsim_object_store_get_counts (store, &arenas, &pools, &objects);
  const guint64 sizes[] = { m.total, m.used, m.requested, m.free, m.largest_free,
                            m.free_blocks, m.live_blocks, m.unusable };
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    memsim_csv_append_uint (out, sizes[i]);
  memsim_csv_append_double (out, m.external_fragmentation);
  memsim_csv_append_double (out, m.internal_fragmentation);
  memsim_csv_append_uint (out, m.high_water);
  memsim_csv_append_uint (out, m.peak_requested);
  memsim_csv_append_double (out, m.heap_overhead);
  /* alloc_ok … bytes_moved are consecutive guint64 fields */
  counts = &m.alloc_ok;
  for (guint i = 0; i <= (guint) (&m.bytes_moved - &m.alloc_ok); i++)
    memsim_csv_append_uint (out, counts[i]);
  memsim_csv_append_uint (out, arenas);
  memsim_csv_append_uint (out, pools);
  memsim_csv_append_uint (out, objects);
}

/* ---- blocks ------------------------------------------------------------ */

static const char * const block_columns[] = {
  "name", "kind", "start_bytes", "end_bytes", "size_bytes", "requested_bytes",
  "wasted_bytes", NULL
};

typedef struct {
  GString                 *out;
  const MemsimObjectStore *store;
} BlockRows;

/* A program's block, or one the object store took for itself. */
static const char *
block_kind (const MemsimObjectStore *store,
            const char              *name)
{
  if (!memsim_object_store_owns_block (store, name))
    return "block";
  return g_str_has_prefix (name, "arena#") ? "arena" : "large-object";
}

static gboolean
append_block_row (const MemsimBlockInfo *block,
                  gpointer               user_data)
{
  BlockRows *rows = user_data;

  if (block->free)
    return TRUE;
  memsim_csv_append_text (rows->out, block->name);
  memsim_csv_append_text (rows->out, block_kind (rows->store, block->name));
  memsim_csv_append_uint (rows->out, block->start);
  memsim_csv_append_uint (rows->out, block->start + block->size);
  memsim_csv_append_uint (rows->out, block->size);
  memsim_csv_append_uint (rows->out, block->requested);
  memsim_csv_append_uint (rows->out, block->size - block->requested);
  memsim_csv_end_row (rows->out);
  return TRUE;
}

static void
append_blocks (GString       *out,
               MemsimSession *session)
{
  const MemsimHeap *heap = memsim_session_get_heap (session);
  BlockRows rows = { out, memsim_session_get_object_store (session) };

  append_header (out, block_columns);
  memsim_csv_end_row (out);
  memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, append_block_row, &rows);
}

/* ---- objects ----------------------------------------------------------- */

static const char * const object_columns[] = {
  "id", "names", "type", "class_name", "size_bytes", "refcount", "address_bytes",
  "heap_block", "arena", "pool", "block", "size_class", NULL
};

typedef struct {
  GString                 *out;
  GHashTable              *names;  /* ref → GString of its names */
} ObjectRows;

/* ref → its names, one a line in the order of list_names() (names hold no
 * control character, so a newline cannot be part of one). */
static GHashTable *
names_by_ref (const MemsimObjectStore *store)
{
  GHashTable *by_ref = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_free);
  g_autoptr (GPtrArray) names = memsim_object_store_list_names (store);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gpointer ref = GUINT_TO_POINTER (memsim_object_store_lookup_ref_by_name (store, name));
      char *before = g_hash_table_lookup (by_ref, ref);

      g_hash_table_insert (by_ref, ref, before == NULL ? g_strdup (name)
                                        : g_strconcat (before, "\n", name, NULL));
    }
  return by_ref;
}

static void
append_object_place (GString                *out,
                     const MemsimObjectInfo *object)
{
  char block[40];

  if (object->large)
    {
      g_snprintf (block, sizeof block, "obj#%" G_GUINT64_FORMAT, object->id);
      memsim_csv_append_text (out, block);
      for (guint i = 0; i < 4; i++)
        memsim_csv_append_empty (out);
      return;
    }
  memsim_csv_append_empty (out);
  memsim_csv_append_uint (out, object->arena);
  memsim_csv_append_uint (out, object->pool);
  memsim_csv_append_uint (out, object->block);
  memsim_csv_append_uint (out, object->size_class);
}

static gboolean
append_object_row (const MemsimObjectInfo *object,
                   gpointer                user_data)
{
  ObjectRows *rows = user_data;

  memsim_csv_append_uint (rows->out, object->id);
  memsim_csv_append_text (rows->out, g_hash_table_lookup (rows->names,
                                                          GUINT_TO_POINTER (object->ref)));
  memsim_csv_append_text (rows->out, memsim_py_type_to_string (object->type));
  memsim_csv_append_text (rows->out, object->label);
  memsim_csv_append_uint (rows->out, object->size);
  memsim_csv_append_uint (rows->out, object->refcount);
  memsim_csv_append_uint (rows->out, object->address);
  append_object_place (rows->out, object);
  memsim_csv_end_row (rows->out);
  return TRUE;
}

static void
append_objects (GString       *out,
                MemsimSession *session)
{
  const MemsimObjectStore *store = memsim_session_get_object_store (session);
  ObjectRows rows = { out, names_by_ref (store) };

  append_header (out, object_columns);
  memsim_csv_end_row (out);
  memsim_object_store_walk_objects (store, append_object_row, &rows);
  g_hash_table_unref (rows.names);
}

/* ---- stats ------------------------------------------------------------- */

static const char * const settings_columns[] = {
  "operations", "position", "policy", "align_bytes", "header_bytes", "min_block_bytes",
  "round_pow2", "auto_compact", "object_profile", NULL
};

static void
append_stats (GString       *out,
              MemsimSession *session)
{
  const MemsimHeap *heap = memsim_session_get_heap (session);
  const MemsimObjectStore *store = memsim_session_get_object_store (session);
  const MemsimHeapConfig *config = memsim_heap_get_config (heap);

  append_header (out, settings_columns);
  memsim_csv_append_metrics_header (out);
  memsim_csv_end_row (out);
  memsim_csv_append_uint (out, memsim_session_get_n_ops (session));
  memsim_csv_append_uint (out, memsim_session_get_position (session));
  memsim_csv_append_text (out, memsim_policy_to_string (config->policy));
  memsim_csv_append_uint (out, config->align);
  memsim_csv_append_uint (out, config->header);
  memsim_csv_append_uint (out, config->min_block);
  memsim_csv_append_text (out, config->round_pow2 ? "on" : "off");
  memsim_csv_append_text (out, config->auto_compact ? "on" : "off");
  memsim_csv_append_text (out, memsim_object_profile_to_string (
                                 memsim_object_store_get_profile (store)));
  memsim_csv_append_metrics (out, heap, store);
  memsim_csv_end_row (out);
}

/* ---- tables ------------------------------------------------------------ */

gboolean
memsim_csv_write (MemsimSession  *session,
                  MemsimCsvTable  table,
                  GOutputStream  *out,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr (GString) buffer = g_string_sized_new (MEMSIM_CSV_CHUNK + 4096);

  g_return_val_if_fail (MEMSIM_IS_SESSION (session), FALSE);
  g_return_val_if_fail ((guint) table < MEMSIM_N_CSV_TABLES, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  switch (table)
    {
    case MEMSIM_CSV_OPS:
      if (!memsim_csv_write_ops (session, buffer, out, cancellable, error))
        return FALSE;
      break;
    case MEMSIM_CSV_BLOCKS:
      append_blocks (buffer, session);
      break;
    case MEMSIM_CSV_OBJECTS:
      append_objects (buffer, session);
      break;
    case MEMSIM_CSV_STATS:
    case MEMSIM_N_CSV_TABLES:
    default:
      append_stats (buffer, session);
      break;
    }
  return memsim_csv_flush (buffer, out, 0, cancellable, error);
}

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("Could not write %s: %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_stdout (MemsimSession  *session,
              MemsimCsvTable  table,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr (GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  g_autoptr (GError) local_error = NULL;

  if (memsim_csv_write (session, table, out, cancellable, &local_error))
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("Could not write %s: %s"),
               "-", local_error->message);
  return FALSE;
}

/* Written aside in PATH.tmp-XXXXXX, flushed, then renamed over PATH, as a
 * session file is: a reader sees the old table or the new one.  (Plain
 * file descriptors rather than GFile: GFile loads GIO's modules, which a
 * command-line tool has no use for.) */
gboolean
memsim_csv_save (MemsimSession  *session,
                 MemsimCsvTable  table,
                 const char     *path,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autofree char *temp = NULL;
  g_autoptr (GOutputStream) out = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (strcmp (path, "-") == 0)
    return write_stdout (session, table, cancellable, error);
  temp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, path, errno);
  out = g_unix_output_stream_new (fd, FALSE);
  ok = memsim_csv_write (session, table, out, cancellable, &local_error)
       && g_output_stream_close (out, cancellable, &local_error);
  if (ok && (fsync (fd) != 0 || g_rename (temp, path) != 0))
    ok = set_errno_error (&local_error, path, errno);
  else if (!ok)
    g_prefix_error (&local_error, _("Could not write %s: "), path);
  close (fd);
  if (ok)
    return TRUE;
  g_unlink (temp);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
