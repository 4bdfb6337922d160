/* memsim-map-view.c: the memory map above its overview strip
 *
 * A thin composite: the map (MemsimMemoryMap) holds the session, the
 * selection and the view; the view forwards its properties to it and
 * re-notifies the map's, so the window binds to one widget.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-map-view.h"
#include "memsim-map-overview.h"
#include "memsim-memory-map.h"

struct _MemsimMapView {
  GtkWidget        parent_instance;

  MemsimMemoryMap *map;
  GtkWidget       *overview;
};

G_DEFINE_FINAL_TYPE (MemsimMapView, memsim_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
memsim_map_view_new (void)
{
  return g_object_new (MEMSIM_TYPE_MAP_VIEW, NULL);
}

void
memsim_map_view_set_session (MemsimMapView *self,
                             MemsimSession *session)
{
  g_return_if_fail (MEMSIM_IS_MAP_VIEW (self));
  memsim_memory_map_set_session (self->map, session);
}

MemsimSession *
memsim_map_view_get_session (MemsimMapView *self)
{
  g_return_val_if_fail (MEMSIM_IS_MAP_VIEW (self), NULL);
  return memsim_memory_map_get_session (self->map);
}

const char *
memsim_map_view_get_selected_name (MemsimMapView *self)
{
  g_return_val_if_fail (MEMSIM_IS_MAP_VIEW (self), NULL);
  return memsim_memory_map_get_selected_name (self->map);
}

void
memsim_map_view_set_selected_name (MemsimMapView *self,
                                   const char    *name)
{
  g_return_if_fail (MEMSIM_IS_MAP_VIEW (self));
  memsim_memory_map_set_selected_name (self->map, name);
}

void
memsim_map_view_zoom_to_fit (MemsimMapView *self)
{
  g_return_if_fail (MEMSIM_IS_MAP_VIEW (self));
  memsim_memory_map_zoom_to_fit (self->map);
}

static void
on_map_notify (GObject       *map,
               GParamSpec    *pspec,
               MemsimMapView *self)
{
  if (g_str_equal (pspec->name, "session"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  else if (g_str_equal (pspec->name, "selected-name"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NAME]);
}

static gboolean
memsim_map_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MEMSIM_MAP_VIEW (widget)->map));
}

static void
memsim_map_view_dispose (GObject *object)
{
  MemsimMapView *self = MEMSIM_MAP_VIEW (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_pointer (&self->overview, gtk_widget_unparent);
  if (self->map != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->map));
  self->map = NULL;
  G_OBJECT_CLASS (memsim_map_view_parent_class)->dispose (object);
}

static void
memsim_map_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MemsimMapView *self = MEMSIM_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, memsim_map_view_get_session (self));
      break;
    case PROP_SELECTED_NAME:
      g_value_set_string (value, memsim_map_view_get_selected_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_map_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MemsimMapView *self = MEMSIM_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      memsim_map_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_NAME:
      memsim_map_view_set_selected_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_map_view_class_init (MemsimMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = memsim_map_view_dispose;
  object_class->get_property = memsim_map_view_get_property;
  object_class->set_property = memsim_map_view_set_property;
  widget_class->grab_focus = memsim_map_view_grab_focus;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MEMSIM_TYPE_SESSION, flags);
  properties[PROP_SELECTED_NAME] =
    g_param_spec_string ("selected-name", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
memsim_map_view_init (MemsimMapView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->map = MEMSIM_MEMORY_MAP (memsim_memory_map_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->map), GTK_WIDGET (self));
  self->overview = memsim_map_overview_new (self->map);
  gtk_widget_set_parent (self->overview, GTK_WIDGET (self));
  g_signal_connect (self->map, "notify", G_CALLBACK (on_map_notify), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory map and overview"),
                                  -1);
}
