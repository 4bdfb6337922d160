/* memsim-csv-ops.c: the operation table, one row per operation
 *
 * The session's series keeps eight numbers per operation; the table has
 * every metric of SEMANTICS §6 and each failed operation's reason.  So the
 * writer replays the log on a scratch session from the same initial
 * settings (the core is deterministic: the scratch session passes through
 * exactly the states the original did) and reads the full metrics after
 * each operation.  That costs one more replay, well under a second for a
 * million operations, and never touches the session being exported.
 *
 * init, policy and set are settings, not operations on allocations: they
 * make no row, though the index column keeps counting them, so that row
 * and log stay matched (index is the operation's place in the log, as in
 * the session file's operations table).
 */
#include "config.h"


#include "memsim-csv-private.h"

static const char * const op_columns[] = {
  "index", "line", "time_ns", "operation", "name", "size_bytes", "result", "error", NULL
};

static gboolean
makes_row (const MemsimOp *op)
{
  return op->kind != MEMSIM_OP_INIT && op->kind != MEMSIM_OP_POLICY
         && op->kind != MEMSIM_OP_SET;
}

/* The size the operation asked for; for store, the object's request size
 * (sys.getsizeof) once stored; empty where no size applies. */
static void
append_size (GString        *out,
             const MemsimOp *op,
             MemsimSession  *scratch,
             gboolean        ok)
{
  MemsimObjectInfo object;

  if (op->kind == MEMSIM_OP_ALLOC || op->kind == MEMSIM_OP_REALLOC
      || (op->kind == MEMSIM_OP_RESET && op->size != 0))
    memsim_csv_append_uint (out, op->size);
  else if (op->kind == MEMSIM_OP_STORE && ok
           && memsim_object_store_lookup_name (memsim_session_get_object_store (scratch),
                                               op->name, &object))
    memsim_csv_append_uint (out, object.size);
  else
    memsim_csv_append_empty (out);
}

static void
append_op_row (GString        *out,
               MemsimSession  *scratch,
               guint           index,
               gint64          time_ns,
               const MemsimOp *op,
               const GError   *failure)
{
  memsim_csv_append_uint (out, index);
  memsim_csv_append_uint (out, op->line);
  memsim_csv_append_uint (out, (guint64) MAX (time_ns, 0));
  memsim_csv_append_text (out, memsim_op_kind_to_string (op->kind));
  memsim_csv_append_text (out, op->name);
  append_size (out, op, scratch, failure == NULL);
  memsim_csv_append_text (out, failure == NULL ? "ok" : "failed");
  memsim_csv_append_text (out, failure != NULL ? failure->message : NULL);
  memsim_csv_append_metrics (out, memsim_session_get_heap (scratch),
                             memsim_session_get_object_store (scratch));
  memsim_csv_end_row (out);
}

static MemsimSession *
scratch_session (MemsimSession *session)
{
  MemsimSession *scratch =
    memsim_session_new_with_config (memsim_session_get_initial_config (session));
  MemsimObjectProfile profile =
    memsim_object_store_get_profile (memsim_session_get_object_store (session));

  memsim_session_set_object_profile (scratch, profile, NULL);
  memsim_session_begin_batch (scratch);
  return scratch;
}

gboolean
memsim_csv_write_ops (MemsimSession  *session,
                      GString        *buffer,
                      GOutputStream  *out,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr (MemsimSession) scratch = scratch_session (session);
  guint n_ops = memsim_session_get_n_ops (session);

  for (guint i = 0; op_columns[i] != NULL; i++)
    memsim_csv_append_text (buffer, op_columns[i]);
  memsim_csv_append_metrics_header (buffer);
  memsim_csv_end_row (buffer);

  for (guint i = 0; i < n_ops; i++)
    {
      const MemsimOp *op = memsim_session_get_op (session, i);
      gint64 time_ns = memsim_session_get_op_time (session, i);
      g_autoptr (GError) failure = NULL;

      memsim_session_apply_at (scratch, op, time_ns, &failure);
      if (makes_row (op))
        append_op_row (buffer, scratch, i, time_ns, op, failure);
      if (buffer->len >= MEMSIM_CSV_CHUNK
          && (g_cancellable_set_error_if_cancelled (cancellable, error)
              || !memsim_csv_flush (buffer, out, MEMSIM_CSV_CHUNK, cancellable, error)))
        return FALSE;
    }
  memsim_session_end_batch (scratch);
  return TRUE;
}
