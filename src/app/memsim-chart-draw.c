/* memsim-chart-draw.c: the chart's geometry and its drawing in snapshot()
 *
 *   ┌ title ─────────────────────────── ■ legend ■ legend ┐  HEADER_HEIGHT
 *   │ y ticks │ grid, envelope, line, cursor, hover       │
 *   │         │ x ticks (operations)                      │  FOOTER_HEIGHT
 *
 * The text, grid and axes are cairo; the data is an image rasterised per
 * pixel column (memsim-chart-layer.c): when there are more samples than
 * columns, every column shows the extremes of its samples (a translucent
 * envelope, so that a spike one operation wide stays visible) and a step to
 * the last of them; otherwise each sample is a step as wide as its slot.
 * The redo tail is drawn in the same hue, muted.  The cursor and the hover
 * readout go on top, in cairo again.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "memsim-chart-draw.h"
#include "memsim-chart-private.h"

#define HEADER_HEIGHT 24.0
#define FOOTER_HEIGHT 20.0
#define AXIS_WIDTH    58.0
#define RIGHT_MARGIN  12.0

/* ---- geometry --------------------------------------------------------- */

static double
visible_max (MemsimChart            *self,
             const MemsimChartFrame *frame)
{
  guint64 end = MIN (frame->start + frame->span, (guint64) frame->length);
  double max = 0;

  if (frame->start >= end)
    return 0;
  for (guint s = 0; s < self->series->len; s++)
    {
      float lo, hi;

      memsim_chart_pyramid_range (memsim_chart_series (self, s)->values,
                                  (guint) frame->start, (guint) end, &lo, &hi);
      max = MAX (max, hi);
    }
  return max;
}

static void
frame_init_y (MemsimChart      *self,
              MemsimChartFrame *frame)
{
  guint max_ticks = MAX (2, (guint) (frame->plot.size.height / 28));
  double max;

  if (self->unit == MEMSIM_CHART_UNIT_FRACTION)
    {
      frame->y_top = 1.0;
      frame->y_step = memsim_chart_nice_step (1.0, max_ticks, self->unit);
      return;
    }
  max = visible_max (self, frame);
  frame->y_top = memsim_chart_nice_top (max, max_ticks, self->unit);
  frame->y_step = max > 0 ? memsim_chart_nice_step (max, max_ticks, self->unit) : frame->y_top;
}

void
memsim_chart_frame_init (MemsimChart      *self,
                         MemsimChartFrame *frame)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  graphene_rect_init (&frame->plot, AXIS_WIDTH, HEADER_HEIGHT,
                      MAX (1.0, width - AXIS_WIDTH - RIGHT_MARGIN),
                      MAX (1.0, height - HEADER_HEIGHT - FOOTER_HEIGHT));
  memsim_chart_get_visible_range (self, &frame->start, &frame->span);
  frame->length = self->length;
  frame->scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  frame->n_columns = (guint) frame->plot.size.width * frame->scale;
  frame->device_height = (int) frame->plot.size.height * frame->scale;
  frame->aggregated = frame->span > frame->n_columns;
  frame_init_y (self, frame);
}

/* The pixel column that holds sample @index (see memsim_chart_pyramid_columns). */
static guint
column_of (const MemsimChartFrame *frame,
           guint64                 index)
{
  guint64 offset = index - frame->start;
  guint64 n = frame->n_columns;
  guint64 c = MIN (offset * n / frame->span, n - 1);

  while (c + 1 < n && (c + 1) * frame->span / n <= offset)
    c++;
  while (c > 0 && c * frame->span / n > offset)
    c--;
  return (guint) c;
}

double
memsim_chart_frame_x (const MemsimChartFrame *frame,
                      guint                   index)
{
  if (index < frame->start)
    return frame->plot.origin.x;
  if (frame->aggregated)
    return frame->plot.origin.x + (column_of (frame, index) + 0.5) / frame->scale;
  return frame->plot.origin.x
         + ((double) (index - frame->start) + 0.5) * frame->plot.size.width / frame->span;
}

