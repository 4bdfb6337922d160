/* test-charts.c: the chart widget and the charts view of a session, under Xvfb */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "memsim-chart-private.h"
#include "memsim-charts-view-private.h"
#include "memsim-script.h"

/* The metrics example of docs/metrics.md, then a failed allocation. */
static const char example_script[] =
  "init 1K\n"
  "alloc a 100\n"
  "alloc b 200\n"
  "alloc c 50\n"
  "free a\n"
  "free nobody\n"
  "alloc huge 2K\n";

static void
apply_script (MemsimSession *session,
              const char    *script)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = memsim_script_parse (script, -1, "test.msim", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    memsim_session_apply (session, g_ptr_array_index (ops, i), NULL);
}

/* Iterates the main loop until @done says so (or fails after a minute:
 * under ASan the app runs 20 to 40 times slower). */
static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_drawable (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static GtkWindow *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  wait_until (is_drawable, child);
  return window;
}

static void
assert_value (MemsimChart *chart,
              guint        series,
              guint        index,
              double       expected)
{
  g_assert_cmpfloat (memsim_chart_get_value (chart, series, index), ==, (double) (float) expected);
}

/* Every chart holds the session's samples, value for value. */
static void
assert_view_matches_session (MemsimChartsView *view,
                             MemsimSession    *session)
{
  guint length;
  const MemsimSample *samples = memsim_series_peek (memsim_session_get_series (session), &length);
  MemsimChart *used = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_USED);
  MemsimChart *fragmentation = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_FRAGMENTATION);
  MemsimChart *free_blocks = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_FREE_BLOCKS);
  MemsimChart *success = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_SUCCESS);
  MemsimChart *store = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_OBJECT_STORE);

  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    {
      g_assert_cmpuint (memsim_chart_get_length (memsim_charts_view_get_chart (view, c)), ==, length);
      g_assert_cmpuint (memsim_chart_get_cursor (memsim_charts_view_get_chart (view, c)), ==,
                        memsim_session_get_position (session));
    }
  for (guint i = 0; i < length; i++)
    {
      const MemsimSample *s = &samples[i];

      assert_value (used, 0, i, s->used + s->free == 0 ? 0 : (double) s->used / (s->used + s->free));
      assert_value (fragmentation, 0, i, memsim_sample_external_fragmentation (s));
      assert_value (fragmentation, 1, i, memsim_sample_internal_fragmentation (s));
      assert_value (free_blocks, 0, i, s->free_blocks);
      assert_value (success, 0, i, memsim_sample_success_rate (s));
      assert_value (store, 0, i, s->arenas);
      assert_value (store, 1, i, s->pools);
    }
}

static void
test_view_follows_session (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  MemsimChartsView *view = MEMSIM_CHARTS_VIEW (memsim_charts_view_new ());
  MemsimChart *used = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_USED);
  MemsimChart *fragmentation = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_FRAGMENTATION);
  MemsimChart *free_blocks = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_FREE_BLOCKS);
  MemsimChart *success = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_SUCCESS);

  g_object_ref_sink (view);
  memsim_charts_view_set_session (view, session);
  g_assert_true (memsim_charts_view_get_session (view) == session);
  apply_script (session, example_script);
  memsim_charts_view_sync (view);

  g_assert_cmpuint (memsim_chart_get_length (used), ==, 7);
  assert_value (used, 0, 0, 0.0);
  assert_value (used, 0, 1, 112.0 / 1024);
  assert_value (used, 0, 3, 384.0 / 1024);
  assert_value (used, 0, 4, 272.0 / 1024);
  assert_value (fragmentation, 0, 4, 112.0 / 752);
  assert_value (fragmentation, 1, 4, 22.0 / 272);
  assert_value (free_blocks, 0, 0, 1);
  assert_value (free_blocks, 0, 4, 2);
  assert_value (success, 0, 5, 1.0);
  assert_value (success, 0, 6, 0.75);
  assert_view_matches_session (view, session);

  /* Undo keeps the samples and moves the cursor; a new operation then
   * replaces the redo tail. */
  memsim_session_undo (session);
  memsim_session_undo (session);
  memsim_charts_view_sync (view);
  g_assert_cmpuint (memsim_chart_get_length (used), ==, 7);
  g_assert_cmpuint (memsim_chart_get_cursor (used), ==, 5);
  apply_script (session, "alloc d 16\n");
  memsim_charts_view_sync (view);
  g_assert_cmpuint (memsim_chart_get_length (used), ==, 6);
  assert_value (used, 0, 5, 288.0 / 1024);
  assert_value (success, 0, 5, 1.0);
  assert_view_matches_session (view, session);

  /* A new session replaces every sample. */
  g_clear_object (&session);
  session = memsim_session_new ();
  memsim_charts_view_set_session (view, session);
  apply_script (session, "init 4K\nalloc x 1K\n");
  memsim_charts_view_sync (view);
  g_assert_cmpuint (memsim_chart_get_length (used), ==, 2);
  assert_value (used, 0, 1, 0.25);
  memsim_charts_view_set_session (view, NULL);
  memsim_charts_view_sync (view);
  g_assert_cmpuint (memsim_chart_get_length (used), ==, 0);
  g_assert_finalize_object (view);
}

