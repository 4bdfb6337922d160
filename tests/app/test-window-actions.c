/* test-window-actions.c: the main window driven through its actions, as a
 * user would through its controls, checked on the session's heap (exact
 * addresses, SEMANTICS.md) and on the widgets (rows, labels, scrubber,
 * accessibility). */
#include "config.h"

#include <string.h>

#include "memsim-application.h"
#include "memsim-history-item.h"
#include "memsim-object-item.h"
#include "memsim-rep.h"
#include "memsim-window-private.h"

static MemsimApplication *shared_app;

static MemsimWindow *
new_window (void)
{
  MemsimWindow *window;

  if (shared_app == NULL)
    {
      shared_app = memsim_application_new ();
      g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, NULL));
    }
  window = memsim_window_new (shared_app);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
activate (MemsimWindow *window,
          const char   *action)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), action));
  g_action_group_activate_action (G_ACTION_GROUP (window), action, NULL);
}

static void
initialise (MemsimWindow *window,
            guint         kib)
{
  gtk_adjustment_set_value (window->heap_size_adjustment, kib);
  gtk_drop_down_set_selected (window->heap_unit_dropdown, 1);
  activate (window, "initialise");
}

static gboolean
allocate (MemsimWindow *window,
          const char   *name,
          guint64       bytes)
{
  guint n_ops = memsim_session_get_position (window->session);

  gtk_editable_set_text (GTK_EDITABLE (window->process_name_row), name);
  gtk_adjustment_set_value (window->process_size_adjustment, bytes);
  gtk_drop_down_set_selected (window->process_unit_dropdown, 0);
  activate (window, "allocate");
  g_assert_cmpuint (memsim_session_get_position (window->session), ==, n_ops + 1);
  g_assert_cmpint (memsim_session_get_op (window->session, n_ops)->kind, ==, MEMSIM_OP_ALLOC);
  return memsim_session_op_succeeded (window->session, n_ops);
}

static const MemsimHeap *
heap (MemsimWindow *window)
{
  return memsim_session_get_heap (window->session);
}

/* The start of live block @name; G_MAXUINT64 when it is not live. */
static guint64
start_of (MemsimWindow *window,
          const char   *name)
{
  MemsimBlockInfo info;

  return memsim_heap_lookup_name (heap (window), name, &info) ? info.start : G_MAXUINT64;
}

