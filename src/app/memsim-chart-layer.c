/* memsim-chart-layer.c: the chart's data, rasterised one pixel column at a time
 *
 * Cairo strokes a polyline of two thousand short, steep segments in tens
 * of milliseconds (its stroker and tessellator are general); a chart only
 * ever needs vertical spans in whole pixel columns.  So the data layer is
 * written straight into the pixels of cairo image surfaces: per column,
 * the envelope (the extremes of the column's samples, translucent) and the
 * step from the previous column's last value to this one's (opaque), each
 * span antialiased at its two ends by its coverage of the end pixels.
 *
 * The pixels hold coverage, not colour: one A8 mask per series, in which
 * the envelope is a quarter and the line whole (the line over the
 * envelope: a = line + envelope / 4 · (1 - line)).  Everything one series
 * draws in a pixel is its colour at some opacity, so snapshot() paints
 * each mask with the series' colour, and the columns of the redo tail
 * with the same colour muted (a clip at the cursor's column).  A style
 * change or a cursor move therefore rasterises nothing.  The series are
 * painted in order, the later ones on top.  The layer is a row of tiles
 * (masks a hundred-odd columns wide); they are kept while neither the
 * data nor the geometry changes, so hovering costs no rasterising, and a
 * replay draws again only the tiles of the columns that changed.
 *
 * A tile is never written to once painted: cairo records a painted surface
 * as a copy-on-write snapshot that stays attached to it, and writing to the
 * surface would first copy all of it.  A changed tile is drawn on new
 * surfaces instead, and dropping the old ones hands their pixels to the
 * snapshot without a copy.  The column extremes the pyramid gives are
 * cached too (update_columns ()), so a redraw of every column for a new y
 * scale queries nothing.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "memsim-chart-draw.h"
#include "memsim-chart-private.h"

#define MUTED_ALPHA    0.35
#define ENVELOPE_COVER 64            /* a quarter of 255, rounded */
#define LINE_COVER     255
#define TILE_BYTES     (96 * 1024)   /* see tile_columns_for () */

/* One series' mask in a tile, row by row: columns [first, …) and rows
 * [top, …) of the plot. */
typedef struct {
  guint8 *pixels;
  gsize   stride;
  guint   first;
  int     top;
} Raster;

/* Rows [y0, y1) (fractional, inside the plot) of a column of one series. */
typedef struct {
  double y0;
  double y1;
  guint  column;
  guint  series;
  guint  cover;   /* ENVELOPE_COVER or LINE_COVER */
} Span;

/* x · y / 255, rounded, without a division (the pixman way). */
static inline guint
mul_255 (guint x,
         guint y)
{
  guint t = x * y + 128;

  return (t + (t >> 8)) >> 8;
}

/* a' = s + a · (1 - s), in 8 bits. */
static inline guint8
over (guint dst,
      guint src)
{
  return (guint8) (src + mul_255 (dst, 255 - src));
}

/* Adds @span to its series' mask: the rows it covers whole at full
 * strength, the one or two rows at its ends by their coverage. */
