/* memsim-window-files.c: Save, Save As, Open of .memsim files, recent files,
 * the unsaved mark, the prompt before closing and the autosave
 *
 * Saving and loading run in a GTask thread (memsim-session-file.h).  A save
 * reads the session, so while it runs the window's actions are disabled
 * (memsim_window_files_busy() makes the window not idle) and playback is
 * stopped: nothing can change the session under the thread.
 *
 * A .memsim file holds a whole session, not operations to add to the one on
 * screen, so opening it makes a new window around the loaded session; the
 * window it was opened from goes away if it held nothing.  A failure leaves
 * everything as it was and says why in a toast that names the file.
 *
 * "Unsaved" means the session changed (an operation, an undo, a seek: the
 * position is saved too) since it was opened or saved.  The title shows the
 * file's name, or the script's, or "Unsaved Session", after a "•" then.
 *
 * The autosave follows every change after a pause of AUTOSAVE_DELAY
 * seconds, to g_get_user_state_dir()/memsim/autosave.memsim (one per user:
 * the window that changed last), with the same async save.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-session-file.h"
#include "memsim-window-files.h"
#include "memsim-window-private.h"

#define AUTOSAVE_DELAY 3
#define N_RECENT 10
#define SESSION_SUFFIX ".memsim"
/* The name recent files are registered under (g_get_application_name()
 * can be unset, and GtkRecentManager refuses an item without one). */
#define RECENT_APP_NAME "Memsim"

struct _MemsimFiles {
  GFile    *file;             /* the session file, or NULL */
  char     *source_name;      /* the script or trace opened last, for the title */
  gboolean  dirty;
  guint     busy;             /* saves, opens and exports running */
  gboolean  discard;          /* the user chose Discard: close without asking */
  gboolean  close_after_save;
  gboolean  close_when_idle;  /* asked to close while busy */
  gboolean  autosaving;
  guint     autosave_source;
  guint     pulse_source;     /* the progress bar moves while a thread works */
  char     *recovered;        /* the crashed run's autosave this window offers */
};

static MemsimFiles *
files_of (MemsimWindow *self)
{
  return self->files;
}

/* ---- the title ---------------------------------------------------------- */

static char *
document_name (MemsimWindow *self)
{
  MemsimFiles *files = files_of (self);

  if (files->file != NULL)
    return g_file_get_basename (files->file);
  if (files->source_name != NULL)
    return g_strdup (files->source_name);
  if (memsim_session_get_n_ops (self->session) > 0)
    return g_strdup (_("Unsaved Session"));
  return NULL;
}

static void
update_title (MemsimWindow *self)
{
  g_autofree char *name = document_name (self);
  g_autofree char *title = NULL;

  if (name == NULL)
    title = g_strdup (_("Memsim"));
  else if (files_of (self)->dirty)
    /* Translators: the mark of a session with unsaved changes */
    title = g_strdup_printf (_("• %s"), name);
  else
    title = g_strdup (name);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
set_dirty (MemsimWindow *self,
           gboolean      dirty)
{
  files_of (self)->dirty = dirty;
  update_title (self);
}

/* ---- busy --------------------------------------------------------------- */

static gboolean
pulse (gpointer user_data)
{
  MemsimWindow *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
show_progress (MemsimWindow *self,
               const char   *text)
{
  MemsimFiles *files = files_of (self);

  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_pulse (self->progress_bar);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  if (files->pulse_source == 0)
    files->pulse_source = g_timeout_add (100, pulse, self);
}

static void
begin_busy (MemsimWindow *self,
            const char   *text)
{
  memsim_window_stop_playing (self);
  files_of (self)->busy++;
  if (text != NULL)
    show_progress (self, text);
  memsim_window_update_actions (self);
}

static void
end_busy (MemsimWindow *self)
{
  MemsimFiles *files = files_of (self);

  g_assert (files->busy > 0);
  files->busy--;
  if (files->busy == 0)
    g_clear_handle_id (&files->pulse_source, g_source_remove);
  if (files->busy == 0 && self->load == NULL)
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  memsim_window_update_actions (self);
  if (files->busy == 0 && files->close_when_idle)
    {
      files->close_when_idle = FALSE;
      gtk_window_close (GTK_WINDOW (self));   /* asks first if need be */
    }
}

void
memsim_window_files_begin_export (MemsimWindow *self)
{
  begin_busy (self, _("Exporting…"));
}

gboolean
memsim_window_files_end_export (MemsimWindow *self)
{
  if (self->files == NULL)
    return FALSE;
  end_busy (self);
  return TRUE;
}

gboolean
memsim_window_files_busy (MemsimWindow *self)
{
  return self->files != NULL && self->files->busy > 0;
}

/* ---- recent files ------------------------------------------------------- */

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .mime_type = (char *) "application/vnd.sqlite3",
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) "memsim %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (tb, ta);
}