/* The x of the boundary before sample @position (the cursor's line). */
static double
boundary_x (const MemsimChartFrame *frame,
            guint64                 position)
{
  double offset = (double) position - (double) frame->start;
  double x = frame->plot.origin.x + offset * frame->plot.size.width / frame->span;

  return CLAMP (x, frame->plot.origin.x, frame->plot.origin.x + frame->plot.size.width);
}

gboolean
memsim_chart_frame_index_at (const MemsimChartFrame *frame,
                             double                  x,
                             guint                  *index)
{
  double offset = x - frame->plot.origin.x;
  guint64 first, end;

  if (offset < 0 || offset >= frame->plot.size.width)
    return FALSE;
  if (frame->aggregated)
    {
      guint64 c = MIN ((guint64) (offset * frame->scale), frame->n_columns - 1);

      first = frame->start + c * frame->span / frame->n_columns;
      end = MIN (frame->start + (c + 1) * frame->span / frame->n_columns, (guint64) frame->length);
      if (first >= end)
        return FALSE;
      *index = (guint) (end - 1);
      return TRUE;
    }
  first = frame->start + (guint64) (offset * frame->span / frame->plot.size.width);
  if (first >= frame->length)
    return FALSE;
  *index = (guint) first;
  return TRUE;
}

/* ---- text ------------------------------------------------------------- */

static PangoLayout *
new_layout (GtkWidget  *widget,
            const char *text,
            gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (small)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

/* The layout of @text, kept across frames: laying a label out (itemising
 * and shaping it) costs more than drawing it, and the labels rarely
 * change.  A layout follows its widget's Pango context by itself (it
 * notices the context's changes when next measured).  The cache is
 * emptied when it holds more than LAYOUTS_MAX texts, so that labels no
 * longer shown do not pile up. */
#define LAYOUTS_MAX 64

static PangoLayout *
cached_layout (MemsimChart *self,
               const char  *text,
               gboolean     small)
{
  g_autofree char *key = g_strconcat (small ? "s" : "b", text, NULL);
  PangoLayout *layout = g_hash_table_lookup (self->layouts, key);

  if (layout != NULL)
    return layout;
  if (g_hash_table_size (self->layouts) >= LAYOUTS_MAX)
    g_hash_table_remove_all (self->layouts);
  layout = new_layout (GTK_WIDGET (self), text, small);
  if (!small)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  g_hash_table_insert (self->layouts, g_steal_pointer (&key), layout);
  return layout;
}

/* Draws @text with its anchor (xalign, yalign ∈ [0, 1]) at (x, y). */
static void
show_text (MemsimChart   *self,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         xalign,
           double         yalign,
           const GdkRGBA *color)
{
  PangoLayout *layout = cached_layout (self, text, TRUE);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, round (x - width * xalign), round (y - height * yalign));
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
}

static void
set_source_alpha (cairo_t       *cr,
                  const GdkRGBA *color,
                  double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* ---- header and axes -------------------------------------------------- */

static void
draw_title (MemsimChart   *self,
            cairo_t       *cr,
            const GdkRGBA *fg)
{
  PangoLayout *layout = cached_layout (self, self->title, FALSE);

  cairo_move_to (cr, 6, 2);
  gdk_cairo_set_source_rgba (cr, fg);
  pango_cairo_show_layout (cr, layout);
}

/* Legend entries from the right edge leftwards: a swatch, then the label. */
static void
draw_legend (MemsimChart   *self,
             cairo_t       *cr,
             const GdkRGBA *fg)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) - RIGHT_MARGIN;

  for (guint s = self->series->len; s-- > 0;)
    {
      PangoLayout *layout = cached_layout (self, memsim_chart_series (self, s)->label, TRUE);
      GdkRGBA color;
      int width, height;

      pango_layout_get_pixel_size (layout, &width, &height);
      x -= width;
      cairo_move_to (cr, x, HEADER_HEIGHT / 2 - height / 2.0);
      gdk_cairo_set_source_rgba (cr, fg);
      pango_cairo_show_layout (cr, layout);
      memsim_chart_get_series_rgba (self, s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x - 14, HEADER_HEIGHT / 2 - 5, 10, 10);
      cairo_fill (cr);
      x -= 14 + 14;
    }
}

