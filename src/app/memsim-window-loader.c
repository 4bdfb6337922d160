/* memsim-window-loader.c: opening a script or a trace without freezing the window
 *
 * Two stages.  A GTask thread reads and parses the whole file (the script
 * parser, or the streaming .rep reader into an array of 32-byte events),
 * which touches no GTK and no session.  Back on the main loop, the
 * operations go through memsim_session_apply() in slices of at most
 * SLICE_USEC each, inside a session batch, so that the window redraws and
 * answers between slices while the progress bar fills; the session only
 * ever changes on the main thread.  Cancel stops the thread (between
 * chunks of lines) or the slices; the operations applied so far stay in
 * the history and can be undone.
 *
 * A trace names no heap, so it starts with an init of the heap size in the
 * controls (or the current size once a heap exists); a script that does
 * not begin with init gets one when there is no heap yet.  A trace's
 * `r ID N` on an ID that is not live becomes an alloc (realloc(NULL, N)),
 * decided when it is applied, as memsim-cli replay does.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-rep.h"
#include "memsim-script.h"
#include "memsim-window-private.h"

#define SLICE_USEC 12000
#define CHECK_EVERY 65536

struct _MemsimLoad {
  MemsimWindow *window;         /* NULL once the window let go of a running parse */
  GFile        *file;
  char         *display_name;
  GCancellable *cancellable;
  gboolean      trace;
  GPtrArray    *ops;            /* script: MemsimOp */
  GArray       *events;         /* trace: MemsimRepEvent */
  guint         next;
  guint         n_failed;
  guint         apply_source;
  guint         pulse_source;
  gboolean      frozen;         /* the window's block list waits for the end */
};

static void
load_free (MemsimLoad *load)
{
  g_clear_handle_id (&load->apply_source, g_source_remove);
  g_clear_handle_id (&load->pulse_source, g_source_remove);
  g_clear_object (&load->file);
  g_clear_object (&load->cancellable);
  g_clear_pointer (&load->ops, g_ptr_array_unref);
  g_clear_pointer (&load->events, g_array_unref);
  g_free (load->display_name);
  g_free (load);
}

static guint
load_length (MemsimLoad *load)
{
  return load->trace ? load->events->len : load->ops->len;
}

/* ---- the thread ------------------------------------------------------- */

static GArray *
read_trace (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(MemsimRepReader) reader = memsim_rep_reader_open (path, error);
  g_autoptr(GArray) events = NULL;
  MemsimRepEvent event;

  if (reader == NULL)
    return NULL;
  events = g_array_new (FALSE, FALSE, sizeof (MemsimRepEvent));
  while (memsim_rep_reader_next (reader, &event, error))
    {
      g_array_append_val (events, event);
      if (events->len % CHECK_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (events->len == G_MAXUINT32 / 2)
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_LIMIT,
                       _("The trace has more operations than the window can hold"));
          return NULL;
        }
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&events);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  MemsimLoad *load = task_data;
  g_autofree char *path = g_file_get_path (load->file);
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, MEMSIM_ERROR, MEMSIM_ERROR_IO,
                               _("Only files on this computer can be opened"));
      return;
    }
  if (load->trace)
    load->events = read_trace (path, cancellable, &error);
  else
    load->ops = memsim_script_parse_file (path, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- applying on the main loop ---------------------------------------- */

static void
show_progress (MemsimWindow *self,
               const char   *text,
               double        fraction)
{
  gtk_label_set_text (self->progress_label, text);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
}

static void
finish (MemsimWindow *self,
        const char   *message)
{
  MemsimLoad *load = self->load;

  self->load = NULL;
  if (load != NULL && load->frozen)
    memsim_block_list_thaw (self->block_list);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  if (message != NULL)
    memsim_window_add_toast (self, message);
  if (load != NULL)
    load_free (load);
  memsim_window_update_actions (self);
}

static char *
trace_name (guint64 id)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, id);
}

