/* memsim-chart-layer.c: the chart's data, rasterised one pixel column at a time
 *
 * Cairo strokes a polyline of two thousand short, steep segments in tens
 * of milliseconds (its stroker and tessellator are general); a chart only
 * ever needs vertical spans in whole pixel columns.  So the data layer is
 * written straight into the pixels of a cairo image surface (premultiplied
 * BGRA): per column, the envelope (the extremes of the column's samples,
 * translucent) and the step from the previous column's last value to this
 * one's (opaque), each span antialiased at its two ends by its coverage of
 * the end pixels.  Columns are drawn left to right, every series of a
 * column before the next.  The layer is a row of tiles (image surfaces a
 * hundred-odd columns wide) that snapshot() paints over the plot (a
 * GdkTexture would be converted pixel by pixel on every frame by GTK 4.8's
 * cairo renderer); they are kept while neither the data nor the geometry
 * changes, so hovering costs no rasterising, and a replay or a cursor
 * move draws again only the tiles of the columns that changed.
 *
 * A tile is never written to once painted: cairo records a painted surface
 * as a copy-on-write snapshot that stays attached to it, and writing to the
 * surface would first copy all of it.  A changed tile is drawn on a new
 * surface instead, and dropping the old one hands its pixels to the
 * snapshot without a copy.  The column extremes the pyramid gives are
 * cached too (update_columns ()), so a redraw of every column for a style
 * change or a new y scale queries nothing.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "memsim-chart-draw.h"
#include "memsim-chart-private.h"

#define MUTED_ALPHA    0.35
#define ENVELOPE_ALPHA 0.25
#define TILE_BYTES     (96 * 1024)   /* see tile_columns_for () */

/* A tile's pixels, row by row: columns [first, …) and rows [top, …) of
 * the plot. */
typedef struct {
  guint32 *pixels;
  gsize    stride;   /* in pixels */
  guint    first;
  int      top;
} Raster;

typedef struct {
  guint alpha, red, green, blue;   /* premultiplied, 0 … 255 */
} Paint;

static Paint
paint_from_rgba (const GdkRGBA *color,
                 double         alpha)
{
  double a = CLAMP (color->alpha * alpha, 0, 1);
  Paint paint = { (guint) round (a * 255), (guint) round (color->red * a * 255),
                  (guint) round (color->green * a * 255), (guint) round (color->blue * a * 255) };

  return paint;
}

/* Rows [y0, y1) (fractional, inside the plot) of a column, in one paint. */
typedef struct {
  double       y0;
  double       y1;
  guint        column;
  const Paint *paint;
} Span;

/* x · y / 255, rounded, without a division (the pixman way). */
static inline guint
mul_255 (guint x,
         guint y)
{
  guint t = x * y + 128;

  return (t + (t >> 8)) >> 8;
}

/* d' = s + d · (1 - s_a), per channel, in 8 bits. */
static inline guint32
over (guint32      dst,
      const Paint *src)
{
  guint inverse = 255 - src->alpha;

  if (dst == 0 || inverse == 0)
    return (src->alpha << 24) | (src->red << 16) | (src->green << 8) | src->blue;
  return ((src->alpha + mul_255 ((dst >> 24) & 0xff, inverse)) << 24)
         | ((src->red + mul_255 ((dst >> 16) & 0xff, inverse)) << 16)
         | ((src->green + mul_255 ((dst >> 8) & 0xff, inverse)) << 8)
         | (src->blue + mul_255 (dst & 0xff, inverse));
}

static inline guint32
over_partial (guint32      dst,
              const Paint *src,
              double       coverage)
{
  Paint part = { (guint) (src->alpha * coverage), (guint) (src->red * coverage),
                 (guint) (src->green * coverage), (guint) (src->blue * coverage) };

  return over (dst, &part);
}

/* Paints @span: the rows it covers whole at full strength, the one or two
 * rows at its ends by their coverage. */