/* Inside a batch the session does not report the operations it applies,
 * only the seeks: the view must still notice a replaced redo tail. */
static void
test_view_batch_replaces_tail (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  MemsimChartsView *view = MEMSIM_CHARTS_VIEW (memsim_charts_view_new ());

  g_object_ref_sink (view);
  memsim_charts_view_set_session (view, session);
  apply_script (session, example_script);
  memsim_charts_view_sync (view);

  memsim_session_begin_batch (session);
  memsim_session_seek (session, 2);
  apply_script (session, "alloc e 500\nalloc f 300\nfree e\nalloc g 20\nalloc h 30\n");
  memsim_session_seek (session, 4);
  memsim_session_end_batch (session);
  memsim_charts_view_sync (view);
  g_assert_cmpuint (memsim_chart_get_length (memsim_charts_view_get_chart (view, 0)), ==, 7);
  assert_view_matches_session (view, session);

  /* The same length, a different tail, with no seek reported in between. */
  memsim_session_begin_batch (session);
  memsim_session_seek (session, 6);
  apply_script (session, "compact\n");
  memsim_session_end_batch (session);
  memsim_charts_view_sync (view);
  assert_view_matches_session (view, session);
  g_assert_finalize_object (view);
}

/* Operations [first, end) of a pattern of allocations and frees. */
static void
apply_pattern (MemsimSession *session,
               guint          first,
               guint          end,
               guint          size)
{
  char name[16];

  for (guint i = first; i < end; i++)
    {
      g_autoptr(MemsimOp) op = memsim_op_new (i % 2 ? MEMSIM_OP_FREE : MEMSIM_OP_ALLOC);

      g_snprintf (name, sizeof name, "b%u", i / 2 % 64);
      op->name = g_strdup (name);
      op->size = size + i % 7;
      memsim_session_apply (session, op, NULL);
    }
}

typedef struct {
  MemsimChartsView *view;
  MemsimSession    *session;
} ViewAndSession;

static gboolean
view_matches_session (gpointer data)
{
  ViewAndSession *pair = data;
  guint length;
  const MemsimSample *samples = memsim_series_peek (memsim_session_get_series (pair->session), &length);
  MemsimChart *used = memsim_charts_view_get_chart (pair->view, MEMSIM_CHARTS_VIEW_USED);

  if (memsim_chart_get_length (used) != length)
    return FALSE;
  for (guint i = 0; i < length; i++)
    if (memsim_chart_get_value (used, 0, i)
        != (double) (float) ((double) samples[i].used / (samples[i].used + samples[i].free)))
      return FALSE;
  return TRUE;
}

/* A long history is copied over several frames; a tail replaced at the
 * same length inside a batch, identical for its first 80,000 operations,
 * is found by the comparison the view spreads over frames (65,536 samples
 * a frame). */
