/* memsim-chart-pyramid.c: a chart series and its min/max pyramid
 *
 *   values   v0 v1 … v7 | v8 … v15 | … | v(8k) … (partial block: not summarised)
 *   level 0  [min,max of v0…v7] [v8…v15] …          one entry per 8 values
 *   level 1  [min,max of level-0 entries 0…7] …     one entry per 64 values
 *
 * Invariant: level k has exactly floor(length / 8^(k+1)) entries, so every
 * entry is the summary of a whole block and no entry is ever revised: an
 * append completes at most one block per level, a truncation drops entries.
 *
 * A range query walks up: it scans the loose ends of the range at one level
 * (fewer than 8 entries at each end), then continues with the whole blocks
 * in between one level higher.  Floats, not doubles: a chart needs pixel
 * precision, and a million samples of seven series then cost 28 MB.
 */
#include "config.h"

#include <math.h>

#include "memsim-chart-pyramid.h"

#define FANOUT MEMSIM_CHART_PYRAMID_FANOUT
#define PREFETCH_AHEAD 4

typedef struct {
  float min;
  float max;
} Extent;

struct _MemsimChartPyramid {
  GArray    *values;   /* float */
  GPtrArray *levels;   /* GArray of Extent; levels[k] covers 8^(k+1) values an entry */
};

MemsimChartPyramid *
memsim_chart_pyramid_new (void)
{
  MemsimChartPyramid *self = g_new0 (MemsimChartPyramid, 1);

  self->values = g_array_new (FALSE, FALSE, sizeof (float));
  self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return self;
}

void
memsim_chart_pyramid_free (MemsimChartPyramid *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->values);
  g_ptr_array_unref (self->levels);
  g_free (self);
}

guint
memsim_chart_pyramid_get_length (const MemsimChartPyramid *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->values->len;
}

float
memsim_chart_pyramid_get (const MemsimChartPyramid *self,
                          guint                     index)
{
  g_return_val_if_fail (self != NULL, 0.f);
  g_return_val_if_fail (index < self->values->len, 0.f);
  return g_array_index (self->values, float, index);
}

const float *
memsim_chart_pyramid_peek (const MemsimChartPyramid *self,
                           guint                    *out_length)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (out_length != NULL)
    *out_length = self->values->len;
  return (const float *) (gpointer) self->values->data;
}

guint
memsim_chart_pyramid_get_n_levels (const MemsimChartPyramid *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->levels->len;
}

static GArray *
level_at (MemsimChartPyramid *self,
          guint               k)
{
  if (k == self->levels->len)
    g_ptr_array_add (self->levels, g_array_new (FALSE, FALSE, sizeof (Extent)));
  return g_ptr_array_index (self->levels, k);
}

static Extent
summarise_values (const float *values)
{
  Extent extent = { values[0], values[0] };

  for (guint i = 1; i < FANOUT; i++)
    {
      extent.min = MIN (extent.min, values[i]);
      extent.max = MAX (extent.max, values[i]);
    }
  return extent;
}

static Extent
summarise_extents (const Extent *extents)
{
  Extent extent = extents[0];

  for (guint i = 1; i < FANOUT; i++)
    {
      extent.min = MIN (extent.min, extents[i].min);
      extent.max = MAX (extent.max, extents[i].max);
    }
  return extent;
}

void
memsim_chart_pyramid_append (MemsimChartPyramid *self,
                             float               value)
{
  guint length;
  Extent extent;

  g_return_if_fail (self != NULL);

  g_array_append_val (self->values, value);
  length = self->values->len;
  if (length % FANOUT != 0)
    return;
  extent = summarise_values (&g_array_index (self->values, float, length - FANOUT));
  for (guint k = 0;; k++)
    {
      GArray *level = level_at (self, k);

      g_array_append_val (level, extent);
      if (level->len % FANOUT != 0)
        break;
      extent = summarise_extents (&g_array_index (level, Extent, level->len - FANOUT));
    }
}

void
memsim_chart_pyramid_truncate (MemsimChartPyramid *self,
                               guint               length)
{
  guint entries = length;

  g_return_if_fail (self != NULL);

  if (length >= self->values->len)
    return;
  g_array_set_size (self->values, length);
  for (guint k = 0; k < self->levels->len; k++)
    {
      entries /= FANOUT;
      g_array_set_size (g_ptr_array_index (self->levels, k), entries);
    }
  while (self->levels->len > 0
         && ((GArray *) g_ptr_array_index (self->levels, self->levels->len - 1))->len == 0)
    g_ptr_array_set_size (self->levels, self->levels->len - 1);
}

/* The levels as plain arrays, looked up once per query (or once for all
 * the columns of a frame) instead of once per entry. */
typedef struct {
  const float  *values;
  const Extent *levels[32];   /* 8^32 values: more than a guint counts */
  int           n_levels;
} Levels;

