/* test-compare.c: the comparison window on a real trace, under Xvfb
 *
 * xterm.rep from ../shared/traces (MEMSIM_TRACES; skipped when missing)
 * replayed under three policies in a 640 KiB heap, where buddy fails and
 * the fits do not: the window's final metrics must be what
 * memsim_trace_replay() gives on its own, the scrubber must move every map
 * and chart, and the export must write a PNG and an SVG.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "memsim-application.h"
#include "memsim-compare-window-private.h"
#include "memsim-window.h"

#define TOTAL_TEXT "640K"
#define TOTAL      (640 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimHeap, memsim_heap_free)

static const MemsimPolicy policies[] = {
  MEMSIM_POLICY_FIRST_FIT, MEMSIM_POLICY_BEST_FIT, MEMSIM_POLICY_BUDDY,
};

static char *
xterm_path (void)
{
  const char *dir = g_getenv ("MEMSIM_TRACES");
  char *path = g_build_filename (dir != NULL ? dir : "", "malloclab", "xterm.rep", NULL);

  if (dir == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

/* Iterates the main loop until @done says so (or fails after 20 s). */
static void
wait_until (gboolean (*done) (MemsimCompareWindow *),
            MemsimCompareWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
replay_finished (MemsimCompareWindow *window)
{
  return !memsim_compare_window_is_busy (window);
}

static guint64 wanted_event;

static gboolean
maps_at_wanted_event (MemsimCompareWindow *window)
{
  for (guint r = 0; r < window->n_rows; r++)
    if (memsim_compare_window_get_map_event (window, r) != wanted_event)
      return FALSE;
  return window->n_rows > 0;
}

static MemsimCompareWindow *
compare_xterm (const char *path)
{
  MemsimCompareWindow *window = memsim_compare_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  memsim_compare_window_set_policies (window, policies, G_N_ELEMENTS (policies));
  memsim_compare_window_set_total (window, TOTAL_TEXT);
  memsim_compare_window_open_trace (window, path);
  g_assert_true (memsim_compare_window_is_busy (window));
  wait_until (replay_finished, window);
  g_assert_null (memsim_compare_window_get_last_toast (window));
  g_assert_nonnull (memsim_compare_window_get_result (window));
  return window;
}

/* The heap of @policy after the first @n_events events of @path (all: G_MAXUINT64). */
static MemsimHeap *
replay_directly (const char   *path,
                 MemsimPolicy  policy,
                 guint64       n_events,
                 guint64      *out_n_events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                  &error);
  MemsimHeapConfig config;
  MemsimHeap *heap;

  g_assert_no_error (error);
  memsim_heap_config_init (&config, TOTAL);
  config.policy = policy;
  heap = memsim_heap_new (&config, &error);
  g_assert_no_error (error);
  if (n_events == G_MAXUINT64)
    {
      g_assert_true (memsim_trace_replay (reader, heap, NULL, NULL, out_n_events, &error));
      g_assert_no_error (error);
    }
  else
    {
      MemsimTraceEvent event;

      for (guint64 i = 0; i < n_events; i++)
        {
          g_assert_true (memsim_trace_reader_next (reader, &event, &error));
          memsim_trace_apply (heap, &event, NULL);
        }
    }
  return heap;
}

static void
assert_same_metrics (const MemsimMetrics *got,
                     const MemsimMetrics *want)
{
  g_assert_cmpuint (got->used, ==, want->used);
  g_assert_cmpuint (got->free, ==, want->free);
  g_assert_cmpuint (got->largest_free, ==, want->largest_free);
  g_assert_cmpuint (got->free_blocks, ==, want->free_blocks);
  g_assert_cmpuint (got->live_blocks, ==, want->live_blocks);
  g_assert_cmpuint (got->high_water, ==, want->high_water);
  g_assert_cmpuint (got->alloc_ok, ==, want->alloc_ok);
  g_assert_cmpuint (got->alloc_failed, ==, want->alloc_failed);
  g_assert_cmpuint (got->free_failed, ==, want->free_failed);
  g_assert_cmpuint (got->realloc_ok, ==, want->realloc_ok);
  g_assert_cmpuint (got->realloc_failed, ==, want->realloc_failed);
  g_assert_cmpfloat (got->external_fragmentation, ==, want->external_fragmentation);
  g_assert_cmpfloat (got->heap_overhead, ==, want->heap_overhead);
  g_assert_cmpint (memcmp (got, want, sizeof *got), ==, 0);
}