static void
test_view_long_tail_over_frames (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  GtkWidget *view = memsim_charts_view_new ();
  GtkWindow *window = show_in_window (view, 600, 900);
  ViewAndSession pair = { MEMSIM_CHARTS_VIEW (view), session };

  memsim_charts_view_set_session (MEMSIM_CHARTS_VIEW (view), session);
  apply_script (session, "init 64K\n");
  apply_pattern (session, 0, 140000, 100);
  /* More than the 131,072 samples the view copies in one frame. */
  wait_until (view_matches_session, &pair);

  memsim_session_begin_batch (session);
  memsim_session_seek (session, 10);
  apply_pattern (session, 9, 80000, 100);
  apply_pattern (session, 80000, 140000, 300);
  memsim_session_end_batch (session);
  g_assert_cmpuint (memsim_session_get_n_ops (session), ==, 140001);
  g_assert_false (view_matches_session (&pair));
  wait_until (view_matches_session, &pair);
  assert_view_matches_session (MEMSIM_CHARTS_VIEW (view), session);

  /* A seek to 0 leaves the cursor below the samples left to check: the
   * check must still end (it once restarted at the cursor every frame). */
  memsim_session_seek (session, 0);
  memsim_charts_view_sync (MEMSIM_CHARTS_VIEW (view));
  g_assert_cmpuint (memsim_chart_get_cursor (memsim_charts_view_get_chart (pair.view, 0)), ==, 0);
  assert_view_matches_session (MEMSIM_CHARTS_VIEW (view), session);
  gtk_window_destroy (window);
}

static gboolean
view_has_samples (gpointer view)
{
  MemsimChart *chart = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_OBJECT_STORE);

  return memsim_chart_get_length (chart) == 3;
}

/* Without a manual sync: the frame clock brings the charts up to date. */
static void
test_view_updates_on_frame_clock (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  GtkWidget *view = memsim_charts_view_new ();
  GtkWindow *window = show_in_window (view, 600, 900);
  MemsimChart *store = memsim_charts_view_get_chart (MEMSIM_CHARTS_VIEW (view),
                                                     MEMSIM_CHARTS_VIEW_OBJECT_STORE);

  memsim_charts_view_set_session (MEMSIM_CHARTS_VIEW (view), session);
  apply_script (session, "init 4M\nstore n int 42\nstore s str \"hello\"\n");
  wait_until (view_has_samples, view);
  assert_value (store, 0, 1, 1);   /* one arena … */
  assert_value (store, 1, 1, 1);   /* … with one pool */
  assert_value (store, 0, 0, 0);
  assert_view_matches_session (MEMSIM_CHARTS_VIEW (view), session);
  gtk_window_destroy (window);
}

static void
test_view_accessible (void)
{
  /* In variables: GTK's assertion macro pastes its arguments into a format
   * string, where a literal % would be a conversion. */
  static const char used_at_7[] = "Operation 7: Used: 26.6%";
  static const char fragmentation_at_7[] = "Operation 7: External: 14.9%, Internal: 8.1%";
  static const char used_at_1[] = "Operation 1: Used: 0.0%";
  g_autoptr(MemsimSession) session = memsim_session_new ();
  MemsimChartsView *view = MEMSIM_CHARTS_VIEW (memsim_charts_view_new ());
  MemsimChart *used = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_USED);
  MemsimChart *fragmentation = memsim_charts_view_get_chart (view, MEMSIM_CHARTS_VIEW_FRAGMENTATION);

  g_object_ref_sink (view);
  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "Charts");
  gtk_test_accessible_assert_role (used, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (used, GTK_ACCESSIBLE_PROPERTY_LABEL, "Heap Used");
  gtk_test_accessible_assert_property (used, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "No operations yet");

  memsim_charts_view_set_session (view, session);
  apply_script (session, example_script);
  memsim_charts_view_sync (view);
  gtk_test_accessible_assert_property (used, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, used_at_7);
  gtk_test_accessible_assert_property (fragmentation, GTK_ACCESSIBLE_PROPERTY_LABEL, "Fragmentation");
  gtk_test_accessible_assert_property (fragmentation, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       fragmentation_at_7);
  /* The description follows the cursor, not the end of the history. */
  memsim_session_seek (session, 1);
  memsim_charts_view_sync (view);
  gtk_test_accessible_assert_property (used, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, used_at_1);
  memsim_charts_view_set_session (view, NULL);
  g_assert_finalize_object (view);
}

/* The windowed toggle is an action on the view. */
static void
test_view_window_action (void)
{
  MemsimChartsView *view = MEMSIM_CHARTS_VIEW (memsim_charts_view_new ());
  gboolean windowed = TRUE;

  g_object_ref_sink (view);
  g_assert_cmpuint (memsim_chart_get_window (memsim_charts_view_get_chart (view, 0)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "charts.windowed", NULL));
  g_object_get (view, "windowed", &windowed, NULL);
  g_assert_true (windowed);
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    g_assert_cmpuint (memsim_chart_get_window (memsim_charts_view_get_chart (view, c)), ==,
                      MEMSIM_CHARTS_VIEW_WINDOW);
  g_assert_finalize_object (view);
}

