/* bench-block-list.c: the process table's model at a million blocks
 *
 * Prints how long MemsimBlockList takes to build itself from a heap of
 * 1,000,000 live blocks (what a seek or a compaction costs it), and what
 * one allocation, one free and one undo cost it once it is that big (each
 * should be O(log n): microseconds, not milliseconds), and a short seek
 * either way, which it follows block by block.  Run it with
 * `meson test -C build --benchmark --suite app-bench -v`.
 */
#include "config.h"

#include "memsim-block-list.h"

#define N_BLOCKS 1000000

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
apply (MemsimSession *session,
       MemsimOpKind   kind,
       const char    *name)
{
  g_autoptr(MemsimOp) op = memsim_op_new (kind);

  op->name = g_strdup (name);
  op->size = 16;
  memsim_session_apply (session, op, NULL);
}

int
main (int argc, char *argv[])
{
  MemsimHeapConfig config;
  g_autoptr(MemsimSession) session = NULL;
  g_autoptr(MemsimBlockList) list = NULL;
  gint64 start;
  char name[32];
  guint position;

  memsim_heap_config_init (&config, (guint64) N_BLOCKS * 32);
  session = memsim_session_new_with_config (&config);
  start = g_get_monotonic_time ();
  memsim_session_begin_batch (session);
  for (guint i = 0; i < N_BLOCKS; i++)
    {
      g_snprintf (name, sizeof name, "b%u", i);
      apply (session, MEMSIM_OP_ALLOC, name);
    }
  memsim_session_end_batch (session);
  g_print ("session: %d allocations in %.0f ms\n", N_BLOCKS, ms_since (start));

  start = g_get_monotonic_time ();
  list = memsim_block_list_new (session);
  g_print ("block list: built from %u live blocks in %.0f ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)), ms_since (start));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (name, sizeof name, "b%u", i * 997);
      apply (session, MEMSIM_OP_FREE, name);
      apply (session, MEMSIM_OP_ALLOC, name);
    }
  g_print ("block list: 1000 frees + 1000 allocations followed in %.1f ms (%.1f us each)\n",
           ms_since (start), ms_since (start) * 1000.0 / 2000);

  start = g_get_monotonic_time ();
  memsim_session_undo (session);
  g_print ("block list: one undo (the engine's seek and the list) in %.1f ms\n", ms_since (start));

  position = memsim_session_get_position (session);
  start = g_get_monotonic_time ();
  memsim_session_seek (session, position - 500);
  memsim_session_seek (session, position);
  g_print ("block list: a seek 500 operations back and one forward again (engine and list) "
           "in %.1f ms\n", ms_since (start));

  start = g_get_monotonic_time ();
  memsim_block_list_set_sort (list, MEMSIM_BLOCK_SORT_NAME, TRUE);
  g_print ("block list: re-sorted by name in %.0f ms\n", ms_since (start));
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    {
      g_snprintf (name, sizeof name, "b%u", i * 991);
      memsim_block_list_find (list, name, &position);
    }
  g_print ("block list: 1000 name-to-row look-ups in %.2f ms\n", ms_since (start));
  return 0;
}
