/* memsim-memory-map.h: the zoomable memory map (inside MemsimMapView)
 *
 * The heap as one long bar, drawn in snapshot from the session's heap
 * (docs/memory-map.md).  Besides what MemsimMapView forwards, it exposes
 * its view range, so that the overview strip can show and move it, and its
 * hit test and drawing, so that tests can check them.
 */
#pragma once

#include <gtk/gtk.h>

#include "memsim-session.h"
#include "memsim-map-range.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_MEMORY_MAP (memsim_memory_map_get_type ())
G_DECLARE_FINAL_TYPE (MemsimMemoryMap, memsim_memory_map, MEMSIM, MEMORY_MAP, GtkWidget)

GtkWidget     *memsim_memory_map_new               (void);
void           memsim_memory_map_set_session       (MemsimMemoryMap *self,
                                                    MemsimSession   *session);
MemsimSession *memsim_memory_map_get_session       (MemsimMemoryMap *self);
const char    *memsim_memory_map_get_selected_name (MemsimMemoryMap *self);
void           memsim_memory_map_set_selected_name (MemsimMemoryMap *self,
                                                    const char      *name);

/* The view.  Every change emits "view-changed". */
const MemsimMapRange *
               memsim_memory_map_get_range         (MemsimMemoryMap *self);
void           memsim_memory_map_zoom_to_fit       (MemsimMemoryMap *self);
void           memsim_memory_map_zoom_at           (MemsimMemoryMap *self,
                                                    double           x,
                                                    double           factor);
void           memsim_memory_map_pan               (MemsimMemoryMap *self,
                                                    double           dx);
void           memsim_memory_map_show_range        (MemsimMemoryMap *self,
                                                    double           address0,
                                                    double           address1);
void           memsim_memory_map_set_lens          (MemsimMemoryMap *self,
                                                    double           overview_width,
                                                    double           x0,
                                                    double           x1);

/* The block under pixel column @x; FALSE outside the heap or without one. */
gboolean       memsim_memory_map_block_at          (MemsimMemoryMap *self,
                                                    double           x,
                                                    MemsimBlockInfo *out_block);
/* Draws the map as snapshot does, at @width × @height (which becomes the
 * view's width, as an allocation would). */
void           memsim_memory_map_draw              (MemsimMemoryMap *self,
                                                    cairo_t         *cr,
                                                    int              width,
                                                    int              height);
/* Whether the current style is dark (the map's palette follows it). */
gboolean       memsim_memory_map_is_dark           (MemsimMemoryMap *self);

G_END_DECLS
