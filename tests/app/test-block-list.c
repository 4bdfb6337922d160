/* test-block-list.c: MemsimBlockList and MemsimHistoryList follow a session
 * through every kind of change (apply, fail, undo, redo, seek, batch,
 * compaction, auto-compaction, store), checked after every step against
 * a walk of the heap and against GListModel's items-changed bookkeeping. */
#include "config.h"

#include <string.h>

#include "memsim-block-item.h"
#include "memsim-block-list.h"
#include "memsim-history-item.h"
#include "memsim-history-list.h"

/* A mirror kept only from items-changed: if the list reports its changes
 * wrongly, the mirror drifts from the list. */
typedef struct {
  GPtrArray *names;
} Mirror;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  g_ptr_array_remove_range (mirror->names, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(MemsimBlockItem) item = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (mirror->names, position + i, g_strdup (memsim_block_item_get_name (item)));
    }
}

typedef struct {
  GPtrArray *names;
} Walk;

static gboolean
collect (const MemsimBlockInfo *info,
         gpointer               user_data)
{
  Walk *walk = user_data;

  if (!info->free)
    g_ptr_array_add (walk->names, g_strdup (info->name));
  return TRUE;
}

static gboolean
is_store_block (const char *name)
{
  return g_str_has_prefix (name, "arena#") || g_str_has_prefix (name, "obj#");
}

/* A list built afresh finds each heap block's birth by scanning the
 * history; however the list got where it is, it must agree.  (The store's
 * arenas and large objects are born of signals a fresh list never saw.) */
static void
assert_births_exact (MemsimBlockList *list,
                     MemsimSession   *session)
{
  g_autoptr(MemsimBlockList) fresh = memsim_block_list_new (session);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MemsimBlockItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(MemsimBlockItem) expected = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      g_assert_cmpstr (memsim_block_item_get_name (item), ==, memsim_block_item_get_name (expected));
      if (!is_store_block (memsim_block_item_get_name (item)))
        g_assert_cmpuint (memsim_block_item_get_birth (item), ==,
                          memsim_block_item_get_birth (expected));
    }
}

/* Sorted by start, the list is exactly the heap's live blocks in address order. */
static void
assert_matches_heap (MemsimBlockList *list,
                     MemsimSession   *session,
                     Mirror          *mirror)
{
  const MemsimHeap *heap = memsim_session_get_heap (session);
  Walk walk = { g_ptr_array_new_with_free_func (g_free) };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, collect, &walk);
  g_assert_cmpuint (n, ==, walk.names->len);
  g_assert_cmpuint (mirror->names->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MemsimBlockItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      MemsimBlockInfo info;

      g_assert_cmpstr (memsim_block_item_get_name (item), ==, g_ptr_array_index (walk.names, i));
      g_assert_cmpstr (g_ptr_array_index (mirror->names, i), ==, g_ptr_array_index (walk.names, i));
      g_assert_true (memsim_heap_lookup_name (heap, g_ptr_array_index (walk.names, i), &info));
      g_assert_cmpuint (memsim_block_item_get_start (item), ==, info.start);
      g_assert_cmpuint (memsim_block_item_get_size (item), ==, info.size);
      g_assert_cmpuint (memsim_block_item_get_requested (item), ==, info.requested);
      g_assert_cmpuint (memsim_block_item_get_birth (item), <, memsim_session_get_position (session));
    }
  g_ptr_array_unref (walk.names);
  assert_births_exact (list, session);
}

static void
apply (MemsimSession *session,
       MemsimOpKind   kind,
       const char    *name,
       guint64        size)
{
  g_autoptr(MemsimOp) op = memsim_op_new (kind);

  op->name = g_strdup (name);
  op->size = size;
  if (kind == MEMSIM_OP_STORE)
    {
      op->type = g_strdup ("str");
      op->value = g_strdup_printf ("\"%0*d\"", (int) size, 7);
    }
  memsim_session_apply (session, op, NULL);
}

static void
random_step (MemsimSession *session,
             GRand         *rand)
{
  g_autofree char *name = g_strdup_printf ("n%d", g_rand_int_range (rand, 0, 40));
  guint choice = g_rand_int_range (rand, 0, 101);

  if (choice < 35)
    apply (session, MEMSIM_OP_ALLOC, name, g_rand_int_range (rand, 1, 3000));
  else if (choice < 55)
    apply (session, MEMSIM_OP_FREE, name, 0);
  else if (choice < 65)
    apply (session, MEMSIM_OP_REALLOC, name, g_rand_int_range (rand, 1, 4000));
  else if (choice < 68)
    apply (session, MEMSIM_OP_COMPACT, NULL, 0);
  else if (choice < 74)
    apply (session, MEMSIM_OP_STORE, name, g_rand_int_range (rand, 1, 1200));
  else if (choice < 78)
    apply (session, MEMSIM_OP_RELEASE, name, 0);
  else if (choice < 79)
    apply (session, MEMSIM_OP_COLLECT, NULL, 0);
  else if (choice < 86)
    memsim_session_undo (session);
  else if (choice < 92)
    memsim_session_redo (session);
  else if (choice < 95)
    memsim_session_seek (session, g_rand_int_range (rand, 0, memsim_session_get_n_ops (session) + 1));
  else if (choice < 97)
    {
      /* a short drag along the timeline: followed, not rebuilt */
      gint target = (gint) memsim_session_get_position (session) + g_rand_int_range (rand, -30, 31);

      memsim_session_seek (session, (guint) CLAMP (target, 0, (gint) memsim_session_get_n_ops (session)));
    }
  else if (choice < 99)
    {
      memsim_session_begin_batch (session);
      for (guint i = 0; i < 5; i++)
        apply (session, MEMSIM_OP_ALLOC, name, 100 + i);
      apply (session, MEMSIM_OP_FREE, name, 0);
      memsim_session_end_batch (session);
    }
  else if (choice < 100)
    {
      g_autoptr(MemsimOp) op = memsim_op_new (MEMSIM_OP_SET);

      op->setting = MEMSIM_SETTING_AUTO_COMPACT;
      op->size = g_rand_boolean (rand);
      memsim_session_apply (session, op, NULL);
    }
  else
    apply (session, MEMSIM_OP_RESET, NULL, 0);
}

