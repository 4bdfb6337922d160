/* memsim-chart-draw.h: the chart's insides, shared by its two files */
#pragma once

#include <adwaita.h>

#include "memsim-chart.h"
#include "memsim-chart-pyramid.h"

G_BEGIN_DECLS

typedef struct {
  char               *label;
  MemsimChartColor    color;
  MemsimChartPyramid *values;
} MemsimChartSeries;

/* Everything the data layer depends on but its length and the cursor:
 * with equal keys, only the columns of new samples and the columns the
 * cursor moved across differ. */
typedef struct {
  guint64 truncations;
  guint64 start;
  guint64 span;
  double  y_top;
  int     width;
  int     height;
  int     scale;
  gboolean dark;
} MemsimChartLayerKey;

/* What the cached column extremes were queried for: with equal keys, only
 * the columns of samples appended since differ. */
typedef struct {
  guint64 truncations;
  guint64 start;
  guint64 span;
  guint   n_columns;
  guint   n_series;
} MemsimChartColumnsKey;

/* A strip of the data layer (memsim-chart-layer.c). */
typedef struct {
  cairo_surface_t *surface;   /* NULL: nothing drawn there */
  int              top;       /* its first row in the plot, in device pixels */
} MemsimChartTile;

struct _MemsimChart {
  GtkWidget        parent_instance;

  char            *title;
  MemsimChartUnit  unit;
  GArray          *series;    /* MemsimChartSeries */
  guint            length;    /* samples in every series */
  guint            cursor;
  guint            window;    /* 0: the whole history */
  double           hover_x;   /* < 0: no pointer */
  GArray          *columns;   /* MemsimChartColumn, per series n_columns of them */
  MemsimChartColumnsKey columns_key;
  guint            columns_length;     /* samples when they were last brought up to date */
  guint            columns_stale_from; /* the columns from this one on are out of date */
  guint64          generation;   /* counts appends and truncations */
  guint64          truncations;  /* counts truncations (and new series) */
  gboolean         redraw_queued;
  GArray          *tiles;        /* MemsimChartTile: the rasterised data (memsim-chart-layer.c) */
  GArray          *spans;        /* scratch for drawing a tile */
  guint            tile_columns;  /* device columns a tile */
  guint            tile_width;    /* the plot they were made for, in device pixels */
  int              tile_height;
  int              tile_scale;
  MemsimChartLayerKey layer_key; /* what it was drawn for */
  guint            layer_length; /* and with how many samples */
  guint            layer_muted_from; /* and from which column muted */
};

/* Where things go in one frame, for the current size and data. */
typedef struct {
  graphene_rect_t plot;       /* the data area, inside the axes */
  guint64         start;      /* visible samples [start, start + span) */
  guint64         span;
  guint           length;
  int             scale;      /* device pixels a logical pixel */
  guint           n_columns;  /* device pixels across the plot */
  int             device_height;
  gboolean        aggregated; /* more samples than columns: min/max per column */
  double          y_top;      /* the value at the top of the plot */
  double          y_step;     /* between horizontal grid lines */
} MemsimChartFrame;

#define MEMSIM_CHART_TOP_PADDING 3.0   /* so that a line at the top value is drawn whole */

/* Inline: the data layer computes three a column and series. */
static inline double
memsim_chart_frame_y (const MemsimChartFrame *frame,
                      double                  value)
{
  return frame->plot.origin.y + MEMSIM_CHART_TOP_PADDING
         + (frame->plot.size.height - MEMSIM_CHART_TOP_PADDING) * (1.0 - value / frame->y_top);
}

/* The same, in device pixels from the top of the plot. */
static inline double
memsim_chart_frame_device_y (const MemsimChartFrame *frame,
                             double                  value)
{
  return (memsim_chart_frame_y (frame, value) - frame->plot.origin.y) * frame->scale;
}

static inline MemsimChartSeries *
memsim_chart_series (MemsimChart *self,
                     guint        series)
{
  return &g_array_index (self->series, MemsimChartSeries, series);
}

void     memsim_chart_frame_init     (MemsimChart            *self,
                                      MemsimChartFrame       *frame);
double   memsim_chart_frame_x        (const MemsimChartFrame *frame,
                                      guint                   index);
/* The sample under @x: the last one of the pixel column when aggregated. */
gboolean memsim_chart_frame_index_at (const MemsimChartFrame *frame,
                                      double                  x,
                                      guint                  *index);
gboolean memsim_chart_hovered_index  (MemsimChart            *self,
                                      guint                  *index);
void     memsim_chart_snapshot       (GtkWidget              *widget,
                                      GtkSnapshot            *snapshot);
/* Appends and truncations call it: a new generation, one redraw a frame. */
void     memsim_chart_data_changed   (MemsimChart            *self);
/* The device column where the redo tail starts (n_columns: none). */
guint    memsim_chart_frame_muted_from (MemsimChart            *self,
                                        const MemsimChartFrame *frame);
void     memsim_chart_layer_init     (MemsimChart            *self);
void     memsim_chart_layer_finalize (MemsimChart            *self);
/* Brings the data layer up to date for @frame: only columns [from, to)
 * changed (the tiles they fall in are drawn again), or every column when
 * the size changed.  An empty chart gets no tiles. */
void     memsim_chart_build_layer    (MemsimChart            *self,
                                      const MemsimChartFrame *frame,
                                      guint                   from,
                                      guint                   to);
/* Paints the layer's tiles over the plot. */
void     memsim_chart_paint_layer    (MemsimChart            *self,
                                      cairo_t                *cr,
                                      const MemsimChartFrame *frame);

G_END_DECLS