static guint
n_rows (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

/* The statistics label of the row titled @title. */
static const char *
stat_text (MemsimWindow *window,
           guint         index)
{
  return gtk_label_get_text (window->stat_labels[index]);
}

enum { STAT_TOTAL = 0, STAT_USED = 1, STAT_FREE = 3, STAT_LARGEST = 4, STAT_FREE_BLOCKS = 6,
       STAT_LIVE = 7, STAT_EXTERNAL = 8, STAT_INTERNAL = 9, STAT_ALLOCS = 13, STAT_FAILED = 14,
       STAT_COMPACTIONS = 21, STAT_MOVED = 22, STAT_OBJECTS = 23 };

static void
test_status_page_until_init (void)
{
  MemsimWindow *window = new_window ();

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "empty");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "allocate"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "compact"));
  initialise (window, 64);
  g_assert_cmpuint (memsim_heap_get_config (heap (window))->total, ==, 65536);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "heap");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "allocate"));
  g_assert_cmpstr (stat_text (window, STAT_TOTAL), ==, "64.0\u00a0KiB (65536 bytes)");
  g_assert_cmpstr (stat_text (window, STAT_FREE_BLOCKS), ==, "1");

  /* Undoing the init brings the status page back. */
  activate (window, "undo");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_allocate_free_compact (void)
{
  MemsimWindow *window = new_window ();
  g_autoptr(GPtrArray) names = NULL;

  initialise (window, 64);
  g_assert_true (allocate (window, "p1", 4096));
  /* The name field moves on to the next name. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->process_name_row)), ==, "p2");
  g_assert_true (allocate (window, "p2", 8192));
  /* Enter in the name field allocates too (the next name, p3). */
  gtk_adjustment_set_value (window->process_size_adjustment, 4096);
  g_signal_emit_by_name (window->process_name_row, "entry-activated");
  g_assert_cmpuint (start_of (window, "p3"), ==, 12288);
  g_assert_cmpuint (memsim_heap_get_n_live (heap (window)), ==, 3);
  g_assert_cmpuint (start_of (window, "p1"), ==, 0);
  g_assert_cmpuint (start_of (window, "p2"), ==, 4096);
  g_assert_cmpuint (start_of (window, "p3"), ==, 12288);
  g_assert_cmpuint (n_rows (window->block_list), ==, 3);
  g_assert_cmpstr (stat_text (window, STAT_USED), ==, "16.0\u00a0KiB (16384 bytes)");
  g_assert_cmpstr (stat_text (window, STAT_ALLOCS), ==, "3");
  g_assert_cmpuint (n_rows (window->history_list), ==, 4);

  /* Free from the table's selection. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "free-selected"));
  memsim_window_set_selected_name (window, "p2");
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (window->process_selection), 1));
  activate (window, "free-selected");
  g_assert_cmpuint (start_of (window, "p2"), ==, G_MAXUINT64);
  g_assert_null (memsim_window_get_selected_name (window));
  g_assert_cmpuint (n_rows (window->block_list), ==, 2);
  g_assert_cmpstr (stat_text (window, STAT_FREE_BLOCKS), ==, "2");
  g_assert_cmpstr (stat_text (window, STAT_LARGEST), ==, "48.0\u00a0KiB (49152 bytes)");
  g_assert_cmpstr (stat_text (window, STAT_EXTERNAL), ==, "14.3 %");

  /* Two rows selected, two frees, two operations. */
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (window->process_selection));
  names = memsim_window_get_selected_names (window);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "p1");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "p3");
  gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (window->process_selection), 0);

  activate (window, "compact");
  g_assert_cmpuint (start_of (window, "p1"), ==, 0);
  g_assert_cmpuint (start_of (window, "p3"), ==, 4096);
  g_assert_cmpstr (stat_text (window, STAT_COMPACTIONS), ==, "1");
  g_assert_cmpstr (stat_text (window, STAT_MOVED), ==, "4.0\u00a0KiB (4096 bytes)");
  /* The selection survives the rebuild that compaction causes. */
  g_assert_cmpstr (memsim_window_get_selected_name (window), ==, "p3");
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (window->process_selection), 1));
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 1), ==, "p3");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_failures_are_toasts (void)
{
  MemsimWindow *window = new_window ();
  MemsimMetrics metrics;
  g_autoptr(GObject) row = NULL;

  initialise (window, 64);
  g_assert_true (allocate (window, "p1", 4096));
  g_assert_false (allocate (window, "p1", 64));
  g_assert_cmpstr (window->last_toast, ==, "“p1” is already allocated");
  g_assert_false (allocate (window, "big", 1 << 20));
  g_assert_cmpstr (window->last_toast, ==, "The request is larger than the whole heap (65536 bytes)");
  memsim_heap_get_metrics (heap (window), &metrics);
  g_assert_cmpuint (metrics.live_blocks, ==, 1);
  g_assert_cmpuint (metrics.used, ==, 4096);
  g_assert_cmpstr (stat_text (window, STAT_FAILED), ==, "1");

  /* The log says why, in the failed row. */
  row = g_list_model_get_item (G_LIST_MODEL (window->history_list), 2);
  g_assert_false (memsim_history_item_get_succeeded ((MemsimHistoryItem *) row));
  g_assert_cmpstr (memsim_history_item_get_error ((MemsimHistoryItem *) row), ==,
                   "“p1” is already allocated");
  g_assert_cmpstr (memsim_history_item_get_command ((MemsimHistoryItem *) row), ==, "alloc p1 64");

  /* Buddy needs an empty heap: refused, the policy stays. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "policy", g_variant_new_string ("buddy"));
  g_assert_cmpint (memsim_heap_get_config (heap (window))->policy, ==, MEMSIM_POLICY_FIRST_FIT);
  g_assert_true (g_str_has_prefix (window->last_toast, "This setting needs an empty heap"));
  g_assert_cmpuint (adw_combo_row_get_selected (window->policy_row), ==, 0);

  activate (window, "reset");
  g_assert_cmpuint (memsim_heap_get_n_live (heap (window)), ==, 0);
  activate (window, "compact");
  g_assert_cmpstr (window->last_toast, ==, "No allocated blocks to compact");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_settings_toggle (void)
{
  MemsimWindow *window = new_window ();
  MemsimBlockInfo info;
  g_autoptr(GVariant) state = NULL;

  initialise (window, 64);
  /* The policy row and the action are one control. */
  adw_combo_row_set_selected (window->policy_row, 2);
  g_assert_cmpint (memsim_heap_get_config (heap (window))->policy, ==, MEMSIM_POLICY_BEST_FIT);
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "policy");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "best-fit");

  activate (window, "round-pow2");
  g_assert_true (memsim_heap_get_config (heap (window))->round_pow2);
  g_assert_true (allocate (window, "p1", 100));
  g_assert_true (memsim_heap_lookup_name (heap (window), "p1", &info));
  g_assert_cmpuint (info.size, ==, 128);
  g_assert_cmpuint (info.requested, ==, 100);
  g_assert_cmpstr (stat_text (window, STAT_INTERNAL), ==, "21.9 %");

  activate (window, "auto-compact");
  g_assert_true (memsim_heap_get_config (heap (window))->auto_compact);

  /* Undo turns the switch back: the state follows the heap. */
  activate (window, "undo");
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "auto-compact");
  g_assert_false (g_variant_get_boolean (state));
  g_assert_false (memsim_heap_get_config (heap (window))->auto_compact);

  /* Buddy on an empty heap: a 100-byte request takes a 128-byte block. */
  activate (window, "reset");
  g_action_group_change_action_state (G_ACTION_GROUP (window), "policy", g_variant_new_string ("buddy"));
  g_assert_cmpint (memsim_heap_get_config (heap (window))->policy, ==, MEMSIM_POLICY_BUDDY);
  g_assert_cmpuint (adw_combo_row_get_selected (window->policy_row), ==, 4);
  g_assert_true (allocate (window, "a", 100));
  g_assert_true (allocate (window, "b", 1000));
  g_assert_cmpuint (start_of (window, "a"), ==, 0);
  g_assert_cmpuint (start_of (window, "b"), ==, 1024);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_redo_seek (void)
{
  MemsimWindow *window = new_window ();

  initialise (window, 64);
  allocate (window, "p1", 1024);
  allocate (window, "p2", 2048);
  allocate (window, "p3", 512);
  g_assert_cmpfloat (gtk_adjustment_get_upper (window->timeline_adjustment), ==, 4);
  g_assert_cmpfloat (gtk_adjustment_get_value (window->timeline_adjustment), ==, 4);
  g_assert_cmpstr (gtk_label_get_text (window->position_label), ==, "4 / 4");

  activate (window, "undo");
  g_assert_cmpuint (start_of (window, "p3"), ==, G_MAXUINT64);
  g_assert_cmpuint (n_rows (window->block_list), ==, 2);
  g_assert_cmpfloat (gtk_adjustment_get_value (window->timeline_adjustment), ==, 3);
  activate (window, "redo");
  g_assert_cmpuint (start_of (window, "p3"), ==, 3072);
  g_assert_cmpuint (n_rows (window->block_list), ==, 3);

  /* The scrubber seeks. */
  gtk_adjustment_set_value (window->timeline_adjustment, 2);
  g_assert_cmpuint (memsim_session_get_position (window->session), ==, 2);
  g_assert_cmpuint (n_rows (window->block_list), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (window->position_label), ==, "2 / 4");
  g_assert_cmpuint (n_rows (window->history_list), ==, 4);
  g_action_group_activate_action (G_ACTION_GROUP (window), "seek", g_variant_new_uint32 (4));
  g_assert_cmpuint (n_rows (window->block_list), ==, 3);
  activate (window, "seek-start");
  g_assert_cmpuint (memsim_session_get_position (window->session), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "empty");
  activate (window, "step");
  activate (window, "step");
  g_assert_cmpuint (start_of (window, "p1"), ==, 0);

  /* A new operation after an undo drops the redo tail. */
  allocate (window, "q", 64);
  g_assert_cmpuint (memsim_session_get_n_ops (window->session), ==, 3);
  g_assert_cmpfloat (gtk_adjustment_get_upper (window->timeline_adjustment), ==, 3);
  g_assert_cmpuint (start_of (window, "q"), ==, 1024);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "redo"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_play (void)
{
  MemsimWindow *window = new_window ();

  initialise (window, 64);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("b%u", i);

      allocate (window, name, 64);
    }
  activate (window, "seek-start");
  gtk_drop_down_set_selected (window->speed_dropdown, 5);   /* 10000 ops/s */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "play", g_variant_new_boolean (TRUE));
  while (window->play_source != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (memsim_session_get_position (window->session), ==, 31);
  g_assert_cmpuint (n_rows (window->block_list), ==, 30);
  activate (window, "slower");
  g_assert_cmpuint (gtk_drop_down_get_selected (window->speed_dropdown), ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_object_store (void)
{
  MemsimWindow *window = new_window ();
  g_autoptr(MemsimObjectItem) row = NULL;

  initialise (window, 4096);
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("objects"));
  gtk_editable_set_text (GTK_EDITABLE (window->object_name_row), "x");
  adw_combo_row_set_selected (window->object_type_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (window->object_value_row), "1000");
  activate (window, "store");
  g_assert_true (memsim_session_op_succeeded (window->session, 1));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->object_name_row)), ==, "x2");
  /* The arena is a heap block: a row of the process table. */
  g_assert_cmpuint (n_rows (window->block_list), ==, 1);
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 0), ==, "arena#1");
  g_assert_cmpuint (n_rows (window->objects), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (window->objects), 0);
  g_assert_cmpstr (memsim_object_item_get_name (row), ==, "x");
  g_assert_cmpstr (memsim_object_item_get_type_name (row), ==, "int");
  g_assert_cmpuint (memsim_object_item_get_size (row), ==, 28);
  g_assert_cmpuint (memsim_object_item_get_refcount (row), ==, 1);
  g_assert_cmpstr (memsim_object_item_get_location (row), ==, "arena 0, pool 0, block 0");
  g_assert_cmpstr (stat_text (window, STAT_OBJECTS), ==, "1");

  gtk_editable_set_text (GTK_EDITABLE (window->object_name_row), "x");
  activate (window, "release");
  g_assert_cmpuint (n_rows (window->objects), ==, 0);
  activate (window, "collect");
  g_assert_cmpuint (n_rows (window->block_list), ==, 0);
  /* Undo of collect brings the arena back (a rebuild). */
  activate (window, "undo");
  g_assert_cmpuint (n_rows (window->block_list), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_for_load (MemsimWindow *window)
{
  while (memsim_window_is_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_open_script (void)
{
  MemsimWindow *window = new_window ();
  g_autoptr(GFile) file = g_file_new_for_path (SOURCE_ROOT "/docs/examples/intro.msim");

  memsim_window_open_file (window, file);
  g_assert_true (memsim_window_is_loading (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "allocate"));
  wait_for_load (window);
  g_assert_cmpuint (memsim_session_get_n_ops (window->session), ==, 10);
  /* The final state of memsim-cli run docs/examples/intro.msim. */
  g_assert_cmpuint (start_of (window, "logger"), ==, 0);
  g_assert_cmpuint (start_of (window, "browser"), ==, 3072);
  g_assert_cmpuint (start_of (window, "cache"), ==, 23552);
  g_assert_cmpuint (start_of (window, "editor"), ==, 31744);
  g_assert_cmpuint (n_rows (window->block_list), ==, 4);
  g_assert_cmpuint (n_rows (window->history_list), ==, 10);
  g_assert_cmpstr (window->last_toast, ==, "Opened “intro.msim”: 10 operations");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The same trace replayed straight into a heap, as memsim-cli replay does. */
static guint
replay_directly (const char *path,
                 guint64     total)
{
  g_autoptr(MemsimRepReader) reader = memsim_rep_reader_open (path, NULL);
  MemsimHeapConfig config;
  MemsimHeap *direct;
  MemsimRepEvent event;
  MemsimBlockInfo info;
  guint n_live;

  memsim_heap_config_init (&config, total);
  direct = memsim_heap_new (&config, NULL);
  while (memsim_rep_reader_next (reader, &event, NULL))
    {
      g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT, event.id);

      if (event.kind == MEMSIM_REP_FREE)
        memsim_heap_free_block (direct, name, NULL);
      else if (event.kind == MEMSIM_REP_REALLOC && memsim_heap_lookup_name (direct, name, &info))
        memsim_heap_realloc (direct, name, MAX (event.size, 1), NULL, NULL);
      else
        memsim_heap_alloc (direct, name, MAX (event.size, 1), MEMSIM_ROUND_DEFAULT, NULL, NULL);
    }
  n_live = memsim_heap_get_n_live (direct);
  memsim_heap_free (direct);
  return n_live;
}

/* The traces live beside the project (../shared/traces), not in it. */
static gboolean
have_traces (void)
{
  const char *traces = g_getenv ("MEMSIM_TRACES");

  if (traces != NULL && g_file_test (traces, G_FILE_TEST_IS_DIR))
    return TRUE;
  g_test_skip ("MEMSIM_TRACES is not a folder of traces");
  return FALSE;
}

static void
test_open_trace (void)
{
  MemsimWindow *window = new_window ();
  g_autofree char *path = g_build_filename (g_getenv ("MEMSIM_TRACES"), "malloclab", "ls.rep", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MemsimRepReader) reader = memsim_rep_reader_open (path, NULL);
  MemsimRepEvent event;
  guint n_events = 0;

  if (!have_traces ())
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  while (memsim_rep_reader_next (reader, &event, NULL))
    n_events++;
  /* A trace names no heap: it gets the size in the controls. */
  gtk_adjustment_set_value (window->heap_size_adjustment, 1);
  gtk_drop_down_set_selected (window->heap_unit_dropdown, 2);
  memsim_window_open_file (window, file);
  wait_for_load (window);
  g_assert_cmpuint (memsim_session_get_n_ops (window->session), ==, n_events + 1);
  g_assert_cmpuint (memsim_heap_get_config (heap (window))->total, ==, 1 << 20);
  g_assert_cmpuint (memsim_heap_get_n_live (heap (window)), ==, replay_directly (path, 1 << 20));
  g_assert_cmpuint (n_rows (window->block_list), ==, memsim_heap_get_n_live (heap (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_errors_and_cancel (void)
{
  MemsimWindow *window = new_window ();
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/x.msim");
  g_autofree char *path = g_build_filename (g_getenv ("MEMSIM_TRACES"), "malloclab",
                                            "firefox-reddit.rep", NULL);
  g_autoptr(GFile) big = g_file_new_for_path (path);

  if (!have_traces ())
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  memsim_window_open_file (window, missing);
  wait_for_load (window);
  g_assert_true (g_str_has_prefix (window->last_toast, "Could not open “x.msim”: "));
  g_assert_cmpuint (memsim_session_get_n_ops (window->session), ==, 0);

  /* Cancel while the thread parses. */
  memsim_window_open_file (window, big);
  activate (window, "cancel-load");
  wait_for_load (window);
  g_assert_cmpstr (window->last_toast, ==, "Stopped opening “firefox-reddit.rep”");
  g_assert_cmpuint (memsim_session_get_n_ops (window->session), ==, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "open"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sorting (void)
{
  MemsimWindow *window = new_window ();
  GListModel *columns;
  GtkColumnViewColumn *size_column;

  initialise (window, 64);
  allocate (window, "b10", 1024);
  allocate (window, "b9", 4096);
  allocate (window, "a", 2048);
  columns = gtk_column_view_get_columns (window->process_view);
  size_column = g_list_model_get_item (columns, 2);
  gtk_column_view_sort_by_column (window->process_view, size_column, GTK_SORT_DESCENDING);
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 0), ==, "b9");
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 2), ==, "b10");
  g_object_unref (size_column);
  /* Names sort naturally: b9 before b10. */
  size_column = g_list_model_get_item (columns, 0);
  gtk_column_view_sort_by_column (window->process_view, size_column, GTK_SORT_ASCENDING);
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 0), ==, "a");
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 1), ==, "b9");
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 2), ==, "b10");
  g_object_unref (size_column);
  /* A new block lands in its sorted place. */
  allocate (window, "b1", 64);
  g_assert_cmpstr (memsim_block_list_get_name (window->block_list, 1), ==, "b1");
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
template_widget (MemsimWindow *window,
                 const char   *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), MEMSIM_TYPE_WINDOW, name));
}

