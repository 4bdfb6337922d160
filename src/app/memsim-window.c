/* memsim-window.c: the main window
 *
 * Its size and maximized state come from GSettings when it opens and go
 * back there when it closes (the GNOME Text Editor habit: save on close,
 * not on every configure event).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-window.h"

struct _MemsimWindow {
  AdwApplicationWindow parent_instance;

  GSettings           *settings;
  AdwToastOverlay     *toast_overlay;
};

G_DEFINE_FINAL_TYPE (MemsimWindow, memsim_window, ADW_TYPE_APPLICATION_WINDOW)

static void restore_geometry (MemsimWindow *self);

MemsimWindow *
memsim_window_new (MemsimApplication *application)
{
  MemsimWindow *self;

  g_return_val_if_fail (MEMSIM_IS_APPLICATION (application), NULL);

  self = g_object_new (MEMSIM_TYPE_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (memsim_application_get_settings (application));
  restore_geometry (self);
  return self;
}

void
memsim_window_add_toast (MemsimWindow *self,
                         const char   *message)
{
  g_return_if_fail (MEMSIM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
restore_geometry (MemsimWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_geometry (MemsimWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
memsim_window_close_request (GtkWindow *window)
{
  save_geometry (MEMSIM_WINDOW (window));
  return GTK_WINDOW_CLASS (memsim_window_parent_class)->close_request (window);
}

static void
memsim_window_dispose (GObject *object)
{
  MemsimWindow *self = MEMSIM_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MEMSIM_TYPE_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (memsim_window_parent_class)->dispose (object);
}

static void
memsim_window_class_init (MemsimWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = memsim_window_dispose;
  window_class->close_request = memsim_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memsim/Memsim/memsim-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MemsimWindow, toast_overlay);
}

static void
memsim_window_init (MemsimWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