static GPtrArray *
recent_sessions (void)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GPtrArray *sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_str_has_suffix (gtk_recent_info_get_uri (info), SESSION_SUFFIX)
          && gtk_recent_info_has_application (info, RECENT_APP_NAME))
        g_ptr_array_add (sessions, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (sessions, compare_recent);
  return sessions;
}

static void
update_recent_menu (MemsimWindow *self)
{
  GMenu *menu = G_MENU (gtk_widget_get_template_child (GTK_WIDGET (self), MEMSIM_TYPE_WINDOW,
                                                       "recent_menu"));
  g_autoptr(GPtrArray) sessions = recent_sessions ();

  g_menu_remove_all (menu);
  for (guint i = 0; i < MIN (sessions->len, N_RECENT); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (sessions, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (menu, item);
    }
  if (sessions->len == 0)
    g_menu_append (menu, _("No Recent Sessions"), "win.no-recent");
}

/* ---- opening a session -------------------------------------------------- */

/* The toast that offers the autosave of a run that crashed (@recovered,
 * taken). */
static void
offer_restore (MemsimWindow *self,
               char         *recovered)
{
  AdwToast *toast;

  if (recovered == NULL)
    return;
  g_free (files_of (self)->recovered);
  files_of (self)->recovered = recovered;
  g_free (self->last_toast);
  self->last_toast = g_strdup (_("Memsim did not close properly last time"));
  toast = adw_toast_new (self->last_toast);
  adw_toast_set_button_label (toast, _("_Restore"));
  adw_toast_set_action_name (toast, "win.restore-autosave");
  adw_toast_set_action_target_value (toast, g_variant_new_string (recovered));
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

typedef struct {
  MemsimWindow *window;
  GFile        *file;
  gboolean      recovered;      /* the autosave of a run that crashed */
} FileTask;

static FileTask *
file_task_new (MemsimWindow *self,
               GFile        *file)
{
  FileTask *task = g_new0 (FileTask, 1);

  task->window = g_object_ref (self);
  task->file = file != NULL ? g_object_ref (file) : NULL;
  return task;
}

static void
file_task_free (FileTask *task)
{
  g_object_unref (task->window);
  g_clear_object (&task->file);
  g_free (task);
}

/* A window around @session, as if it had been opened from @file. */
static MemsimWindow *
window_for_session (MemsimWindow  *from,
                    MemsimSession *session,
                    FileTask      *task)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (from));
  MemsimWindow *window = memsim_window_new_for_session (MEMSIM_APPLICATION (app), session);
  MemsimFiles *files = files_of (window);

  if (!task->recovered)
    g_set_object (&files->file, task->file);
  else
    files->source_name = g_strdup (_("Recovered Session"));
  set_dirty (window, task->recovered);
  return window;
}

static void
on_session_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FileTask *task = user_data;
  MemsimWindow *self = task->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(MemsimSession) session = memsim_session_file_load_finish (result, &error);
  g_autofree char *name = g_file_get_basename (task->file);
  g_autofree char *message = NULL;
  MemsimWindow *window;

  if (self->files == NULL)      /* the window was destroyed meanwhile */
    {
      file_task_free (task);
      return;
    }
  if (session == NULL || gtk_window_get_application (GTK_WINDOW (self)) == NULL)
    {
      if (error != NULL)
        memsim_window_add_toast (self, error->message);
      end_busy (self);          /* last: it may close the window */
      file_task_free (task);
      return;
    }
  window = window_for_session (self, session, task);
  if (!task->recovered)
    add_recent (task->file);
  message = g_strdup_printf (ngettext ("Opened “%s”: %u operation", "Opened “%s”: %u operations",
                                       memsim_session_get_n_ops (session)),
                             task->recovered ? _("Recovered Session") : name,
                             memsim_session_get_n_ops (session));
  gtk_window_present (GTK_WINDOW (window));
  memsim_window_add_toast (window, message);
  /* A window that held nothing is replaced rather than left behind; its
   * offer to restore a crashed run's work goes with it. */
  if (memsim_session_get_n_ops (self->session) == 0 && self->load == NULL)
    {
      if (!task->recovered)
        offer_restore (window, g_steal_pointer (&self->files->recovered));
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else
    end_busy (self);
  file_task_free (task);
}