static MemsimChart *
fraction_chart (const double *values,
                guint         n_values)
{
  MemsimChart *chart = MEMSIM_CHART (memsim_chart_new ("Heap Used", MEMSIM_CHART_UNIT_FRACTION));

  memsim_chart_add_series (chart, "Used", MEMSIM_CHART_COLOR_BLUE);
  for (guint i = 0; i < n_values; i++)
    memsim_chart_append (chart, &values[i]);
  memsim_chart_set_cursor (chart, n_values);
  return chart;
}

static void
test_chart_hover_readout (void)
{
  static const double values[] = { 0.1, 0.2, 0.3, 0.4 };
  MemsimChart *chart = fraction_chart (values, G_N_ELEMENTS (values));
  GtkWindow *window = show_in_window (GTK_WIDGET (chart), 400, 200);
  graphene_rect_t plot;
  g_autofree char *readout = NULL;
  g_autofree char *last = NULL;
  g_autofree char *outside = NULL;

  memsim_chart_get_plot_area (chart, &plot);
  g_assert_cmpfloat (plot.size.width, >, 100);

  /* Four samples across the plot: the third quarter is sample 2. */
  memsim_chart_hover (chart, plot.origin.x + plot.size.width * 0.6);
  readout = memsim_chart_get_readout (chart);
  g_assert_cmpstr (readout, ==, "Operation 3\nUsed: 30.0%");
  memsim_chart_hover (chart, plot.origin.x + plot.size.width - 1);
  last = memsim_chart_get_readout (chart);
  g_assert_cmpstr (last, ==, "Operation 4\nUsed: 40.0%");
  memsim_chart_hover (chart, plot.origin.x - 3);
  outside = memsim_chart_get_readout (chart);
  g_assert_null (outside);
  memsim_chart_hover (chart, -1);
  g_assert_null (memsim_chart_get_readout (chart));
  gtk_window_destroy (window);
}

/* With more samples than pixels, the readout is the last sample of the
 * pixel column under the pointer. */
static void
test_chart_hover_aggregated (void)
{
  MemsimChart *chart = MEMSIM_CHART (memsim_chart_new ("Free Blocks", MEMSIM_CHART_UNIT_COUNT));
  GtkWindow *window;
  graphene_rect_t plot;
  g_autofree char *readout = NULL;
  g_autofree char *expected = NULL;
  guint64 first, span;
  guint columns, end;

  memsim_chart_add_series (chart, "Free blocks", MEMSIM_CHART_COLOR_GREEN);
  for (guint i = 0; i < 100000; i++)
    {
      double value = i;

      memsim_chart_append (chart, &value);
    }
  memsim_chart_set_cursor (chart, 100000);
  window = show_in_window (GTK_WIDGET (chart), 400, 200);
  memsim_chart_get_plot_area (chart, &plot);
  memsim_chart_get_visible_range (chart, &first, &span);
  g_assert_cmpuint (first, ==, 0);
  /* Rounded up to an eighth of 65536: 13 × 8192. */
  g_assert_cmpuint (span, ==, 106496);
  columns = (guint) plot.size.width;
  memsim_chart_hover (chart, plot.origin.x + 10.5);
  end = (guint) (11 * span / columns);
  readout = memsim_chart_get_readout (chart);
  expected = g_strdup_printf ("Operation %u\nFree blocks: %u", end, end - 1);
  g_assert_cmpstr (readout, ==, expected);
  gtk_window_destroy (window);
}

