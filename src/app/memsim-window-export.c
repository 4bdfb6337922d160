/* memsim-window-export.c: File → Export (docs/csv.md, §10 of SEMANTICS.md)
 *
 * "win.export" takes what to export: "ops", "blocks", "objects", "stats"
 * (CSV) or "json" (the final state).  A file chooser asks where; the file
 * is written in a GTask thread by the same writers as memsim-cli's, while
 * the window's actions are disabled so that the session holds still, and
 * replaced atomically.  A toast says where it went, or why it did not.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-csv.h"
#include "memsim-json.h"
#include "memsim-window-files.h"
#include "memsim-window-private.h"

typedef struct {
  MemsimSession *session;
  char          *what;
  char          *path;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->session);
  g_free (export->what);
  g_free (export->path);
  g_free (export);
}

static gboolean
write_json (MemsimSession  *session,
            const char     *path,
            GError        **error)
{
  g_autofree char *json = memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                                              memsim_session_get_object_store (session));
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                &local_error))
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("Could not write %s: %s"), path,
               local_error->message);
  return FALSE;
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Export *export = task_data;
  MemsimCsvTable table;
  GError *error = NULL;
  gboolean ok;

  if (g_str_equal (export->what, "json"))
    ok = write_json (export->session, export->path, &error);
  else if (memsim_csv_table_from_string (export->what, &table))
    ok = memsim_csv_save (export->session, table, export->path, cancellable, &error);
  else
    g_assert_not_reached ();
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MemsimWindow *self = MEMSIM_WINDOW (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (export->path);
  g_autofree char *message = NULL;

  if (!memsim_window_files_busy (self))
    return;                     /* the window was destroyed meanwhile */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    memsim_window_add_toast (self, error->message);
  else
    {
      message = g_strdup_printf (_("Exported “%s”"), name);
      memsim_window_add_toast (self, message);
    }
  memsim_window_files_end_export (self);   /* last: it may close the window */
}

void
memsim_window_export_to (MemsimWindow *self,
                         const char   *what,
                         GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  Export *export;
  MemsimCsvTable table;

  g_return_if_fail (g_str_equal (what, "json") || memsim_csv_table_from_string (what, &table));

  export = g_new0 (Export, 1);
  export->path = g_file_get_path (file);
  if (export->path == NULL)
    {
      g_free (export);
      memsim_window_add_toast (self, _("Exports can only be written to files on this computer"));
      return;
    }
  export->session = g_object_ref (self->session);
  export->what = g_strdup (what);
  memsim_window_files_begin_export (self);
  task = g_task_new (self, NULL, on_exported, NULL);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_in_thread);
}

/* ---- the chooser -------------------------------------------------------- */

static const struct {
  const char *what;
  const char *suffix;
  const char *title;
} kinds[] = {
  { "ops", "-operations.csv", N_("Export Operations") },
  { "blocks", "-processes.csv", N_("Export Process Table") },
  { "objects", "-objects.csv", N_("Export Object Table") },
  { "stats", "-statistics.csv", N_("Export Statistics") },
  { "json", "-final-state.json", N_("Export Final State") },
};

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    MemsimWindow    *self)
{
  const char *what = g_object_get_data (G_OBJECT (dialog), "memsim-export");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      memsim_window_export_to (self, what, file);
    }
  g_object_unref (dialog);
}

/* "intro-operations.csv" after a session or script called intro. */
static char *
suggested_name (MemsimWindow *self,
                const char   *suffix)
{
  const char *title = adw_window_title_get_title (self->window_title);
  g_autofree char *base = g_strdup (g_str_has_prefix (title, "• ") ? title + strlen ("• ") : title);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  g_strdelimit (base, "/", '-');
  return g_strconcat (base, suffix, NULL);
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MemsimWindow *self = user_data;
  const char *what = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (!g_str_equal (kinds[i].what, what))
        continue;
      chooser = gtk_file_chooser_native_new (_(kinds[i].title), GTK_WINDOW (self),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                             _("_Cancel"));
      name = suggested_name (self, kinds[i].suffix);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
      g_object_set_data (G_OBJECT (chooser), "memsim-export", (gpointer) kinds[i].what);
      g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
      return;
    }
  memsim_window_add_toast (self, _("Memsim cannot export that"));
}

static const GActionEntry export_actions[] = {
  { "export", export_activated, "s" },
};

void
memsim_window_export_install (MemsimWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), export_actions,
                                   G_N_ELEMENTS (export_actions), self);
}