static void
test_accessibility (void)
{
  MemsimWindow *window = new_window ();
  GtkWidget *round_switch = template_widget (window, "round_switch");
  GtkWidget *round_row = template_widget (window, "round_row");
  GtkWidget *size_spin = template_widget (window, "heap_size_spin");
  GtkWidget *size_row = template_widget (window, "heap_size_row");

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (round_switch), GTK_ACCESSIBLE_ROLE_SWITCH);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (round_switch),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, round_row, NULL);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (size_spin), GTK_ACCESSIBLE_ROLE_SPIN_BUTTON);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (size_spin),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, size_row, NULL);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (window->timeline_scale), GTK_ACCESSIBLE_ROLE_SLIDER);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window->timeline_scale),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Timeline: drag to go to any operation");
  /* Icon-only buttons say what they do. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window->play_button),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Play");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_widget (window, "undo_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Undo");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window->speed_dropdown),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Playback speed");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window->process_view),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Processes: the live blocks of the heap");
  initialise (window, 64);
  allocate (window, "p1", 64);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window->timeline_scale),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "2 / 2");
  /* Every statistic is labelled by its row. */
  for (guint i = 0; i < MEMSIM_N_STATS; i++)
    g_assert_nonnull (gtk_widget_get_ancestor (GTK_WIDGET (window->stat_labels[i]), ADW_TYPE_ACTION_ROW));
  gtk_window_destroy (GTK_WINDOW (window));
}