static void
raster_span (Raster     *raster,
             const Span *span)
{
  guint32 *pixels = raster->pixels + (span->column - raster->first);
  gsize stride = raster->stride;
  int top = raster->top;   /* rows count from the plot's top, the tile's from @top */
  /* A copy: the pixel stores cannot change it, so it stays in registers. */
  const Paint copy = *span->paint, *paint = &copy;
  double y0 = span->y0, y1 = span->y1;
  int whole_first = (int) ceil (y0);
  int whole_end = (int) floor (y1);

  if (whole_end < whole_first)
    {
      /* Inside one row. */
      guint32 *pixel = &pixels[(gsize) (whole_end - top) * stride];

      *pixel = over_partial (*pixel, paint, y1 - y0);
      return;
    }
  if (whole_first > y0)
    {
      guint32 *pixel = &pixels[(gsize) (whole_first - 1 - top) * stride];

      *pixel = over_partial (*pixel, paint, whole_first - y0);
    }
  if (paint->alpha == 255)
    {
      guint32 opaque = over (0, paint);

      for (int row = whole_first - top; row < whole_end - top; row++)
        pixels[(gsize) row * stride] = opaque;
    }
  else
    for (int row = whole_first - top; row < whole_end - top; row++)
      pixels[(gsize) row * stride] = over (pixels[(gsize) row * stride], paint);
  if (y1 > whole_end)
    {
      guint32 *pixel = &pixels[(gsize) (whole_end - top) * stride];

      *pixel = over_partial (*pixel, paint, y1 - whole_end);
    }
}

/* One column per device pixel; without aggregation, the sample under the
 * column's centre, so that each sample is a step as wide as its slot. */
static void
fill_columns (MemsimChart            *self,
              const MemsimChartFrame *frame,
              guint                   series,
              guint                   from,
              guint                   to,
              MemsimChartColumn      *columns)
{
  const MemsimChartPyramid *values = memsim_chart_series (self, series)->values;
  const float *samples;

  if (frame->aggregated)
    {
      memsim_chart_pyramid_columns_range (values, frame->start, frame->span, frame->n_columns,
                                          from, to, columns);
      return;
    }
  samples = memsim_chart_pyramid_peek (values, NULL);
  for (guint c = from; c < to; c++)
    {
      MemsimChartColumn *column = &columns[c];
      guint64 index = frame->start + (guint64) ((c + 0.5) * frame->span / frame->n_columns);

      column->first = column->end = (guint) MIN (index, (guint64) frame->length);
      if (index >= frame->length)
        continue;
      column->end = column->first + 1;
      column->min = column->max = column->last = samples[index];
    }
}

/* The first device column drawn muted: those whose centre is past the cursor. */
guint
memsim_chart_frame_muted_from (MemsimChart            *self,
                               const MemsimChartFrame *frame)
{
  double offset;

  if (self->cursor >= frame->length)
    return frame->n_columns;
  offset = ((double) self->cursor - (double) frame->start) * frame->n_columns / frame->span;
  return (guint) CLAMP (ceil (offset - 0.5), 0, frame->n_columns);
}

/* How one series is painted, and where its line was in the last column. */
typedef struct {
  const MemsimChartColumn *columns;
  Paint                    line[2];       /* [muted] */
  Paint                    envelope[2];
  double                   previous;      /* NAN: no previous column */
} Pen;

static void
pen_init (Pen                     *pen,
          MemsimChart             *self,
          guint                    series,
          const MemsimChartColumn *columns)
{
  GdkRGBA color;

  memsim_chart_get_series_rgba (self, series, &color);
  pen->columns = columns;
  pen->line[0] = paint_from_rgba (&color, 1.0);
  pen->line[1] = paint_from_rgba (&color, MUTED_ALPHA);
  pen->envelope[0] = paint_from_rgba (&color, ENVELOPE_ALPHA);
  pen->envelope[1] = paint_from_rgba (&color, ENVELOPE_ALPHA * MUTED_ALPHA);
  pen->previous = NAN;
}

/* The spans of a tile, in the order they are painted, and the rows they
 * touch. */
typedef struct {
  GArray *spans;    /* Span */
  int     height;   /* of the plot, in device pixels */
  double  top;
  double  bottom;
} Spans;

static void
add_span (Spans       *spans,
          guint        column,
          double       y0,
          double       y1,
          const Paint *paint)
{
  Span span = { MAX (y0, 0), MIN (y1, spans->height), column, paint };

  if (span.y1 <= span.y0)
    return;
  g_array_append_val (spans->spans, span);
  spans->top = MIN (spans->top, span.y0);
  spans->bottom = MAX (spans->bottom, span.y1);
}

