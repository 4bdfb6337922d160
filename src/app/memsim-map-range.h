/* memsim-map-range.h: which bytes of the heap the memory map shows
 *
 * The map shows the heap as one long horizontal bar: [start, start + span)
 * bytes across width pixels, linearly.  This file holds the arithmetic of
 * zooming, panning and the overview's lens, free of GTK, so that it can be
 * tested exactly.  Addresses are doubles: they are exact up to 2^53, far
 * above the largest heap (2^48 bytes), and leave room for the fraction of
 * a byte that a pixel covers when a byte is many pixels wide.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Zoomed in all the way, one byte is this many pixels wide. */
#define MEMSIM_MAP_MAX_PIXELS_PER_BYTE 32.0

typedef struct {
  double total;   /* bytes in the heap, > 0 */
  double width;   /* pixels, > 0 */
  double start;   /* the first byte shown (may be fractional) */
  double span;    /* bytes shown across width */
} MemsimMapRange;

void   memsim_map_range_init        (MemsimMapRange *range,
                                     guint64         total,
                                     double          width);
double memsim_map_range_min_span    (const MemsimMapRange *range);
void   memsim_map_range_clamp       (MemsimMapRange *range);
void   memsim_map_range_fit         (MemsimMapRange *range);
void   memsim_map_range_set_width   (MemsimMapRange *range,
                                     double          width);
gboolean memsim_map_range_is_fit    (const MemsimMapRange *range);

double memsim_map_range_address_at  (const MemsimMapRange *range,
                                     double                x);
double memsim_map_range_x_of        (const MemsimMapRange *range,
                                     double                address);
double memsim_map_range_bytes_per_pixel (const MemsimMapRange *range);

/* @factor > 1 zooms in: the span becomes span / factor, and the address
 * under @x stays under @x unless a clamp at an end of the heap forbids it. */
void   memsim_map_range_zoom_at     (MemsimMapRange *range,
                                     double          x,
                                     double          factor);
/* Moves the view by @dx pixels: a positive @dx shows higher addresses. */
void   memsim_map_range_pan         (MemsimMapRange *range,
                                     double          dx);
/* Shows exactly [@address0, @address1) (in either order), within limits. */
void   memsim_map_range_show        (MemsimMapRange *range,
                                     double          address0,
                                     double          address1);

/* The overview strip shows the whole heap across @overview_width pixels;
 * the lens is the view's range on it. */
void   memsim_map_range_get_lens    (const MemsimMapRange *range,
                                     double                overview_width,
                                     double               *out_x0,
                                     double               *out_x1);
void   memsim_map_range_set_lens    (MemsimMapRange *range,
                                     double          overview_width,
                                     double          x0,
                                     double          x1);

G_END_DECLS