static void
open_session (MemsimWindow *self,
              GFile        *file,
              gboolean      recovered)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  FileTask *task;

  if (path == NULL)
    {
      memsim_window_add_toast (self, _("Only files on this computer can be opened"));
      return;
    }
  text = g_strdup_printf (_("Opening “%s”…"), name);
  begin_busy (self, text);
  task = file_task_new (self, file);
  task->recovered = recovered;
  memsim_session_file_load_async (path, NULL, on_session_loaded, task);
}

gboolean
memsim_window_files_open (MemsimWindow *self,
                          GFile        *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (memsim_window_files_busy (self))
    {
      memsim_window_add_toast (self, _("Wait for the file being saved or opened"));
      return TRUE;
    }
  if (!g_str_has_suffix (name, SESSION_SUFFIX))
    {
      /* A script or trace adds to the session; it names it until saved. */
      g_free (self->files->source_name);
      self->files->source_name = g_steal_pointer (&name);
      return FALSE;
    }
  open_session (self, file, FALSE);
  return TRUE;
}

static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  memsim_window_open_file (self, file);
}

static void
restore_autosave_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  if (!memsim_window_files_busy (self))
    open_session (self, file, TRUE);
}

/* ---- saving ------------------------------------------------------------- */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FileTask *task = user_data;
  MemsimWindow *self = task->window;
  MemsimFiles *files = files_of (self);
  g_autoptr(GError) error = NULL;

  if (files == NULL)            /* the window was destroyed meanwhile */
    {
      file_task_free (task);
      return;
    }
  if (!memsim_session_file_save_finish (MEMSIM_SESSION (source), result, &error))
    {
      files->close_after_save = FALSE;
      memsim_window_add_toast (self, error->message);
    }
  else
    {
      g_set_object (&files->file, task->file);
      add_recent (task->file);
      set_dirty (self, FALSE);
    }
  if (files->close_after_save)
    {
      files->close_after_save = FALSE;
      files->close_when_idle = TRUE;
    }
  end_busy (self);              /* last: it may close the window */
  file_task_free (task);
}

static void
save_to (MemsimWindow *self,
         GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  if (path == NULL)
    {
      memsim_window_add_toast (self, _("Sessions can only be saved to files on this computer"));
      files_of (self)->close_after_save = FALSE;
      return;
    }
  text = g_strdup_printf (_("Saving “%s”…"), name);
  begin_busy (self, text);
  memsim_session_file_save_async (self->session, path, NULL, on_saved, file_task_new (self, file));
}

/* "name.memsim", added when the name chosen has no such suffix. */
static GFile *
with_suffix (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *fixed = NULL;
  g_autoptr(GFile) parent = NULL;

  if (g_str_has_suffix (name, SESSION_SUFFIX))
    return g_object_ref (file);
  fixed = g_strconcat (name, SESSION_SUFFIX, NULL);
  parent = g_file_get_parent (file);
  return g_file_get_child (parent, fixed);
}

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     MemsimWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GFile) file = with_suffix (chosen);

      save_to (self, file);
    }
  else
    files_of (self)->close_after_save = FALSE;
  g_object_unref (dialog);
}

static char *
suggested_name (MemsimWindow *self)
{
  MemsimFiles *files = files_of (self);
  g_autofree char *base = NULL;

  if (files->file != NULL)
    return g_file_get_basename (files->file);
  if (files->source_name == NULL)
    return g_strconcat (_("Untitled"), SESSION_SUFFIX, NULL);
  base = g_strdup (files->source_name);
  if (strrchr (base, '.') != NULL)
    *strrchr (base, '.') = '\0';
  return g_strconcat (base, SESSION_SUFFIX, NULL);
}

static void
save_as (MemsimWindow *self)
{
  g_autofree char *name = suggested_name (self);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save Session"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Memsim sessions (.memsim)"));
  gtk_file_filter_add_pattern (filter, "*" SESSION_SUFFIX);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MemsimWindow *self = user_data;

  if (files_of (self)->file != NULL)
    save_to (self, files_of (self)->file);
  else
    save_as (self);
}

static void
save_as_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  save_as (user_data);
}

/* "save-to" saves to the path given, without a dialog (scripts, tests). */
static void
save_to_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  save_to (user_data, file);
}

/* ---- closing ------------------------------------------------------------ */

