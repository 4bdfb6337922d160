/* memsim-map-overview.c: the overview strip under the memory map
 *
 * The strip draws the whole heap with the map's own bar renderer (per
 * column, from the core's aggregate) and keeps the result as a render node
 * until the heap changes or the strip is resized: moving the lens only
 * redraws the lens.  Dragging inside the lens pans; dragging within
 * EDGE_GRAB pixels of an edge moves that edge (zoom); pressing outside the
 * lens centres it there first, then drags it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "memsim-map-overview.h"
#include "memsim-map-render.h"

#define EDGE_GRAB      5.0
#define MIN_LENS_WIDTH 6.0

typedef enum {
  LENS_NONE,
  LENS_MOVE,
  LENS_LEFT,
  LENS_RIGHT,
} LensDrag;

struct _MemsimMapOverview {
  GtkWidget        parent_instance;

  MemsimMemoryMap *map;
  GskRenderNode   *bars;           /* the heap, cached */
  int              bars_width, bars_height;
  LensDrag         drag;
  double           grab_x0, grab_x1;  /* the lens when the drag began */
};

G_DEFINE_FINAL_TYPE (MemsimMapOverview, memsim_map_overview, GTK_TYPE_WIDGET)

void
memsim_map_overview_get_lens (MemsimMapOverview *self,
                              double             width,
                              double            *out_x0,
                              double            *out_x1)
{
  double middle;

  memsim_map_range_get_lens (memsim_memory_map_get_range (self->map), width, out_x0, out_x1);
  if (*out_x1 - *out_x0 >= MIN_LENS_WIDTH)
    return;
  middle = (*out_x0 + *out_x1) / 2.0;
  *out_x0 = middle - MIN_LENS_WIDTH / 2.0;
  *out_x1 = middle + MIN_LENS_WIDTH / 2.0;
}

static GskRenderNode *
render_bars (MemsimMapOverview *self,
             int                width,
             int                height)
{
  MemsimSession *session = memsim_memory_map_get_session (self->map);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  MemsimMapScene scene = { 0 };
  cairo_t *cr;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  scene.palette = memsim_map_palette_get (memsim_memory_map_is_dark (self->map));
  if (session != NULL)
    {
      scene.heap = memsim_session_get_heap (session);
      scene.store = memsim_session_get_object_store (session);
      memsim_map_range_init (&scene.range, memsim_heap_get_config (scene.heap)->total, width);
      memsim_map_render_bar (cr, &scene, 0, height);
    }
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
snapshot_lens (MemsimMapOverview *self,
               GtkSnapshot       *snapshot,
               int                width,
               int                height)
{
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 }, veil = { 0.5, 0.5, 0.5, 0.45 };
  const float widths[4] = { 2, 2, 2, 2 };
  const GdkRGBA colors[4] = { accent, accent, accent, accent };
  GskRoundedRect outline;
  double x0, x1;

  memsim_map_overview_get_lens (self, width, &x0, &x1);
  /* What the map does not show is veiled. */
  gtk_snapshot_append_color (snapshot, &veil, &GRAPHENE_RECT_INIT (0, 0, MAX (x0, 0), height));
  gtk_snapshot_append_color (snapshot, &veil,
                             &GRAPHENE_RECT_INIT (x1, 0, MAX (width - x1, 0), height));
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height), 2);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

/* The selected block, as a mark across the strip, so it can be found
 * from the whole heap. */
static void
snapshot_selection (MemsimMapOverview *self,
                    GtkSnapshot       *snapshot,
                    int                width,
                    int                height)
{
  MemsimSession *session = memsim_memory_map_get_session (self->map);
  const char *name = memsim_memory_map_get_selected_name (self->map);
  const MemsimMapPalette *palette = memsim_map_palette_get (memsim_memory_map_is_dark (self->map));
  MemsimBlockInfo block;
  double scale, x0, x1;

  if (session == NULL || name == NULL
      || !memsim_heap_lookup_name (memsim_session_get_heap (session), name, &block))
    return;
  scale = width / (double) memsim_heap_get_config (memsim_session_get_heap (session))->total;
  x0 = floor (block.start * scale);
  x1 = MAX (ceil ((block.start + block.size) * scale), x0 + 2.0);
  gtk_snapshot_append_color (snapshot, &palette->selection,
                             &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height));
}

static void
memsim_map_overview_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  MemsimMapOverview *self = MEMSIM_MAP_OVERVIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;
  if (self->bars == NULL || self->bars_width != width || self->bars_height != height)
    {
      g_clear_pointer (&self->bars, gsk_render_node_unref);
      self->bars = render_bars (self, width, height);
      self->bars_width = width;
      self->bars_height = height;
    }
  if (self->bars != NULL)
    gtk_snapshot_append_node (snapshot, self->bars);
  snapshot_lens (self, snapshot, width, height);
  snapshot_selection (self, snapshot, width, height);
}

