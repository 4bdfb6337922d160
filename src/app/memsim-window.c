/* memsim-window.c: the main window
 *
 * The window owns one MemsimSession and shows it: the memory map pane at
 * the top (MemsimMapView, bound to the "selected-name" property), the
 * process and object tables, the activity log, the statistics and the
 * charts below it, the controls in a sidebar and the timeline at the
 * bottom.  Every control is an action (memsim-window-actions.c) that turns
 * into a MemsimOp for memsim_session_apply(), so that it lands in the
 * history; the widgets follow the session's "changed" signal, never the
 * other way round.
 *
 * Its size and maximized state come from GSettings when it opens and go
 * back there when it closes (the GNOME Text Editor habit: save on close,
 * not on every configure event).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-window-private.h"

/* The memory map and the charts are built on their own branches; the
 * window puts them in their panes as soon as they are part of the build. */
#if __has_include ("memsim-map-view.h")
#include "memsim-map-view.h"
#define HAVE_MAP_VIEW 1
#endif
#if __has_include ("memsim-charts-view.h")
#include "memsim-charts-view.h"
#include "memsim-compare-window.h"
#define HAVE_CHARTS_VIEW 1
#endif

G_DEFINE_FINAL_TYPE (MemsimWindow, memsim_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void restore_geometry (MemsimWindow *self);
static void on_session_changed (MemsimWindow *self);

static const guint64 unit_sizes[] = { 1, 1024, 1024 * 1024, 1024 * 1024 * 1024 };

guint64
memsim_window_unit_size (GtkDropDown *unit_dropdown)
{
  guint selected = gtk_drop_down_get_selected (unit_dropdown);

  return unit_sizes[MIN (selected, G_N_ELEMENTS (unit_sizes) - 1)];
}

static guint
unit_position (const char *unit)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB" };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_strcmp0 (units[i], unit) == 0)
      return i;
  return 1;
}

/* A new window's heap has the size and policy of the preferences, so that
 * Initialise needs no extra operation to set them. */
static MemsimSession *
session_from_settings (GSettings *settings)
{
  g_autofree char *unit = g_settings_get_string (settings, "default-heap-unit");
  g_autofree char *policy = g_settings_get_string (settings, "default-policy");
  guint64 size = g_settings_get_uint64 (settings, "default-heap-size");
  MemsimHeapConfig config;

  memsim_heap_config_init (&config, MIN (size * unit_sizes[unit_position (unit)], MEMSIM_TOTAL_MAX));
  memsim_policy_from_string (policy, &config.policy);
  return memsim_session_new_with_config (&config);
}

/* The map shares the window's selection both ways: a click in the map
 * selects the row, a row selected in the table is highlighted in the map. */
static void
set_up_panes (MemsimWindow *self)
{
#ifdef HAVE_MAP_VIEW
  GtkWidget *map = memsim_map_view_new ();

  memsim_map_view_set_session (MEMSIM_MAP_VIEW (map), self->session);
  g_object_bind_property (self, "selected-name", map, "selected-name",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  adw_bin_set_child (self->map_pane, map);
#endif
#ifdef HAVE_CHARTS_VIEW
  /* Five charts stacked are taller than the page: they scroll, rather
   * than make the whole window taller than its saved size. */
  GtkWidget *charts = memsim_charts_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *viewport = gtk_viewport_new (NULL, NULL);

  memsim_charts_view_set_session (MEMSIM_CHARTS_VIEW (charts), self->session);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), charts);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), viewport);
  adw_bin_set_child (self->charts_pane, scrolled);
#endif
}

static void
set_up_session (MemsimWindow  *self,
                MemsimSession *session)
{
  g_autofree char *unit = g_settings_get_string (self->settings, "default-heap-unit");

  gtk_adjustment_set_value (self->heap_size_adjustment,
                            g_settings_get_uint64 (self->settings, "default-heap-size"));
  gtk_drop_down_set_selected (self->heap_unit_dropdown, unit_position (unit));
  gtk_drop_down_set_selected (self->process_unit_dropdown, 0);
  gtk_adjustment_set_value (self->process_size_adjustment, 64);

  self->session = session != NULL ? g_object_ref (session) : session_from_settings (self->settings);
  self->block_list = memsim_block_list_new (self->session);
  self->history_list = memsim_history_list_new (self->session);
  memsim_window_setup_tables (self);
  memsim_window_setup_stats (self);
  set_up_panes (self);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (on_session_changed), self,
                           G_CONNECT_SWAPPED);
  on_session_changed (self);
  memsim_window_files_init (self);
}

