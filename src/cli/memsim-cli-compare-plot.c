/* memsim-cli-compare-plot.c: the charts of `memsim-cli compare`, with Cairo
 *
 *   title, legend (one colour per policy, the same in every panel)
 *   ┌ used (solid) and free (dashed) bytes over the events ┐
 *   ├ external fragmentation                               ┤
 *   ├ free blocks                                          ┤
 *   ├ successful operations (cumulative)                   ┤
 *   ├ failed operations (cumulative)                       ┤
 *   └ final memory map: one bar per policy                 ┘
 *
 * Every line panel overlays the policies on the same axes, so they read
 * side by side; the map bars are stacked in the same order.  The same
 * drawing goes to a PNG (an image surface) or an SVG (a vector surface).
 */
#include "config.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "memsim-cli-compare.h"

#define WIDTH        1200.0
#define MARGIN_LEFT  90.0
#define MARGIN_RIGHT 24.0
#define TOP          84.0
#define PANEL_HEIGHT 170.0
#define PANEL_GAP    46.0
#define BAR_HEIGHT   22.0
#define N_LINE_PANELS 5

typedef enum { UNIT_BYTES, UNIT_RATIO, UNIT_COUNT } Unit;

typedef double (*MetricFunc) (const MemsimMetrics *m);

typedef struct {
  double x, y, width, height;
} Rect;

/* One colour per policy (MemsimPolicy order), told apart in print too. */
static const double colors[MEMSIM_N_POLICIES][3] = {
  { 0.12, 0.47, 0.71 },   /* first-fit: blue */
  { 1.00, 0.50, 0.05 },   /* next-fit: orange */
  { 0.17, 0.63, 0.17 },   /* best-fit: green */
  { 0.84, 0.15, 0.16 },   /* worst-fit: red */
  { 0.58, 0.40, 0.74 },   /* buddy: purple */
};

static double metric_used (const MemsimMetrics *m) { return (double) m->used; }
static double metric_free (const MemsimMetrics *m) { return (double) m->free; }
static double metric_frag (const MemsimMetrics *m) { return m->external_fragmentation; }
static double metric_blocks (const MemsimMetrics *m) { return (double) m->free_blocks; }
static double metric_ok (const MemsimMetrics *m) { return (double) compare_metrics_ok (m); }
static double metric_failed (const MemsimMetrics *m) { return (double) compare_metrics_failed (m); }

/* Lines are slightly translucent: where two policies coincide, both show. */
static void
set_policy_color (cairo_t      *cr,
                  MemsimPolicy  policy)
{
  cairo_set_source_rgba (cr, colors[policy][0], colors[policy][1], colors[policy][2], 0.85);
}

static void
draw_text (cairo_t    *cr,
           double      x,
           double      y,
           double      align,     /* 0 left, 0.5 centre, 1 right */
           const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x - align * extents.x_advance, y);
  cairo_show_text (cr, text);
}

static char *
format_value (double value,
              Unit   unit)
{
  if (unit == UNIT_BYTES)
    return memsim_cli_format_iec ((guint64) value);
  if (unit == UNIT_RATIO)
    return g_strdup_printf ("%.2f", value);
  return g_strdup_printf ("%.0f", value);
}

static double
series_max (CompareRun **runs,
            guint        n_runs,
            MetricFunc   metric)
{
  double max = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      guint n;
      const MemsimTraceSample *samples = memsim_trace_sampler_get_samples (runs[i]->sampler, &n);

      for (guint j = 0; j < n; j++)
        max = MAX (max, metric (&samples[j].metrics));
    }
  return max;
}

static void
draw_axes (cairo_t    *cr,
           const Rect *r,
           double      x_max,
           double      y_max,
           Unit        unit)
{
  cairo_set_line_width (cr, 1.0);
  for (int i = 0; i <= 4; i++)
    {
      double y = r->y + r->height - r->height * i / 4.0;
      double x = r->x + r->width * i / 4.0;
      g_autofree char *y_label = format_value (y_max * i / 4.0, unit);
      g_autofree char *x_label = g_strdup_printf ("%.0f", x_max * i / 4.0);

      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, r->x, y);
      cairo_line_to (cr, r->x + r->width, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      draw_text (cr, r->x - 6, y + 4, 1.0, y_label);
      draw_text (cr, x, r->y + r->height + 15, i == 0 ? 0.0 : i == 4 ? 1.0 : 0.5, x_label);
    }
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_stroke (cr);
}

