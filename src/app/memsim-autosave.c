/* memsim-autosave.c: knowing that the last run did not exit cleanly
 *
 * While Memsim runs, g_get_user_state_dir()/memsim/running exists; a clean
 * exit removes it together with autosave.memsim.  So a marker found at
 * start means the last run crashed (or was killed): its autosave, if any,
 * is renamed to recovered.memsim before this run's first autosave can
 * overwrite it, and the first window offers to restore it.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "memsim-window-files.h"

static char *recovered_path;
static gboolean running;        /* this process wrote the marker */

static char *
state_path (const char *name)
{
  return g_build_filename (g_get_user_state_dir (), "memsim", name, NULL);
}

char *
memsim_autosave_get_path (void)
{
  return state_path ("autosave.memsim");
}

void
memsim_autosave_begin_run (void)
{
  g_autofree char *marker = state_path ("running");
  g_autofree char *autosave = memsim_autosave_get_path ();
  g_autofree char *recovered = state_path ("recovered.memsim");
  g_autofree char *folder = g_path_get_dirname (marker);

  if (g_file_test (marker, G_FILE_TEST_EXISTS) && g_file_test (autosave, G_FILE_TEST_EXISTS)
      && g_rename (autosave, recovered) == 0)
    {
      g_free (recovered_path);
      recovered_path = g_steal_pointer (&recovered);
    }
  /* Without the marker a crash goes unnoticed, nothing worse: no error. */
  if (g_mkdir_with_parents (folder, 0700) == 0)
    g_file_set_contents (marker, "", 0, NULL);
  running = TRUE;
}

void
memsim_autosave_end_run (void)
{
  g_autofree char *marker = state_path ("running");
  g_autofree char *autosave = memsim_autosave_get_path ();

  if (!running)
    return;
  running = FALSE;
  g_remove (autosave);
  g_remove (marker);
}

char *
memsim_autosave_take_recovered (void)
{
  return g_steal_pointer (&recovered_path);
}
