/* memsim-memory-map.c: the zoomable memory map
 *
 * One source of truth: the widget keeps no copy of the heap.  Each frame
 * reads the session's heap through its range queries (memsim-map-render.c),
 * so a frame costs O(width · log n).  The session's "changed" signal only
 * marks the map dirty; the refresh (redraw, accessible description) runs
 * once on the next frame clock tick, however many operations a replay
 * applied in between.
 *
 * Input (pointer, keyboard, tooltip) lives in memsim-map-input.c.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "memsim-memory-map-private.h"
#include "memsim-map-render.h"

G_DEFINE_FINAL_TYPE (MemsimMemoryMap, memsim_memory_map, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_NAME,
  N_PROPS
};

enum {
  VIEW_CHANGED,
  CONTENT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
memsim_memory_map_new (void)
{
  return g_object_new (MEMSIM_TYPE_MEMORY_MAP, NULL);
}

/* ---- the view ------------------------------------------------------------ */

void
memsim_memory_map_view_changed (MemsimMemoryMap *self)
{
  g_clear_pointer (&self->scene_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
}

const MemsimMapRange *
memsim_memory_map_get_range (MemsimMemoryMap *self)
{
  g_return_val_if_fail (MEMSIM_IS_MEMORY_MAP (self), NULL);
  return &self->range;
}

void
memsim_memory_map_zoom_to_fit (MemsimMemoryMap *self)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  memsim_map_range_fit (&self->range);
  memsim_memory_map_view_changed (self);
}

void
memsim_memory_map_zoom_at (MemsimMemoryMap *self,
                           double           x,
                           double           factor)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  g_return_if_fail (factor > 0.0);
  memsim_map_range_zoom_at (&self->range, x, factor);
  memsim_memory_map_view_changed (self);
}

void
memsim_memory_map_pan (MemsimMemoryMap *self,
                       double           dx)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  memsim_map_range_pan (&self->range, dx);
  memsim_memory_map_view_changed (self);
}

void
memsim_memory_map_show_range (MemsimMemoryMap *self,
                              double           address0,
                              double           address1)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  memsim_map_range_show (&self->range, address0, address1);
  memsim_memory_map_view_changed (self);
}

void
memsim_memory_map_set_lens (MemsimMemoryMap *self,
                            double           overview_width,
                            double           x0,
                            double           x1)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  memsim_map_range_set_lens (&self->range, overview_width, x0, x1);
  memsim_memory_map_view_changed (self);
}

static const MemsimHeap *
current_heap (MemsimMemoryMap *self)
{
  return self->session != NULL ? memsim_session_get_heap (self->session) : NULL;
}

static guint64
heap_total (MemsimMemoryMap *self)
{
  const MemsimHeap *heap = current_heap (self);

  return heap != NULL ? memsim_heap_get_config (heap)->total : 1;
}

gboolean
memsim_memory_map_block_at (MemsimMemoryMap *self,
                            double           x,
                            MemsimBlockInfo *out_block)
{
  const MemsimHeap *heap;
  double address;

  g_return_val_if_fail (MEMSIM_IS_MEMORY_MAP (self), FALSE);

  heap = current_heap (self);
  address = memsim_map_range_address_at (&self->range, x);
  if (heap == NULL || address < 0.0 || address >= self->range.total)
    return FALSE;
  return memsim_heap_lookup_address (heap, (guint64) address, out_block);
}

/* ---- the selection ------------------------------------------------------- */

const char *
memsim_memory_map_get_selected_name (MemsimMemoryMap *self)
{
  g_return_val_if_fail (MEMSIM_IS_MEMORY_MAP (self), NULL);
  return self->selected_name;
}

void
memsim_memory_map_select (MemsimMemoryMap *self,
                          const char      *name)
{
  if (g_strcmp0 (self->selected_name, name) == 0)
    return;
  g_free (self->selected_name);
  self->selected_name = g_strdup (name);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NAME]);
}

