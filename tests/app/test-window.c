/* test-window.c: the application shell under Xvfb (libadwaita's habits:
 * gtk_test_init, real windows, settings from the memory backend) */
#include "config.h"

#include "memsim-application.h"
#include "memsim-preferences-window.h"
#include "memsim-window.h"

/* One registered application for the whole program: a second one with the
 * same id could not export its actions on the same bus connection. */
static MemsimApplication *shared_app;

static MemsimApplication *
started_application (void)
{
  g_autoptr(GError) error = NULL;

  if (shared_app == NULL)
    {
      shared_app = memsim_application_new ();
      g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, &error));
      g_assert_no_error (error);
    }
  return g_object_ref (shared_app);
}

static void
assert_accel (MemsimApplication *app,
              const char        *action,
              const char        *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_window_title_and_actions (void)
{
  g_autoptr(MemsimApplication) app = started_application ();
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (MEMSIM_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Memsim");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  assert_accel (app, "app.quit", "<Control>q");
  assert_accel (app, "app.preferences", "<Control>comma");
  assert_accel (app, "window.close", "<Control>w");
  assert_accel (app, "win.show-help-overlay", "<Control>question");
  gtk_window_destroy (window);
}

static void
test_window_size_from_settings (void)
{
  g_autoptr(MemsimApplication) app = started_application ();
  GSettings *settings = memsim_application_get_settings (app);
  GtkWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 777);
  g_settings_set_int (settings, "window-height", 555);
  window = GTK_WINDOW (memsim_window_new (app));
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);

  /* Closing stores the size back. */
  gtk_window_present (window);
  gtk_window_set_default_size (window, 640, 480);
  gtk_window_close (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
}

static void
test_preferences_follow_settings (void)
{
  g_autoptr(MemsimApplication) app = started_application ();
  GSettings *settings = memsim_application_get_settings (app);
  MemsimPreferencesWindow *preferences = memsim_preferences_window_new (settings);
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwComboRow *policy_row;
  GtkDropDown *unit_dropdown;
  GtkAdjustment *size_adjustment;
  g_autofree char *policy = NULL;

  /* The rows follow the settings, and the settings follow the rows. */
  policy_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                             MEMSIM_TYPE_PREFERENCES_WINDOW,
                                                             "policy_row"));
  unit_dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                MEMSIM_TYPE_PREFERENCES_WINDOW,
                                                                "heap_unit_dropdown"));
  size_adjustment = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                   MEMSIM_TYPE_PREFERENCES_WINDOW,
                                                                   "heap_size_adjustment"));
  g_settings_set_string (settings, "default-policy", "best-fit");
  g_assert_cmpuint (adw_combo_row_get_selected (policy_row), ==, 2);
  adw_combo_row_set_selected (policy_row, 4);
  policy = g_settings_get_string (settings, "default-policy");
  g_assert_cmpstr (policy, ==, "buddy");
  g_settings_set_string (settings, "default-heap-unit", "MiB");
  g_assert_cmpuint (gtk_drop_down_get_selected (unit_dropdown), ==, 2);
  gtk_adjustment_set_value (size_adjustment, 300);
  g_assert_cmpuint (g_settings_get_uint64 (settings, "default-heap-size"), ==, 300);

  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (settings, "color-scheme", "follow");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int argc, char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/window/title-and-actions", test_window_title_and_actions);
  g_test_add_func ("/app/window/size-from-settings", test_window_size_from_settings);
  g_test_add_func ("/app/preferences/follow-settings", test_preferences_follow_settings);
  status = g_test_run ();
  g_clear_object (&shared_app);
  return status;
}
