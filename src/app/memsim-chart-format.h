/* memsim-chart-format.h: axis ticks and value labels of the charts */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MEMSIM_CHART_UNIT_COUNT,     /* blocks, arenas, operations */
  MEMSIM_CHART_UNIT_BYTES,     /* ticks in B, KiB, MiB, GiB */
  MEMSIM_CHART_UNIT_FRACTION,  /* 0 … 1, shown as a percentage */
} MemsimChartUnit;

/* A tick step for [0, @range] that gives at most @max_ticks intervals:
 * 1, 2 or 5 × a power of ten (of a power of 1024 in bytes). */
double memsim_chart_nice_step   (double          range,
                                 guint           max_ticks,
                                 MemsimChartUnit unit);
/* The top of an axis that shows [0, @max]: a whole number of nice steps,
 * and at least one step (1, 1 B or 100 %). */
double memsim_chart_nice_top    (double          max,
                                 guint           max_ticks,
                                 MemsimChartUnit unit);
/* A short tick label: "250k", "1.5 MiB", "40%".  @step says how many
 * decimals the tick needs, @top which multiple (k, M, KiB, …) to use. */
char  *memsim_chart_format_tick (double          value,
                                 double          step,
                                 double          top,
                                 MemsimChartUnit unit);
/* A value as the hover readout shows it: "1234", "1.5 MiB", "42.5%". */
char  *memsim_chart_format_value (double          value,
                                  MemsimChartUnit unit);

G_END_DECLS