static void
test_chart_window_follows (void)
{
  MemsimChart *chart = MEMSIM_CHART (memsim_chart_new ("Free Blocks", MEMSIM_CHART_UNIT_COUNT));
  guint64 start, span;

  g_object_ref_sink (chart);
  memsim_chart_add_series (chart, "Free blocks", MEMSIM_CHART_COLOR_GREEN);
  for (guint i = 0; i < 5000; i++)
    {
      double value = i % 7;

      memsim_chart_append (chart, &value);
    }
  memsim_chart_set_cursor (chart, 5000);
  memsim_chart_set_window (chart, 1000);
  memsim_chart_get_visible_range (chart, &start, &span);
  g_assert_cmpuint (start, ==, 4000);
  g_assert_cmpuint (span, ==, 1000);
  /* Away from the end the cursor stays three quarters across. */
  memsim_chart_set_cursor (chart, 2000);
  memsim_chart_get_visible_range (chart, &start, &span);
  g_assert_cmpuint (start, ==, 1250);
  /* Near the start the window starts at 0. */
  memsim_chart_set_cursor (chart, 100);
  memsim_chart_get_visible_range (chart, &start, &span);
  g_assert_cmpuint (start, ==, 0);
  /* The whole history: 5000 rounded up to an eighth of 4096. */
  memsim_chart_set_window (chart, 0);
  memsim_chart_get_visible_range (chart, &start, &span);
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (span, ==, 5120);
  g_assert_finalize_object (chart);
}

/* Renders @widget's snapshot with the cairo renderer, to a texture. */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  return texture;
}

typedef struct {
  guint8 red, green, blue, alpha;
} Pixel;

/* The pixel at (x, y), unpremultiplied. */
static Pixel
texture_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc (width * height * 4);
  const guint8 *p;
  Pixel pixel;

  gdk_texture_download (texture, data, width * 4);
  p = data + y * width * 4 + x * 4;   /* CAIRO_FORMAT_ARGB32: B G R A in memory */
  pixel.alpha = p[3];
  pixel.red = pixel.alpha ? p[2] * 255 / pixel.alpha : 0;
  pixel.green = pixel.alpha ? p[1] * 255 / pixel.alpha : 0;
  pixel.blue = pixel.alpha ? p[0] * 255 / pixel.alpha : 0;
  return pixel;
}

static void
assert_pixel_color (Pixel          pixel,
                    const GdkRGBA *color)
{
  g_assert_cmpint (pixel.alpha, ==, 255);
  g_assert_cmpint (ABS (pixel.red - (int) round (color->red * 255)), <=, 2);
  g_assert_cmpint (ABS (pixel.green - (int) round (color->green * 255)), <=, 2);
  g_assert_cmpint (ABS (pixel.blue - (int) round (color->blue * 255)), <=, 2);
}

/* A flat line drawn in the series' colour; the redo tail muted;
 * the dark style's lighter shade.  Writes the renders as PNGs to look at. */
static void
test_chart_render (void)
{
  /* 55 %: off every grid line, so that no grid shows through the tail. */
  static const double values[] = { 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55 };
  MemsimChart *chart = fraction_chart (values, G_N_ELEMENTS (values));
  GtkWindow *window = show_in_window (GTK_WIDGET (chart), 400, 200);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  g_autofree char *light_png = g_build_filename (g_get_tmp_dir (), "memsim-chart-light.png", NULL);
  g_autofree char *dark_png = g_build_filename (g_get_tmp_dir (), "memsim-chart-dark.png", NULL);
  /* The 2 px line covers the whole pixel row at floor (y). */
  int y = (int) floor (memsim_chart_y_for_value (chart, 0.55));
  int x_past = (int) memsim_chart_x_for_index (chart, 3);
  int x_tail = (int) memsim_chart_x_for_index (chart, 8);
  GdkRGBA color;
  Pixel tail;

  memsim_chart_set_cursor (chart, 6);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = render_widget (GTK_WIDGET (chart));
  g_assert_true (gdk_texture_save_to_png (light, light_png));
  memsim_chart_get_series_rgba (chart, 0, &color);
  g_assert_true (gdk_rgba_equal (&color, &(GdkRGBA) { 0x1c / 255.f, 0x71 / 255.f, 0xd8 / 255.f, 1 }));
  assert_pixel_color (texture_pixel (light, x_past, y), &color);
  /* Well above the line: nothing drawn there but the transparent plot. */
  g_assert_cmpint (texture_pixel (light, x_past, y - 20).alpha, <, 64);
  /* The redo tail: the same hue at about a third of the opacity. */
  tail = texture_pixel (light, x_tail, y);
  g_assert_cmpint (tail.alpha, >=, 80);
  g_assert_cmpint (tail.alpha, <=, 100);
  g_assert_cmpint (tail.blue, >, tail.red);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  dark = render_widget (GTK_WIDGET (chart));
  g_assert_true (gdk_texture_save_to_png (dark, dark_png));
  memsim_chart_get_series_rgba (chart, 0, &color);
  g_assert_true (gdk_rgba_equal (&color, &(GdkRGBA) { 0x62 / 255.f, 0xa0 / 255.f, 0xea / 255.f, 1 }));
  assert_pixel_color (texture_pixel (dark, x_past, y), &color);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_test_message ("renders in %s and %s", light_png, dark_png);
  gtk_window_destroy (window);
}

