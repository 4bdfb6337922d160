/* memsim-compare-record.c: "Record Program…" — memsim-cli record, then the comparison
 *
 * A dialog takes a command line (shell quoting, no shell: no pipes or
 * redirections), and `memsim-cli record -o FILE -- COMMAND…` runs it in a
 * GSubprocess, its output discarded and its errors kept.  The trace goes
 * to $XDG_CACHE_HOME/memsim/recordings/, named by the program and the time.
 * A non-empty trace is opened even when the program failed (a failing `ls`
 * still allocated); else the recorder's last line of error is the toast.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "memsim-compare-window-private.h"

/* memsim-cli: $MEMSIM_CLI, beside the app's binary (installed), in the
 * build tree's cli/ beside src/memsim, then on PATH. */
char *
memsim_compare_find_cli (void)
{
  const char *env = g_getenv ("MEMSIM_CLI");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (dir != NULL)
    {
      const char *const candidates[] = { "memsim-cli", "cli/memsim-cli" };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&path);
        }
    }
  return g_find_program_in_path ("memsim-cli");
}

static char *
recording_path (const char *program,
                GError    **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "memsim", "recordings", NULL);
  g_autofree char *name = g_path_get_basename (program);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *file = g_strdup_printf ("%s-%s.trace", name, stamp);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }
  return g_build_filename (dir, file, NULL);
}

/* The recorder's own complaint: its last "memsim-cli: " line, else the last line. */
static char *
last_error_line (const char *stderr_text)
{
  g_auto(GStrv) lines = g_strsplit (stderr_text != NULL ? stderr_text : "", "\n", -1);
  const char *last = NULL, *own = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      last = lines[i];
      if (g_str_has_prefix (lines[i], "memsim-cli: "))
        own = lines[i] + strlen ("memsim-cli: ");
    }
  return g_strdup (own != NULL ? own : last);
}

static void
record_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  MemsimCompareWindow *self = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *stderr_text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_subprocess_communicate_utf8_finish (process, res, NULL, &stderr_text, &error);
  if (self->recorder == process)
    {
      g_clear_object (&self->recorder);
      gtk_widget_set_visible (self->cancel_button, FALSE);
      gtk_widget_set_visible (self->progress_bar, FALSE);
      g_clear_handle_id (&self->progress_source, g_source_remove);
      if (error != NULL)
        memsim_compare_window_add_toast (self, error->message);
      else if (g_stat (self->record_path, &st) == 0 && st.st_size > 0)
        memsim_compare_window_open_trace (self, self->record_path);
      else
        {
          g_autofree char *line = last_error_line (stderr_text);
          g_autofree char *message = g_strdup_printf (_("The program could not be recorded: %s"),
                                                      line != NULL ? line : _("it wrote no trace"));

          memsim_compare_window_add_toast (self, message);
        }
    }
  g_object_unref (self);
}

static gboolean
pulse_recording (gpointer user_data)
{
  MemsimCompareWindow *self = user_data;

  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress_bar));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress_bar), _("Recording…"));
  return G_SOURCE_CONTINUE;
}

void
memsim_compare_window_record (MemsimCompareWindow *self,
                              const char          *command_line)
{
  g_auto(GStrv) command = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *trace = NULL;

  g_return_if_fail (MEMSIM_IS_COMPARE_WINDOW (self));
  if (self->recorder != NULL || self->replay_cancellable != NULL)
    {
      memsim_compare_window_add_toast (self, _("Wait for the recording or comparison, or cancel it first"));
      return;
    }
  if (!g_shell_parse_argv (command_line, NULL, &command, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The command line cannot be read: %s"),
                                                  error->message);

      memsim_compare_window_add_toast (self, message);
      return;
    }
  cli = memsim_compare_find_cli ();
  if (cli == NULL)
    {
      memsim_compare_window_add_toast (self, _("memsim-cli is not installed beside Memsim"));
      return;
    }
  trace = recording_path (command[0], &error);
  if (trace == NULL)
    {
      memsim_compare_window_add_toast (self, error->message);
      return;
    }

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (char *) "record");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, trace);
  g_ptr_array_add (argv, (char *) "--");
  for (guint i = 0; command[i] != NULL; i++)
    g_ptr_array_add (argv, command[i]);
  g_ptr_array_add (argv, NULL);

  self->recorder = g_subprocess_newv ((const char * const *) argv->pdata,
                                      G_SUBPROCESS_FLAGS_STDIN_INHERIT
                                      | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                      | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (self->recorder == NULL)
    {
      memsim_compare_window_add_toast (self, error->message);
      return;
    }
  g_free (self->record_path);
  self->record_path = g_steal_pointer (&trace);
  g_subprocess_communicate_utf8_async (self->recorder, NULL, NULL, record_done,
                                       g_object_ref (self));
  gtk_widget_set_visible (self->progress_bar, TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress_source = g_timeout_add (100, pulse_recording, self);
}

void
memsim_compare_window_stop_recording (MemsimCompareWindow *self)
{
  if (self->recorder == NULL)
    return;
  /* memsim-cli waits for its child, which gets the signal with it. */
  g_subprocess_send_signal (self->recorder, SIGTERM);
  g_clear_object (&self->recorder);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_set_visible (self->progress_bar, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
}

static void
on_record_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  MemsimCompareWindow *self = user_data;
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "record") == 0)
    memsim_compare_window_record (self, gtk_editable_get_text (entry));
}

void
memsim_compare_window_show_record_dialog (MemsimCompareWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Record a Program"),
                                              _("Memsim runs the command with its recorder and "
                                                "compares the policies on the allocations it "
                                                "made. Quote arguments as in a shell; pipes and "
                                                "redirections are not understood."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "ls -R /usr/share/doc");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "record", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_record_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