static void
test_final_metrics (void)
{
  g_autofree char *path = xterm_path ();
  MemsimCompareWindow *window;
  const MemsimCompareResult *result;

  if (path == NULL)
    {
      g_test_skip ("malloclab/xterm.rep is not in MEMSIM_TRACES");
      return;
    }
  window = compare_xterm (path);
  result = memsim_compare_window_get_result (window);
  g_assert_cmpuint (result->n_runs, ==, 3);
  g_assert_cmpuint (window->n_rows, ==, 3);
  for (guint r = 0; r < result->n_runs; r++)
    {
      guint64 n_events = 0;
      g_autoptr(MemsimHeap) heap = NULL;
      MemsimMetrics want;

      g_assert_cmpint (result->runs[r].policy, ==, policies[r]);
      heap = replay_directly (path, policies[r], G_MAXUINT64, &n_events);
      memsim_heap_get_metrics (heap, &want);
      g_assert_cmpuint (result->n_events, ==, n_events);
      assert_same_metrics (&result->runs[r].final, &want);

      /* The charts end on the same state. */
      {
        const MemsimCompareSample *last = &g_array_index (result->runs[r].samples,
                                                          MemsimCompareSample,
                                                          result->runs[r].samples->len - 1);
        MemsimChart *used = window->rows[r].charts[0];

        g_assert_cmpfloat (last->used, ==, (float) want.used);
        g_assert_cmpfloat (last->failed, ==,
                           (float) (want.alloc_failed + want.free_failed + want.realloc_failed));
        g_assert_cmpuint (memsim_chart_get_length (used), ==, result->n_events + 1);
        g_assert_cmpfloat (memsim_chart_get_value (used, 0, result->n_events), ==, (float) want.used);
      }
    }
  /* 640 KiB is enough for the fits, not for buddy's powers of two. */
  g_assert_cmpuint (result->runs[0].final.alloc_failed, ==, 0);
  g_assert_cmpuint (result->runs[1].final.alloc_failed, ==, 0);
  g_assert_cmpuint (result->runs[2].final.alloc_failed, >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_scrubber_moves_every_policy (void)
{
  g_autofree char *path = xterm_path ();
  MemsimCompareWindow *window;
  const MemsimCompareResult *result;

  if (path == NULL)
    {
      g_test_skip ("malloclab/xterm.rep is not in MEMSIM_TRACES");
      return;
    }
  window = compare_xterm (path);
  result = memsim_compare_window_get_result (window);

  /* A finished comparison shows the end of the trace. */
  wanted_event = result->n_events;
  wait_until (maps_at_wanted_event, window);

  /* Between two checkpoints, so that the seek replays events too. */
  wanted_event = result->n_events / 2 + 37;
  gtk_range_set_value (GTK_RANGE (window->scrubber), (double) wanted_event);
  wait_until (maps_at_wanted_event, window);
  for (guint r = 0; r < window->n_rows; r++)
    {
      guint cursor = memsim_compare_samples_until (result, wanted_event);
      g_autoptr(MemsimHeap) heap = replay_directly (path, policies[r], wanted_event, NULL);
      MemsimMetrics got, want;

      /* One sample an event: the cursor is just after the event's. */
      g_assert_cmpuint (result->sample_stride, ==, 1);
      g_assert_cmpuint (result->runs[r].samples->len, ==, result->n_events + 1);
      g_assert_cmpuint (cursor, ==, wanted_event + 1);
      for (guint c = 0; c < MEMSIM_COMPARE_N_CHARTS; c++)
        g_assert_cmpuint (memsim_compare_window_get_chart_cursor (window, r, c), ==, cursor);
      memsim_heap_get_metrics (window->rows[r].heap, &got);
      memsim_heap_get_metrics (heap, &want);
      assert_same_metrics (&got, &want);
    }

  /* Back to the empty heap. */
  wanted_event = 0;
  memsim_compare_window_seek (window, 0);
  wait_until (maps_at_wanted_event, window);
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (window->scrubber)), ==, 0);
  for (guint r = 0; r < window->n_rows; r++)
    g_assert_cmpuint (memsim_heap_get_n_live (window->rows[r].heap), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_file_starts_with (const char *path,
                         const char *prefix,
                         gsize       min_size)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, min_size);
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes", path, length);
  g_assert_true (memcmp (contents, prefix, strlen (prefix)) == 0);
}

/* What the SVG export holds, read with GMarkup. */
typedef struct {
  guint  depth;
  guint  defs_depth;       /* > 0: inside a definition (a glyph, a clip…), not drawn as is */
  char  *root;
  char  *width;
  char  *height;
  guint  n_paths;
  guint  n_glyphs;
  guint  n_images;
  guint  n_surface_uses;   /* <use> of a recorded surface: a cairo node painted as is */
} SvgSummary;