static MemsimChart *
sawtooth_chart (guint length)
{
  MemsimChart *chart = MEMSIM_CHART (memsim_chart_new ("Free Blocks", MEMSIM_CHART_UNIT_COUNT));

  memsim_chart_add_series (chart, "Free blocks", MEMSIM_CHART_COLOR_GREEN);
  memsim_chart_add_series (chart, "Arenas", MEMSIM_CHART_COLOR_RED);
  for (guint i = 0; i < length; i++)
    {
      double values[2] = { i % 997, (i * 7) % 500 };

      memsim_chart_append (chart, values);
    }
  memsim_chart_set_cursor (chart, length);
  return chart;
}

/* The texture's pixels, row after row (its size is the bytes' length). */
static GBytes *
texture_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  guint8 *pixels = g_malloc ((gsize) width * height * 4);

  gdk_texture_download (texture, pixels, (gsize) width * 4);
  return g_bytes_new_take (pixels, (gsize) width * height * 4);
}

static void
assert_same_pixels (GdkTexture *a,
                    GdkTexture *b)
{
  g_autoptr(GBytes) pixels_a = texture_pixels (a);
  g_autoptr(GBytes) pixels_b = texture_pixels (b);
  gsize size_a, size_b;
  gconstpointer data_a = g_bytes_get_data (pixels_a, &size_a);
  gconstpointer data_b = g_bytes_get_data (pixels_b, &size_b);

  g_assert_cmpint (gdk_texture_get_width (b), ==, gdk_texture_get_width (a));
  g_assert_cmpint (gdk_texture_get_height (b), ==, gdk_texture_get_height (a));
  g_assert_cmpmem (data_a, size_a, data_b, size_b);
}

/* While samples arrive and the cursor moves, a frame redraws only the
 * columns they touch: it must give the same pixels as drawing afresh. */
static void
test_chart_incremental_layer (void)
{
  /* 16500 samples and 685 more: all within one x scale (18432). */
  MemsimChart *live = sawtooth_chart (16500);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWindow *window;
  MemsimChart *fresh;

  gtk_widget_set_vexpand (GTK_WIDGET (live), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (live));
  window = show_in_window (box, 500, 400);
  for (guint step = 0; step < 5; step++)
    {
      g_autoptr(GdkTexture) frame = render_widget (GTK_WIDGET (live));

      for (guint i = 0; i < 137; i++)
        {
          guint index = memsim_chart_get_length (live);
          double values[2] = { index % 997, (index * 7) % 500 };

          memsim_chart_append (live, values);
        }
      /* The cursor moves too: at the end, then 2000 and 600 back. */
      memsim_chart_set_cursor (live, memsim_chart_get_length (live) - (step % 3) * 2000 + (step % 3 == 2) * 3400);
    }
  fresh = sawtooth_chart (memsim_chart_get_length (live));
  memsim_chart_set_cursor (fresh, memsim_chart_get_cursor (live));
  g_assert_cmpuint (memsim_chart_get_cursor (live), <, memsim_chart_get_length (live));
  gtk_widget_set_vexpand (GTK_WIDGET (fresh), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fresh));
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (g_object_ref (live)));
  wait_until (is_drawable, fresh);
  {
    g_autoptr(GdkTexture) from_live = NULL;
    g_autoptr(GdkTexture) from_fresh = render_widget (GTK_WIDGET (fresh));

    gtk_box_remove (GTK_BOX (box), GTK_WIDGET (fresh));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (live));
    g_object_unref (live);
    wait_until (is_drawable, live);
    from_live = render_widget (GTK_WIDGET (live));
    assert_same_pixels (from_live, from_fresh);
  }
  gtk_window_destroy (window);
}

/* Sample @index of a chart of two series, with one spike far above the
 * others (at 16600) that raises the y axis once it is drawn. */
static void
spiky_values (guint   index,
              double *values)
{
  values[0] = index == 16600 ? 2400 : index % 997;
  values[1] = (index * 7) % 500;
}