MemsimWindow *
memsim_window_new (MemsimApplication *application)
{
  return memsim_window_new_for_session (application, NULL);
}

MemsimWindow *
memsim_window_new_for_session (MemsimApplication *application,
                               MemsimSession     *session)
{
  MemsimWindow *self;

  g_return_val_if_fail (MEMSIM_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (session == NULL || MEMSIM_IS_SESSION (session), NULL);

  self = g_object_new (MEMSIM_TYPE_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (memsim_application_get_settings (application));
  restore_geometry (self);
  set_up_session (self, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  return self;
}

void
memsim_window_add_toast (MemsimWindow *self,
                         const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (MEMSIM_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  g_set_weak_pointer (&self->shown_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
memsim_window_dismiss_toast (MemsimWindow *self)
{
  g_return_if_fail (MEMSIM_IS_WINDOW (self));

  if (self->shown_toast != NULL)
    adw_toast_dismiss (self->shown_toast);
}

MemsimSession *
memsim_window_get_session (MemsimWindow *self)
{
  g_return_val_if_fail (MEMSIM_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
memsim_window_get_selected_name (MemsimWindow *self)
{
  g_return_val_if_fail (MEMSIM_IS_WINDOW (self), NULL);
  return self->selected_name;
}

/* Selects the block's row too (and scrolls to it); NULL clears both. */
void
memsim_window_set_selected_name (MemsimWindow *self,
                                 const char   *name)
{
  guint position;

  g_return_if_fail (MEMSIM_IS_WINDOW (self));

  if (name != NULL && !memsim_block_list_find (self->block_list, name, &position))
    name = NULL;
  if (g_strcmp0 (self->selected_name, name) == 0)
    return;
  g_free (self->selected_name);
  self->selected_name = g_strdup (name);
  if (self->process_selection != NULL && !self->syncing)
    {
      self->syncing = TRUE;
      if (name == NULL)
        gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->process_selection));
      else
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->process_selection),
                                           position, TRUE);
          memsim_window_scroll_to_row (self, position);
        }
      self->syncing = FALSE;
    }
  memsim_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NAME]);
}

/* ---- applying operations ---------------------------------------------- */

gboolean
memsim_window_apply (MemsimWindow   *self,
                     const MemsimOp *op)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  memsim_window_stop_playing (self);
  ok = memsim_session_apply (self->session, op, &error);
  memsim_history_list_record (self->history_list,
                              memsim_session_get_position (self->session) - 1,
                              ok ? NULL : error->message);
  if (!ok)
    memsim_window_add_toast (self, error->message);
  return ok;
}

/* The heap is "there" once an init succeeded before the current position:
 * until then the window shows its status page.  Scripts and traces that
 * the window opens start with one. */
gboolean
memsim_window_heap_ready (MemsimWindow *self)
{
  guint n_ops = memsim_session_get_n_ops (self->session);
  guint position = memsim_session_get_position (self->session);

  if (self->first_init < n_ops)
    {
      const MemsimOp *op = memsim_session_get_op (self->session, self->first_init);

      if (op->kind == MEMSIM_OP_INIT && memsim_session_op_succeeded (self->session,
                                                                     self->first_init))
        return self->first_init < position;
    }
  for (self->first_init = 0; self->first_init < position; self->first_init++)
    {
      const MemsimOp *op = memsim_session_get_op (self->session, self->first_init);

      if (op->kind == MEMSIM_OP_INIT && memsim_session_op_succeeded (self->session,
                                                                     self->first_init))
        return TRUE;
    }
  self->first_init = G_MAXUINT;
  return FALSE;
}

/* ---- following the session -------------------------------------------- */

