/* memsim-object-store-stats.c: the byte account and the invariants
 *
 * memsim_object_store_get_stats() computes what CPython's
 * _PyObject_DebugMallocStats() prints, the same way: it walks every live
 * arena and every pool carved in it, counts the pools in use per class,
 * the blocks in use and available, and splits the arenas' bytes into six
 * parts that add up to arenas × ARENA_SIZE exactly:
 *
 *   allocated blocks   blocks in use × their class size
 *   available blocks   free blocks of used and full pools × class size
 *                      (virgin blocks included)
 *   unused pools       empty and never-carved pools × POOL_SIZE
 *   pool headers       pools in use × POOL_OVERHEAD
 *   quantization       pools in use × ((POOL_SIZE − POOL_OVERHEAD) % size)
 *   arena alignment    POOL_SIZE for every arena not pool-aligned
 *
 * memsim_object_store_format_mallocstats() prints them in the layout of
 * sys._debugmallocstats(), up to the first "Total" (the radix tree's
 * section that follows in 3.11 is not modelled).
 */
#include "memsim-object-store-private.h"

#include <string.h>

#include "memsim-types.h"

static void
count_arena (const MemsimObjectStore *store,
             guint32                  a,
             MemsimObjectStats       *s)
{
  const Arena *arena = &store->arenas[a];

  s->arenas_current++;
  s->unused_pools += arena->nfreepools;
  if (arena->ntotalpools != MAX_POOLS)
    s->arena_alignment += store->geo->pool_size;
  for (guint32 i = 0; i < arena->ncarved; i++)
    {
      const Pool *p = &store->pools[a * MAX_POOLS + i];

      if (p->count == 0)
        continue;
      s->num_pools[p->szidx]++;
      s->blocks_in_use[p->szidx] += p->count;
      s->avail_blocks[p->szidx] += store->nblocks[p->szidx] - p->count;
    }
}

void
memsim_object_store_get_stats (const MemsimObjectStore *store,
                               MemsimObjectStats       *s)
{
  const MemsimObjectGeometry *geo;

  g_return_if_fail (store != NULL);
  g_return_if_fail (s != NULL);

  geo = store->geo;
  memset (s, 0, sizeof *s);
  for (guint32 a = 0; a < store->maxarenas; a++)
    if (store->arenas[a].live)
      count_arena (store, a, s);

  for (guint i = 0; i < geo->n_classes; i++)
    {
      guint64 size = class_size (i);

      s->allocated_bytes += s->blocks_in_use[i] * size;
      s->available_bytes += s->avail_blocks[i] * size;
      s->pool_header_bytes += s->num_pools[i] * geo->pool_overhead;
      s->quantization += s->num_pools[i] * ((geo->pool_size - geo->pool_overhead) % size);
      s->pools_in_use += s->num_pools[i];
      s->blocks_total += s->blocks_in_use[i];
    }
  s->arenas_allocated_total = store->ntimes_arena_allocated;
  s->arenas_reclaimed = store->ntimes_arena_allocated - s->arenas_current;
  s->arenas_highwater = store->narenas_highwater;
  s->unused_pool_bytes = s->unused_pools * geo->pool_size;
  s->total = s->allocated_bytes + s->available_bytes + s->unused_pool_bytes
             + s->pool_header_bytes + s->quantization + s->arena_alignment;
  s->large_objects = store->n_large;
  s->large_bytes = store->large_bytes;
}

/* printone(): the label padded to 35 columns, '=', and the value with
 * thousands separators right-aligned in 21 columns. */
static void
print_one (GString    *out,
           const char *label,
           guint64     value)
{
  char digits[32];
  GString *number = g_string_new (NULL);
  gsize n;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  n = strlen (digits);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (number, ',');
      g_string_append_c (number, digits[i]);
    }
  g_string_append_printf (out, "%-35s=%21s\n", label, number->str);
  g_string_free (number, TRUE);
}

static void
print_classes (GString                 *out,
               const MemsimObjectStore *store,
               const MemsimObjectStats *s)
{
  g_string_append_printf (out, "Small block threshold = %" G_GUINT64_FORMAT
                          ", in %u size classes.\n\n", store->geo->threshold,
                          store->geo->n_classes);
  g_string_append (out, "class   size   num pools   blocks in use  avail blocks\n"
                        "-----   ----   ---------   -------------  ------------\n");
  for (guint i = 0; i < store->geo->n_classes; i++)
    if (s->num_pools[i] != 0)
      g_string_append_printf (out, "%5u %6u %11" G_GUINT64_FORMAT " %15" G_GUINT64_FORMAT
                              " %13" G_GUINT64_FORMAT "\n", i, (guint) class_size (i),
                              s->num_pools[i], s->blocks_in_use[i], s->avail_blocks[i]);
  g_string_append_c (out, '\n');
}

char *
memsim_object_store_format_mallocstats (const MemsimObjectStore *store)
{
  GString *out;
  MemsimObjectStats s;
  char label[96];

  g_return_val_if_fail (store != NULL, NULL);

  memsim_object_store_get_stats (store, &s);
  out = g_string_new (NULL);
  print_classes (out, store, &s);
  print_one (out, "# arenas allocated total", s.arenas_allocated_total);
  print_one (out, "# arenas reclaimed", s.arenas_reclaimed);
  print_one (out, "# arenas highwater mark", s.arenas_highwater);
  print_one (out, "# arenas allocated current", s.arenas_current);
  g_snprintf (label, sizeof label, "%" G_GUINT64_FORMAT " arenas * %" G_GUINT64_FORMAT
              " bytes/arena", s.arenas_current, store->geo->arena_size);
  print_one (out, label, s.arenas_current * store->geo->arena_size);
  g_string_append_c (out, '\n');

  print_one (out, "# bytes in allocated blocks", s.allocated_bytes);
  print_one (out, "# bytes in available blocks", s.available_bytes);
  g_snprintf (label, sizeof label, "%" G_GUINT64_FORMAT " unused pools * %" G_GUINT64_FORMAT
              " bytes", s.unused_pools, store->geo->pool_size);
  print_one (out, label, s.unused_pool_bytes);
  print_one (out, "# bytes lost to pool headers", s.pool_header_bytes);
  print_one (out, "# bytes lost to quantization", s.quantization);
  print_one (out, "# bytes lost to arena alignment", s.arena_alignment);
  print_one (out, "Total", s.total);
  return g_string_free (out, FALSE);
}

void
memsim_object_store_get_counts (const MemsimObjectStore *store,
                                guint64                 *out_arenas,
                                guint64                 *out_pools,
                                guint64                 *out_objects)
{
  g_return_if_fail (store != NULL);
  if (out_arenas != NULL)
    *out_arenas = store->narenas_currently_allocated;
  if (out_pools != NULL)
    *out_pools = store->n_carved;
  if (out_objects != NULL)
    *out_objects = store->n_live;
}