static void
draw_y_axis (MemsimChart            *self,
             cairo_t                *cr,
             const MemsimChartFrame *frame,
             const GdkRGBA          *fg)
{
  GdkRGBA label_color = *fg;
  guint n_ticks = (guint) round (frame->y_top / frame->y_step);

  label_color.alpha *= 0.7;
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= n_ticks; i++)
    {
      double value = i * frame->y_step;
      double y = round (memsim_chart_frame_y (frame, value)) + 0.5;
      g_autofree char *label = memsim_chart_format_tick (value, frame->y_step, frame->y_top, self->unit);

      set_source_alpha (cr, fg, i == 0 ? 0.35 : 0.12);
      cairo_move_to (cr, frame->plot.origin.x, y);
      cairo_line_to (cr, frame->plot.origin.x + frame->plot.size.width, y);
      cairo_stroke (cr);
      show_text (self, cr, label, frame->plot.origin.x - 6, y, 1.0, 0.5, &label_color);
    }
}

/* Ticks at positions (operations applied), 1-2-5 apart. */
static void
draw_x_axis (MemsimChart            *self,
             cairo_t                *cr,
             const MemsimChartFrame *frame,
             const GdkRGBA          *fg)
{
  GdkRGBA label_color = *fg;
  guint max_ticks = MAX (1, (guint) (frame->plot.size.width / 90));
  double step = memsim_chart_nice_step (frame->span, max_ticks, MEMSIM_CHART_UNIT_COUNT);
  double last = frame->start + frame->span;
  double bottom = frame->plot.origin.y + frame->plot.size.height;

  label_color.alpha *= 0.7;
  for (double tick = ceil (frame->start / step) * step; tick <= last + 1e-9; tick += step)
    {
      double x = round (boundary_x (frame, (guint64) tick)) + 0.5;
      g_autofree char *label = memsim_chart_format_tick (tick, step, last, MEMSIM_CHART_UNIT_COUNT);

      set_source_alpha (cr, fg, 0.35);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + 4);
      cairo_stroke (cr);
      show_text (self, cr, label, x, bottom + 4, 0.5, 0.0, &label_color);
    }
}

/* ---- data ------------------------------------------------------------ */

