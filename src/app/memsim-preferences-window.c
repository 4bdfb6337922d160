/* memsim-preferences-window.c: the preferences, bound to GSettings
 *
 * The size spin button binds directly.  The drop-downs show positions in a
 * fixed list while the settings store strings, so each binding maps the
 * setting's string to the list position and back through a table.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-preferences-window.h"

struct _MemsimPreferencesWindow {
  AdwPreferencesWindow parent_instance;

  GSettings           *settings;
  GtkAdjustment       *heap_size_adjustment;
  GtkDropDown         *heap_unit_dropdown;
  AdwComboRow         *policy_row;
  AdwComboRow         *color_scheme_row;
};

G_DEFINE_FINAL_TYPE (MemsimPreferencesWindow, memsim_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Setting values in the order of the rows' models (see the .ui file). */
static const char *const units[] = { "B", "KiB", "MiB", "GiB", NULL };
static const char *const policies[] = { "first-fit", "next-fit", "best-fit", "worst-fit", "buddy", NULL };
static const char *const schemes[] = { "follow", "light", "dark", NULL };

static gboolean
string_to_position (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *const *choices = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], text))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_string (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  const char *const *choices = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[position]);
}

static void
bind_choice (GSettings         *settings,
             const char        *key,
             gpointer           widget,
             const char *const *choices)
{
  g_settings_bind_with_mapping (settings, key, widget, "selected", G_SETTINGS_BIND_DEFAULT,
                                string_to_position, position_to_string,
                                (gpointer) choices, NULL);
}

MemsimPreferencesWindow *
memsim_preferences_window_new (GSettings *settings)
{
  MemsimPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MEMSIM_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "default-heap-size", self->heap_size_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  bind_choice (settings, "default-heap-unit", self->heap_unit_dropdown, units);
  bind_choice (settings, "default-policy", self->policy_row, policies);
  bind_choice (settings, "color-scheme", self->color_scheme_row, schemes);
  return self;
}

static void
memsim_preferences_window_dispose (GObject *object)
{
  MemsimPreferencesWindow *self = MEMSIM_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MEMSIM_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (memsim_preferences_window_parent_class)->dispose (object);
}

static void
memsim_preferences_window_class_init (MemsimPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = memsim_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memsim/Memsim/memsim-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MemsimPreferencesWindow, heap_size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MemsimPreferencesWindow, heap_unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MemsimPreferencesWindow, policy_row);
  gtk_widget_class_bind_template_child (widget_class, MemsimPreferencesWindow, color_scheme_row);
}

static void
memsim_preferences_window_init (MemsimPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