static void
levels_init (const MemsimChartPyramid *self,
             Levels                   *levels)
{
  levels->values = (const float *) (gpointer) self->values->data;
  levels->n_levels = (int) MIN (self->levels->len, G_N_ELEMENTS (levels->levels));
  for (int k = 0; k < levels->n_levels; k++)
    levels->levels[k] = (const Extent *) (gpointer) ((GArray *) g_ptr_array_index (self->levels, k))->data;
}

/* Widens [min, max] by the entries [lo, hi) of level @k (-1: the values). */
static inline void
scan (const Levels *levels,
      int           k,
      guint         lo,
      guint         hi,
      Extent       *extent)
{
  float min = extent->min, max = extent->max;

  if (k < 0)
    {
      for (guint i = lo; i < hi; i++)
        {
          min = MIN (min, levels->values[i]);
          max = MAX (max, levels->values[i]);
        }
    }
  else
    {
      const Extent *entries = levels->levels[k];

      for (guint i = lo; i < hi; i++)
        {
          min = MIN (min, entries[i].min);
          max = MAX (max, entries[i].max);
        }
    }
  extent->min = min;
  extent->max = max;
}

/* Walks up: the loose ends of [lo, hi) at one level, then the whole blocks
 * between them one level higher. */
static inline Extent
levels_range (const Levels *levels,
              guint         lo,
              guint         hi)
{
  Extent extent = { INFINITY, -INFINITY };
  int k = -1;

  while (lo < hi)
    {
      guint inner_lo = (lo + FANOUT - 1) / FANOUT * FANOUT;
      guint inner_hi = hi / FANOUT * FANOUT;

      /* No whole block inside, or none summarised above: scan it all here. */
      if (inner_lo >= inner_hi || k + 1 >= levels->n_levels)
        {
          scan (levels, k, lo, hi, &extent);
          break;
        }
      scan (levels, k, lo, inner_lo, &extent);
      scan (levels, k, inner_hi, hi, &extent);
      lo = inner_lo / FANOUT;
      hi = inner_hi / FANOUT;
      k++;
    }
  return extent;
}

void
memsim_chart_pyramid_range (const MemsimChartPyramid *self,
                            guint                     start,
                            guint                     end,
                            float                    *out_min,
                            float                    *out_max)
{
  Levels levels;
  Extent extent;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start < end && end <= self->values->len);

  levels_init (self, &levels);
  extent = levels_range (&levels, start, end);
  *out_min = extent.min;
  *out_max = extent.max;
}

static inline void
levels_column (const Levels      *levels,
               guint64            length,
               guint64            start,
               guint64            span,
               guint              n_columns,
               guint              c,
               MemsimChartColumn *column)
{
  guint64 first = start + (guint64) c * span / n_columns;
  guint64 end = start + (guint64) (c + 1) * span / n_columns;
  Extent extent;

  column->first = (guint) MIN (first, length);
  column->end = (guint) MIN (end, length);
  if (column->first >= column->end)
    {
      column->end = column->first;
      column->min = column->max = column->last = NAN;
      return;
    }
  extent = levels_range (levels, column->first, column->end);
  column->min = extent.min;
  column->max = extent.max;
  column->last = levels->values[column->end - 1];
}

void
memsim_chart_pyramid_column (const MemsimChartPyramid *self,
                             guint64                   start,
                             guint64                   span,
                             guint                     n_columns,
                             guint                     c,
                             MemsimChartColumn        *column)
{
  Levels levels;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_columns > 0 && c < n_columns && column != NULL);

  levels_init (self, &levels);
  levels_column (&levels, self->values->len, start, span, n_columns, c, column);
}

void
memsim_chart_pyramid_columns_range (const MemsimChartPyramid *self,
                                    guint64                   start,
                                    guint64                   span,
                                    guint                     n_columns,
                                    guint                     from,
                                    guint                     to,
                                    MemsimChartColumn        *out)
{
  Levels levels;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n_columns > 0 && out != NULL);
  g_return_if_fail (from <= to && to <= n_columns);

  levels_init (self, &levels);
  for (guint c = from; c < to; c++)
    {
      /* The ends of a column a few ahead, where its loose values are: a
       * million samples do not fit in the cache, and the loads of one
       * column depend on each other. */
      guint64 ahead = start + (guint64) (c + PREFETCH_AHEAD) * span / n_columns;

      if (ahead > 0 && ahead < self->values->len)
        {
          __builtin_prefetch (&levels.values[ahead]);
          __builtin_prefetch (&levels.values[ahead] - 1);
          if (levels.n_levels > 0)
            __builtin_prefetch (&levels.levels[0][ahead / FANOUT]);
          if (levels.n_levels > 1)
            __builtin_prefetch (&levels.levels[1][ahead / (FANOUT * FANOUT)]);
        }
      levels_column (&levels, self->values->len, start, span, n_columns, c, &out[c]);
    }
}

void
memsim_chart_pyramid_columns (const MemsimChartPyramid *self,
                              guint64                   start,
                              guint64                   span,
                              guint                     n_columns,
                              MemsimChartColumn        *out)
{
  memsim_chart_pyramid_columns_range (self, start, span, n_columns, 0, n_columns, out);
}
