/* memsim-window-actions.c: everything a user can do in the window
 *
 * One action per control (the Text Editor habit), so that the button, the
 * shortcut, the menu and the tests all take the same path.  Actions that
 * change the heap build a MemsimOp and hand it to memsim_window_apply():
 * it lands in the session's history, and a failure becomes a toast while
 * the heap stays as it was.  Settings are stateful actions whose state
 * mirrors the heap's configuration after every change (an undo can turn
 * auto-compact off again), set from the model, not from the switch.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-window-private.h"

static const char *const policy_names[] = {
  "first-fit", "next-fit", "best-fit", "worst-fit", "buddy",
};

static const guint speeds[] = { 1, 5, 20, 100, 1000, 10000 };

static MemsimOp *
op_new (MemsimOpKind kind)
{
  return memsim_op_new (kind);
}

/* ---- heap --------------------------------------------------------------- */

static guint64
heap_size (MemsimWindow *self)
{
  return (guint64) gtk_adjustment_get_value (self->heap_size_adjustment)
         * memsim_window_unit_size (self->heap_unit_dropdown);
}

static void
initialise_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_INIT);

  op->size = heap_size (self);
  memsim_window_apply (self, op);
}

static void
reset_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_RESET);

  memsim_window_apply (user_data, op);
}

static void
compact_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_COMPACT);

  memsim_window_apply (user_data, op);
}

/* "p1" becomes "p2" and "buffer" "buffer2": the next allocation is one
 * key away and does not collide with the one just made. */
static char *
next_name (const char *name)
{
  const char *digits = name + strlen (name);
  guint64 number;

  while (digits > name && g_ascii_isdigit (digits[-1]))
    digits--;
  if (*digits == '\0')
    return g_strconcat (name, "2", NULL);
  if (strlen (digits) > 15)
    return g_strdup (name);
  number = g_ascii_strtoull (digits, NULL, 10);
  return g_strdup_printf ("%.*s%" G_GUINT64_FORMAT, (int) (digits - name), name, number + 1);
}

static void
allocate_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_ALLOC);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->process_name_row));

  op->name = g_strdup (name);
  op->size = (guint64) gtk_adjustment_get_value (self->process_size_adjustment)
             * memsim_window_unit_size (self->process_unit_dropdown);
  if (memsim_window_apply (self, op))
    {
      g_autofree char *next = next_name (name);

      gtk_editable_set_text (GTK_EDITABLE (self->process_name_row), next);
    }
}

static void
free_selected_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(GPtrArray) names = memsim_window_get_selected_names (self);

  if (names->len == 0)
    {
      memsim_window_add_toast (self, _("Select a process in the table or the map first"));
      return;
    }
  /* One "changed" for the lot; each free is still its own operation. */
  memsim_session_begin_batch (self->session);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_FREE);

      op->name = g_strdup (g_ptr_array_index (names, i));
      memsim_window_apply (self, op);
    }
  memsim_session_end_batch (self->session);
}

/* ---- settings ----------------------------------------------------------- */

static void
policy_change_state (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_POLICY);

  if (!memsim_policy_from_string (g_variant_get_string (value, NULL), &op->policy))
    return;
  if (op->policy == memsim_heap_get_config (memsim_session_get_heap (self->session))->policy)
    return;
  memsim_window_apply (self, op);
  /* The state follows the heap, whether the change worked or not. */
  memsim_window_sync_settings (self);
}

static void
apply_switch (MemsimWindow  *self,
              MemsimSetting  setting,
              gboolean       on)
{
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_SET);

  op->setting = setting;
  op->size = on ? 1 : 0;
  memsim_window_apply (self, op);
  memsim_window_sync_settings (self);
}

static void
round_pow2_change_state (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
  apply_switch (user_data, MEMSIM_SETTING_ROUND_POW2, g_variant_get_boolean (value));
}

static void
auto_compact_change_state (GSimpleAction *action,
                           GVariant      *value,
                           gpointer       user_data)
{
  apply_switch (user_data, MEMSIM_SETTING_AUTO_COMPACT, g_variant_get_boolean (value));
}

static void
set_state_quietly (MemsimWindow *self,
                   const char   *name,
                   GVariant     *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
  g_autoptr(GVariant) current = g_action_get_state (action);

  g_variant_ref_sink (state);
  if (!g_variant_equal (current, state))
    g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
  g_variant_unref (state);
}

