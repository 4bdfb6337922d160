/* memsim-map-render.h: drawing the memory map with cairo
 *
 * The widget, its overview strip, the rendering test and the benchmark
 * all draw through these functions, so that what is tested and measured is
 * what the user sees.  Nothing here keeps state between frames.
 */
#pragma once

#include <gtk/gtk.h>

#include "memsim-heap.h"
#include "memsim-object-store.h"
#include "memsim-map-palette.h"
#include "memsim-map-range.h"

G_BEGIN_DECLS

/* The bands of the map, top to bottom. */
#define MEMSIM_MAP_BUDDY_BAND   30.0   /* only under the buddy policy */
#define MEMSIM_MAP_RULER_BAND   18.0

/* Blocks are drawn one by one when there are at most this many per pixel
 * in view; above, the map draws per column from the core's aggregate. */
#define MEMSIM_MAP_WALK_BLOCKS_PER_PIXEL 1.0

typedef struct {
  const MemsimHeap        *heap;
  const MemsimObjectStore *store;     /* nullable */
  MemsimMapRange           range;     /* range.width is the drawing's width */
  const char              *selected;  /* nullable */
  const MemsimMapPalette  *palette;
  PangoLayout             *layout;    /* nullable: no text */
} MemsimMapScene;

/* Where the bar lies in a map of @height pixels. */
void     memsim_map_render_bar_area   (const MemsimMapScene *scene,
                                       double                height,
                                       double               *out_y,
                                       double               *out_height);
/* Whether the scene is drawn block by block (else per column). */
gboolean memsim_map_render_walks      (const MemsimMapScene *scene);

/* The selected block's outline (2 pixels inside this rectangle): never
 * thinner than 3 pixels, so that a block smaller than a pixel can still be
 * found.  FALSE if nothing selected is live. */
gboolean memsim_map_render_selection_rect (const MemsimMapScene *scene,
                                           double                height,
                                           graphene_rect_t      *out_rect);

/* The whole map: buddy band, bar, object store, selection (when
 * scene->selected is set), ruler. */
void     memsim_map_render            (cairo_t              *cr,
                                       const MemsimMapScene *scene,
                                       double                height);
/* Just the bar, at (0, @y) and @height high: the overview strip uses it. */
void     memsim_map_render_bar        (cairo_t              *cr,
                                       const MemsimMapScene *scene,
                                       double                y,
                                       double                height);

/* Ruler text for an address: "4 KiB", "1 MiB", else bytes ("1030"). */
char    *memsim_map_format_address    (guint64               address);

G_END_DECLS