/* The MemsimOp for trace event @index, given the heap as it is now. */
static MemsimOp *
trace_op (MemsimWindow         *self,
          const MemsimRepEvent *event)
{
  MemsimOp *op;
  g_autofree char *name = trace_name (event->id);
  MemsimBlockInfo info;

  switch (event->kind)
    {
    case MEMSIM_REP_FREE:
      op = memsim_op_new (MEMSIM_OP_FREE);
      break;
    case MEMSIM_REP_REALLOC:
      if (memsim_heap_lookup_name (memsim_session_get_heap (self->session), name, &info))
        {
          op = memsim_op_new (MEMSIM_OP_REALLOC);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case MEMSIM_REP_ALLOC:
    default:
      op = memsim_op_new (MEMSIM_OP_ALLOC);
      break;
    }
  op->name = g_steal_pointer (&name);
  op->size = MAX (event->size, 1);
  op->line = (guint) MIN (event->line, G_MAXUINT);
  return op;
}

static void
apply_quietly (MemsimWindow   *self,
               MemsimLoad     *load,
               const MemsimOp *op)
{
  g_autoptr(GError) error = NULL;

  if (memsim_session_apply (self->session, op, &error))
    return;
  load->n_failed++;
  memsim_history_list_record (self->history_list,
                              memsim_session_get_position (self->session) - 1, error->message);
}

static void
apply_next (MemsimWindow *self,
            MemsimLoad   *load)
{
  if (load->trace)
    {
      g_autoptr(MemsimOp) op = trace_op (self, &g_array_index (load->events, MemsimRepEvent,
                                                               load->next));

      apply_quietly (self, load, op);
    }
  else
    apply_quietly (self, load, g_ptr_array_index (load->ops, load->next));
  load->next++;
}

static char *
summary (MemsimLoad *load)
{
  if (load->n_failed == 0)
    return g_strdup_printf (ngettext ("Opened “%s”: %u operation", "Opened “%s”: %u operations",
                                      load->next),
                            load->display_name, load->next);
  return g_strdup_printf (ngettext ("Opened “%s”: %u operation, %u failed (see Activity)",
                                    "Opened “%s”: %u operations, %u failed (see Activity)",
                                    load->next),
                          load->display_name, load->next, load->n_failed);
}

static gboolean
apply_slice (gpointer user_data)
{
  MemsimWindow *self = user_data;
  MemsimLoad *load = self->load;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;
  guint n = load_length (load);
  g_autofree char *text = NULL;

  memsim_session_begin_batch (self->session);
  while (load->next < n && (load->next % 64 != 0 || g_get_monotonic_time () < deadline))
    apply_next (self, load);
  memsim_session_end_batch (self->session);

  if (load->next < n)
    {
      text = g_strdup_printf (_("Applying “%s”: %u of %u operations"), load->display_name,
                              load->next, n);
      show_progress (self, text, (double) load->next / n);
      return G_SOURCE_CONTINUE;
    }
  load->apply_source = 0;
  text = summary (load);
  finish (self, text);
  return G_SOURCE_REMOVE;
}

static gboolean
starts_with_init (MemsimLoad *load)
{
  return !load->trace && load->ops->len > 0
         && ((MemsimOp *) g_ptr_array_index (load->ops, 0))->kind == MEMSIM_OP_INIT;
}

/* A trace, or a script without init on a window with no heap, starts
 * from a fresh heap. */
static void
apply_prologue (MemsimWindow *self,
                MemsimLoad   *load)
{
  gboolean ready = memsim_window_heap_ready (self);
  g_autoptr(MemsimOp) init = NULL;

  self->play_from = memsim_session_get_position (self->session);
  if (starts_with_init (load) || (!load->trace && ready))
    return;
  init = memsim_op_new (MEMSIM_OP_INIT);
  init->size = ready ? memsim_heap_get_config (memsim_session_get_heap (self->session))->total
                     : (guint64) gtk_adjustment_get_value (self->heap_size_adjustment)
                       * memsim_window_unit_size (self->heap_unit_dropdown);
  apply_quietly (self, load, init);
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MemsimLoad *load = user_data;
  MemsimWindow *self = load->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self == NULL)
    {
      load_free (load);          /* the window went away meanwhile */
      return;
    }
  g_clear_handle_id (&load->pulse_source, g_source_remove);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup_printf (_("Stopped opening “%s”"), load->display_name);
      else
        message = g_strdup_printf (_("Could not open “%s”: %s"), load->display_name, error->message);
      finish (self, message);
      return;
    }
  memsim_block_list_freeze (self->block_list);
  load->frozen = TRUE;
  apply_prologue (self, load);
  load->apply_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_slice, self, NULL);
}

static gboolean
pulse (gpointer user_data)
{
  MemsimWindow *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

void
memsim_window_open_file (MemsimWindow *self,
                         GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;
  MemsimLoad *load;

  g_return_if_fail (MEMSIM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->load != NULL)
    {
      memsim_window_add_toast (self, _("Wait for the file being opened, or cancel it first"));
      return;
    }
  memsim_window_stop_playing (self);
  basename = g_file_get_basename (file);
  load = g_new0 (MemsimLoad, 1);
  load->window = self;
  load->file = g_object_ref (file);
  load->display_name = g_strdup (basename);
  load->cancellable = g_cancellable_new ();
  load->trace = g_str_has_suffix (basename, ".rep");
  self->load = load;
  adw_window_title_set_title (self->window_title, basename);

  text = g_strdup_printf (_("Reading “%s”…"), basename);
  show_progress (self, text, 0);
  load->pulse_source = g_timeout_add (100, pulse, self);
  memsim_window_update_actions (self);

  task = g_task_new (NULL, load->cancellable, on_parsed, load);
  g_task_set_task_data (task, load, NULL);
  g_task_run_in_thread (task, parse_in_thread);
}

gboolean
memsim_window_is_loading (MemsimWindow *self)
{
  g_return_val_if_fail (MEMSIM_IS_WINDOW (self), FALSE);
  return self->load != NULL;
}

void
memsim_window_cancel_load (MemsimWindow *self)
{
  MemsimLoad *load = self->load;
  g_autofree char *message = NULL;

  if (load == NULL)
    return;
  if (load->apply_source == 0)
    {
      g_cancellable_cancel (load->cancellable);   /* on_parsed finishes */
      return;
    }
  message = g_strdup_printf (_("Stopped “%s” after %u of %u operations"), load->display_name,
                             load->next, load_length (load));
  finish (self, message);
}

/* The window is going: a running parse finishes on its own and frees its
 * load; slices stop at once. */
void
memsim_window_free_load (MemsimWindow *self)
{
  MemsimLoad *load = self->load;

  if (load == NULL)
    return;
  self->load = NULL;
  if (load->apply_source == 0)
    {
      g_clear_handle_id (&load->pulse_source, g_source_remove);
      load->window = NULL;
      g_cancellable_cancel (load->cancellable);
      return;
    }
  load_free (load);             /* the block list goes with the window */
}
