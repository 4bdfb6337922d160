/* memsim-window-workload.c: the Workloads menu
 *
 * The templates of memsim-workload.h (the classic analytics mix and the
 * realistic ones) from the app, as `memsim-cli generate` offers them on
 * the command line: the workload is written as a script into the user's
 * cache folder and opened like any other script, so it lands in the
 * history, can be undone, played back, saved and exported.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "memsim-window-files.h"
#include "memsim-workload.h"

static char *
write_workload (MemsimWorkloadTemplate   template_,
                GError                 **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "memsim", "workloads", NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  MemsimWorkloadParams params;

  memsim_workload_params_init (&params, template_);
  name = g_strdup_printf ("%s-seed-%u.msim", memsim_workload_template_to_string (template_),
                          params.seed);
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  if (!memsim_workload_write (&params, MEMSIM_WORKLOAD_FILE_MSIM, path, NULL, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
workload_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MemsimWindow *self = user_data;
  MemsimWorkloadTemplate template_;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (!memsim_workload_template_from_string (g_variant_get_string (parameter, NULL), &template_))
    g_return_if_reached ();
  path = write_workload (template_, &error);
  if (path == NULL)
    {
      memsim_window_add_toast (self, error->message);
      return;
    }
  file = g_file_new_for_path (path);
  memsim_window_open_file (self, file);
}

static const GActionEntry workload_actions[] = {
  { "workload", workload_activated, "s" },
};

void
memsim_window_workload_install (MemsimWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), workload_actions,
                                   G_N_ELEMENTS (workload_actions), self);
}