static void
svg_start_element (GMarkupParseContext *context,
                   const char          *element,
                   const char         **names,
                   const char         **values,
                   gpointer             user_data,
                   GError             **error)
{
  SvgSummary *svg = user_data;

  if (svg->depth++ == 0)
    {
      svg->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "width") == 0)
          svg->width = g_strdup (values[i]);
        else if (strcmp (names[i], "height") == 0)
          svg->height = g_strdup (values[i]);
    }
  if (svg->defs_depth > 0 || strcmp (element, "defs") == 0 || strcmp (element, "symbol") == 0
      || strcmp (element, "clipPath") == 0)
    svg->defs_depth++;
  if (strcmp (element, "path") == 0 && svg->defs_depth == 0)
    svg->n_paths++;
  else if (strcmp (element, "image") == 0)
    svg->n_images++;
  else if (strcmp (element, "symbol") == 0)
    svg->n_glyphs++;
  else if (strcmp (element, "use") == 0)
    for (guint i = 0; names[i] != NULL; i++)
      if (strcmp (names[i], "xlink:href") == 0 && g_str_has_prefix (values[i], "#surface"))
        svg->n_surface_uses++;
}

static void
svg_end_element (GMarkupParseContext *context,
                 const char          *element,
                 gpointer             user_data,
                 GError             **error)
{
  SvgSummary *svg = user_data;

  svg->depth--;
  if (svg->defs_depth > 0)
    svg->defs_depth--;
}