static gboolean
close_later (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   MemsimWindow     *self)
{
  MemsimFiles *files = files_of (self);

  if (g_str_equal (response, "discard"))
    {
      files->discard = TRUE;
      /* Not from inside the dialog's signal: the dialog is transient for
       * the window and must go first. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_later, g_object_ref (self), g_object_unref);
    }
  else if (g_str_equal (response, "save"))
    {
      files->close_after_save = TRUE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "save", NULL);
    }
}

static void
ask_before_closing (MemsimWindow *self)
{
  g_autofree char *name = document_name (self);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes which are not saved "
                                    "will be permanently lost."), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
memsim_window_files_hold_close (MemsimWindow *self)
{
  MemsimFiles *files = files_of (self);

  if (files == NULL)
    return FALSE;
  if (files->busy > 0)
    {
      files->close_when_idle = TRUE;          /* once the thread is done */
      return TRUE;
    }
  if (files->discard || !files->dirty || memsim_session_get_n_ops (self->session) == 0)
    return FALSE;
  ask_before_closing (self);
  return TRUE;
}

/* ---- autosave ----------------------------------------------------------- */

static void
on_autosaved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed autosave is not worth a toast each time: the next may work. */
  if (!memsim_session_file_save_finish (MEMSIM_SESSION (source), result, &error))
    g_message ("%s", error->message);
  if (self->files != NULL)
    {
      self->files->autosaving = FALSE;
      end_busy (self);
    }
  g_object_unref (self);
}

gboolean
memsim_window_files_autosave_now (MemsimWindow *self)
{
  MemsimFiles *files = files_of (self);
  g_autofree char *path = memsim_autosave_get_path ();
  g_autofree char *folder = g_path_get_dirname (path);

  g_clear_handle_id (&files->autosave_source, g_source_remove);
  if (files->busy > 0 || self->load != NULL || self->play_source != 0)
    return FALSE;
  if (!files->dirty || memsim_session_get_n_ops (self->session) == 0)
    return FALSE;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    return FALSE;
  files->autosaving = TRUE;
  begin_busy (self, NULL);
  memsim_session_file_save_async (self->session, path, NULL, on_autosaved, g_object_ref (self));
  return TRUE;
}

static gboolean
autosave_due (gpointer user_data)
{
  MemsimWindow *self = user_data;
  MemsimFiles *files = files_of (self);

  files->autosave_source = 0;
  /* Busy, loading or playing: try again after the next pause. */
  if (files->busy > 0 || self->load != NULL || self->play_source != 0)
    files->autosave_source = g_timeout_add_seconds (AUTOSAVE_DELAY, autosave_due, self);
  else
    memsim_window_files_autosave_now (self);
  return G_SOURCE_REMOVE;
}

gboolean
memsim_window_files_autosave_pending (MemsimWindow *self)
{
  return files_of (self)->autosave_source != 0;
}

static void
on_session_changed (MemsimWindow *self)
{
  MemsimFiles *files = files_of (self);

  files->dirty = TRUE;
  update_title (self);
  g_clear_handle_id (&files->autosave_source, g_source_remove);
  files->autosave_source = g_timeout_add_seconds (AUTOSAVE_DELAY, autosave_due, self);
}

/* ---- set up ------------------------------------------------------------- */

static const GActionEntry file_actions[] = {
  { "save", save_activated },
  { "save-as", save_as_activated },
  { "save-to", save_to_activated, "s" },
  { "open-recent", open_recent_activated, "s" },
  { "restore-autosave", restore_autosave_activated, "s" },
};

void
memsim_window_files_update_actions (MemsimWindow *self,
                                    gboolean      idle)
{
  static const char *const names[] = { "save", "save-as", "save-to", "open-recent",
                                       "restore-autosave", "export" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), names[i]);

      if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), idle);
    }
}

void
memsim_window_files_init (MemsimWindow *self)
{
  self->files = g_new0 (MemsimFiles, 1);
  g_action_map_add_action_entries (G_ACTION_MAP (self), file_actions,
                                   G_N_ELEMENTS (file_actions), self);
  memsim_window_export_install (self);
  memsim_window_workload_install (self);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (on_session_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  update_title (self);
  memsim_window_update_actions (self);
  offer_restore (self, memsim_autosave_take_recovered ());
}

void
memsim_window_files_free (MemsimWindow *self)
{
  MemsimFiles *files = self->files;

  if (files == NULL)
    return;
  self->files = NULL;
  g_clear_handle_id (&files->autosave_source, g_source_remove);
  g_clear_handle_id (&files->pulse_source, g_source_remove);
  g_clear_object (&files->file);
  g_free (files->source_name);
  g_free (files->recovered);
  g_free (files);
}

GFile *
memsim_window_files_get_file (MemsimWindow *self)
{
  return files_of (self)->file;
}

gboolean
memsim_window_files_is_dirty (MemsimWindow *self)
{
  return files_of (self)->dirty;
}