void
memsim_chart_data_changed (MemsimChart *self)
{
  self->generation++;
  if (self->redraw_queued)
    return;
  /* queue_draw walks up the tree: once a frame is enough. */
  self->redraw_queued = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The first column that samples from @index on can touch, with a margin
 * of two columns for the step into them. */
static guint
first_column_from (const MemsimChartFrame *frame,
                   guint                   index)
{
  double offset;

  if (index <= frame->start)
    return 0;
  offset = floor ((double) (index - frame->start) * frame->n_columns / frame->span) - 2;
  return (guint) CLAMP (offset, 0, frame->n_columns);
}

/* The columns to draw again when only samples were appended since
 * @length and the redo tail moved from column @muted_from: [*from, *to). */
static void
changed_columns (MemsimChart            *self,
                 const MemsimChartFrame *frame,
                 guint                   length,
                 guint                   muted_from,
                 guint                  *from,
                 guint                  *to)
{
  guint now_muted_from = memsim_chart_frame_muted_from (self, frame);

  *from = frame->n_columns;
  *to = 0;
  if (self->length != length)
    {
      *from = first_column_from (frame, length > 0 ? length - 1 : 0);
      *to = frame->n_columns;
    }
  if (now_muted_from != muted_from)
    {
      *from = MIN (*from, MIN (now_muted_from, muted_from));
      *to = MAX (*to, MIN (MAX (now_muted_from, muted_from) + 1, frame->n_columns));
    }
}

/* The rasterised data, redrawn only where something it shows changed. */
static void
update_layer (MemsimChart            *self,
              const MemsimChartFrame *frame)
{
  MemsimChartLayerKey key;
  guint from = 0, to = frame->n_columns;

  memset (&key, 0, sizeof key);
  key.truncations = self->truncations;
  key.start = frame->start;
  key.span = frame->span;
  key.y_top = frame->y_top;
  key.width = (int) frame->n_columns;
  key.height = frame->device_height;
  key.scale = frame->scale;
  key.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  if (self->tiles->len > 0 && memcmp (&key, &self->layer_key, sizeof key) == 0)
    {
      /* Only appends (a truncation changes the key) or a cursor move. */
      changed_columns (self, frame, self->layer_length, self->layer_muted_from, &from, &to);
      if (from >= to)
        return;
    }
  memsim_chart_build_layer (self, frame, from, to);
  self->layer_key = key;
  self->layer_length = self->length;
  self->layer_muted_from = memsim_chart_frame_muted_from (self, frame);
}

static void
draw_cursor (MemsimChart            *self,
             cairo_t                *cr,
             const MemsimChartFrame *frame,
             const GdkRGBA          *fg)
{
  double x;

  if (self->cursor < frame->start || self->cursor > frame->start + frame->span)
    return;
  x = round (boundary_x (frame, self->cursor)) + 0.5;
  set_source_alpha (cr, fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, frame->plot.origin.y);
  cairo_line_to (cr, x, frame->plot.origin.y + frame->plot.size.height);
  cairo_stroke (cr);
}

/* ---- hover ------------------------------------------------------------ */

static void
draw_readout_box (MemsimChart   *self,
                  cairo_t       *cr,
                  double         x,
                  double         y,
                  const GdkRGBA *fg)
{
  g_autofree char *text = memsim_chart_get_readout (self);
  PangoLayout *layout = new_layout (GTK_WIDGET (self), text, TRUE);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int width, height;
  double box_x;

  pango_layout_get_pixel_size (layout, &width, &height);
  box_x = x + 10;
  if (box_x + width + 12 > gtk_widget_get_width (GTK_WIDGET (self)))
    box_x = x - 10 - width - 12;
  cairo_rectangle (cr, round (box_x) + 0.5, round (y) + 0.5, width + 12, height + 8);
  if (dark)
    cairo_set_source_rgba (cr, 0.22, 0.22, 0.22, 0.95);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_fill_preserve (cr);
  set_source_alpha (cr, fg, 0.25);
  cairo_stroke (cr);
  cairo_move_to (cr, round (box_x) + 6, round (y) + 4);
  gdk_cairo_set_source_rgba (cr, fg);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_hover (MemsimChart            *self,
            cairo_t                *cr,
            const MemsimChartFrame *frame,
            const GdkRGBA          *fg)
{
  guint index;
  double x;

  if (self->hover_x < 0 || !memsim_chart_frame_index_at (frame, self->hover_x, &index))
    return;
  x = round (memsim_chart_frame_x (frame, index)) + 0.5;
  set_source_alpha (cr, fg, 0.4);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, frame->plot.origin.y);
  cairo_line_to (cr, x, frame->plot.origin.y + frame->plot.size.height);
  cairo_stroke (cr);
  for (guint s = 0; s < self->series->len; s++)
    {
      GdkRGBA color;

      memsim_chart_get_series_rgba (self, s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_arc (cr, x, memsim_chart_frame_y (frame, memsim_chart_get_value (self, s, index)),
                 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  draw_readout_box (self, cr, x, frame->plot.origin.y + 4, fg);
}

/* Everything the chart shows, in its own coordinates: snapshot() records
 * it into a cairo node, and the comparison's SVG export draws it straight
 * onto the SVG (memsim-compare-export-svg.c). */
void
memsim_chart_draw (MemsimChart *self,
                   cairo_t     *cr)
{
  MemsimChartFrame frame;
  GdkRGBA fg;

  memsim_chart_frame_init (self, &frame);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  draw_title (self, cr, &fg);
  draw_legend (self, cr, &fg);
  draw_y_axis (self, cr, &frame, &fg);
  draw_x_axis (self, cr, &frame, &fg);
  if (self->length > 0)
    {
      update_layer (self, &frame);
      memsim_chart_paint_layer (self, cr, &frame);
      draw_cursor (self, cr, &frame, &fg);
      draw_hover (self, cr, &frame, &fg);
    }
}

void
memsim_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  MemsimChart *self = MEMSIM_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  self->redraw_queued = FALSE;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  memsim_chart_draw (self, cr);
  cairo_destroy (cr);
}
