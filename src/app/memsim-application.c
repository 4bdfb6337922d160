/* memsim-application.c: application-wide actions, settings and style
 *
 * The application owns the GSettings object; windows and the preferences
 * read it from here.  The colour scheme setting is applied to the
 * AdwStyleManager as soon as it changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-application.h"
#include "memsim-capture.h"
#include "memsim-preferences-window.h"
#include "memsim-window.h"

struct _MemsimApplication {
  AdwApplication parent_instance;

  GSettings     *settings;
  gint64         start_time;    /* g_get_monotonic_time () in main () */
  GFile         *script;        /* --script FILE */
  char          *screenshot;    /* --screenshot PNG */
  char          *view;          /* --view NAME */
  gboolean       bench_startup;
  AdwColorScheme forced_style;  /* --style, for this run only */
};

G_DEFINE_FINAL_TYPE (MemsimApplication, memsim_application, ADW_TYPE_APPLICATION)

MemsimApplication *
memsim_application_new (void)
{
  return g_object_new (MEMSIM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
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

  if (self->forced_style != ADW_COLOR_SCHEME_DEFAULT)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), self->forced_style);
      return;
    }

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

void
memsim_application_set_start_time (MemsimApplication *self,
                                   gint64             start_usec)
{
  g_return_if_fail (MEMSIM_IS_APPLICATION (self));
  self->start_time = start_usec;
}

/* The window, created on first use with what the command line asked for. */
static MemsimWindow *
main_window (MemsimApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (MEMSIM_IS_WINDOW (window))
    return MEMSIM_WINDOW (window);
  window = GTK_WINDOW (memsim_window_new (self));
  if (self->view != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (window), "view",
                                    g_variant_new_string (self->view));
  if (self->bench_startup)
    memsim_capture_first_frame (MEMSIM_WINDOW (window), self->start_time, G_APPLICATION (self));
  if (self->screenshot != NULL)
    memsim_capture_screenshot (MEMSIM_WINDOW (window), self->screenshot, G_APPLICATION (self));
  return MEMSIM_WINDOW (window);
}

static void
memsim_application_activate (GApplication *app)
{
  MemsimApplication *self = MEMSIM_APPLICATION (app);
  MemsimWindow *window = main_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (self->script != NULL)
    {
      g_autoptr(GFile) script = g_steal_pointer (&self->script);

      memsim_window_open_file (window, script);
    }
}

/* `memsim FILE` (and a file opened from the file manager). */
static void
memsim_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  MemsimWindow *window = main_window (MEMSIM_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  if (n_files > 1)
    memsim_window_add_toast (window, _("Memsim opens one file at a time: the first one is open"));
  if (n_files > 0)
    memsim_window_open_file (window, files[0]);
}

static const GOptionEntry main_options[] = {
  { "script", 's', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open a script (.msim) or a trace (.rep) at start"), N_("FILE") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show this page first: processes, objects, activity, statistics or charts"), N_("PAGE") },
  { "style", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use the light or dark style for this run"), N_("STYLE") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save a picture of the window to PNG once the file is open, then quit"), N_("PNG") },
  { "bench-startup", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the time to the first frame, then quit"), NULL },
  { NULL }
};

static int
memsim_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  MemsimApplication *self = MEMSIM_APPLICATION (app);
  const char *script = NULL, *style = NULL;

  g_variant_dict_lookup (options, "script", "^&ay", &script);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "view", "s", &self->view);
  g_variant_dict_lookup (options, "style", "&s", &style);
  self->bench_startup = g_variant_dict_contains (options, "bench-startup");
  if (style != NULL && !g_str_equal (style, "light") && !g_str_equal (style, "dark"))
    {
      g_printerr (_("memsim: --style is light or dark, not “%s”\n"), style);
      return 2;
    }
  if (style != NULL)
    self->forced_style = g_str_equal (style, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK
                                                     : ADW_COLOR_SCHEME_FORCE_LIGHT;
  /* Screenshots and measurements want a process of their own. */
  if (self->screenshot != NULL || self->bench_startup)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  if (script != NULL)
    self->script = g_file_new_for_commandline_arg (script);
  return -1;
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

/* The window's actions and their shortcuts (ui/help-overlay.ui lists
 * them all; tests/app checks that every one is set). */
static const struct {
  const char *action;
  const char *accels[3];
} window_accels[] = {
  { "win.open", { "<Control>o", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "win.initialise", { "<Control>n", NULL } },
  { "win.reset", { "<Control>r", NULL } },
  { "win.allocate", { "<Control>Return", NULL } },
  { "win.free-selected", { "Delete", NULL } },
  { "win.compact", { "<Control>k", NULL } },
  { "win.policy::first-fit", { "<Control>1", NULL } },
  { "win.policy::next-fit", { "<Control>2", NULL } },
  { "win.policy::best-fit", { "<Control>3", NULL } },
  { "win.policy::worst-fit", { "<Control>4", NULL } },
  { "win.policy::buddy", { "<Control>5", NULL } },
  { "win.round-pow2", { "<Control>b", NULL } },
  { "win.auto-compact", { "<Control><Shift>k", NULL } },
  { "win.store", { "<Control><Shift>Return", NULL } },
  { "win.release", { "<Control><Shift>Delete", NULL } },
  { "win.collect", { "<Control><Shift>g", NULL } },
  { "win.play", { "<Control>p", NULL } },
  { "win.step", { "<Control>period", NULL } },
  { "win.seek-start", { "<Control>Home", NULL } },
  { "win.seek-end", { "<Control>End", NULL } },
  { "win.faster", { "<Control>bracketright", NULL } },
  { "win.slower", { "<Control>bracketleft", NULL } },
  { "win.cancel-load", { "Escape", NULL } },
  { "win.view::processes", { "<Alt>1", NULL } },
  { "win.view::objects", { "<Alt>2", NULL } },
  { "win.view::activity", { "<Alt>3", NULL } },
  { "win.view::statistics", { "<Alt>4", NULL } },
  { "win.view::charts", { "<Alt>5", NULL } },
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
  for (guint i = 0; i < G_N_ELEMENTS (window_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), window_accels[i].action,
                                           window_accels[i].accels);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
memsim_application_finalize (GObject *object)
{
  MemsimApplication *self = MEMSIM_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->script);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->view, g_free);
  G_OBJECT_CLASS (memsim_application_parent_class)->finalize (object);
}

static void
memsim_application_class_init (MemsimApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = memsim_application_finalize;
  app_class->activate = memsim_application_activate;
  app_class->open = memsim_application_open;
  app_class->handle_local_options = memsim_application_handle_local_options;
  app_class->startup = memsim_application_startup;
}

static void
memsim_application_init (MemsimApplication *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->start_time = g_get_monotonic_time ();
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
}
