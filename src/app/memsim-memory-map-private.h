/* memsim-memory-map-private.h: the memory map's state, shared by its drawing
 * (memsim-memory-map.c) and its input (memsim-map-input.c) */
#pragma once

#include "memsim-memory-map.h"

G_BEGIN_DECLS

typedef enum {
  DRAG_NONE,
  DRAG_PENDING,   /* pressed, not moved far enough to be a drag yet */
  DRAG_PAN,
  DRAG_RANGE,     /* Shift: a range to zoom into */
} MemsimMapDrag;

struct _MemsimMemoryMap {
  GtkWidget       parent_instance;

  MemsimSession  *session;
  char           *selected_name;
  MemsimMapRange  range;
  PangoLayout    *layout;
  char           *font;         /* the font the layout was made for */
  GskRenderNode  *scene_node;   /* the map but the selection, until it changes */
  int             node_width, node_height;

  gboolean        dirty;        /* the session changed since the last refresh */
  guint           tick_id;

  double          pointer_x;    /* for wheel zoom: the anchor */
  char           *hover_name;   /* the live block under the pointer */
  MemsimMapDrag   drag;
  double          drag_x;       /* where the drag began */
  double          drag_dx;      /* its offset so far */
  double          pinch_scale;  /* the zoom gesture's scale at the last update */
};

void  memsim_memory_map_view_changed     (MemsimMemoryMap *self);
/* Sets the selection as a click does: without moving the view. */
void  memsim_memory_map_select           (MemsimMemoryMap *self,
                                          const char      *name);
char *memsim_memory_map_describe         (MemsimMemoryMap *self);

/* memsim-map-input.c */
void  memsim_memory_map_class_init_input (GtkWidgetClass  *widget_class);
void  memsim_memory_map_init_input       (MemsimMemoryMap *self);
/* What a click (a press and release without a drag) at @x does. */
void  memsim_memory_map_click            (MemsimMemoryMap *self,
                                          double           x);
/* What the pointer controllers do, without the events (tests drive them). */
void  memsim_memory_map_scroll           (MemsimMemoryMap *self,
                                          double           dx,
                                          double           dy,
                                          gboolean         shift,
                                          gboolean         wheel);
void  memsim_memory_map_hover            (MemsimMemoryMap *self,
                                          double           x);
void  memsim_memory_map_drag_begin       (MemsimMemoryMap *self,
                                          double           x,
                                          gboolean         shift);
void  memsim_memory_map_drag_update      (MemsimMemoryMap *self,
                                          double           dx);
void  memsim_memory_map_drag_end         (MemsimMemoryMap *self,
                                          double           dx);
/* The hover tooltip's text at pixel column @x, or NULL. */
char *memsim_memory_map_tooltip_markup   (MemsimMemoryMap *self,
                                          double           x);
void  memsim_memory_map_snapshot_overlays (MemsimMemoryMap *self,
                                           GtkSnapshot     *snapshot,
                                           int              width,
                                           int              height);

G_END_DECLS