/* A block chosen elsewhere (the process table) is brought into view:
 * centred at the current zoom, or shown whole if it is wider than the
 * view.  A block already in view does not move the view. */
static void
reveal_block (MemsimMemoryMap *self,
              const char      *name)
{
  const MemsimHeap *heap = current_heap (self);
  MemsimBlockInfo block;
  double start = self->range.start, end = start + self->range.span;

  if (heap == NULL || name == NULL || !memsim_heap_lookup_name (heap, name, &block))
    return;
  if ((double) block.start < end && (double) (block.start + block.size) > start)
    return;
  if ((double) block.size > self->range.span)
    memsim_map_range_show (&self->range, block.start, block.start + block.size);
  else
    {
      self->range.start = block.start + block.size / 2.0 - self->range.span / 2.0;
      memsim_map_range_clamp (&self->range);
    }
  memsim_memory_map_view_changed (self);
}

void
memsim_memory_map_set_selected_name (MemsimMemoryMap *self,
                                     const char      *name)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  memsim_memory_map_select (self, name);
  reveal_block (self, name);
}

/* ---- accessibility -------------------------------------------------------- */

char *
memsim_memory_map_describe (MemsimMemoryMap *self)
{
  const MemsimHeap *heap = current_heap (self);
  g_autofree char *blocks = NULL, *holes = NULL, *largest = NULL, *total = NULL;
  MemsimMetrics m;

  if (heap == NULL)
    return g_strdup (_("No heap"));
  memsim_heap_get_metrics (heap, &m);
  blocks = g_strdup_printf (ngettext ("%" PRIu64 " block in use", "%" PRIu64 " blocks in use",
                                      (gulong) m.live_blocks), m.live_blocks);
  holes = g_strdup_printf (ngettext ("%" PRIu64 " free block", "%" PRIu64 " free blocks",
                                     (gulong) m.free_blocks), m.free_blocks);
  largest = g_format_size_full (m.largest_free, G_FORMAT_SIZE_IEC_UNITS);
  total = g_format_size_full (m.total, G_FORMAT_SIZE_IEC_UNITS);
  /* TRANSLATORS: "3 blocks in use, 2 free blocks, largest hole 1.0 KiB, heap of 4.0 KiB" */
  return g_strdup_printf (_("%s, %s, largest hole %s, heap of %s"), blocks, holes, largest, total);
}

static void
update_description (MemsimMemoryMap *self)
{
  g_autofree char *description = memsim_memory_map_describe (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* ---- the session ---------------------------------------------------------- */

/* Re-reads the session: a new total refits the view. */
static void
refresh (MemsimMemoryMap *self)
{
  guint64 total = heap_total (self);

  self->dirty = FALSE;
  if ((double) total != self->range.total)
    memsim_map_range_init (&self->range, total, self->range.width);
  update_description (self);
  g_signal_emit (self, signals[CONTENT_CHANGED], 0);
  memsim_memory_map_view_changed (self);
}

static gboolean
refresh_on_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);

  self->tick_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_session_changed (MemsimSession   *session,
                    MemsimMemoryMap *self)
{
  self->dirty = TRUE;
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), refresh_on_tick, NULL, NULL);
}

MemsimSession *
memsim_memory_map_get_session (MemsimMemoryMap *self)
{
  g_return_val_if_fail (MEMSIM_IS_MEMORY_MAP (self), NULL);
  return self->session;
}

