/* memsim-chart-layer.c: the chart's data, rasterised one pixel column at a time
 *
 * Cairo strokes a polyline of two thousand short, steep segments in tens
 * of milliseconds (its stroker and tessellator are general); a chart only
 * ever needs vertical spans in whole pixel columns.  So the data layer is
 * written straight into a premultiplied BGRA buffer: per column, the
 * envelope (the extremes of the column's samples, translucent) and the step
 * from the previous column's last value to this one's (opaque), each span
 * antialiased at its two ends by its coverage of the end pixels.  The
 * buffer is a cairo image surface that snapshot() paints over the plot (a
 * GdkTexture would be converted pixel by pixel on every frame by GTK 4.8's
 * cairo renderer); it is kept while neither the data nor the geometry
 * changes, so hovering costs no rasterising.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "memsim-chart-draw.h"
#include "memsim-chart-private.h"

#define MUTED_ALPHA    0.35
#define ENVELOPE_ALPHA 0.25

/* Column-major: column c is pixels[c · height …], top to bottom, so that
 * a span is a run of consecutive words.  Row-major (the surface's order)
 * would put each pixel of a span on another cache line, often another
 * page; the transposition into the surface at the end reads each cache
 * line of this buffer once for 16 rows. */
typedef struct {
  guint32 *pixels;
  int      width;
  int      height;
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

/* Paints rows [y0, y1) (fractional) of @column: the rows it covers whole
 * at full strength, the one or two rows at its ends by their coverage. */
static void
raster_span (Raster      *raster,
             int          column,
             double       y0,
             double       y1,
             const Paint *paint)
{
  guint32 *pixels = raster->pixels + (gsize) column * raster->height;
  int whole_first, whole_end;

  y0 = MAX (y0, 0);
  y1 = MIN (y1, raster->height);
  if (y1 <= y0)
    return;
  whole_first = (int) ceil (y0);
  whole_end = (int) floor (y1);
  if (whole_end < whole_first)
    {
      /* Inside one row. */
      guint32 *pixel = &pixels[whole_end];

      *pixel = over_partial (*pixel, paint, y1 - y0);
      return;
    }
  if (whole_first > y0)
    {
      guint32 *pixel = &pixels[whole_first - 1];

      *pixel = over_partial (*pixel, paint, whole_first - y0);
    }
  for (int row = whole_first; row < whole_end; row++)
    pixels[row] = over (pixels[row], paint);
  if (y1 > whole_end)
    {
      guint32 *pixel = &pixels[whole_end];

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

  for (guint c = from; c < to; c++)
    {
      MemsimChartColumn *column = &columns[c];
      guint64 index;

      if (frame->aggregated)
        {
          memsim_chart_pyramid_column (values, frame->start, frame->span, frame->n_columns, c, column);
          continue;
        }
      index = frame->start + (guint64) ((c + 0.5) * frame->span / frame->n_columns);
      column->first = column->end = (guint) MIN (index, (guint64) frame->length);
      if (index >= frame->length)
        continue;
      column->end = column->first + 1;
      column->min = column->max = column->last = memsim_chart_pyramid_get (values, (guint) index);
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

/* Column @c of one series: its envelope, then the step to its last value. */
static void
raster_column (Raster                 *raster,
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
    raster_span (raster, c, memsim_chart_frame_device_y (frame, column->max),
                 memsim_chart_frame_device_y (frame, column->min), &pen->envelope[muted]);
  if (isnan (pen->previous))
    pen->previous = y;
  raster_span (raster, c, MIN (pen->previous, y) - half_width, MAX (pen->previous, y) + half_width,
               &pen->line[muted]);
  pen->previous = y;
}

static void
raster_series (MemsimChart            *self,
               const MemsimChartFrame *frame,
               Raster                 *raster,
               Pen                    *pens,
               guint                   from,
               guint                   to)
{
  guint muted_from = memsim_chart_frame_muted_from (self, frame);
  double half_width = (frame->aggregated ? 0.75 : 1.0) * frame->scale;

  for (guint s = 0; s < self->series->len; s++)
    for (guint c = from; c < to; c++)
      raster_column (raster, frame, &pens[s], c, c >= muted_from, half_width);
}

/* The raster, transposed into the surface's rows, 16 rows at a time: the
 * 16 pixels of a column that one pass reads are one cache line. */
static void
copy_to_surface (const Raster    *raster,
                 cairo_surface_t *surface,
                 int              from,
                 int              to)
{
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (int top = 0; top < raster->height; top += 16)
    {
      int rows = MIN (16, raster->height - top);

      for (int c = from; c < to; c++)
        {
          const guint32 *in = raster->pixels + (gsize) c * raster->height + top;
          guint8 *out = data + (gsize) top * stride + (gsize) c * 4;

          for (int r = 0; r < rows; r++)
            *(guint32 *) (gpointer) (out + (gsize) r * stride) = in[r];
        }
    }
}

/* A surface of the frame's size: the previous one when nothing else holds
 * it any more (a recording of an earlier frame might). */
static cairo_surface_t *
layer_surface (cairo_surface_t        *previous,
               const MemsimChartFrame *frame,
               gboolean               *reused)
{
  cairo_surface_t *surface;

  *reused = FALSE;
  if (previous != NULL && cairo_surface_get_reference_count (previous) == 1
      && cairo_image_surface_get_width (previous) == (int) frame->n_columns
      && cairo_image_surface_get_height (previous) == frame->device_height)
    {
      surface = cairo_surface_reference (previous);
      cairo_surface_flush (surface);
      *reused = TRUE;
    }
  else
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) frame->n_columns,
                                            frame->device_height);
      cairo_surface_flush (surface);
    }
  cairo_surface_set_device_scale (surface, frame->scale, frame->scale);
  return surface;
}

/* Clears columns [*from, *to) of the raster (all of it, and widens the
 * range to every column, when its size changed). */
static void
clear_raster (MemsimChart            *self,
              const MemsimChartFrame *frame,
              guint                  *from,
              guint                  *to)
{
  gsize size = (gsize) frame->n_columns * frame->device_height;

  if (self->raster->len != size)
    {
      *from = 0;
      *to = frame->n_columns;
      g_array_set_size (self->raster, 0);
      g_array_set_size (self->raster, size);
      return;
    }
  memset (&g_array_index (self->raster, guint32, (gsize) *from * frame->device_height), 0,
          (gsize) (*to - *from) * frame->device_height * sizeof (guint32));
}

cairo_surface_t *
memsim_chart_build_layer (MemsimChart            *self,
                          const MemsimChartFrame *frame,
                          cairo_surface_t        *previous,
                          guint                   from,
                          guint                   to)
{
  gboolean reused;
  cairo_surface_t *surface = layer_surface (previous, frame, &reused);
  Raster raster = { NULL, (int) frame->n_columns, frame->device_height };
  g_autofree Pen *pens = g_new (Pen, self->series->len);

  clear_raster (self, frame, &from, &to);
  raster.pixels = (guint32 *) (gpointer) self->raster->data;
  g_array_set_size (self->columns, frame->n_columns * self->series->len);
  for (guint s = 0; s < self->series->len; s++)
    {
      MemsimChartColumn *columns = &g_array_index (self->columns, MemsimChartColumn, s * frame->n_columns);

      fill_columns (self, frame, s, from > 0 ? from - 1 : 0, to, columns);
      pen_init (&pens[s], self, s, columns);
      /* The step into column @from starts where the line left the last one. */
      if (from > 0 && columns[from - 1].first < columns[from - 1].end)
        pens[s].previous = memsim_chart_frame_device_y (frame, columns[from - 1].last);
    }
  if (frame->length > 0)
    raster_series (self, frame, &raster, pens, from, to);
  if (reused)
    copy_to_surface (&raster, surface, (int) from, (int) to);
  else
    copy_to_surface (&raster, surface, 0, raster.width);
  cairo_surface_mark_dirty (surface);
  return surface;
}
