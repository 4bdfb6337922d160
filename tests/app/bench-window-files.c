/* bench-window-files.c: how long the window is busy saving and opening a
 * large session, and the longest the main loop went without turning
 * meanwhile (the async API at work).  Figures, not pass/fail:
 * xvfb-run -a build/tests/app/bench-window-files [N_OPS]
 */
#include "config.h"

#include <glib/gstdio.h>

#include "classic-workload.h"
#include "memsim-application.h"
#include "memsim-window-private.h"

typedef struct {
  gint64 last;
  gint64 longest;
} Gap;

static gboolean
tick (gpointer user_data)
{
  Gap *gap = user_data;
  gint64 now = g_get_monotonic_time ();

  gap->longest = MAX (gap->longest, now - gap->last);
  gap->last = now;
  return G_SOURCE_CONTINUE;
}

/* Turns the main loop while @busy says so; returns the seconds taken and
 * stores the longest gap between two 1 ms ticks in *out_gap_ms. */
static double
measure (MemsimWindow **window,
         double        *out_gap_ms)
{
  Gap gap = { g_get_monotonic_time (), 0 };
  gint64 start = gap.last;
  guint source = g_timeout_add (1, tick, &gap);

  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  while (*window != NULL && memsim_window_files_busy (*window))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  *out_gap_ms = gap.longest / 1000.0;
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Lets the window lay itself out and draw before a measurement; returns
 * the longest gap of its second second, the machine's own noise. */
static double
settle (void)
{
  Gap gap = { 0, 0 };
  gint64 start = g_get_monotonic_time ();
  guint source = 0;

  while (g_get_monotonic_time () < start + 2 * G_USEC_PER_SEC)
    {
      if (source == 0 && g_get_monotonic_time () > start + G_USEC_PER_SEC)
        {
          gap.last = g_get_monotonic_time ();
          source = g_timeout_add (1, tick, &gap);
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
  g_source_remove (source);
  return gap.longest / 1000.0;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL
         && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  guint n_ops = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("memsim-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.memsim", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MemsimApplication *app;
  MemsimWindow *window, *opener;
  double seconds, gap_ms;

  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  gtk_init ();
  adw_init ();
  app = memsim_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  window = memsim_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  memsim_session_begin_batch (window->session);
  classic_workload_run (window->session, n_ops, 42);
  memsim_session_end_batch (window->session);

  g_print ("idle: longest main-loop gap %.1f ms\n", settle ());
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-to", g_variant_new_string (path));
  opener = window;
  seconds = measure (&opener, &gap_ms);
  g_print ("save %u operations: busy %.3f s, longest main-loop gap %.1f ms\n",
           memsim_session_get_n_ops (window->session), seconds, gap_ms);

  /* The statistics are one row: a thread that is done at once. */
  {
    g_autofree char *csv = g_build_filename (dir, "stats.csv", NULL);
    g_autoptr(GFile) csv_file = g_file_new_for_path (csv);

    settle ();
    memsim_window_export_to (window, "stats", csv_file);
    opener = window;
    seconds = measure (&opener, &gap_ms);
    g_print ("export the statistics: busy %.3f s, longest main-loop gap %.1f ms\n",
             seconds, gap_ms);
    g_remove (csv);
  }

  opener = memsim_window_new (app);
  gtk_window_present (GTK_WINDOW (opener));
  settle ();
  memsim_window_open_file (opener, file);
  seconds = measure (&opener, &gap_ms);
  if (opener != NULL)
    g_printerr ("the open failed: %s\n", opener->last_toast);
  g_print ("open %u operations: busy %.3f s, longest main-loop gap %.1f ms "
           "(the new window built in it)\n",
           memsim_session_get_n_ops (window->session), seconds, gap_ms);

  {
    g_autoptr(GFile) tmp = g_file_new_for_path (dir);

    remove_tree (tmp);
  }
  return 0;
}
