/* memsim-compare-window.c: the comparison window — replays, scrubber, toasts
 *
 * The header bar imports a trace, records a program and exports the charts;
 * the bar under it picks 2–5 policies and the heap's size.  The trace is
 * replayed in one GTask thread (memsim-compare-replay.h) while a progress
 * bar counts events; then every policy gets a row (memsim-compare-rows.c)
 * and the scrubber at the bottom moves them all to the same event: the
 * charts' cursors at once, the maps when a second GTask has rebuilt each
 * heap from its nearest checkpoint (a newer move cancels an older one).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "memsim-compare-window-private.h"

#define DEFAULT_TOTAL "16M"

G_DEFINE_FINAL_TYPE (MemsimCompareWindow, memsim_compare_window, ADW_TYPE_WINDOW)

void
memsim_compare_window_add_toast (MemsimCompareWindow *self,
                                 const char          *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
memsim_compare_window_get_last_toast (MemsimCompareWindow *self)
{
  return self->last_toast;
}

static guint
checked_policies (MemsimCompareWindow *self,
                  MemsimPolicy        *policies)
{
  guint n = 0;

  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->policy_checks[p])))
      policies[n++] = p;
  return n;
}

static void
set_busy (MemsimCompareWindow *self,
          gboolean             busy)
{
  gtk_widget_set_visible (self->progress_bar, busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_set_sensitive (self->compare_button, !busy && self->trace_path != NULL);
  gtk_widget_set_sensitive (self->export_button, !busy && self->result != NULL);
}

static gboolean
pulse_progress (gpointer user_data)
{
  MemsimCompareWindow *self = user_data;
  GtkProgressBar *bar = GTK_PROGRESS_BAR (self->progress_bar);
  gint events = g_atomic_int_get (&self->progress.events);
  gint total = g_atomic_int_get (&self->progress.total);
  g_autofree char *text = NULL;

  /* Until the first pass has counted the events, there is no fraction. */
  if (total == 0)
    {
      gtk_progress_bar_pulse (bar);
      text = g_strdup (_("Counting events…"));
    }
  else
    {
      gtk_progress_bar_set_fraction (bar, (double) events / total);
      text = g_strdup_printf (_("%d of %d events replayed"), events, total);
    }
  gtk_progress_bar_set_text (bar, text);
  return G_SOURCE_CONTINUE;
}

/* ---- the scrubber ---- */

static void
update_position_label (MemsimCompareWindow *self,
                       guint64              event)
{
  g_autofree char *text = g_strdup_printf (_("Event %" PRIu64 " of %" PRIu64), event,
                                           self->result != NULL ? self->result->n_events : 0);

  gtk_label_set_text (self->position_label, text);
}

typedef struct {
  MemsimCompareWindow *self;
  guint64              event;
} SeekData;

static void
seek_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MemsimCompareResult *result = task_data;
  guint64 event = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "event"));
  GError *error = NULL;
  GPtrArray *heaps = memsim_compare_heaps_at (result, event, cancellable, &error);

  if (heaps != NULL)
    g_task_return_pointer (task, heaps, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
seek_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  MemsimCompareWindow *self = MEMSIM_COMPARE_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heaps = g_task_propagate_pointer (G_TASK (res), &error);
  guint64 event = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (res), "event"));

  if (heaps == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        memsim_compare_window_add_toast (self, error->message);
      return;
    }
  /* A result replaced meanwhile has other runs: its own seek follows. */
  if (g_task_get_task_data (G_TASK (res)) != self->result)
    return;
  for (guint r = 0; r < self->n_rows && r < heaps->len; r++)
    memsim_compare_row_set_heap (&self->rows[r], g_steal_pointer (&heaps->pdata[r]), event);
}

void
memsim_compare_window_seek (MemsimCompareWindow *self,
                            guint64              event)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MEMSIM_IS_COMPARE_WINDOW (self));
  if (self->result == NULL)
    return;
  event = MIN (event, self->result->n_events);

  if (!self->setting_scrubber)
    {
      self->setting_scrubber = TRUE;
      gtk_range_set_value (GTK_RANGE (self->scrubber), (double) event);
      self->setting_scrubber = FALSE;
    }
  update_position_label (self, event);
  for (guint r = 0; r < self->n_rows; r++)
    {
      guint cursor = memsim_compare_samples_until (self->result, event);

      for (guint c = 0; c < MEMSIM_COMPARE_N_CHARTS; c++)
        {
          memsim_chart_set_cursor (self->rows[r].charts[c], cursor);
          memsim_chart_update_description (self->rows[r].charts[c]);
        }
    }

  g_cancellable_cancel (self->seek_cancellable);
  g_clear_object (&self->seek_cancellable);
  self->seek_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->seek_cancellable, seek_done, NULL);
  g_task_set_task_data (task, memsim_compare_result_ref (self->result),
                        (GDestroyNotify) memsim_compare_result_unref);
  g_object_set_data (G_OBJECT (task), "event", GSIZE_TO_POINTER ((gsize) event));
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, seek_thread);
}