static void
test_follows_session (void)
{
  MemsimHeapConfig config;
  g_autoptr(MemsimSession) session = NULL;
  g_autoptr(MemsimBlockList) list = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  Mirror mirror = { g_ptr_array_new_with_free_func (g_free) };

  memsim_heap_config_init (&config, 4 << 20);
  session = memsim_session_new_with_config (&config);
  apply (session, MEMSIM_OP_INIT, NULL, 64 * 1024);
  list = memsim_block_list_new (session);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &mirror);
  for (guint step = 0; step < 3000; step++)
    {
      random_step (session, rand);
      assert_matches_heap (list, session, &mirror);
    }
  g_ptr_array_unref (mirror.names);
}

static void
test_sort_and_find (void)
{
  MemsimHeapConfig config;
  g_autoptr(MemsimSession) session = NULL;
  g_autoptr(MemsimBlockList) list = NULL;
  guint position;

  memsim_heap_config_init (&config, 65536);
  session = memsim_session_new_with_config (&config);
  list = memsim_block_list_new (session);
  apply (session, MEMSIM_OP_ALLOC, "p10", 300);
  apply (session, MEMSIM_OP_ALLOC, "p2", 100);
  apply (session, MEMSIM_OP_ALLOC, "p1", 200);
  g_assert_cmpstr (memsim_block_list_get_name (list, 0), ==, "p10");

  memsim_block_list_set_sort (list, MEMSIM_BLOCK_SORT_NAME, FALSE);
  g_assert_cmpstr (memsim_block_list_get_name (list, 0), ==, "p1");
  g_assert_cmpstr (memsim_block_list_get_name (list, 1), ==, "p2");
  g_assert_cmpstr (memsim_block_list_get_name (list, 2), ==, "p10");
  g_assert_true (memsim_block_list_find (list, "p10", &position));
  g_assert_cmpuint (position, ==, 2);

  /* Waste: 300 → 304 (4), 100 → 112 (12), 200 → 208 (8). */
  memsim_block_list_set_sort (list, MEMSIM_BLOCK_SORT_WASTE, TRUE);
  g_assert_cmpstr (memsim_block_list_get_name (list, 0), ==, "p2");
  g_assert_cmpstr (memsim_block_list_get_name (list, 1), ==, "p1");
  /* Age: the youngest first. */
  memsim_block_list_set_sort (list, MEMSIM_BLOCK_SORT_AGE, FALSE);
  g_assert_cmpstr (memsim_block_list_get_name (list, 0), ==, "p1");
  g_assert_cmpstr (memsim_block_list_get_name (list, 2), ==, "p10");
  /* A realloc makes a block young again; in place here. */
  apply (session, MEMSIM_OP_REALLOC, "p10", 100);
  g_assert_cmpstr (memsim_block_list_get_name (list, 0), ==, "p10");
  memsim_session_undo (session);
  g_assert_cmpstr (memsim_block_list_get_name (list, 2), ==, "p10");
  g_assert_false (memsim_block_list_find (list, "nope", NULL));

  g_assert_cmpint (memsim_block_name_compare ("a2", "a10"), <, 0);
  g_assert_cmpint (memsim_block_name_compare ("a02", "a2"), ==, 0);
  g_assert_cmpint (memsim_block_name_compare ("b", "a10"), >, 0);
  g_assert_cmpint (memsim_block_name_compare ("a", "a1"), <, 0);
}

static void
test_history_list (void)
{
  g_autoptr(MemsimSession) session = memsim_session_new ();
  g_autoptr(MemsimHistoryList) history = memsim_history_list_new (session);
  g_autoptr(MemsimHistoryItem) item = NULL;

  apply (session, MEMSIM_OP_ALLOC, "a", 64);
  apply (session, MEMSIM_OP_ALLOC, "a", 64);
  memsim_history_list_record (history, 1, "“a” is already allocated");
  apply (session, MEMSIM_OP_FREE, "a", 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 3);
  item = g_list_model_get_item (G_LIST_MODEL (history), 1);
  g_assert_false (memsim_history_item_get_succeeded (item));
  g_assert_cmpstr (memsim_history_item_get_error (item), ==, "“a” is already allocated");
  g_assert_false (memsim_history_item_get_undone (item));
  g_clear_object (&item);

  memsim_session_seek (session, 1);
  item = g_list_model_get_item (G_LIST_MODEL (history), 2);
  g_assert_true (memsim_history_item_get_undone (item));
  g_assert_cmpstr (memsim_history_item_get_command (item), ==, "free a");
  g_clear_object (&item);

  /* Applying after the undo drops the two undone rows. */
  apply (session, MEMSIM_OP_COMPACT, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);
  g_assert_null (memsim_history_list_get_error (history, 1));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/block-list/follows-session", test_follows_session);
  g_test_add_func ("/app/block-list/sort-and-find", test_sort_and_find);
  g_test_add_func ("/app/history-list/rows", test_history_list);
  return g_test_run ();
}
