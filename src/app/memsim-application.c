/* memsim-application.c: application-wide actions, settings and style
 *
 * The application owns the GSettings object; windows and the preferences
 * read it from here.  The colour scheme setting is applied to the
 * AdwStyleManager as soon as it changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-application.h"
#include "memsim-preferences-window.h"
#include "memsim-window.h"

struct _MemsimApplication {
  AdwApplication parent_instance;

  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (MemsimApplication, memsim_application, ADW_TYPE_APPLICATION)

MemsimApplication *
memsim_application_new (void)
{
  return g_object_new (MEMSIM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/memsim/Memsim",
                       NULL);
}

GSettings *
memsim_application_get_settings (MemsimApplication *self)
{
  g_return_val_if_fail (MEMSIM_IS_APPLICATION (self), NULL);
  return self->settings;
}

static void
apply_color_scheme (MemsimApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
memsim_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (memsim_window_new (MEMSIM_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Memsim developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Memsim"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Memsim developers"),
                        "developers", developers,
                        "comments", _("See how allocators hand out memory and why it fragments."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/memsim/memsim",
                        "issue-url", "https://github.com/memsim/memsim/issues",
                        "copyright", "© 2026 The Memsim developers",
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MemsimApplication *self = user_data;
  MemsimPreferencesWindow *preferences = memsim_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "quit", quit_activated },
};

static void
memsim_application_startup (GApplication *app)
{
  MemsimApplication *self = MEMSIM_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (memsim_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  /* window.close is GtkWindow's own action; the shortcuts window lists it. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
memsim_application_finalize (GObject *object)
{
  MemsimApplication *self = MEMSIM_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (memsim_application_parent_class)->finalize (object);
}

static void
memsim_application_class_init (MemsimApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = memsim_application_finalize;
  app_class->activate = memsim_application_activate;
  app_class->startup = memsim_application_startup;
}

static void
memsim_application_init (MemsimApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
}