static void
on_scrubber_changed (MemsimCompareWindow *self)
{
  if (self->setting_scrubber)
    return;
  self->setting_scrubber = TRUE;
  memsim_compare_window_seek (self, (guint64) gtk_range_get_value (GTK_RANGE (self->scrubber)));
  self->setting_scrubber = FALSE;
}

/* ---- the replay ---- */

typedef struct {
  char        *path;
  MemsimPolicy policies[MEMSIM_COMPARE_MAX_POLICIES];
  guint        n_policies;
  guint64      total;
  MemsimCompareProgress *progress;
} ReplayData;

static void
replay_data_free (ReplayData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
replay_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReplayData *data = task_data;
  GError *error = NULL;
  MemsimCompareResult *result = memsim_compare_replay (data->path, data->policies,
                                                       data->n_policies, data->total,
                                                       data->progress, cancellable, &error);

  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) memsim_compare_result_unref);
  else
    g_task_return_error (task, error);
}

static void
show_result (MemsimCompareWindow *self,
             MemsimCompareResult *result)
{
  g_autofree char *basename = g_path_get_basename (result->path);
  g_autofree char *size = g_format_size_full (result->total, G_FORMAT_SIZE_IEC_UNITS);
  /* Translators: file name, trace format, number of events, heap size. */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %" PRIu64 " events · heap of %s"),
                                               basename,
                                               memsim_trace_format_to_string (result->format),
                                               result->n_events, size);

  /* The rows point into the old result's runs: they go first. */
  memsim_compare_window_clear_rows (self);
  g_clear_pointer (&self->result, memsim_compare_result_unref);
  self->result = result;
  adw_window_title_set_subtitle (self->window_title, subtitle);
  memsim_compare_window_build_rows (self);
  gtk_range_set_range (GTK_RANGE (self->scrubber), 0, MAX ((double) result->n_events, 1.0));
  /* Arrows step one event; Page Up and Down a twentieth of the trace. */
  gtk_range_set_increments (GTK_RANGE (self->scrubber), 1,
                            MAX (1.0, floor ((double) result->n_events / 20)));
  gtk_stack_set_visible_child_name (self->stack, "results");
  memsim_compare_window_seek (self, result->n_events);
}

static void
replay_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  MemsimCompareWindow *self = MEMSIM_COMPARE_WINDOW (source);
  g_autoptr(GError) error = NULL;
  MemsimCompareResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  /* Only the latest replay speaks. */
  if (g_task_get_cancellable (G_TASK (res)) != self->replay_cancellable)
    {
      g_clear_pointer (&result, memsim_compare_result_unref);
      return;
    }
  g_clear_object (&self->replay_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  /* A cancelled replay was no longer the latest: it returned above. */
  if (result != NULL)
    show_result (self, result);
  else
    memsim_compare_window_add_toast (self, error->message);
  set_busy (self, FALSE);
}

void
memsim_compare_window_compare (MemsimCompareWindow *self)
{
  g_autoptr(GTask) task = NULL;
  ReplayData *data;
  guint64 total;

  g_return_if_fail (MEMSIM_IS_COMPARE_WINDOW (self));
  if (self->trace_path == NULL)
    {
      memsim_compare_window_add_toast (self, _("Import a trace or record a program first"));
      return;
    }
  data = g_new0 (ReplayData, 1);
  data->n_policies = checked_policies (self, data->policies);
  if (data->n_policies < 2)
    {
      memsim_compare_window_add_toast (self, _("Check at least two policies to compare"));
      replay_data_free (data);
      return;
    }
  if (!memsim_parse_size (gtk_editable_get_text (GTK_EDITABLE (self->total_entry)), &total, NULL)
      || total == 0)
    {
      memsim_compare_window_add_toast (self, _("The heap size is not a size such as 16M or 256K"));
      replay_data_free (data);
      return;
    }
  data->path = g_strdup (self->trace_path);
  data->total = total;
  data->progress = &self->progress;

  memsim_compare_window_cancel (self);
  g_cancellable_cancel (self->seek_cancellable);
  self->replay_cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->progress.events, 0);
  g_atomic_int_set (&self->progress.total, 0);
  task = g_task_new (self, self->replay_cancellable, replay_done, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) replay_data_free);
  g_task_run_in_thread (task, replay_thread);
  self->progress_source = g_timeout_add (100, pulse_progress, self);
  set_busy (self, TRUE);
}

