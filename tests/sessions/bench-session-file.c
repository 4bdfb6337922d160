/* bench-session-file.c: how fast a session of a million operations is
 * saved, described, loaded and exported
 *
 *   meson test -C build --benchmark --suite sessions   (or run it directly:
 *   build/tests/sessions/bench-session-file [N_OPS])
 *
 * The budget (issue 8): saving a million operations in under 2 seconds.
 * Prints the figures; it fails only if a step fails, never on time
 * (timings belong to benchmarks, not to tests).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

#include "classic-workload.h"
#include "memsim-csv.h"
#include "memsim-session-file.h"

/* The machine may be shared: CPU time says what the work costs, wall
 * time what a user waits (it includes fsync and other processes). */
static double cpu_start;

static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

static gint64
start_step (void)
{
  cpu_start = cpu_seconds ();
  return g_get_monotonic_time ();
}

static void
print_step (const char *step,
            gint64      start,
            guint       n_ops)
{
  double wall = (g_get_monotonic_time () - start) / 1e6;
  double cpu = cpu_seconds () - cpu_start;

  g_print ("%-26s %7.3f s wall %7.3f s CPU  (%5.0f ns CPU per operation)\n", step, wall, cpu,
           cpu * 1e9 / n_ops);
}

int
main (int    argc,
      char **argv)
{
  guint n_ops = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (MemsimSession) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memsim-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.memsim", NULL);
  g_autofree char *csv = g_build_filename (dir, "bench.csv", NULL);
  MemsimSessionFileInfo info;
  GStatBuf st;
  gint64 start;

  g_assert_no_error (error);
  start = start_step ();
  memsim_session_begin_batch (session);
  classic_workload_run (session, n_ops, 20260429);
  memsim_session_end_batch (session);
  n_ops = memsim_session_get_n_ops (session);
  g_print ("classic workload, %u operations (SQLite %s)\n", n_ops, sqlite3_libversion ());
  print_step ("run", start, n_ops);

  start = start_step ();
  if (!memsim_session_file_save (session, path, NULL, &error))
    g_error ("%s", error->message);
  print_step ("save", start, n_ops);
  g_stat (path, &st);
  g_print ("%-28s %8.1f MiB (%.1f bytes per operation)\n", "file size",
           st.st_size / 1048576.0, (double) st.st_size / n_ops);

  start = start_step ();
  if (!memsim_session_file_read_info (path, &info, &error))
    g_error ("%s", error->message);
  print_step ("info (with quick_check)", start, n_ops);
  memsim_session_file_info_clear (&info);

  start = start_step ();
  loaded = memsim_session_file_load (path, NULL, &error);
  if (loaded == NULL)
    g_error ("%s", error->message);
  print_step ("load (replay and verify)", start, n_ops);

  start = start_step ();
  if (!memsim_csv_save (loaded, MEMSIM_CSV_OPS, csv, NULL, &error))
    g_error ("%s", error->message);
  print_step ("CSV of every operation", start, n_ops);

  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
  return memsim_session_get_n_ops (loaded) == n_ops ? EXIT_SUCCESS : EXIT_FAILURE;
}
