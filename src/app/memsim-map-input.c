/* memsim-map-input.c: how the memory map answers the mouse and the keyboard
 *
 *   wheel (plain or Ctrl)  zoom around the pointer
 *   Shift+wheel, horizontal wheel or touchpad swipe   pan
 *   drag                   pan
 *   Shift+drag             mark a range, zoom into it on release
 *   click                  select the block (a free block clears it)
 *   pinch                  zoom around the fingers
 *   + / - / 0 or Home      zoom in, out, to the whole heap
 *   Left / Right           pan by an eighth of the view
 *   Escape                 clear the selection
 *
 * Every key is a widget action (map.zoom-in, …), so buttons and menus can
 * use the same ones.  docs/memory-map.md explains the choices.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "memsim-memory-map-private.h"
#include "memsim-map-render.h"

#define KEY_ZOOM_FACTOR   1.5
#define WHEEL_ZOOM_FACTOR 1.25
#define DRAG_THRESHOLD    4.0
#define WHEEL_PAN_PIXELS  48.0

/* ---- actions -------------------------------------------------------------- */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);
  double factor = g_str_equal (action_name, "map.zoom-in") ? KEY_ZOOM_FACTOR
                                                           : 1.0 / KEY_ZOOM_FACTOR;

  memsim_memory_map_zoom_at (self, self->range.width / 2.0, factor);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  memsim_memory_map_zoom_to_fit (MEMSIM_MEMORY_MAP (widget));
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);
  double step = self->range.width / 8.0;

  memsim_memory_map_pan (self, g_str_equal (action_name, "map.pan-left") ? -step : step);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  memsim_memory_map_select (MEMSIM_MEMORY_MAP (widget), NULL);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    const char *action;
    guint       keys[3];
  } bindings[] = {
    { "map.zoom-in", { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add } },
    { "map.zoom-out", { GDK_KEY_minus, GDK_KEY_underscore, GDK_KEY_KP_Subtract } },
    { "map.zoom-fit", { GDK_KEY_0, GDK_KEY_Home, GDK_KEY_KP_0 } },
    { "map.pan-left", { GDK_KEY_Left, GDK_KEY_KP_Left, 0 } },
    { "map.pan-right", { GDK_KEY_Right, GDK_KEY_KP_Right, 0 } },
    { "map.select-none", { GDK_KEY_Escape, 0, 0 } },
  };

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "map.pan-left", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "map.pan-right", NULL, pan_action);
  gtk_widget_class_install_action (widget_class, "map.select-none", NULL, select_none_action);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    for (guint k = 0; k < G_N_ELEMENTS (bindings[i].keys) && bindings[i].keys[k] != 0; k++)
      gtk_widget_class_add_binding_action (widget_class, bindings[i].keys[k], 0,
                                           bindings[i].action, NULL);
}

/* ---- tooltip -------------------------------------------------------------- */

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
}

static char *
block_markup (const MemsimBlockInfo *block)
{
  g_autofree char *size = format_bytes (block->size);
  g_autofree char *name = NULL, *requested = NULL, *waste = NULL;

  if (block->free)
    return g_strdup_printf (_("<b>%s</b>\nStart: %" PRIu64 "\nSize: %s"),
                            block->unusable ? _("Unusable tail") : _("Free"), block->start, size);
  name = g_markup_escape_text (block->name, -1);
  requested = format_bytes (block->requested);
  waste = format_bytes (block->size - block->requested);
  return g_strdup_printf (_("<b>%s</b>\nStart: %" PRIu64 "\nSize: %s\nRequested: %s\nWaste: %s"),
                          name, block->start, size, requested, waste);
}

/* An object of the store at @address, when there is one. */
static char *
object_markup (MemsimMemoryMap *self,
               guint64          address)
{
  const MemsimObjectStore *store = memsim_session_get_object_store (self->session);
  MemsimObjectInfo object;

  if (!memsim_object_store_lookup_address (store, address, &object))
    return NULL;
  return g_strdup_printf (ngettext ("Object %" PRIu64 ": %s, %" PRIu64 " bytes, %u reference",
                                    "Object %" PRIu64 ": %s, %" PRIu64 " bytes, %u references",
                                    object.refcount),
                          object.id, memsim_py_type_to_string (object.type), object.size,
                          object.refcount);
}

