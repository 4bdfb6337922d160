/* memsim-chart-private.h: what the chart's tests and benchmark look at */
#pragma once

#include "memsim-chart.h"
#include "memsim-chart-pyramid.h"

G_BEGIN_DECLS

const MemsimChartPyramid *memsim_chart_get_pyramid    (MemsimChart     *self,
                                                       guint            series);
/* The pointer at @x (widget coordinates), as the motion controller sets it;
 * a negative @x is the pointer leaving. */
void                      memsim_chart_hover          (MemsimChart     *self,
                                                       double           x);
/* The hover readout ("Operation 4\nUsed: 30.0%"), NULL when none. */
char                     *memsim_chart_get_readout    (MemsimChart     *self);
/* Where the data is drawn, for the current allocation. */
void                      memsim_chart_get_plot_area  (MemsimChart     *self,
                                                       graphene_rect_t *area);
/* The x of sample @index and the y of @value on the current axes. */
double                    memsim_chart_x_for_index    (MemsimChart     *self,
                                                       guint            index);
double                    memsim_chart_y_for_value    (MemsimChart     *self,
                                                       double           value);
/* The colour series @series is drawn in now (light or dark shade). */
void                      memsim_chart_get_series_rgba (MemsimChart    *self,
                                                        guint           series,
                                                        GdkRGBA        *rgba);

G_END_DECLS
