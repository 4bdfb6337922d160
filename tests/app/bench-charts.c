/* bench-charts.c: the frame time of a chart with a million samples
 *
 * A chart 1920 px wide with two series of 1,000,000 samples each (a random
 * walk and a sawtooth, so that every pixel column has a real envelope) is
 * snapshotted and rendered with GTK's cairo renderer, as the app's frames
 * are under GSK_RENDERER=cairo.  Prints the median and the worst of the
 * frames for the states a user sees: a replay appending (whole history,
 * last 1000 operations, cursor in the middle with the redo tail muted),
 * scrubbing, a hover readout, and a full redraw (what a resize or a style
 * change costs; the others redraw only the columns that changed).  Target:
 * ≤ 2 ms.  Wall-clock and the thread's CPU time: on a machine shared with
 * other work the first also counts waiting for a core.
 *
 * Also prints what it costs to build the series (appending to the pyramid)
 * and to drop and rebuild half of it (an undo followed by a new operation
 * at the middle of the history).
 */
#include "config.h"

#include <adwaita.h>
#include <time.h>

#include "memsim-chart-private.h"
#include "memsim-charts-view-private.h"

#define N_SAMPLES 1000000
#define WIDTH     1920
#define HEIGHT    240
#define N_FRAMES  41

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* CPU time of this thread: what a frame costs, whatever else the machine
 * runs (wall-clock time on a loaded machine also counts waiting for a core). */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static void
frame (GtkWidget   *chart,
       GskRenderer *renderer,
       double      *snapshot_ms,
       double      *total_ms,
       double      *cpu_total_ms)
{
  double cpu_start = cpu_ms ();
  gint64 start = g_get_monotonic_time ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkTexture *texture;
  gint64 snapped;

  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  snapped = g_get_monotonic_time ();
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  *snapshot_ms = (snapped - start) / 1000.0;
  *total_ms = (g_get_monotonic_time () - start) / 1000.0;
  *cpu_total_ms = cpu_ms () - cpu_start;
  g_object_unref (texture);
  gsk_render_node_unref (node);
}

typedef enum {
  STILL,     /* nothing changes: the data layer is reused */
  REPLAY,    /* a sample arrives before every frame: its columns are redrawn */
  SCRUB,     /* the cursor moves 1000 operations back every frame */
  RESTYLE,   /* light and dark alternate: every column is drawn again */
  RESIZE,    /* 1920 and 1900 px wide alternate: every column is queried and drawn */
} Motion;

/* Gives the chart a new width, as a window resize does (before the frame). */
static void
resize (GtkWidget *chart,
        int        width)
{
  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, width, NULL, NULL, NULL, NULL);
  gtk_widget_size_allocate (chart, &(GtkAllocation) { 0, 0, width, HEIGHT }, -1);
  g_assert (gtk_widget_get_width (chart) == width);
}

static void
measure (const char  *label,
         GtkWidget   *chart,
         GskRenderer *renderer,
         Motion       motion)
{
  double snapshots[N_FRAMES], totals[N_FRAMES], cpus[N_FRAMES];

  for (guint i = 0; i < N_FRAMES; i++)
    {
      if (motion == SCRUB)
        memsim_chart_set_cursor (MEMSIM_CHART (chart), memsim_chart_get_cursor (MEMSIM_CHART (chart)) - 1000);
      if (motion == RESTYLE)
        adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                            i % 2 ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      if (motion == RESIZE)
        resize (chart, i % 2 ? WIDTH - 20 : WIDTH);
      if (motion == REPLAY)
        {
          double values[2] = { 500, 600 };
          MemsimChart *self = MEMSIM_CHART (chart);
          gboolean follow = memsim_chart_get_cursor (self) == memsim_chart_get_length (self);

          memsim_chart_append (self, values);
          if (follow)
            memsim_chart_set_cursor (self, memsim_chart_get_length (self));
        }
      frame (chart, renderer, &snapshots[i], &totals[i], &cpus[i]);
    }
  qsort (snapshots, N_FRAMES, sizeof (double), compare_doubles);
  qsort (totals, N_FRAMES, sizeof (double), compare_doubles);
  qsort (cpus, N_FRAMES, sizeof (double), compare_doubles);
  g_print ("%-38s %6.3f ms median (CPU %6.3f)  %6.3f ms worst  snapshot %5.3f ms  %s\n",
           label, totals[N_FRAMES / 2], cpus[N_FRAMES / 2], totals[N_FRAMES - 1],
           snapshots[N_FRAMES / 2], totals[N_FRAMES / 2] <= 2.0 ? "ok" : "OVER the 2 ms target");
}

static void
fill (MemsimChart *chart)
{
  GRand *rand = g_rand_new_with_seed (42);
  double walk = 500;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < N_SAMPLES; i++)
    {
      double values[2];

      walk = CLAMP (walk + g_rand_double_range (rand, -10, 10), 0, 2000);
      values[0] = walk;
      values[1] = (i % 5000) / 5.0;
      memsim_chart_append (chart, values);
    }
  g_print ("append %d samples × 2 series      %6.1f ms (%.1f ns a sample)\n", N_SAMPLES,
           (g_get_monotonic_time () - start) / 1000.0,
           (g_get_monotonic_time () - start) * 1000.0 / N_SAMPLES);
  g_rand_free (rand);
}