/* The settings' actions and the policy row show the heap's configuration. */
void
memsim_window_sync_settings (MemsimWindow *self)
{
  const MemsimHeapConfig *config = memsim_heap_get_config (memsim_session_get_heap (self->session));

  set_state_quietly (self, "policy", g_variant_new_string (policy_names[config->policy]));
  set_state_quietly (self, "round-pow2", g_variant_new_boolean (config->round_pow2));
  set_state_quietly (self, "auto-compact", g_variant_new_boolean (config->auto_compact));
  self->syncing = TRUE;
  adw_combo_row_set_selected (self->policy_row, config->policy);
  self->syncing = FALSE;
}

static void
on_policy_row_selected (MemsimWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->policy_row);

  if (self->syncing || selected >= G_N_ELEMENTS (policy_names))
    return;
  g_action_group_change_action_state (G_ACTION_GROUP (self), "policy",
                                      g_variant_new_string (policy_names[selected]));
  memsim_window_sync_settings (self);
}

/* ---- object store ------------------------------------------------------- */

static void
store_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_STORE);
  GtkStringObject *type = adw_combo_row_get_selected_item (self->object_type_row);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->object_name_row));

  op->name = g_strdup (name);
  op->type = g_strdup (type != NULL ? gtk_string_object_get_string (type) : "int");
  op->value = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->object_value_row)));
  if (memsim_window_apply (self, op))
    {
      g_autofree char *next = next_name (name);

      gtk_editable_set_text (GTK_EDITABLE (self->object_name_row), next);
    }
}

static void
release_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  MemsimWindow *self = user_data;
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_RELEASE);

  op->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->object_name_row)));
  memsim_window_apply (self, op);
}

static void
collect_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_autoptr(MemsimOp) op = op_new (MEMSIM_OP_COLLECT);

  memsim_window_apply (user_data, op);
}

/* ---- timeline ----------------------------------------------------------- */

static void
seek_to (MemsimWindow *self,
         guint         position)
{
  memsim_session_seek (self->session, MIN (position, memsim_session_get_n_ops (self->session)));
}

static void
undo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MemsimWindow *self = user_data;

  memsim_window_stop_playing (self);
  memsim_session_undo (self->session);
}

static void
redo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MemsimWindow *self = user_data;

  memsim_window_stop_playing (self);
  memsim_session_redo (self->session);
}

static void
seek_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MemsimWindow *self = user_data;

  memsim_window_stop_playing (self);
  seek_to (self, g_variant_get_uint32 (parameter));
}

static void
seek_start_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  MemsimWindow *self = user_data;

  memsim_window_stop_playing (self);
  seek_to (self, 0);
}

static void
seek_end_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MemsimWindow *self = user_data;

  memsim_window_stop_playing (self);
  seek_to (self, memsim_session_get_n_ops (self->session));
}

static guint
current_speed (MemsimWindow *self)
{
  return speeds[MIN (gtk_drop_down_get_selected (self->speed_dropdown), G_N_ELEMENTS (speeds) - 1)];
}

/* Playback moves the position forward through the history at the chosen
 * speed: every tick redoes as many operations as the time since the last
 * one is worth, in one seek, so 10 000 ops/s cost 60 seeks a second. */
static gboolean
play_tick (gpointer user_data)
{
  MemsimWindow *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint position = memsim_session_get_position (self->session);
  guint n_ops = memsim_session_get_n_ops (self->session);
  guint steps;

  self->play_credit += (now - self->play_last) / 1e6 * current_speed (self);
  self->play_last = now;
  steps = (guint) MIN (self->play_credit, (double) (n_ops - position));
  self->play_credit -= steps;
  if (steps > 0)
    seek_to (self, position + steps);
  if (memsim_session_get_position (self->session) >= n_ops)
    {
      self->play_source = 0;
      memsim_window_stop_playing (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
memsim_window_stop_playing (MemsimWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "play");

  g_clear_handle_id (&self->play_source, g_source_remove);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (FALSE));
  if (self->play_button != NULL)
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->play_button), "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Play"));
    }
}

static void
start_playing (MemsimWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "play");

  /* At the end, play starts again where the last opened file began. */
  if (!memsim_session_can_redo (self->session))
    seek_to (self, self->play_from < memsim_session_get_n_ops (self->session) ? self->play_from : 0);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (TRUE));
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button), "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Pause"));
  self->play_last = g_get_monotonic_time ();
  self->play_credit = 1;   /* the first step shows at once */
  self->play_source = g_timeout_add (16, play_tick, self);
  play_tick (self);
}

static void
play_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  MemsimWindow *self = user_data;

  if (g_variant_get_boolean (value) && self->play_source == 0)
    start_playing (self);
  else if (!g_variant_get_boolean (value))
    memsim_window_stop_playing (self);
}