static void
raster_span (Raster     *raster,
             const Span *span)
{
  guint8 *pixels = raster->pixels + (span->column - raster->first);
  gsize stride = raster->stride;
  int top = raster->top;   /* rows count from the plot's top, the tile's from @top */
  guint cover = span->cover;
  double y0 = span->y0, y1 = span->y1;
  int whole_first = (int) ceil (y0);
  int whole_end = (int) floor (y1);

  if (whole_end < whole_first)
    {
      /* Inside one row. */
      guint8 *pixel = &pixels[(gsize) (whole_end - top) * stride];

      *pixel = over (*pixel, (guint) (cover * (y1 - y0)));
      return;
    }
  if (whole_first > y0)
    {
      guint8 *pixel = &pixels[(gsize) (whole_first - 1 - top) * stride];

      *pixel = over (*pixel, (guint) (cover * (whole_first - y0)));
    }
  if (cover == 255)
    for (int row = whole_first - top; row < whole_end - top; row++)
      pixels[(gsize) row * stride] = 255;
  else
    for (int row = whole_first - top; row < whole_end - top; row++)
      pixels[(gsize) row * stride] = over (pixels[(gsize) row * stride], cover);
  if (y1 > whole_end)
    {
      guint8 *pixel = &pixels[(gsize) (whole_end - top) * stride];

      *pixel = over (*pixel, (guint) (cover * (y1 - whole_end)));
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

/* One series' columns, and where its line was in the last column. */
typedef struct {
  const MemsimChartColumn *columns;
  double                   previous;   /* NAN: no previous column */
} Pen;

/* The spans of a tile, in the order they are painted, and the rows they
 * touch. */
typedef struct {
  GArray *spans;    /* Span */
  int     height;   /* of the plot, in device pixels */
  double  top;
  double  bottom;
} Spans;

static void
add_span (Spans *spans,
          guint  column,
          guint  series,
          double y0,
          double y1,
          guint  cover)
{
  Span span = { MAX (y0, 0), MIN (y1, spans->height), column, series, cover };

  if (span.y1 <= span.y0)
    return;
  g_array_append_val (spans->spans, span);
  spans->top = MIN (spans->top, span.y0);
  spans->bottom = MAX (spans->bottom, span.y1);
}

/* Column @c of series @s: its envelope, then the step to its last value. */
static void
column_spans (Spans                  *spans,
              const MemsimChartFrame *frame,
              Pen                    *pen,
              guint                   s,
              guint                   c,
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
    add_span (spans, c, s, memsim_chart_frame_device_y (frame, column->max),
              memsim_chart_frame_device_y (frame, column->min), ENVELOPE_COVER);
  if (isnan (pen->previous))
    pen->previous = y;
  add_span (spans, c, s, MIN (pen->previous, y) - half_width, MAX (pen->previous, y) + half_width,
            LINE_COVER);
  pen->previous = y;
}

/* Columns [from, to) of every series. */
static void
columns_spans (MemsimChart            *self,
               const MemsimChartFrame *frame,
               Spans                  *spans,
               Pen                    *pens,
               guint                   from,
               guint                   to)
{
  double half_width = (frame->aggregated ? 0.75 : 1.0) * frame->scale;

  for (guint c = from; c < to; c++)
    for (guint s = 0; s < self->series->len; s++)
      column_spans (spans, frame, &pens[s], s, c, half_width);
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

/* Tiles as wide as ARGB tiles of at most about 96 KiB (a mask holds a
 * quarter of that a series): below glibc's threshold for mmap, so that a
 * new tile reuses freed heap memory instead of faulting fresh pages in,
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

  for (guint s = 0; s < tile->n_masks; s++)
    g_clear_pointer (&tile->masks[s], cairo_surface_destroy);
  g_clear_pointer (&tile->masks, g_free);
  tile->n_masks = 0;
  g_clear_pointer (&tile->picture, cairo_surface_destroy);
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

static cairo_surface_t *
new_mask (guint          width,
          int            height,
          const Raster  *place,
          Raster        *raster)
{
  cairo_surface_t *mask = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) width, height);

  cairo_surface_flush (mask);
  *raster = *place;
  raster->pixels = cairo_image_surface_get_data (mask);
  raster->stride = (gsize) cairo_image_surface_get_stride (mask);
  return mask;
}

/* Draws tile @t afresh into @tile: new masks, so that those a recorded
 * frame may still show are never written to (see the top of this file),
 * only as tall as the rows the data touches in the tile.  No masks: no
 * data there. */
static void
draw_tile (MemsimChart            *self,
           const MemsimChartFrame *frame,
           guint                   t,
           MemsimChartTile        *tile)
{
  guint first = t * self->tile_columns;
  guint end = MIN (first + self->tile_columns, frame->n_columns);
  guint n_series = self->series->len;
  Spans spans = { self->spans, frame->device_height, INFINITY, -INFINITY };
  Raster place = { NULL, 0, first, 0 };
  int bottom;
  g_autofree Pen *pens = g_new (Pen, n_series);
  g_autofree Raster *rasters = g_new0 (Raster, n_series);

  for (guint s = 0; s < n_series; s++)
    {
      const MemsimChartColumn *columns = &g_array_index (self->columns, MemsimChartColumn,
                                                         (gsize) s * frame->n_columns);

      pens[s].columns = columns;
      pens[s].previous = NAN;
      /* The step into the first column starts where the line left the last one. */
      if (first > 0 && columns[first - 1].first < columns[first - 1].end)
        pens[s].previous = memsim_chart_frame_device_y (frame, columns[first - 1].last);
    }
  g_array_set_size (spans.spans, 0);
  columns_spans (self, frame, &spans, pens, first, end);
  if (spans.spans->len == 0)
    return;
  /* Whole logical pixels, so that the tile lands on device pixels. */
  place.top = (int) floor (spans.top) / frame->scale * frame->scale;
  bottom = MIN ((int) ceil (spans.bottom) + frame->scale - 1, frame->device_height)
           / frame->scale * frame->scale;
  tile->top = place.top;
  tile->n_masks = n_series;
  tile->masks = g_new0 (cairo_surface_t *, n_series);
  for (guint i = 0; i < spans.spans->len; i++)
    {
      const Span *span = &g_array_index (spans.spans, Span, i);

      if (tile->masks[span->series] == NULL)
        tile->masks[span->series] = new_mask (end - first, bottom - place.top, &place,
                                              &rasters[span->series]);
      raster_span (&rasters[span->series], span);
    }
  for (guint s = 0; s < n_series; s++)
    if (tile->masks[s] != NULL)
      cairo_surface_mark_dirty (tile->masks[s]);
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

      /* Dropping the old masks hands their pixels to a recorded frame
       * still showing them, if any, without a copy. */
      tile_clear (tile);
      if (frame->length > 0)
        draw_tile (self, frame, t, tile);
    }
}

/* Adds @mask in @color at @alpha to @cr (the tile's picture, in device
 * pixels), within the tile's columns [from, to) only. */
static void
compose_mask (cairo_t         *cr,
              cairo_surface_t *mask,
              const GdkRGBA   *color,
              double           alpha,
              guint            from,
              guint            to)
{
  cairo_save (cr);
  cairo_rectangle (cr, from, 0, to - from, cairo_image_surface_get_height (mask));
  cairo_clip (cr);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
  cairo_mask_surface (cr, mask, 0, 0);
  cairo_restore (cr);
}

/* The tile's picture: its masks in the series' colours, in order (the
 * later ones on top), those of columns from @muted_from (in the tile) on
 * muted.  A new surface, as for the masks (see the top of this file). */
static cairo_surface_t *
compose_tile (const MemsimChartTile  *tile,
              const MemsimChartFrame *frame,
              guint                   width,
              const GdkRGBA          *colors,
              guint                   muted_from)
{
  cairo_surface_t *picture = NULL;
  cairo_t *cr = NULL;

  for (guint s = 0; s < tile->n_masks; s++)
    {
      cairo_surface_t *mask = tile->masks[s];

      if (mask == NULL)
        continue;
      if (cr == NULL)
        {
          picture = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width,
                                                cairo_image_surface_get_height (mask));
          cr = cairo_create (picture);
        }
      if (muted_from > 0)
        compose_mask (cr, mask, &colors[s], 1.0, 0, muted_from);
      if (muted_from < width)
        compose_mask (cr, mask, &colors[s], MUTED_ALPHA, muted_from, width);
    }
  if (cr == NULL)
    return NULL;
  cairo_destroy (cr);
  cairo_surface_set_device_scale (picture, frame->scale, frame->scale);
  return picture;
}

void
memsim_chart_paint_layer (MemsimChart            *self,
                          cairo_t                *cr,
                          const MemsimChartFrame *frame)
{
  guint muted_from = memsim_chart_frame_muted_from (self, frame);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autofree GdkRGBA *colors = NULL;

  for (guint t = 0; t < self->tiles->len; t++)
    {
      MemsimChartTile *tile = &g_array_index (self->tiles, MemsimChartTile, t);
      guint first = t * self->tile_columns;
      guint width = MIN (first + self->tile_columns, frame->n_columns) - first;
      guint tile_muted_from = CLAMP (muted_from, first, first + width) - first;
      double x = frame->plot.origin.x + (double) first / frame->scale;
      double y = frame->plot.origin.y + (double) tile->top / frame->scale;

      if (tile->n_masks == 0)
        continue;
      if (tile->picture == NULL || tile->picture_dark != dark || tile->picture_muted_from != tile_muted_from)
        {
          if (colors == NULL)
            {
              colors = g_new (GdkRGBA, self->series->len);
              for (guint s = 0; s < self->series->len; s++)
                memsim_chart_get_series_rgba (self, s, &colors[s]);
            }
          /* Dropping the old picture hands its pixels to a recorded frame
           * still showing it, if any, without a copy. */
          g_clear_pointer (&tile->picture, cairo_surface_destroy);
          tile->picture = compose_tile (tile, frame, width, colors, tile_muted_from);
          tile->picture_dark = dark;
          tile->picture_muted_from = tile_muted_from;
        }
      cairo_set_source_surface (cr, tile->picture, x, y);
      cairo_paint (cr);
    }
}