static void
truncate_and_refill (MemsimChart *chart)
{
  gint64 start = g_get_monotonic_time ();

  memsim_chart_truncate (chart, N_SAMPLES / 2);
  for (guint i = N_SAMPLES / 2; i < N_SAMPLES; i++)
    {
      double values[2] = { i % 2000, (i % 5000) / 5.0 };

      memsim_chart_append (chart, values);
    }
  g_print ("truncate to half and append back    %6.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
}

static void
apply (MemsimSession *session,
       MemsimOpKind   kind,
       const char    *name,
       guint64        size)
{
  g_autoptr(MemsimOp) op = memsim_op_new (kind);

  op->name = g_strdup (name);
  op->size = size;
  memsim_session_apply (session, op, NULL);
}

static double
time_sync (MemsimChartsView *view)
{
  double start = cpu_ms ();

  memsim_charts_view_sync (view);
  return cpu_ms () - start;
}

/* The charts view over a session: copying new samples, and checking the
 * samples after a seek back (see "Undo and a new operation" in charts.md). */
static void
measure_view (guint n_ops)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  MemsimChartsView *view = MEMSIM_CHARTS_VIEW (g_object_ref_sink (memsim_charts_view_new ()));
  GRand *rand = g_rand_new_with_seed (7);
  char name[16];

  memsim_charts_view_set_session (view, session);
  apply (session, MEMSIM_OP_INIT, NULL, 64 << 20);
  memsim_session_begin_batch (session);
  for (guint i = 1; i < n_ops; i++)
    {
      guint id = g_rand_int_range (rand, 0, 2000);

      g_snprintf (name, sizeof name, "b%u", id);
      apply (session, i % 2 ? MEMSIM_OP_ALLOC : MEMSIM_OP_FREE, name, g_rand_int_range (rand, 1, 4096));
    }
  memsim_session_end_batch (session);
  g_print ("charts view over a session of %u operations (CPU time):\n", n_ops);
  g_print ("  first update, every sample copied   %7.2f ms\n", time_sync (view));
  memsim_session_seek (session, 0);
  g_print ("  seek to 0, every sample compared    %7.2f ms (spread over frames, 65536 a frame)\n", time_sync (view));
  memsim_session_seek (session, n_ops / 2);
  memsim_session_seek (session, n_ops);
  g_print ("  seek to 1/2 and back: half compared %7.2f ms\n", time_sync (view));
  memsim_session_undo (session);
  apply (session, MEMSIM_OP_COMPACT, NULL, 0);
  g_print ("  undo and a new operation            %7.2f ms\n", time_sync (view));
  g_rand_free (rand);
  memsim_charts_view_set_session (view, NULL);
  g_object_unref (view);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *chart;

  gtk_init ();
  adw_init ();

  chart = memsim_chart_new ("Free Blocks", MEMSIM_CHART_UNIT_COUNT);
  memsim_chart_add_series (MEMSIM_CHART (chart), "Walk", MEMSIM_CHART_COLOR_BLUE);
  memsim_chart_add_series (MEMSIM_CHART (chart), "Sawtooth", MEMSIM_CHART_COLOR_ORANGE);
  fill (MEMSIM_CHART (chart));
  memsim_chart_set_cursor (MEMSIM_CHART (chart), N_SAMPLES);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (window, chart);
  gtk_widget_set_size_request (chart, WIDTH, HEIGHT);
  gtk_window_present (window);
  while (gtk_widget_get_width (chart) != WIDTH)
    g_main_context_iteration (NULL, TRUE);

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    g_error ("cannot realize the cairo renderer: %s", error->message);

  g_print ("chart %d × %d px, 2 series of %d samples, %d frames each\n", WIDTH, HEIGHT, N_SAMPLES, N_FRAMES);
  g_print ("frames while a replay appends a sample before each:\n");
  measure ("  whole history, cursor at the end", chart, renderer, REPLAY);
  memsim_chart_set_window (MEMSIM_CHART (chart), 1000);
  measure ("  last 1000 operations", chart, renderer, REPLAY);
  memsim_chart_set_window (MEMSIM_CHART (chart), 0);
  memsim_chart_set_cursor (MEMSIM_CHART (chart), N_SAMPLES / 2);
  measure ("  cursor in the middle (redo tail)", chart, renderer, REPLAY);
  g_print ("frames where the cursor moves 1000 operations back each frame:\n");
  measure ("  whole history, scrubbing", chart, renderer, SCRUB);
  g_print ("frames that draw every column again (light and dark alternate):\n");
  measure ("  whole history, restyle", chart, renderer, RESTYLE);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  measure ("  whole history, resize", chart, renderer, RESIZE);
  resize (chart, WIDTH);
  g_print ("frames with unchanged data:\n");
  memsim_chart_hover (MEMSIM_CHART (chart), WIDTH / 3.0);
  measure ("  whole history and a hover readout", chart, renderer, STILL);
  memsim_chart_hover (MEMSIM_CHART (chart), -1);
  memsim_chart_set_cursor (MEMSIM_CHART (chart), memsim_chart_get_length (MEMSIM_CHART (chart)));
  truncate_and_refill (MEMSIM_CHART (chart));
  measure ("  replay after the refill", chart, renderer, REPLAY);

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (window);
  measure_view (N_SAMPLES);
  return 0;
}