#if __has_include ("memsim-map-view.h") && __has_include ("memsim-charts-view.h")
#include "memsim-charts-view.h"
#include "memsim-map-view.h"

/* The map and the charts sit in their panes on the window's session, and
 * the map's selection is the table's. */
static void
test_panes (void)
{
  MemsimWindow *window = new_window ();
  GtkWidget *map = adw_bin_get_child (window->map_pane);
  GtkWidget *scrolled = adw_bin_get_child (window->charts_pane);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *charts = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  guint position;

  g_assert_true (MEMSIM_IS_MAP_VIEW (map));
  g_assert_true (MEMSIM_IS_CHARTS_VIEW (charts));
  g_assert_true (memsim_map_view_get_session (MEMSIM_MAP_VIEW (map)) == window->session);
  g_assert_true (memsim_charts_view_get_session (MEMSIM_CHARTS_VIEW (charts)) == window->session);
  initialise (window, 64);
  allocate (window, "p1", 1024);
  allocate (window, "p2", 1024);
  memsim_map_view_set_selected_name (MEMSIM_MAP_VIEW (map), "p2");
  g_assert_cmpstr (memsim_window_get_selected_name (window), ==, "p2");
  g_assert_true (memsim_block_list_find (window->block_list, "p2", &position));
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (window->process_selection), position));
  memsim_window_set_selected_name (window, "p1");
  g_assert_cmpstr (memsim_map_view_get_selected_name (MEMSIM_MAP_VIEW (map)), ==, "p1");
  gtk_window_destroy (GTK_WINDOW (window));
}
#endif