void
memsim_memory_map_set_session (MemsimMemoryMap *self,
                               MemsimSession   *session)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  g_return_if_fail (session == NULL || MEMSIM_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
  memsim_map_range_init (&self->range, heap_total (self), self->range.width);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* ---- drawing ------------------------------------------------------------- */

/* libadwaita's style manager says whether the style is dark (also when the
 * widget is not in a window yet, as in the benchmark). */
gboolean
memsim_memory_map_is_dark (MemsimMemoryMap *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
draw_placeholder (MemsimMemoryMap        *self,
                  cairo_t                *cr,
                  const MemsimMapPalette *palette,
                  int                     width,
                  int                     height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("No heap"));
  int text_width, text_height;

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gdk_cairo_set_source_rgba (cr, &palette->foreground);
  cairo_move_to (cr, (width - text_width) / 2.0, (height - text_height) / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* What a frame shows, but for the selection; FALSE without a heap. */
static gboolean
fill_scene (MemsimMemoryMap *self,
            MemsimMapScene  *scene)
{
  *scene = (MemsimMapScene) { 0 };
  scene->palette = memsim_map_palette_get (memsim_memory_map_is_dark (self));
  if (self->session == NULL)
    return FALSE;
  if (self->layout == NULL)
    self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  scene->heap = memsim_session_get_heap (self->session);
  scene->store = memsim_session_get_object_store (self->session);
  scene->range = self->range;
  scene->layout = self->layout;
  return TRUE;
}

static void
draw_scene (MemsimMemoryMap *self,
            cairo_t         *cr,
            int              width,
            int              height,
            gboolean         with_selection)
{
  MemsimMapScene scene;

  if ((double) width != self->range.width)
    memsim_map_range_set_width (&self->range, width);
  if (!fill_scene (self, &scene))
    {
      draw_placeholder (self, cr, scene.palette, width, height);
      return;
    }
  scene.selected = with_selection ? self->selected_name : NULL;
  memsim_map_render (cr, &scene, height);
}

void
memsim_memory_map_draw (MemsimMemoryMap *self,
                        cairo_t         *cr,
                        int              width,
                        int              height)
{
  g_return_if_fail (MEMSIM_IS_MEMORY_MAP (self));
  draw_scene (self, cr, width, height, TRUE);
}

/* The map without the selection, kept until the heap, the view, the size
 * or the style changes: selecting, focusing or marking a range then costs
 * no new drawing of the heap. */
static GskRenderNode *
scene_node (MemsimMemoryMap *self,
            int              width,
            int              height)
{
  GtkSnapshot *snapshot;
  cairo_t *cr;

  if (self->scene_node != NULL && self->node_width == width && self->node_height == height)
    return self->scene_node;
  g_clear_pointer (&self->scene_node, gsk_render_node_unref);
  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_scene (self, cr, width, height, FALSE);
  cairo_destroy (cr);
  self->scene_node = gtk_snapshot_free_to_node (snapshot);
  self->node_width = width;
  self->node_height = height;
  return self->scene_node;
}

/* An outline of @width pixels in @color around block @name, if live. */
static void
snapshot_outline (MemsimMemoryMap *self,
                  GtkSnapshot     *snapshot,
                  int              height,
                  const char      *name,
                  float            width,
                  const GdkRGBA   *color)
{
  MemsimMapScene scene;
  graphene_rect_t rect;
  GskRoundedRect outline;

  if (name == NULL || !fill_scene (self, &scene))
    return;
  scene.selected = name;
  if (!memsim_map_render_selection_rect (&scene, height, &rect))
    return;
  gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, (const float[4]) { width, width, width, width },
                              (const GdkRGBA[4]) { *color, *color, *color, *color });
}

/* The selection, and the block under the pointer more lightly. */
static void
snapshot_outlines (MemsimMemoryMap *self,
                   GtkSnapshot     *snapshot,
                   int              height)
{
  const MemsimMapPalette *palette = memsim_map_palette_get (memsim_memory_map_is_dark (self));
  GdkRGBA hover = palette->selection;

  hover.alpha = 0.5;
  if (g_strcmp0 (self->hover_name, self->selected_name) != 0)
    snapshot_outline (self, snapshot, height, self->hover_name, 1, &hover);
  snapshot_outline (self, snapshot, height, self->selected_name, 2, &palette->selection);
}

static void
memsim_memory_map_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRenderNode *node;

  if (width <= 0 || height <= 0)
    return;
  node = scene_node (self, width, height);
  if (node != NULL)
    gtk_snapshot_append_node (snapshot, node);
  snapshot_outlines (self, snapshot, height);
  memsim_memory_map_snapshot_overlays (self, snapshot, width, height);
}

static void
memsim_memory_map_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);

  if ((double) width != self->range.width)
    {
      memsim_map_range_set_width (&self->range, width);
      g_clear_pointer (&self->scene_node, gsk_render_node_unref);
      g_signal_emit (self, signals[VIEW_CHANGED], 0);
    }
}