typedef struct {
  const char      *name;
  MemsimArenaInfo  arena;
  gboolean         found;
} ArenaSearch;

static gboolean
find_arena (const MemsimArenaInfo *arena,
            gpointer               user_data)
{
  ArenaSearch *search = user_data;

  if (!g_str_equal (arena->name, search->name))
    return TRUE;
  search->arena = *arena;
  search->found = TRUE;
  return FALSE;
}

/* The pool of arena @block that holds @address, when there is one. */
static char *
pool_markup (MemsimMemoryMap       *self,
             const MemsimBlockInfo *block,
             guint64                address)
{
  const MemsimObjectStore *store = memsim_session_get_object_store (self->session);
  const MemsimObjectGeometry *geo;
  ArenaSearch search = { block->name };
  MemsimPoolInfo pool;
  guint index;

  if (!memsim_object_store_owns_block (store, block->name))
    return NULL;
  memsim_object_store_walk_arenas (store, find_arena, &search);
  geo = memsim_object_profile_get_geometry (memsim_object_store_get_profile (store));
  if (!search.found || address < search.arena.pool_base)
    return NULL;
  index = (guint) ((address - search.arena.pool_base) / geo->pool_size);
  if (index >= search.arena.ntotalpools
      || !memsim_object_store_get_pool (store, search.arena.index, index, &pool))
    return NULL;
  if (pool.state == MEMSIM_POOL_UNCARVED)
    return g_strdup_printf (_("Pool %u: not carved yet"), index);
  return g_strdup_printf (_("Pool %u: blocks of %" PRIu64 " bytes, %u of %u in use"), index,
                          (guint64) (pool.size_class + 1) * geo->alignment, pool.count,
                          pool.n_blocks);
}

char *
memsim_memory_map_tooltip_markup (MemsimMemoryMap *self,
                                  double           x)
{
  MemsimBlockInfo block;
  GString *text;
  g_autofree char *markup = NULL, *pool = NULL, *object = NULL;
  guint64 address;

  if (!memsim_memory_map_block_at (self, x, &block))
    return NULL;
  markup = block_markup (&block);
  text = g_string_new (markup);
  /* Pools and objects are named only when zoomed in far enough to see
   * them (a pool of 4 KiB is then 4 pixels wide or more). */
  address = (guint64) memsim_map_range_address_at (&self->range, x);
  if (!block.free && memsim_map_range_bytes_per_pixel (&self->range) < 1024.0)
    pool = pool_markup (self, &block, address);
  if (!block.free && memsim_map_range_bytes_per_pixel (&self->range) < 16.0)
    object = object_markup (self, address);
  if (pool != NULL)
    g_string_append_printf (text, "\n%s", pool);
  if (object != NULL)
    g_string_append_printf (text, "\n%s", object);
  return g_string_free (text, FALSE);
}

static gboolean
memsim_memory_map_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);
  g_autofree char *markup = NULL;

  if (keyboard)
    x = (int) (self->range.width / 2.0);
  markup = memsim_memory_map_tooltip_markup (self, x);
  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* ---- pointer -------------------------------------------------------------- */

/* The pointer moved to @x: the block under it is outlined lightly. */
void
memsim_memory_map_hover (MemsimMemoryMap *self,
                         double           x)
{
  MemsimBlockInfo block;
  gboolean hit;

  self->pointer_x = x;
  hit = memsim_memory_map_block_at (self, x, &block) && !block.free;
  if (g_strcmp0 (hit ? block.name : NULL, self->hover_name) == 0)
    return;
  g_free (self->hover_name);
  self->hover_name = hit ? g_strdup (block.name) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           MemsimMemoryMap          *self)
{
  memsim_memory_map_hover (self, x);
}