static void
update_timeline (MemsimWindow *self)
{
  guint n_ops = memsim_session_get_n_ops (self->session);
  guint position = memsim_session_get_position (self->session);
  g_autofree char *text = g_strdup_printf (_("%u / %u"), position, n_ops);

  self->syncing = TRUE;
  gtk_adjustment_configure (self->timeline_adjustment, position, 0, n_ops, 1,
                            MAX (1, n_ops / 20), 0);
  self->syncing = FALSE;
  gtk_label_set_text (self->position_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->timeline_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

static void
on_session_changed (MemsimWindow *self)
{
  gboolean ready = memsim_window_heap_ready (self);
  g_autofree char *subtitle = NULL;

  gtk_stack_set_visible_child_name (self->content_stack, ready ? "heap" : "empty");
  if (ready)
    {
      const MemsimHeap *heap = memsim_session_get_heap (self->session);
      g_autofree char *size = g_format_size_full (memsim_heap_get_config (heap)->total,
                                                  G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: the heap's size, then its policy ("16 MiB heap · First fit"). */
      subtitle = g_strdup_printf (_("%s heap · %s"), size,
                                  memsim_policy_to_label (memsim_heap_get_config (heap)->policy));
    }
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  if (self->selected_name != NULL
      && !memsim_block_list_find (self->block_list, self->selected_name, NULL))
    memsim_window_set_selected_name (self, NULL);
  update_timeline (self);
  memsim_window_sync_settings (self);
  memsim_window_update_stats (self);
  memsim_window_refresh_objects (self);
  memsim_window_update_actions (self);
}

static void
on_timeline_value_changed (MemsimWindow *self)
{
  guint target = (guint) gtk_adjustment_get_value (self->timeline_adjustment);

  if (self->syncing || self->load != NULL)
    return;
  if (target != memsim_session_get_position (self->session))
    g_action_group_activate_action (G_ACTION_GROUP (self), "seek", g_variant_new_uint32 (target));
}

/* ---- drag and drop ------------------------------------------------------ */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         MemsimWindow  *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || self->load != NULL)
    return FALSE;
  memsim_window_open_file (self, file);
  return TRUE;
}

static void
set_up_drop_target (MemsimWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* ---- geometry ----------------------------------------------------------- */

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
  MemsimWindow *self = MEMSIM_WINDOW (window);

  if (memsim_window_files_hold_close (self))
    return TRUE;
  memsim_window_stop_playing (self);
  memsim_window_cancel_load (self);
  save_geometry (self);
  return GTK_WINDOW_CLASS (memsim_window_parent_class)->close_request (window);
}

/* ---- GObject ------------------------------------------------------------ */

static void
memsim_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MemsimWindow *self = MEMSIM_WINDOW (object);

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
memsim_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MemsimWindow *self = MEMSIM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_NAME:
      memsim_window_set_selected_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_window_dispose (GObject *object)
{
  MemsimWindow *self = MEMSIM_WINDOW (object);

  memsim_window_stop_playing (self);
  memsim_window_free_load (self);
  memsim_window_files_free (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MEMSIM_TYPE_WINDOW);
  if (self->process_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->process_popover));
      self->process_popover = NULL;
    }
  g_clear_object (&self->process_selection);
  g_clear_object (&self->objects);
  g_clear_object (&self->block_list);
  g_clear_object (&self->history_list);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->selected_name, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_weak_pointer (&self->shown_toast);
  G_OBJECT_CLASS (memsim_window_parent_class)->dispose (object);
}

static void
memsim_window_class_init (MemsimWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = memsim_window_dispose;
  object_class->get_property = memsim_window_get_property;
  object_class->set_property = memsim_window_set_property;
  window_class->close_request = memsim_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MEMSIM_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_NAME] =
    g_param_spec_string ("selected-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memsim/Memsim/memsim-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MemsimWindow, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (progress_revealer);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (flap);
  BIND (content_stack);
  BIND (map_pane);
  BIND (charts_pane);
  BIND (view_stack);
  BIND (process_view);
  BIND (object_view);
  BIND (log_view);
  BIND (stats_box);
  BIND (timeline_scale);
  BIND (timeline_adjustment);
  BIND (position_label);
  BIND (speed_dropdown);
  BIND (play_button);
  BIND (heap_size_adjustment);
  BIND (heap_unit_dropdown);
  BIND (policy_row);
  BIND (process_name_row);
  BIND (process_size_adjustment);
  BIND (process_unit_dropdown);
  BIND (object_name_row);
  BIND (object_type_row);
  BIND (object_value_row);
  BIND (process_menu);
#undef BIND
  /* Named for gtk_widget_get_template_child () (the accessibility tests). */
  gtk_widget_class_bind_template_child_full (widget_class, "round_switch", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "round_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "heap_size_spin", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "heap_size_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "undo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_menu", FALSE, 0);
}

static void
memsim_window_init (MemsimWindow *self)
{
  self->first_init = G_MAXUINT;
  gtk_widget_init_template (GTK_WIDGET (self));
  memsim_window_install_actions (self);
  memsim_compare_window_add_actions (GTK_APPLICATION_WINDOW (self));
  set_up_drop_target (self);
  g_signal_connect_object (self->timeline_adjustment, "value-changed",
                           G_CALLBACK (on_timeline_value_changed), self, G_CONNECT_SWAPPED);
}