static MemsimChart *
spiky_chart (guint length,
             int   width)
{
  MemsimChart *chart = MEMSIM_CHART (memsim_chart_new ("Free Blocks", MEMSIM_CHART_UNIT_COUNT));

  memsim_chart_add_series (chart, "Free blocks", MEMSIM_CHART_COLOR_GREEN);
  memsim_chart_add_series (chart, "Arenas", MEMSIM_CHART_COLOR_RED);
  for (guint i = 0; i < length; i++)
    {
      double values[2];

      spiky_values (i, values);
      memsim_chart_append (chart, values);
    }
  memsim_chart_set_cursor (chart, length - length / 5);
  gtk_widget_set_vexpand (GTK_WIDGET (chart), TRUE);
  gtk_widget_set_halign (GTK_WIDGET (chart), GTK_ALIGN_START);
  gtk_widget_set_size_request (GTK_WIDGET (chart), width, -1);
  return chart;
}

static void
spiky_append (MemsimChart *chart,
              guint        length)
{
  while (memsim_chart_get_length (chart) < length)
    {
      double values[2];

      spiky_values (memsim_chart_get_length (chart), values);
      memsim_chart_append (chart, values);
    }
  memsim_chart_set_cursor (chart, length - length / 5);
}

/* @live, drawn now, looks exactly like a chart drawn from scratch with
 * the same samples, size and style (swapped into @box in its place). */
static void
assert_like_fresh (GtkBox      *box,
                   MemsimChart *live,
                   int          width)
{
  MemsimChart *fresh = spiky_chart (memsim_chart_get_length (live), width);
  g_autoptr(GdkTexture) from_live = render_widget (GTK_WIDGET (live));
  g_autoptr(GdkTexture) from_fresh = NULL;

  g_object_ref (live);
  gtk_box_remove (box, GTK_WIDGET (live));
  gtk_box_append (box, GTK_WIDGET (fresh));
  wait_until (is_drawable, fresh);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fresh)), ==, width);
  from_fresh = render_widget (GTK_WIDGET (fresh));
  gtk_box_remove (box, GTK_WIDGET (fresh));
  gtk_box_append (box, GTK_WIDGET (live));
  g_object_unref (live);
  wait_until (is_drawable, live);
  assert_same_pixels (from_live, from_fresh);
}

static gboolean
has_width_500 (gpointer widget)
{
  return gtk_widget_get_width (widget) == 500;
}

/* The frames that draw every column again without querying every column
 * (a style change, a new y scale: the column extremes are kept, and only
 * those of new samples are queried) and the one that queries them all (a
 * resize) draw what a chart drawn from scratch draws.  Samples arrive
 * before each, undrawn, so the kept extremes are out of date. */
static void
test_chart_full_redraws (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  /* Wider than a chart's natural width, so that it is what they get. */
  MemsimChart *live = spiky_chart (16500, 560);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWindow *window;
  float top;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (live));
  window = show_in_window (box, 600, 300);
  /* The first frame: every column queried and drawn. */
  g_object_unref (render_widget (GTK_WIDGET (live)));
  top = memsim_chart_y_for_value (live, 1000);

  /* A style change. */
  spiky_append (live, 16560);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  assert_like_fresh (GTK_BOX (box), live, 560);

  /* A new y scale: the spike at 16600 doubles the axis. */
  spiky_append (live, 16640);
  assert_like_fresh (GTK_BOX (box), live, 560);
  g_assert_cmpfloat (memsim_chart_y_for_value (live, 1000), >, top);

  /* A resize. */
  spiky_append (live, 16700);
  gtk_widget_set_size_request (GTK_WIDGET (live), 500, -1);
  wait_until (has_width_500, live);
  assert_like_fresh (GTK_BOX (box), live, 500);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (window);
}

