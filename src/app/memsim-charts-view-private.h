/* memsim-charts-view-private.h: what the tests look at */
#pragma once

#include "memsim-chart.h"
#include "memsim-charts-view.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_CHARTS_VIEW_USED,
  MEMSIM_CHARTS_VIEW_FRAGMENTATION,
  MEMSIM_CHARTS_VIEW_FREE_BLOCKS,
  MEMSIM_CHARTS_VIEW_SUCCESS,
  MEMSIM_CHARTS_VIEW_OBJECT_STORE,
  MEMSIM_CHARTS_VIEW_N_CHARTS
} MemsimChartsViewChart;

/* The operations shown when the view follows a window rather than the
 * whole history (property "windowed", action "charts.windowed"). */
#define MEMSIM_CHARTS_VIEW_WINDOW 1000

MemsimChart *memsim_charts_view_get_chart (MemsimChartsView      *self,
                                           MemsimChartsViewChart  chart);
/* Brings the charts up to date now rather than on the next frame. */
void         memsim_charts_view_sync      (MemsimChartsView      *self);

G_END_DECLS