static void
memsim_map_overview_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = horizontal ? 160 : 28;
  *natural = horizontal ? 640 : 28;
}

/* ---- the lens under the pointer ----------------------------------------- */

static LensDrag
lens_part_at (MemsimMapOverview *self,
              double             x,
              double             width)
{
  double x0, x1;

  memsim_map_overview_get_lens (self, width, &x0, &x1);
  if (fabs (x - x0) <= EDGE_GRAB && x < x1)
    return LENS_LEFT;
  if (fabs (x - x1) <= EDGE_GRAB)
    return LENS_RIGHT;
  if (x > x0 && x < x1)
    return LENS_MOVE;
  return LENS_NONE;
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           MemsimMapOverview        *self)
{
  LensDrag part = self->drag != LENS_NONE ? self->drag
                  : lens_part_at (self, x, gtk_widget_get_width (GTK_WIDGET (self)));

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   part == LENS_LEFT || part == LENS_RIGHT ? "ew-resize"
                                   : part == LENS_MOVE ? "grab" : NULL);
}

void
memsim_map_overview_drag_begin (MemsimMapOverview *self,
                                double             x,
                                double             width)
{
  self->drag = lens_part_at (self, x, width);
  if (self->drag == LENS_NONE)
    {
      const MemsimMapRange *range = memsim_memory_map_get_range (self->map);
      double half = range->span / range->total * width / 2.0;

      memsim_memory_map_set_lens (self->map, width, x - half, x + half);
      self->drag = LENS_MOVE;
    }
  memsim_map_range_get_lens (memsim_memory_map_get_range (self->map), width,
                             &self->grab_x0, &self->grab_x1);
}

static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               MemsimMapOverview *self)
{
  memsim_map_overview_drag_begin (self, x, gtk_widget_get_width (GTK_WIDGET (self)));
}

void
memsim_map_overview_drag_update (MemsimMapOverview *self,
                                 double             dx,
                                 double             width)
{
  double x0 = self->grab_x0, x1 = self->grab_x1;

  switch (self->drag)
    {
    case LENS_MOVE:
      x0 += dx;
      x1 += dx;
      break;
    case LENS_LEFT:
      x0 = MIN (x0 + dx, x1);
      break;
    case LENS_RIGHT:
      x1 = MAX (x1 + dx, x0);
      break;
    case LENS_NONE:
    default:
      return;
    }
  memsim_memory_map_set_lens (self->map, width, x0, x1);
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                MemsimMapOverview *self)
{
  memsim_map_overview_drag_update (self, dx, gtk_widget_get_width (GTK_WIDGET (self)));
}

void
memsim_map_overview_drag_end (MemsimMapOverview *self)
{
  self->drag = LENS_NONE;
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             MemsimMapOverview *self)
{
  memsim_map_overview_drag_end (self);
}

/* ---- the map -------------------------------------------------------------- */

static void
on_view_changed (MemsimMemoryMap   *map,
                 MemsimMapOverview *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_content_changed (MemsimMemoryMap   *map,
                    MemsimMapOverview *self)
{
  g_clear_pointer (&self->bars, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GtkWidget *
memsim_map_overview_new (MemsimMemoryMap *map)
{
  MemsimMapOverview *self;

  g_return_val_if_fail (MEMSIM_IS_MEMORY_MAP (map), NULL);

  self = g_object_new (MEMSIM_TYPE_MAP_OVERVIEW, NULL);
  self->map = g_object_ref (map);
  g_signal_connect (map, "view-changed", G_CALLBACK (on_view_changed), self);
  g_signal_connect (map, "content-changed", G_CALLBACK (on_content_changed), self);
  g_signal_connect_swapped (map, "notify::selected-name", G_CALLBACK (gtk_widget_queue_draw), self);
  return GTK_WIDGET (self);
}

static void
memsim_map_overview_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (memsim_map_overview_parent_class)->css_changed (widget, change);
  on_content_changed (NULL, MEMSIM_MAP_OVERVIEW (widget));
}

static void
memsim_map_overview_dispose (GObject *object)
{
  MemsimMapOverview *self = MEMSIM_MAP_OVERVIEW (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_object (&self->map);
  g_clear_pointer (&self->bars, gsk_render_node_unref);
  G_OBJECT_CLASS (memsim_map_overview_parent_class)->dispose (object);
}

static void
memsim_map_overview_class_init (MemsimMapOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = memsim_map_overview_dispose;
  widget_class->snapshot = memsim_map_overview_snapshot;
  widget_class->measure = memsim_map_overview_measure;
  widget_class->css_changed = memsim_map_overview_css_changed;
  gtk_widget_class_set_css_name (widget_class, "mapoverview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
memsim_map_overview_init (MemsimMapOverview *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Heap overview"),
                                  -1);
}