static int
font_size (gpointer widget)
{
  return pango_font_description_get_size (pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

static int old_font_size;

static gboolean
has_larger_font (gpointer widget)
{
  return font_size (widget) > old_font_size;
}

/* The chart keeps its labels' layouts across frames: after a font change
 * they are laid out again in the new font, as a chart drawn from scratch
 * lays them out. */
static void
test_chart_labels_follow_font (void)
{
  MemsimChart *live = spiky_chart (5000, 560);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  GtkWindow *window;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (live));
  window = show_in_window (box, 600, 300);
  before = render_widget (GTK_WIDGET (live));
  old_font_size = font_size (live);
  gtk_css_provider_load_from_data (css, "memsim-chart { font-size: 20pt; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  wait_until (has_larger_font, live);
  after = render_widget (GTK_WIDGET (live));
  {
    g_autoptr(GBytes) pixels_before = texture_pixels (before);
    g_autoptr(GBytes) pixels_after = texture_pixels (after);

    g_assert_false (g_bytes_equal (pixels_before, pixels_after));
  }
  assert_like_fresh (GTK_BOX (box), live, 560);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
  gtk_window_destroy (window);
}

/* Heap Used of a trace: full, with a dip now and then. */
static double
dipping_value (guint index)
{
  return index < 40 ? index / 40.0 : (index % 613 == 0 || index % 977 < 3) ? 0.93 : 1.0;
}

static MemsimChart *
dipping_chart (guint length)
{
  MemsimChart *chart = MEMSIM_CHART (memsim_chart_new ("Heap Used", MEMSIM_CHART_UNIT_FRACTION));

  memsim_chart_add_series (chart, "Used", MEMSIM_CHART_COLOR_BLUE);
  for (guint i = 0; i < length; i++)
    {
      double value = dipping_value (i);

      memsim_chart_append (chart, &value);
    }
  memsim_chart_set_cursor (chart, length);
  gtk_widget_set_vexpand (GTK_WIDGET (chart), TRUE);
  return chart;
}

/* A history that arrives in uneven batches, drawn after each (through
 * several x scales), ends up drawn like a chart drawn from scratch. */
static void
test_chart_batches_like_fresh (void)
{
  MemsimChart *live = dipping_chart (0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GRand *rand = g_rand_new_with_seed (11);
  GtkWindow *window;
  MemsimChart *fresh;
  g_autoptr(GdkTexture) from_live = NULL;
  g_autoptr(GdkTexture) from_fresh = NULL;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (live));
  window = show_in_window (box, 673, 100);
  while (memsim_chart_get_length (live) < 5684)
    {
      guint n = g_rand_int_range (rand, 1, 700);

      for (guint i = 0; i < n && memsim_chart_get_length (live) < 5684; i++)
        {
          double value = dipping_value (memsim_chart_get_length (live));

          memsim_chart_append (live, &value);
        }
      memsim_chart_set_cursor (live, memsim_chart_get_length (live));
      g_object_unref (render_widget (GTK_WIDGET (live)));
    }
  from_live = render_widget (GTK_WIDGET (live));
  fresh = dipping_chart (5684);
  g_object_ref (live);
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (live));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fresh));
  wait_until (is_drawable, fresh);
  from_fresh = render_widget (GTK_WIDGET (fresh));
  assert_same_pixels (from_live, from_fresh);
  g_object_unref (live);
  g_rand_free (rand);
  gtk_window_destroy (window);
}

int
main (int argc, char *argv[])
{
  /* Decimal points in the expected readouts. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/charts/view/follows-session", test_view_follows_session);
  g_test_add_func ("/app/charts/view/batch-replaces-tail", test_view_batch_replaces_tail);
  g_test_add_func ("/app/charts/view/updates-on-frame-clock", test_view_updates_on_frame_clock);
  g_test_add_func ("/app/charts/view/long-tail-over-frames", test_view_long_tail_over_frames);
  g_test_add_func ("/app/charts/view/accessible", test_view_accessible);
  g_test_add_func ("/app/charts/view/window-action", test_view_window_action);
  g_test_add_func ("/app/charts/chart/hover-readout", test_chart_hover_readout);
  g_test_add_func ("/app/charts/chart/hover-aggregated", test_chart_hover_aggregated);
  g_test_add_func ("/app/charts/chart/window-follows", test_chart_window_follows);
  g_test_add_func ("/app/charts/chart/render", test_chart_render);
  g_test_add_func ("/app/charts/chart/incremental-layer", test_chart_incremental_layer);
  g_test_add_func ("/app/charts/chart/full-redraws", test_chart_full_redraws);
  g_test_add_func ("/app/charts/chart/batches-like-fresh", test_chart_batches_like_fresh);
  g_test_add_func ("/app/charts/chart/labels-follow-font", test_chart_labels_follow_font);
  return g_test_run ();
}