/* Column @c of one series: its envelope, then the step to its last value. */
static void
column_spans (Spans                  *spans,
              const MemsimChartFrame *frame,
              Pen                    *pen,
              guint                   c,
              gboolean                muted,
              double                  half_width)
{
  const MemsimChartColumn *column = &pen->columns[c];
  double y;

  if (column->first >= column->end)
    {
      pen->previous = NAN;
      return;
    }
  y = memsim_chart_frame_device_y (frame, column->last);
  if (column->max > column->min)
    add_span (spans, c, memsim_chart_frame_device_y (frame, column->max),
              memsim_chart_frame_device_y (frame, column->min), &pen->envelope[muted]);
  if (isnan (pen->previous))
    pen->previous = y;
  add_span (spans, c, MIN (pen->previous, y) - half_width, MAX (pen->previous, y) + half_width,
            &pen->line[muted]);
  pen->previous = y;
}

/* Columns [from, to), each with every series in order (the later ones on
 * top): a column's pixels are only ever touched by that column. */
static void
columns_spans (MemsimChart            *self,
               const MemsimChartFrame *frame,
               Spans                  *spans,
               Pen                    *pens,
               guint                   from,
               guint                   to)
{
  guint muted_from = memsim_chart_frame_muted_from (self, frame);
  double half_width = (frame->aggregated ? 0.75 : 1.0) * frame->scale;

  for (guint c = from; c < to; c++)
    for (guint s = 0; s < self->series->len; s++)
      column_spans (spans, frame, &pens[s], c, c >= muted_from, half_width);
}

/* ---- the column cache ------------------------------------------------- */

/* Makes columns [from, to) of every series current.  The columns stay
 * valid while the samples and the x axis do (a style change or a new y
 * scale redraws every column but queries none); appended samples make the
 * columns from the one that held the last sample on stale. */
static void
update_columns (MemsimChart            *self,
                const MemsimChartFrame *frame,
                guint                   from,
                guint                   to)
{
  MemsimChartColumnsKey key;
  guint stale_from;

  memset (&key, 0, sizeof key);
  key.truncations = self->truncations;
  key.start = frame->start;
  key.span = frame->span;
  key.n_columns = frame->n_columns;
  key.n_series = self->series->len;
  if (memcmp (&key, &self->columns_key, sizeof key) != 0)
    {
      self->columns_key = key;
      self->columns_stale_from = 0;
      g_array_set_size (self->columns, (gsize) frame->n_columns * self->series->len);
    }
  else if (self->columns_length != frame->length && self->columns_length > frame->start)
    {
      /* The column of the old last sample, less a margin for rounding. */
      double column = floor ((double) (self->columns_length - 1 - frame->start) * frame->n_columns
                             / frame->span) - 2;

      self->columns_stale_from = MIN (self->columns_stale_from,
                                      (guint) CLAMP (column, 0, frame->n_columns));
    }
  else if (self->columns_length != frame->length)
    self->columns_stale_from = 0;
  self->columns_length = frame->length;
  stale_from = self->columns_stale_from;
  if (stale_from >= to)
    return;
  for (guint s = 0; s < self->series->len; s++)
    fill_columns (self, frame, s, MAX (from, stale_from), to,
                  &g_array_index (self->columns, MemsimChartColumn, (gsize) s * frame->n_columns));
  if (from <= stale_from)
    self->columns_stale_from = to;
}

/* ---- tiles ------------------------------------------------------------ */

/* Tiles of at most about 96 KiB: below glibc's threshold for mmap, so that
 * a new tile reuses freed heap memory instead of faulting fresh pages in,
 * and few enough pages for the TLB while a column is drawn; a multiple of
 * 16 columns, so that a tile starts on a whole logical pixel at scale 2. */
static guint
tile_columns_for (const MemsimChartFrame *frame)
{
  guint columns = (TILE_BYTES / 4) / (guint) MAX (frame->device_height, 1);

  return MAX (16, columns / 16 * 16);
}

static void
clear_tiles (MemsimChart *self)
{
  g_array_set_size (self->tiles, 0);
}

static void
tile_clear (gpointer data)
{
  MemsimChartTile *tile = data;

  g_clear_pointer (&tile->surface, cairo_surface_destroy);
}

void
memsim_chart_layer_init (MemsimChart *self)
{
  self->tiles = g_array_new (FALSE, TRUE, sizeof (MemsimChartTile));
  g_array_set_clear_func (self->tiles, tile_clear);
  self->spans = g_array_new (FALSE, FALSE, sizeof (Span));
}