static void
memsim_memory_map_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = horizontal ? 160 : 80;
  *natural = horizontal ? 640 : 160;
}

static void
memsim_memory_map_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);

  PangoContext *context;
  g_autofree char *font = NULL;

  GTK_WIDGET_CLASS (memsim_memory_map_parent_class)->css_changed (widget, change);
  /* The scene depends on the style only through its labels' font (the
   * palette follows the style manager's dark flag, on_dark_changed()).
   * Keeping it across other changes, a focus that comes or goes above
   * all, spares a redraw of a million blocks. */
  context = gtk_widget_get_pango_context (widget);
  font = pango_font_description_to_string (pango_context_get_font_description (context));
  if (g_strcmp0 (font, self->font) == 0)
    return;
  g_free (self->font);
  self->font = g_steal_pointer (&font);
  g_clear_object (&self->layout);
  memsim_memory_map_view_changed (self);
}

static void
memsim_memory_map_map (GtkWidget *widget)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);

  GTK_WIDGET_CLASS (memsim_memory_map_parent_class)->map (widget);
  if (self->dirty)
    refresh (self);
}

static void
memsim_memory_map_unmap (GtkWidget *widget)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
      self->dirty = TRUE;
    }
  GTK_WIDGET_CLASS (memsim_memory_map_parent_class)->unmap (widget);
}

/* ---- GObject -------------------------------------------------------------- */

static void
on_dark_changed (AdwStyleManager *style,
                 GParamSpec      *pspec,
                 MemsimMemoryMap *self)
{
  g_signal_emit (self, signals[CONTENT_CHANGED], 0);
  memsim_memory_map_view_changed (self);
}

static void
memsim_memory_map_dispose (GObject *object)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->layout);
  g_clear_pointer (&self->font, g_free);
  g_clear_pointer (&self->scene_node, gsk_render_node_unref);
  g_clear_pointer (&self->selected_name, g_free);
  g_clear_pointer (&self->hover_name, g_free);
  G_OBJECT_CLASS (memsim_memory_map_parent_class)->dispose (object);
}

static void
memsim_memory_map_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SELECTED_NAME:
      g_value_set_string (value, self->selected_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_memory_map_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      memsim_memory_map_set_session (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NAME:
      memsim_memory_map_set_selected_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_memory_map_class_init (MemsimMemoryMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = memsim_memory_map_dispose;
  object_class->get_property = memsim_memory_map_get_property;
  object_class->set_property = memsim_memory_map_set_property;
  widget_class->snapshot = memsim_memory_map_snapshot;
  widget_class->size_allocate = memsim_memory_map_size_allocate;
  widget_class->measure = memsim_memory_map_measure;
  widget_class->css_changed = memsim_memory_map_css_changed;
  widget_class->map = memsim_memory_map_map;
  widget_class->unmap = memsim_memory_map_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MEMSIM_TYPE_SESSION, flags);
  properties[PROP_SELECTED_NAME] =
    g_param_spec_string ("selected-name", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The view range moved, or what it shows changed. */
  signals[VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The heap changed (emitted once a frame at most, then view-changed). */
  signals[CONTENT_CHANGED] =
    g_signal_new ("content-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "memorymap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  memsim_memory_map_class_init_input (widget_class);
}

static void
memsim_memory_map_init (MemsimMemoryMap *self)
{
  memsim_map_range_init (&self->range, 1, 640);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory map"),
                                  -1);
  update_description (self);
  memsim_memory_map_init_input (self);
  g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                    G_CALLBACK (on_dark_changed), self);
}
