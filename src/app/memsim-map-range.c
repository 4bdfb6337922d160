/* memsim-map-range.c: zoom, pan and lens arithmetic of the memory map
 *
 * Invariants after every call: min_span <= span <= total and
 * 0 <= start <= total - span.  The widest view is the whole heap; the
 * narrowest makes one byte MEMSIM_MAP_MAX_PIXELS_PER_BYTE pixels wide (or
 * is the whole heap, for a heap of fewer bytes than that shows).
 */
#include "config.h"

#include "memsim-map-range.h"

void
memsim_map_range_init (MemsimMapRange *range,
                       guint64         total,
                       double          width)
{
  g_return_if_fail (range != NULL);

  range->total = MAX ((double) total, 1.0);
  range->width = MAX (width, 1.0);
  memsim_map_range_fit (range);
}

double
memsim_map_range_min_span (const MemsimMapRange *range)
{
  return MIN (range->total, range->width / MEMSIM_MAP_MAX_PIXELS_PER_BYTE);
}

void
memsim_map_range_clamp (MemsimMapRange *range)
{
  range->span = CLAMP (range->span, memsim_map_range_min_span (range), range->total);
  range->start = CLAMP (range->start, 0.0, range->total - range->span);
}

void
memsim_map_range_fit (MemsimMapRange *range)
{
  range->start = 0.0;
  range->span = range->total;
}

gboolean
memsim_map_range_is_fit (const MemsimMapRange *range)
{
  return range->start == 0.0 && range->span == range->total;
}

/* A resize keeps the bytes per pixel when it can, so that widening the
 * window shows more of the heap instead of stretching it; a view that
 * showed the whole heap keeps showing it. */
void
memsim_map_range_set_width (MemsimMapRange *range,
                            double          width)
{
  gboolean fit = memsim_map_range_is_fit (range);
  double bytes_per_pixel = memsim_map_range_bytes_per_pixel (range);

  range->width = MAX (width, 1.0);
  if (fit)
    memsim_map_range_fit (range);
  else
    range->span = bytes_per_pixel * range->width;
  memsim_map_range_clamp (range);
}

double
memsim_map_range_bytes_per_pixel (const MemsimMapRange *range)
{
  return range->span / range->width;
}

double
memsim_map_range_address_at (const MemsimMapRange *range,
                             double                x)
{
  return range->start + x * range->span / range->width;
}

double
memsim_map_range_x_of (const MemsimMapRange *range,
                       double                address)
{
  return (address - range->start) * range->width / range->span;
}

void
memsim_map_range_zoom_at (MemsimMapRange *range,
                          double          x,
                          double          factor)
{
  double anchor = memsim_map_range_address_at (range, x);
  double span;

  g_return_if_fail (factor > 0.0);

  span = CLAMP (range->span / factor, memsim_map_range_min_span (range), range->total);
  range->start = anchor - x * span / range->width;
  range->span = span;
  memsim_map_range_clamp (range);
}

void
memsim_map_range_pan (MemsimMapRange *range,
                      double          dx)
{
  range->start += dx * memsim_map_range_bytes_per_pixel (range);
  memsim_map_range_clamp (range);
}

/* A range narrower than the narrowest view is centred in it. */
void
memsim_map_range_show (MemsimMapRange *range,
                       double          address0,
                       double          address1)
{
  double low = MIN (address0, address1), high = MAX (address0, address1);
  double span = CLAMP (high - low, memsim_map_range_min_span (range), range->total);

  range->start = (low + high) / 2.0 - span / 2.0;
  range->span = span;
  memsim_map_range_clamp (range);
}

void
memsim_map_range_get_lens (const MemsimMapRange *range,
                           double                overview_width,
                           double               *out_x0,
                           double               *out_x1)
{
  double scale = overview_width / range->total;

  *out_x0 = range->start * scale;
  *out_x1 = (range->start + range->span) * scale;
}

void
memsim_map_range_set_lens (MemsimMapRange *range,
                           double          overview_width,
                           double          x0,
                           double          x1)
{
  double scale = range->total / MAX (overview_width, 1.0);

  memsim_map_range_show (range, x0 * scale, x1 * scale);
}
