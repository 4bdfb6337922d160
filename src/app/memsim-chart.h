/* memsim-chart.h: a live chart of one or more series over operations */
#pragma once

#include <gtk/gtk.h>

#include "memsim-chart-format.h"

G_BEGIN_DECLS

/* Hues of the GNOME palette; each has a shade for light and one for dark. */
typedef enum {
  MEMSIM_CHART_COLOR_BLUE,
  MEMSIM_CHART_COLOR_GREEN,
  MEMSIM_CHART_COLOR_ORANGE,
  MEMSIM_CHART_COLOR_PURPLE,
  MEMSIM_CHART_COLOR_RED,
} MemsimChartColor;

#define MEMSIM_TYPE_CHART (memsim_chart_get_type ())
G_DECLARE_FINAL_TYPE (MemsimChart, memsim_chart, MEMSIM, CHART, GtkWidget)

GtkWidget      *memsim_chart_new                (const char       *title,
                                                 MemsimChartUnit   unit);
const char     *memsim_chart_get_title          (MemsimChart      *self);
MemsimChartUnit memsim_chart_get_unit           (MemsimChart      *self);

/* Series are added before the first sample; returns the series' index. */
guint           memsim_chart_add_series         (MemsimChart      *self,
                                                 const char       *label,
                                                 MemsimChartColor  color);
guint           memsim_chart_get_n_series       (MemsimChart      *self);
const char     *memsim_chart_get_series_label   (MemsimChart      *self,
                                                 guint             series);

/* Sample i is the state after operation i + 1; @values has one value per
 * series.  Appending or truncating queues a redraw (at most one a frame). */
void            memsim_chart_append             (MemsimChart      *self,
                                                 const double     *values);
void            memsim_chart_truncate           (MemsimChart      *self,
                                                 guint             length);
guint           memsim_chart_get_length         (MemsimChart      *self);
double          memsim_chart_get_value          (MemsimChart      *self,
                                                 guint             series,
                                                 guint             index);

/* The timeline cursor: the number of operations applied.  Samples at
 * @cursor and after it are the redo tail, drawn muted.  Property "cursor". */
void            memsim_chart_set_cursor         (MemsimChart      *self,
                                                 guint             cursor);
guint           memsim_chart_get_cursor         (MemsimChart      *self);

/* 0 shows the whole history; N shows N operations around the cursor and
 * follows the latest one while the cursor is at the end.  Property "window". */
void            memsim_chart_set_window         (MemsimChart      *self,
                                                 guint             window);
guint           memsim_chart_get_window         (MemsimChart      *self);
/* The operations on the x axis: samples [start, start + span). */
void            memsim_chart_get_visible_range  (MemsimChart      *self,
                                                 guint64          *start,
                                                 guint64          *span);

/* "Operation 12: Used 40.0%, …" for sample @index. */
char           *memsim_chart_describe_at        (MemsimChart      *self,
                                                 guint             index);
/* Sets the accessible description to the state at the cursor; call it
 * after a batch of changes (it is not redone on every append). */
void            memsim_chart_update_description (MemsimChart      *self);
/* Draws the chart as its snapshot does, at its current size, onto @cr in
 * the chart's coordinates (the comparison's SVG export). */
void            memsim_chart_draw               (MemsimChart      *self,
                                                 cairo_t          *cr);

G_END_DECLS