void
memsim_compare_window_cancel (MemsimCompareWindow *self)
{
  g_return_if_fail (MEMSIM_IS_COMPARE_WINDOW (self));
  if (self->replay_cancellable == NULL)
    return;
  g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  set_busy (self, FALSE);
}

gboolean
memsim_compare_window_is_busy (MemsimCompareWindow *self)
{
  return self->replay_cancellable != NULL;
}

const MemsimCompareResult *
memsim_compare_window_get_result (MemsimCompareWindow *self)
{
  return self->result;
}

guint64
memsim_compare_window_get_map_event (MemsimCompareWindow *self,
                                     guint                run)
{
  g_return_val_if_fail (run < self->n_rows, G_MAXUINT64);
  return self->rows[run].event;
}

guint
memsim_compare_window_get_chart_cursor (MemsimCompareWindow *self,
                                        guint                run,
                                        guint                chart)
{
  g_return_val_if_fail (run < self->n_rows && chart < MEMSIM_COMPARE_N_CHARTS, 0);
  return memsim_chart_get_cursor (self->rows[run].charts[chart]);
}

void
memsim_compare_window_open_trace (MemsimCompareWindow *self,
                                  const char          *path)
{
  g_autofree char *basename = g_path_get_basename (path);

  g_return_if_fail (MEMSIM_IS_COMPARE_WINDOW (self));
  g_free (self->trace_path);
  self->trace_path = g_strdup (path);
  adw_window_title_set_subtitle (self->window_title, basename);
  memsim_compare_window_compare (self);
}

void
memsim_compare_window_set_policies (MemsimCompareWindow *self,
                                    const MemsimPolicy  *policies,
                                    guint                n_policies)
{
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->policy_checks[p]), FALSE);
  for (guint i = 0; i < n_policies; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->policy_checks[policies[i]]), TRUE);
}

void
memsim_compare_window_set_total (MemsimCompareWindow *self,
                                 const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->total_entry), text);
}

/* Fewer than two policies is no comparison. */
static void
on_policy_toggled (MemsimCompareWindow *self)
{
  MemsimPolicy policies[MEMSIM_N_POLICIES];

  gtk_widget_set_sensitive (self->compare_button,
                            self->trace_path != NULL && self->replay_cancellable == NULL
                            && checked_policies (self, policies) >= 2);
}

/* ---- importing ---- */

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  MemsimCompareWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        memsim_compare_window_add_toast (self, _("Only local files can be imported"));
      else
        memsim_compare_window_open_trace (self, path);
    }
  g_object_unref (dialog);
}

static void
show_import_dialog (MemsimCompareWindow *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import a Trace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Traces (native, .rep, mtrace)"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- building ---- */

static GtkWidget *
build_header (MemsimCompareWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *import = gtk_button_new_with_mnemonic (_("_Import Trace…"));
  GtkWidget *record = gtk_button_new_with_mnemonic (_("_Record Program…"));

  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Compare Policies"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "compare.import");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (record), "compare.record");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), import);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), record);

  self->export_button = gtk_button_new_from_icon_name ("document-save-symbolic");
  gtk_widget_set_tooltip_text (self->export_button, _("Export the Charts as PNG or SVG"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "compare.export");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  return header;
}

static GtkWidget *
build_controls (MemsimCompareWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *size_label = gtk_label_new_with_mnemonic (_("Heap _size"));

  g_object_set (bar, "margin-start", 12, "margin-end", 12, "margin-top", 8, "margin-bottom", 8,
                NULL);
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    {
      self->policy_checks[p] = gtk_check_button_new_with_label (memsim_policy_to_label (p));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->policy_checks[p]), p != MEMSIM_POLICY_NEXT_FIT);
      g_signal_connect_object (self->policy_checks[p], "toggled", G_CALLBACK (on_policy_toggled),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (bar), self->policy_checks[p]);
    }
  self->total_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (self->total_entry), DEFAULT_TOTAL);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->total_entry), 8);
  gtk_label_set_mnemonic_widget (GTK_LABEL (size_label), GTK_WIDGET (self->total_entry));
  g_signal_connect_object (self->total_entry, "activate",
                           G_CALLBACK (memsim_compare_window_compare), self, G_CONNECT_SWAPPED);
  gtk_widget_set_margin_start (size_label, 12);
  gtk_box_append (GTK_BOX (bar), size_label);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->total_entry));

  self->compare_button = gtk_button_new_with_mnemonic (_("_Compare"));
  gtk_widget_add_css_class (self->compare_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->compare_button), "compare.run");
  gtk_box_append (GTK_BOX (bar), self->compare_button);

  self->progress_bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress_bar), TRUE);
  gtk_widget_set_hexpand (self->progress_bar, TRUE);
  gtk_widget_set_valign (self->progress_bar, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), self->progress_bar);
  self->cancel_button = gtk_button_new_with_mnemonic (_("C_ancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "compare.cancel");
  gtk_box_append (GTK_BOX (bar), self->cancel_button);
  return bar;
}

static GtkWidget *
build_results (MemsimCompareWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *timeline = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->rows_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->rows_box));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_widget_add_css_class (timeline, "toolbar");
  self->scrubber = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1));
  gtk_scale_set_draw_value (self->scrubber, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->scrubber), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scrubber), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline of every policy"), -1);
  g_signal_connect_object (self->scrubber, "value-changed", G_CALLBACK (on_scrubber_changed), self,
                           G_CONNECT_SWAPPED);
  self->position_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->position_label, 24);
  gtk_widget_add_css_class (GTK_WIDGET (self->position_label), "numeric");
  gtk_box_append (GTK_BOX (timeline), GTK_WIDGET (self->scrubber));
  gtk_box_append (GTK_BOX (timeline), GTK_WIDGET (self->position_label));
  gtk_box_append (GTK_BOX (box), timeline);
  return box;
}

