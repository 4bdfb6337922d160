/* memsim-chart-pyramid.h: one chart series and its level-of-detail pyramid
 *
 * The values of a series, one per operation, and above them levels of
 * (min, max) summaries: level 0 summarises 8 values an entry, level 1 64,
 * level 2 512, and so on.  Only whole blocks are summarised, so appending a
 * value touches one entry per level at most (amortised O(1)) and truncating
 * only shortens each level.  The extremes of any range [start, end) then cost
 * at most 2 × 7 entries per level: O(log n), whatever the length of the range.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MEMSIM_CHART_PYRAMID_FANOUT 8

typedef struct _MemsimChartPyramid MemsimChartPyramid;

/* One pixel column of a chart: the extremes of its samples and the last one. */
typedef struct {
  guint first;  /* first sample of the column */
  guint end;    /* one past its last sample; first == end: no samples */
  float min;
  float max;
  float last;
} MemsimChartColumn;

MemsimChartPyramid *memsim_chart_pyramid_new          (void);
void                memsim_chart_pyramid_free         (MemsimChartPyramid       *self);
guint               memsim_chart_pyramid_get_length   (const MemsimChartPyramid *self);
float               memsim_chart_pyramid_get          (const MemsimChartPyramid *self,
                                                       guint                     index);
/* Every value, contiguous (valid until the next append or truncation). */
const float        *memsim_chart_pyramid_peek         (const MemsimChartPyramid *self,
                                                       guint                    *out_length);
void                memsim_chart_pyramid_append       (MemsimChartPyramid       *self,
                                                       float                     value);
void                memsim_chart_pyramid_truncate     (MemsimChartPyramid       *self,
                                                       guint                     length);
/* The number of summary levels now (for tests: 1,000 values have 3). */
guint               memsim_chart_pyramid_get_n_levels (const MemsimChartPyramid *self);
/* Extremes of the values in [start, end); start < end <= length. */
void                memsim_chart_pyramid_range        (const MemsimChartPyramid *self,
                                                       guint                     start,
                                                       guint                     end,
                                                       float                    *out_min,
                                                       float                    *out_max);
/* Column @c alone of the split that memsim_chart_pyramid_columns () makes. */
void                memsim_chart_pyramid_column       (const MemsimChartPyramid *self,
                                                       guint64                   start,
                                                       guint64                   span,
                                                       guint                     n_columns,
                                                       guint                     c,
                                                       MemsimChartColumn        *column);
/* Splits the domain [start, start + span) into @n_columns equal columns
 * (column c is [start + c·span/n, start + (c+1)·span/n), in whole samples) and
 * fills @out with each column's extremes over the samples it holds. */
void                memsim_chart_pyramid_columns      (const MemsimChartPyramid *self,
                                                       guint64                   start,
                                                       guint64                   span,
                                                       guint                     n_columns,
                                                       MemsimChartColumn        *out);
/* The same for columns [from, to) only: out[from] … out[to - 1] are set. */
void                memsim_chart_pyramid_columns_range (const MemsimChartPyramid *self,
                                                        guint64                   start,
                                                        guint64                   span,
                                                        guint                     n_columns,
                                                        guint                     from,
                                                        guint                     to,
                                                        MemsimChartColumn        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimChartPyramid, memsim_chart_pyramid_free)

G_END_DECLS