static void
on_leave (GtkEventControllerMotion *motion,
          MemsimMemoryMap          *self)
{
  if (self->hover_name == NULL)
    return;
  g_clear_pointer (&self->hover_name, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Wheel notches (@wheel) or touchpad pixels: vertical zooms around the
 * pointer, horizontal pans, and Shift makes vertical pan too. */
void
memsim_memory_map_scroll (MemsimMemoryMap *self,
                          double           dx,
                          double           dy,
                          gboolean         shift,
                          gboolean         wheel)
{
  if (shift)
    {
      dx += dy;
      dy = 0.0;
    }
  if (dx != 0.0)
    memsim_memory_map_pan (self, dx * (wheel ? WHEEL_PAN_PIXELS : 1.0));
  if (dy != 0.0)
    memsim_memory_map_zoom_at (self, self->pointer_x,
                               pow (WHEEL_ZOOM_FACTOR, wheel ? -dy : -dy / 16.0));
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           MemsimMemoryMap          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  memsim_memory_map_scroll (self, dx, dy, (state & GDK_SHIFT_MASK) != 0,
                            gtk_event_controller_scroll_get_unit (scroll) == GDK_SCROLL_UNIT_WHEEL);
  return GDK_EVENT_STOP;
}

/* A click selects the live block under it; a click on free space clears
 * the selection, as a click on empty space does in a file manager. */
void
memsim_memory_map_click (MemsimMemoryMap *self,
                         double           x)
{
  MemsimBlockInfo block;
  gboolean hit = memsim_memory_map_block_at (self, x, &block);

  memsim_memory_map_select (self, hit && !block.free ? block.name : NULL);
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               MemsimMemoryMap  *self)
{
  self->pinch_scale = 1.0;
}

/* A touchpad or touchscreen pinch zooms around the fingers' centre. */
static void
on_zoom_scale_changed (GtkGestureZoom  *gesture,
                       double           scale,
                       MemsimMemoryMap *self)
{
  double x, y;

  if (scale <= 0.0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  memsim_memory_map_zoom_at (self, x, scale / self->pinch_scale);
  self->pinch_scale = scale;
}

/* A press at @x begins a drag: a range with Shift, else a pan or a click
 * depending on how far it goes. */
void
memsim_memory_map_drag_begin (MemsimMemoryMap *self,
                              double           x,
                              gboolean         shift)
{
  self->drag = shift ? DRAG_RANGE : DRAG_PENDING;
  self->drag_x = x;
  self->drag_dx = 0.0;
}

static void
on_drag_begin (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               MemsimMemoryMap *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  memsim_memory_map_drag_begin (self, x, (state & GDK_SHIFT_MASK) != 0);
}

/* The pointer is @dx pixels from where the drag began. */
void
memsim_memory_map_drag_update (MemsimMemoryMap *self,
                               double           dx)
{
  if (self->drag == DRAG_PENDING && fabs (dx) >= DRAG_THRESHOLD)
    {
      /* From here the heap follows the pointer, from where it was pressed. */
      self->drag = DRAG_PAN;
      self->drag_dx = 0.0;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  if (self->drag == DRAG_PAN)
    memsim_memory_map_pan (self, self->drag_dx - dx);
  self->drag_dx = dx;
  if (self->drag == DRAG_RANGE)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                MemsimMemoryMap *self)
{
  memsim_memory_map_drag_update (self, dx);
}

/* The button went up @dx pixels from where it went down. */
void
memsim_memory_map_drag_end (MemsimMemoryMap *self,
                            double           dx)
{
  double x = self->drag_x;

  if (self->drag == DRAG_RANGE && fabs (dx) >= DRAG_THRESHOLD)
    memsim_memory_map_show_range (self, memsim_map_range_address_at (&self->range, x),
                                  memsim_map_range_address_at (&self->range, x + dx));
  else if (self->drag == DRAG_PENDING || self->drag == DRAG_RANGE)
    memsim_memory_map_click (self, x);
  self->drag = DRAG_NONE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             MemsimMemoryMap *self)
{
  memsim_memory_map_drag_end (self, dx);
}

/* ---- overlays ------------------------------------------------------------- */

void
memsim_memory_map_snapshot_overlays (MemsimMemoryMap *self,
                                     GtkSnapshot     *snapshot,
                                     int              width,
                                     int              height)
{
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };

  if (self->drag == DRAG_RANGE)
    {
      double x0 = MIN (self->drag_x, self->drag_x + self->drag_dx);
      GdkRGBA band = accent;

      band.alpha = 0.25;
      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (x0, 0, fabs (self->drag_dx), height));
    }
  if (gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    {
      GskRoundedRect outline;
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

void
memsim_memory_map_class_init_input (GtkWidgetClass *widget_class)
{
  widget_class->query_tooltip = memsim_memory_map_query_tooltip;
  install_actions (widget_class);
}

void
memsim_memory_map_init_input (MemsimMemoryMap *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
}