static GtkWidget *
build_empty (void)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "view-dual-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Compare Policies on a Trace"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Import a trace (Memsim's own, a malloc-lab .rep or a glibc "
                                     "mtrace log) or record a program, then replay it under 2 to 5 "
                                     "policies side by side."));
  return page;
}

static void
import_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  show_import_dialog (self);
}

static void
record_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  memsim_compare_window_show_record_dialog (self);
}

static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  memsim_compare_window_show_export_dialog (self);
}

static void
run_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  memsim_compare_window_compare (self);
}

static void
cancel_activated (GSimpleAction *action, GVariant *parameter, gpointer self)
{
  memsim_compare_window_cancel (self);
  memsim_compare_window_stop_recording (self);
}

static const GActionEntry compare_actions[] = {
  { "import", import_activated },
  { "record", record_activated },
  { "export", export_activated },
  { "run", run_activated },
  { "cancel", cancel_activated },
};

static void
memsim_compare_window_init (MemsimCompareWindow *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GSimpleActionGroup *group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), compare_actions,
                                   G_N_ELEMENTS (compare_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "compare", G_ACTION_GROUP (group));
  g_object_unref (group);

  gtk_window_set_title (GTK_WINDOW (self), _("Compare Policies"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1180, 860);
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_box_append (GTK_BOX (content), build_header (self));
  gtk_box_append (GTK_BOX (content), build_controls (self));
  gtk_box_append (GTK_BOX (content), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, build_empty (), "empty");
  gtk_stack_add_named (self->stack, build_results (self), "results");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
  adw_toast_overlay_set_child (self->toast_overlay, content);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toast_overlay));
  self->seek_cancellable = g_cancellable_new ();
  set_busy (self, FALSE);
}

static void
memsim_compare_window_dispose (GObject *object)
{
  MemsimCompareWindow *self = MEMSIM_COMPARE_WINDOW (object);

  memsim_compare_window_stop_recording (self);
  if (self->replay_cancellable != NULL)
    g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->seek_cancellable != NULL)
    g_cancellable_cancel (self->seek_cancellable);
  g_clear_object (&self->seek_cancellable);
  G_OBJECT_CLASS (memsim_compare_window_parent_class)->dispose (object);
}

static void
memsim_compare_window_finalize (GObject *object)
{
  MemsimCompareWindow *self = MEMSIM_COMPARE_WINDOW (object);

  for (guint r = 0; r < self->n_rows; r++)
    g_clear_pointer (&self->rows[r].heap, memsim_heap_free);
  g_clear_pointer (&self->result, memsim_compare_result_unref);
  g_free (self->trace_path);
  g_free (self->record_path);
  g_free (self->last_toast);
  G_OBJECT_CLASS (memsim_compare_window_parent_class)->finalize (object);
}

static void
memsim_compare_window_class_init (MemsimCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = memsim_compare_window_dispose;
  object_class->finalize = memsim_compare_window_finalize;
}

MemsimCompareWindow *
memsim_compare_window_new (GtkApplication *application)
{
  return g_object_new (MEMSIM_TYPE_COMPARE_WINDOW, "application", application, NULL);
}