/* Every window action has a shortcut, and the shortcuts window lists it. */
static void
test_shortcuts (void)
{
  MemsimWindow *window = new_window ();
  g_auto(GStrv) actions = g_action_group_list_actions (G_ACTION_GROUP (window));
  g_autoptr(GBytes) overlay = g_resources_lookup_data ("/io/github/memsim/Memsim/gtk/help-overlay.ui",
                                                       0, NULL);
  const char *text = g_bytes_get_data (overlay, NULL);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("win.", actions[i], NULL);
      g_autofree char *listed = NULL;
      g_auto(GStrv) accels = NULL;

      if (g_str_equal (actions[i], "seek") || g_str_equal (actions[i], "policy")
          || g_str_equal (actions[i], "view") || g_str_equal (actions[i], "show-help-overlay"))
        continue;   /* parameterised: their detailed names are checked below */
      accels = gtk_application_get_accels_for_action (GTK_APPLICATION (shared_app), name);
      g_assert_true (accels != NULL && accels[0] != NULL);
      listed = g_strdup_printf (">%s<", name);
      g_assert_nonnull (strstr (text, listed));
    }
  for (guint i = 0; i < 5; i++)
    {
      static const char *const detailed[] = {
        "win.policy::first-fit", "win.policy::buddy", "win.view::charts", "win.view::processes",
        "win.view::statistics",
      };
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (shared_app),
                                                                    detailed[i]);

      g_assert_true (accels != NULL && accels[0] != NULL);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/app/window/status-page-until-init", test_status_page_until_init);
  g_test_add_func ("/app/window/allocate-free-compact", test_allocate_free_compact);
  g_test_add_func ("/app/window/failures-are-toasts", test_failures_are_toasts);
  g_test_add_func ("/app/window/settings-toggle", test_settings_toggle);
  g_test_add_func ("/app/window/undo-redo-seek", test_undo_redo_seek);
  g_test_add_func ("/app/window/play", test_play);
  g_test_add_func ("/app/window/object-store", test_object_store);
  g_test_add_func ("/app/window/open-script", test_open_script);
  g_test_add_func ("/app/window/open-trace", test_open_trace);
  g_test_add_func ("/app/window/open-errors-and-cancel", test_open_errors_and_cancel);
  g_test_add_func ("/app/window/sorting", test_sorting);
  g_test_add_func ("/app/window/accessibility", test_accessibility);
  g_test_add_func ("/app/window/shortcuts", test_shortcuts);
#if __has_include ("memsim-map-view.h") && __has_include ("memsim-charts-view.h")
  g_test_add_func ("/app/window/panes", test_panes);
#endif
  status = g_test_run ();
  g_clear_object (&shared_app);
  return status;
}