static void
draw_series (cairo_t          *cr,
             const Rect       *r,
             const CompareRun *run,
             MetricFunc        metric,
             double            x_max,
             double            y_max,
             gboolean          dashed)
{
  static const double dash[] = { 6.0, 4.0 };
  guint n;
  const MemsimTraceSample *samples = memsim_trace_sampler_get_samples (run->sampler, &n);

  set_policy_color (cr, run->policy);
  cairo_set_line_width (cr, 1.6);
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  for (guint j = 0; j < n; j++)
    {
      const MemsimTraceSample *s = &samples[j];
      double x = r->x + r->width * (double) s->event / x_max;
      double y = r->y + r->height - r->height * MIN (metric (&s->metrics) / y_max, 1.0);

      if (j == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* A panel of one metric (and, dashed, a second one on the same axis). */
static void
draw_panel (cairo_t     *cr,
            const Rect  *r,
            const char  *title,
            CompareRun **runs,
            guint        n_runs,
            MetricFunc   solid,
            MetricFunc   dashed,
            Unit         unit)
{
  double x_max = MAX ((double) runs[0]->n_events, 1.0);
  double y_max = MAX (series_max (runs, n_runs, solid),
                      dashed != NULL ? series_max (runs, n_runs, dashed) : 0.0);

  if (unit == UNIT_RATIO)
    y_max = 1.0;
  else if (unit == UNIT_COUNT)
    y_max = MAX (4.0, ceil (y_max / 4.0) * 4.0);   /* whole numbers on the 4 ticks */
  else if (y_max <= 0)
    y_max = 1.0;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_font_size (cr, 13.0);
  draw_text (cr, r->x, r->y - 8, 0.0, title);
  cairo_set_font_size (cr, 11.0);
  draw_axes (cr, r, x_max, y_max, unit);
  for (guint i = 0; i < n_runs; i++)
    {
      draw_series (cr, r, runs[i], solid, x_max, y_max, FALSE);
      if (dashed != NULL)
        draw_series (cr, r, runs[i], dashed, x_max, y_max, TRUE);
    }
}

/* One bar per policy: a column is grey where free, the policy's colour
 * where used, dark where used bytes are internal fragmentation. */
static void
draw_map_bar (cairo_t          *cr,
              const Rect       *r,
              const CompareRun *run)
{
  double column_width = r->width / COMPARE_MAP_COLUMNS;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, r->x - 6, r->y + r->height - 6, 1.0, memsim_policy_to_string (run->policy));
  cairo_set_source_rgb (cr, 0.90, 0.90, 0.90);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_fill (cr);

  for (guint c = 0; c < COMPARE_MAP_COLUMNS; c++)
    {
      const MemsimColumn *col = &run->map[c];
      double bytes = (double) (col->used + col->free);
      double used = bytes > 0 ? col->used / bytes : 0;
      double waste = bytes > 0 ? col->waste / bytes : 0;
      double x = r->x + c * column_width;

      set_policy_color (cr, run->policy);
      cairo_rectangle (cr, x, r->y + r->height * (1 - used), column_width + 0.3, r->height * used);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
      cairo_rectangle (cr, x, r->y + r->height * (1 - waste), column_width + 0.3, r->height * waste);
      cairo_fill (cr);
    }
}

static void
draw_legend (cairo_t     *cr,
             CompareRun **runs,
             guint        n_runs)
{
  double x = MARGIN_LEFT;

  cairo_set_font_size (cr, 12.0);
  for (guint i = 0; i < n_runs; i++)
    {
      set_policy_color (cr, runs[i]->policy);
      cairo_set_line_width (cr, 3.0);
      cairo_move_to (cr, x, 52);
      cairo_line_to (cr, x + 24, 52);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text (cr, x + 30, 56, 0.0, memsim_policy_to_string (runs[i]->policy));
      x += 140;
    }
}

static double
figure_height (guint n_runs)
{
  return TOP + N_LINE_PANELS * (PANEL_HEIGHT + PANEL_GAP) + n_runs * (BAR_HEIGHT + 8) + 40;
}

static void
draw_figure (cairo_t     *cr,
             const char  *title,
             CompareRun **runs,
             guint        n_runs)
{
  static const struct {
    const char *title;
    MetricFunc  solid, dashed;
    Unit        unit;
  } panels[N_LINE_PANELS] = {
    { N_("Used (solid) and free (dashed) bytes over events"), metric_used, metric_free, UNIT_BYTES },
    { N_("External fragmentation (1 - largest free / free)"), metric_frag, NULL, UNIT_RATIO },
    { N_("Free blocks"), metric_blocks, NULL, UNIT_COUNT },
    { N_("Successful operations (cumulative)"), metric_ok, NULL, UNIT_COUNT },
    { N_("Failed operations (cumulative)"), metric_failed, NULL, UNIT_COUNT },
  };
  Rect r = { MARGIN_LEFT, TOP + 24, WIDTH - MARGIN_LEFT - MARGIN_RIGHT, PANEL_HEIGHT };

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_font_size (cr, 18.0);
  draw_text (cr, MARGIN_LEFT, 28, 0.0, title);
  draw_legend (cr, runs, n_runs);

  for (guint p = 0; p < N_LINE_PANELS; p++, r.y += PANEL_HEIGHT + PANEL_GAP)
    draw_panel (cr, &r, _(panels[p].title), runs, n_runs, panels[p].solid, panels[p].dashed,
                panels[p].unit);

  cairo_set_font_size (cr, 13.0);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, r.x, r.y - 8, 0.0, _("Final memory map (address 0 on the left; dark: internal "
                                      "fragmentation)"));
  cairo_set_font_size (cr, 11.0);
  r.height = BAR_HEIGHT;
  for (guint i = 0; i < n_runs; i++, r.y += BAR_HEIGHT + 8)
    draw_map_bar (cr, &r, runs[i]);
}

gboolean
compare_write_plot (const char  *path,
                    const char  *title,
                    CompareRun **runs,
                    guint        n_runs,
                    GError     **error)
{
  gboolean svg = g_str_has_suffix (path, ".svg");
  double height = figure_height (n_runs);
  cairo_surface_t *surface = svg ? cairo_svg_surface_create (path, WIDTH, height)
                                 : cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) WIDTH,
                                                               (int) height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  draw_figure (cr, title, runs, n_runs);
  cairo_destroy (cr);
  if (svg)
    cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (!svg && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: cannot write the chart: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}
