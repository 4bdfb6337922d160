/* memsim-compare-rows.c: one row a policy — its memory map and its charts
 *
 * The map is not a MemsimMapView: that widget follows a MemsimSession,
 * with its history, signals and tables, far more than a replayed heap needs.
 * A row keeps the plain heap of its policy at the scrubber's event and
 * draws it with the map's own renderer (memsim-map-render.h), so that it
 * looks exactly like the window's map.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "memsim-compare-window-private.h"
#include "memsim-map-render.h"

#define MAP_HEIGHT   64
#define CHART_HEIGHT 140

/* The colours of `memsim-cli compare --plot`, in policy order. */
static const MemsimChartColor policy_colors[MEMSIM_N_POLICIES] = {
  MEMSIM_CHART_COLOR_BLUE,     /* first-fit */
  MEMSIM_CHART_COLOR_ORANGE,   /* next-fit */
  MEMSIM_CHART_COLOR_GREEN,    /* best-fit */
  MEMSIM_CHART_COLOR_RED,      /* worst-fit */
  MEMSIM_CHART_COLOR_PURPLE,   /* buddy */
};

typedef float (*MetricFunc) (const MemsimCompareSample *s);

static float metric_used (const MemsimCompareSample *s) { return s->used; }
static float metric_frag (const MemsimCompareSample *s) { return s->external_fragmentation; }
static float metric_free_blocks (const MemsimCompareSample *s) { return s->free_blocks; }
static float metric_failed (const MemsimCompareSample *s) { return s->failed; }

static const struct {
  const char     *title;
  MemsimChartUnit unit;
  MetricFunc      metric;
} chart_kinds[MEMSIM_COMPARE_N_CHARTS] = {
  { N_("Used"), MEMSIM_CHART_UNIT_BYTES, metric_used },
  { N_("External Fragmentation"), MEMSIM_CHART_UNIT_FRACTION, metric_frag },
  { N_("Free Blocks"), MEMSIM_CHART_UNIT_COUNT, metric_free_blocks },
  { N_("Failed Operations"), MEMSIM_CHART_UNIT_COUNT, metric_failed },
};

void
memsim_compare_row_draw_map (MemsimCompareRow *row,
                             cairo_t          *cr,
                             int               width,
                             int               height)
{
  g_autoptr(PangoLayout) layout = NULL;
  MemsimMapScene scene = { 0 };

  if (row->heap == NULL || width <= 0)
    return;
  layout = gtk_widget_create_pango_layout (row->map, NULL);
  scene.heap = row->heap;
  scene.palette = memsim_map_palette_get (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  scene.layout = layout;
  memsim_map_range_init (&scene.range, row->total, width);
  memsim_map_range_fit (&scene.range);
  memsim_map_render (cr, &scene, height);
}

static void
draw_map (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  memsim_compare_row_draw_map (user_data, cr, width, height);
}

static char *
describe_run (const MemsimCompareRun *run)
{
  g_autofree char *high_water = g_format_size_full (run->final.high_water, G_FORMAT_SIZE_IEC_UNITS);
  guint64 failed = run->final.alloc_failed + run->final.realloc_failed;

  /* Translators: a policy, then its results at the end of the trace. */
  return g_markup_printf_escaped (ngettext ("<b>%s</b>   %" PRIu64 " failed request · "
                                            "peak heap %s · external fragmentation %.1f%%",
                                            "<b>%s</b>   %" PRIu64 " failed requests · "
                                            "peak heap %s · external fragmentation %.1f%%", failed),
                                  memsim_policy_to_label (run->policy), failed, high_water,
                                  100.0 * run->final.external_fragmentation);
}

static void
fill_charts (MemsimCompareRow       *row,
             const MemsimCompareRun *run)
{
  guint n = run->samples->len;
  const MemsimCompareSample *samples = (const MemsimCompareSample *) run->samples->data;

  for (guint c = 0; c < MEMSIM_COMPARE_N_CHARTS; c++)
    {
      for (guint i = 0; i < n; i++)
        {
          double value = chart_kinds[c].metric (&samples[i]);

          memsim_chart_append (row->charts[c], &value);
        }
      memsim_chart_set_cursor (row->charts[c], n);
      memsim_chart_update_description (row->charts[c]);
    }
}

static GtkWidget *
build_row (MemsimCompareRow       *row,
           const MemsimCompareRun *run,
           guint64                 total)
{
  g_autofree char *summary = describe_run (run);
  GtkWidget *charts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (row->box, "card");
  g_object_set (row->box, "margin-start", 12, "margin-end", 12, "margin-top", 6,
                "margin-bottom", 6, NULL);

  row->summary = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (row->summary), summary);
  gtk_label_set_xalign (GTK_LABEL (row->summary), 0);
  g_object_set (row->summary, "margin-start", 12, "margin-end", 12, "margin-top", 10, NULL);
  gtk_box_append (GTK_BOX (row->box), row->summary);

  row->total = total;
  row->event = G_MAXUINT64;
  row->map = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->map), MAP_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->map), draw_map, row, NULL);
  gtk_widget_set_hexpand (row->map, TRUE);
  g_object_set (row->map, "margin-start", 12, "margin-end", 12, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Memory map"), -1);
  gtk_box_append (GTK_BOX (row->box), row->map);
  /* The palette follows the style; the charts redraw themselves. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), row->map, G_CONNECT_SWAPPED);

  gtk_box_set_homogeneous (GTK_BOX (charts), TRUE);
  g_object_set (charts, "margin-start", 12, "margin-end", 12, "margin-bottom", 12, NULL);
  for (guint c = 0; c < MEMSIM_COMPARE_N_CHARTS; c++)
    {
      GtkWidget *chart = memsim_chart_new (_(chart_kinds[c].title), chart_kinds[c].unit);

      row->charts[c] = MEMSIM_CHART (chart);
      memsim_chart_add_series (row->charts[c], memsim_policy_to_label (run->policy),
                               policy_colors[run->policy]);
      gtk_widget_set_size_request (chart, -1, CHART_HEIGHT);
      gtk_box_append (GTK_BOX (charts), chart);
    }
  fill_charts (row, run);
  gtk_box_append (GTK_BOX (row->box), charts);
  return row->box;
}

void
memsim_compare_window_clear_rows (MemsimCompareWindow *self)
{
  for (guint r = 0; r < self->n_rows; r++)
    {
      MemsimCompareRow *row = &self->rows[r];

      gtk_box_remove (self->rows_box, row->box);
      g_clear_pointer (&row->heap, memsim_heap_free);
      memset (row, 0, sizeof *row);
    }
  self->n_rows = 0;
}

void
memsim_compare_window_build_rows (MemsimCompareWindow *self)
{
  memsim_compare_window_clear_rows (self);
  for (guint r = 0; r < self->result->n_runs; r++)
    gtk_box_append (self->rows_box, build_row (&self->rows[r], &self->result->runs[r],
                                               self->result->total));
  self->n_rows = self->result->n_runs;
}

void
memsim_compare_row_set_heap (MemsimCompareRow *row,
                             MemsimHeap       *heap,
                             guint64           event)
{
  g_clear_pointer (&row->heap, memsim_heap_free);
  row->heap = heap;
  row->event = event;
  gtk_widget_queue_draw (row->map);
}