void
memsim_chart_layer_finalize (MemsimChart *self)
{
  g_clear_pointer (&self->tiles, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
}

/* Draws tile @t afresh: a new surface, so that the one a recorded frame
 * may still show is never written to (see the top of this file), only as
 * tall as the rows the data touches in it.  NULL: no data there. */
static cairo_surface_t *
draw_tile (MemsimChart            *self,
           const MemsimChartFrame *frame,
           guint                   t,
           int                    *out_top)
{
  guint first = t * self->tile_columns;
  guint end = MIN (first + self->tile_columns, frame->n_columns);
  Spans spans = { self->spans, frame->device_height, INFINITY, -INFINITY };
  cairo_surface_t *surface;
  Raster raster;
  int top, bottom;
  g_autofree Pen *pens = g_new (Pen, self->series->len);

  for (guint s = 0; s < self->series->len; s++)
    {
      const MemsimChartColumn *columns = &g_array_index (self->columns, MemsimChartColumn,
                                                         (gsize) s * frame->n_columns);

      pen_init (&pens[s], self, s, columns);
      /* The step into the first column starts where the line left the last one. */
      if (first > 0 && columns[first - 1].first < columns[first - 1].end)
        pens[s].previous = memsim_chart_frame_device_y (frame, columns[first - 1].last);
    }
  g_array_set_size (spans.spans, 0);
  columns_spans (self, frame, &spans, pens, first, end);
  if (spans.spans->len == 0)
    return NULL;
  /* Whole logical pixels, so that the tile lands on device pixels. */
  top = (int) floor (spans.top) / frame->scale * frame->scale;
  bottom = MIN ((int) ceil (spans.bottom) + frame->scale - 1, frame->device_height)
           / frame->scale * frame->scale;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (end - first), bottom - top);
  cairo_surface_flush (surface);
  raster.pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (surface);
  raster.stride = (gsize) cairo_image_surface_get_stride (surface) / sizeof (guint32);
  raster.first = first;
  raster.top = top;
  for (guint i = 0; i < spans.spans->len; i++)
    raster_span (&raster, &g_array_index (spans.spans, Span, i));
  cairo_surface_mark_dirty (surface);
  cairo_surface_set_device_scale (surface, frame->scale, frame->scale);
  *out_top = top;
  return surface;
}

void
memsim_chart_build_layer (MemsimChart            *self,
                          const MemsimChartFrame *frame,
                          guint                   from,
                          guint                   to)
{
  guint n_tiles, first_tile, end_tile;

  if (self->tiles->len == 0 || self->tile_height != frame->device_height
      || self->tile_width != frame->n_columns || self->tile_scale != frame->scale)
    {
      clear_tiles (self);
      self->tile_columns = tile_columns_for (frame);
      self->tile_width = frame->n_columns;
      self->tile_height = frame->device_height;
      self->tile_scale = frame->scale;
      from = 0;
      to = frame->n_columns;
    }
  n_tiles = (frame->n_columns + self->tile_columns - 1) / self->tile_columns;
  g_array_set_size (self->tiles, n_tiles);
  if (from >= to)
    return;
  first_tile = from / self->tile_columns;
  end_tile = (to + self->tile_columns - 1) / self->tile_columns;
  update_columns (self, frame, first_tile > 0 ? first_tile * self->tile_columns - 1 : 0,
                  MIN (end_tile * self->tile_columns, frame->n_columns));
  for (guint t = first_tile; t < end_tile; t++)
    {
      MemsimChartTile *tile = &g_array_index (self->tiles, MemsimChartTile, t);

      /* Dropping the old tile hands its pixels to a recorded frame still
       * showing it, if any, without a copy. */
      g_clear_pointer (&tile->surface, cairo_surface_destroy);
      if (frame->length > 0)
        tile->surface = draw_tile (self, frame, t, &tile->top);
    }
}

void
memsim_chart_paint_layer (MemsimChart            *self,
                          cairo_t                *cr,
                          const MemsimChartFrame *frame)
{
  for (guint t = 0; t < self->tiles->len; t++)
    {
      const MemsimChartTile *tile = &g_array_index (self->tiles, MemsimChartTile, t);
      double x = frame->plot.origin.x + (double) (t * self->tile_columns) / frame->scale;
      double y = frame->plot.origin.y + (double) tile->top / frame->scale;

      if (tile->surface == NULL)
        continue;
      cairo_set_source_surface (cr, tile->surface, x, y);
      cairo_paint (cr);
    }
}