static void
step_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  redo_activated (action, parameter, user_data);
}

static void
change_speed (MemsimWindow *self,
              int           delta)
{
  int selected = (int) gtk_drop_down_get_selected (self->speed_dropdown) + delta;

  gtk_drop_down_set_selected (self->speed_dropdown, CLAMP (selected, 0, (int) G_N_ELEMENTS (speeds) - 1));
}

static void
faster_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  change_speed (user_data, 1);
}

static void
slower_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  change_speed (user_data, -1);
}

/* ---- files and views ---------------------------------------------------- */

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  MemsimWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      memsim_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *const *patterns)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (; *patterns != NULL; patterns++)
    gtk_file_filter_add_pattern (filter, *patterns);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MemsimWindow *self = user_data;
  static const char *const both[] = { "*.msim", "*.rep", NULL };
  static const char *const scripts[] = { "*.msim", NULL };
  static const char *const traces[] = { "*.rep", NULL };
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Script or Trace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("Scripts and traces"), both);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Memsim scripts (.msim)"), scripts);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Malloc-lab traces (.rep)"), traces);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_load_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  memsim_window_cancel_load (user_data);
}

static void
view_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  MemsimWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->view_stack, g_variant_get_string (value, NULL));
  g_simple_action_set_state (action, value);
}

static void
on_visible_view (MemsimWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name != NULL)
    set_state_quietly (self, "view", g_variant_new_string (name));
  if (g_strcmp0 (name, "objects") == 0 && self->objects_dirty)
    memsim_window_refresh_objects (self);
}

/* ---- enabling ----------------------------------------------------------- */

static void
enable (MemsimWindow *self,
        const char   *name,
        gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
memsim_window_update_actions (MemsimWindow *self)
{
  gboolean idle = self->load == NULL;
  gboolean ready = idle && memsim_window_heap_ready (self);
  static const char *const heap_actions[] = {
    "reset", "allocate", "compact", "store", "release", "collect",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heap_actions); i++)
    enable (self, heap_actions[i], ready);
  enable (self, "free-selected", ready && self->selected_name != NULL);
  enable (self, "initialise", idle);
  enable (self, "open", idle);
  enable (self, "policy", idle);
  enable (self, "round-pow2", idle);
  enable (self, "auto-compact", idle);
  enable (self, "undo", idle && memsim_session_can_undo (self->session));
  enable (self, "redo", idle && memsim_session_can_redo (self->session));
  enable (self, "step", idle && memsim_session_can_redo (self->session));
  enable (self, "seek-end", idle && memsim_session_can_redo (self->session));
  enable (self, "seek-start", idle && memsim_session_can_undo (self->session));
  enable (self, "seek", idle);
  enable (self, "play", idle && memsim_session_get_n_ops (self->session) > 0);
  enable (self, "cancel-load", !idle);
}

static const GActionEntry window_actions[] = {
  { "open", open_activated },
  { "undo", undo_activated },
  { "redo", redo_activated },
  { "initialise", initialise_activated },
  { "reset", reset_activated },
  { "allocate", allocate_activated },
  { "free-selected", free_selected_activated },
  { "compact", compact_activated },
  { "policy", NULL, "s", "'first-fit'", policy_change_state },
  { "round-pow2", NULL, NULL, "false", round_pow2_change_state },
  { "auto-compact", NULL, NULL, "false", auto_compact_change_state },
  { "store", store_activated },
  { "release", release_activated },
  { "collect", collect_activated },
  { "play", NULL, NULL, "false", play_change_state },
  { "step", step_activated },
  { "seek", seek_activated, "u" },
  { "seek-start", seek_start_activated },
  { "seek-end", seek_end_activated },
  { "faster", faster_activated },
  { "slower", slower_activated },
  { "cancel-load", cancel_load_activated },
  { "view", NULL, "s", "'processes'", view_change_state },
};

static void
activate_allocate (MemsimWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "allocate", NULL);
}

static void
activate_store (MemsimWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "store", NULL);
}

void
memsim_window_install_actions (MemsimWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect_object (self->policy_row, "notify::selected",
                           G_CALLBACK (on_policy_row_selected), self, G_CONNECT_SWAPPED);
  /* Enter in the name or value field does what the group's button does. */
  g_signal_connect_object (self->process_name_row, "entry-activated",
                           G_CALLBACK (activate_allocate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->object_value_row, "entry-activated",
                           G_CALLBACK (activate_store), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_visible_view), self, G_CONNECT_SWAPPED);
}