static void
read_svg (const char *path,
          SvgSummary *svg)
{
  static const GMarkupParser parser = { svg_start_element, svg_end_element, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, svg, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (svg->depth, ==, 0);
}

/* The SVG is the rows box at its size, drawn as vectors: a drawn path (not
 * a glyph or clip definition) for each map block run, chart axis and grid
 * line (over a hundred for three rows; 12 when they are pixels), glyphs for
 * the text, and no recorded surface painted as is (the way cairo 1.16
 * leaked; memsim-compare-export-svg.c). */
static void
assert_svg_export (const char          *path,
                   MemsimCompareWindow *window)
{
  SvgSummary svg = { 0 };
  g_autofree char *width = g_strdup_printf ("%dpt", gtk_widget_get_width (GTK_WIDGET (window->rows_box)));
  g_autofree char *height = g_strdup_printf ("%dpt", gtk_widget_get_height (GTK_WIDGET (window->rows_box)));

  read_svg (path, &svg);
  g_test_message ("%s: %u paths, %u glyphs, %u images", path, svg.n_paths, svg.n_glyphs, svg.n_images);
  g_assert_cmpstr (svg.root, ==, "svg");
  g_assert_cmpstr (svg.width, ==, width);
  g_assert_cmpstr (svg.height, ==, height);
  g_assert_cmpuint (svg.n_paths, >=, 100);
  g_assert_cmpuint (svg.n_glyphs, >=, 10);
  g_assert_cmpuint (svg.n_surface_uses, ==, 0);
  g_free (svg.root);
  g_free (svg.width);
  g_free (svg.height);
}

static guint n_paints;

static void
count_paint (void)
{
  n_paints++;
}

/* Two frames painted after the rows were built and seeked: laid out and drawn. */
static gboolean
rows_drawn (MemsimCompareWindow *window)
{
  return n_paints >= 2;
}

static void
test_export (void)
{
  g_autofree char *path = xterm_path ();
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  MemsimCompareWindow *window;

  if (path == NULL)
    {
      g_test_skip ("malloclab/xterm.rep is not in MEMSIM_TRACES");
      return;
    }
  window = compare_xterm (path);
  wanted_event = memsim_compare_window_get_result (window)->n_events;
  wait_until (maps_at_wanted_event, window);
  dir = g_dir_make_tmp ("memsim-compare-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "comparison.png", NULL);
  svg = g_build_filename (dir, "comparison.svg", NULL);
  n_paints = 0;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (count_paint), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_until (rows_drawn, window);
  g_assert_true (memsim_compare_window_export (window, png, &error));
  g_assert_no_error (error);
  g_assert_true (memsim_compare_window_export (window, svg, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG\r\n", 10000);
  assert_file_starts_with (svg, "<?xml", 10000);
  assert_svg_export (svg, window);

  /* A directory that is not there: an error, no file. */
  bad = g_build_filename (dir, "missing", "comparison.png", NULL);
  g_assert_false (memsim_compare_window_export (window, bad, &error));
  g_assert_nonnull (error);
  g_assert_true (strstr (error->message, bad) != NULL);

  if (g_getenv ("MEMSIM_TEST_OUTPUT_DIR") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("MEMSIM_TEST_OUTPUT_DIR"),
                                                "compare-window.png", NULL);
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      int w = gtk_widget_get_width (GTK_WIDGET (window)), h = gtk_widget_get_height (GTK_WIDGET (window));
      g_autoptr(GskRenderNode) node = NULL;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_t *cr = cairo_create (surface);

      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      cairo_surface_write_to_png (surface, shot);
      cairo_surface_destroy (surface);
    }
  if (g_getenv ("MEMSIM_TEST_OUTPUT_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("MEMSIM_TEST_OUTPUT_DIR"),
                                                "compare-export.png", NULL);
      g_autofree char *svg_copy = g_build_filename (g_getenv ("MEMSIM_TEST_OUTPUT_DIR"),
                                                    "compare-export.svg", NULL);

      g_assert_true (memsim_compare_window_export (window, copy, NULL));
      g_assert_true (memsim_compare_window_export (window, svg_copy, NULL));
    }
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_toast (MemsimCompareWindow *window)
{
  return memsim_compare_window_get_last_toast (window) != NULL;
}

static void
test_unreadable_trace (void)
{
  MemsimCompareWindow *window = memsim_compare_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  memsim_compare_window_open_trace (window, "/nonexistent/trace.rep");
  wait_until (replay_finished, window);
  g_assert_nonnull (memsim_compare_window_get_last_toast (window));
  g_assert_true (strstr (memsim_compare_window_get_last_toast (window), "/nonexistent/trace.rep"));
  g_assert_null (memsim_compare_window_get_result (window));

  /* One policy is no comparison. */
  g_clear_pointer (&window->last_toast, g_free);
  memsim_compare_window_set_policies (window, policies, 1);
  memsim_compare_window_compare (window);
  g_assert_cmpstr (memsim_compare_window_get_last_toast (window), ==,
                   "Check at least two policies to compare");
  g_assert_false (memsim_compare_window_is_busy (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
not_recording (MemsimCompareWindow *window)
{
  return window->recorder == NULL && !memsim_compare_window_is_busy (window);
}

static void
test_record (void)
{
  MemsimCompareWindow *window;

  if (g_getenv ("MEMSIM_CLI") == NULL)
    {
      g_test_skip ("MEMSIM_CLI is not set");
      return;
    }
  window = memsim_compare_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));

  /* A command that is not there: the recorder's complaint as a toast. */
  memsim_compare_window_record (window, "/nonexistent/program --flag");
  wait_until (has_toast, window);
  g_assert_true (g_str_has_prefix (memsim_compare_window_get_last_toast (window),
                                   "The program could not be recorded: "));
  g_assert_null (memsim_compare_window_get_result (window));

  /* An unbalanced quote: refused before anything runs. */
  g_clear_pointer (&window->last_toast, g_free);
  memsim_compare_window_record (window, "ls 'unbalanced");
  g_assert_true (g_str_has_prefix (memsim_compare_window_get_last_toast (window),
                                   "The command line cannot be read: "));
  g_assert_null (window->recorder);

  /* A real program: its trace is recorded, then compared. */
  g_clear_pointer (&window->last_toast, g_free);
  memsim_compare_window_record (window, "ls -l /usr/share");
  g_assert_nonnull (window->recorder);
  wait_until (not_recording, window);
  g_assert_null (memsim_compare_window_get_last_toast (window));
  g_assert_nonnull (memsim_compare_window_get_result (window));
  g_assert_cmpint (memsim_compare_window_get_result (window)->format, ==, MEMSIM_TRACE_FORMAT_NATIVE);
  g_assert_cmpuint (memsim_compare_window_get_result (window)->n_events, >, 100);
  g_unlink (window->record_path);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The main window's way in: one comparison window a main window. */
static void
test_main_window_action (void)
{
  g_autoptr(MemsimApplication) app = memsim_application_new ();
  MemsimWindow *main_window;
  GtkWindow *compare;
  GList *windows;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  main_window = memsim_window_new (app);
  gtk_window_present (GTK_WINDOW (main_window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.compare", NULL));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 2);
  compare = windows->data;   /* the most recently focused first */
  g_assert_true (MEMSIM_IS_COMPARE_WINDOW (compare));

  /* Again: the same window, presented. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.compare", NULL));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  /* Closed, it is made anew. */
  gtk_window_destroy (compare);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.compare", NULL));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 2);
  g_assert_true (MEMSIM_IS_COMPARE_WINDOW (windows->data));
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("XDG_CACHE_HOME", g_get_tmp_dir (), TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/compare/final-metrics", test_final_metrics);
  g_test_add_func ("/compare/scrubber", test_scrubber_moves_every_policy);
  g_test_add_func ("/compare/export", test_export);
  g_test_add_func ("/compare/unreadable-trace", test_unreadable_trace);
  g_test_add_func ("/compare/record", test_record);
  g_test_add_func ("/compare/main-window-action", test_main_window_action);
  return g_test_run ();
}
