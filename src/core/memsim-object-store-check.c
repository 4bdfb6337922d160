/* memsim-object-store-check.c: every invariant of the object store
 *
 * memsim_object_store_check() is the tests' oracle for the allocator: it
 * re-derives from scratch what the O(1) operations maintain, and stops at
 * the first difference.  O(arenas × pools + blocks + objects).
 *
 *   arenas     a live arena owns the heap block arena#N at its address;
 *              63 pools exactly when it is not pool-aligned; nfreepools =
 *              pools never carved + carved pools with no block in use;
 *              freepools lists exactly those empty pools
 *   usable     usable_arenas is doubly linked, holds exactly the arenas
 *              with a free pool, in non-decreasing order of free pools;
 *              nfp2lasta[n] is its last arena with n free pools; at most
 *              one arena is wholly free, and it is the list's last
 *   pools      a pool's free list holds distinct blocks below nextblock,
 *              and with the blocks in use accounts for all of them; a used
 *              pool is on usedpools[its class], a full or empty one is not
 *   names      each name is found where it is, and bound to a live object
 *   objects    refcount = names bound + containers holding it + new_ref()
 *              callers' references; a small
 *              object's slot points back at it, and each pool's count is
 *              the number of objects in it; a large object owns the heap
 *              block obj#ID at its address; the sharing tables point at
 *              live objects of the right kind
 */
#include "memsim-object-store-private.h"

#include <string.h>

#include "memsim-types.h"

static gboolean G_GNUC_PRINTF (2, 3)
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING, "object store: %s", message);
  return FALSE;
}

static gboolean
check_arena_block (const MemsimObjectStore *store,
                   const MemsimHeap        *heap,
                   guint32                  a,
                   GError                 **error)
{
  const Arena *arena = &store->arenas[a];
  MemsimBlockInfo info;
  char name[32];

  store_arena_name (arena, name, sizeof name);
  if (!memsim_heap_lookup_name (heap, name, &info) || info.start != arena->address
      || info.size < store->geo->arena_size)
    return fail (error, "arena %u: the heap has no block %s at %" G_GUINT64_FORMAT,
                 a, name, arena->address);
  if (arena->pool_base - arena->address >= store->geo->pool_size
      || (arena->pool_base == arena->address) != (arena->ntotalpools == MAX_POOLS)
      || arena->ntotalpools + 1 < MAX_POOLS)
    return fail (error, "arena %u: %u pools from offset %" G_GUINT64_FORMAT, a,
                 arena->ntotalpools, arena->pool_base - arena->address);
  return TRUE;
}

static gboolean
check_arena_pools (const MemsimObjectStore *store,
                   guint32                  a,
                   GError                 **error)
{
  const Arena *arena = &store->arenas[a];
  guint32 empty = 0, listed = 0;

  if (arena->ncarved > arena->ntotalpools)
    return fail (error, "arena %u: %u pools carved of %u", a, arena->ncarved, arena->ntotalpools);
  for (guint32 i = 0; i < arena->ncarved; i++)
    empty += store->pools[a * MAX_POOLS + i].count == 0;
  if (arena->nfreepools != arena->ntotalpools - arena->ncarved + empty)
    return fail (error, "arena %u: nfreepools %u, but %u uncarved and %u empty", a,
                 arena->nfreepools, arena->ntotalpools - arena->ncarved, empty);
  for (guint32 g = arena->freepools; g != NONE; g = store->pools[g].next)
    if (g / MAX_POOLS != a || g % MAX_POOLS >= arena->ncarved
        || store->pools[g].count != 0 || ++listed > empty)
      return fail (error, "arena %u: freepools holds pool %u", a, g);
  if (listed != empty)
    return fail (error, "arena %u: %u empty pools, %u on freepools", a, empty, listed);
  return TRUE;
}

/* The free list of a carved pool, against nextblock and the count. */
static gboolean
check_pool (const MemsimObjectStore *store,
            guint32                  g,
            GError                 **error)
{
  const Pool *p = &store->pools[g];
  g_autofree guint8 *seen = NULL;
  guint32 nb, listed = 0;

  if (p->szidx >= store->geo->n_classes)
    return fail (error, "pool %u: class %u", g, p->szidx);
  nb = store->nblocks[p->szidx];
  if (p->count > nb || p->nextblock > nb || p->count > p->nextblock)
    return fail (error, "pool %u: %u in use, %u handed out, %u blocks", g, p->count,
                 p->nextblock, nb);
  seen = g_new0 (guint8, nb);
  for (guint32 b = p->freeblock; b != NONE; b = p->slots[b], listed++)
    if (b >= p->nextblock || seen[b]++ != 0)
      return fail (error, "pool %u: free list holds block %u", g, b);
  if (listed + p->count != p->nextblock)
    return fail (error, "pool %u: %u free + %u in use != %u handed out", g, listed,
                 p->count, p->nextblock);
  if (p->count > 0 && p->count < nb && listed == 0)
    return fail (error, "pool %u: used, with an empty free list", g);
  return TRUE;
}

static gboolean
check_usable (const MemsimObjectStore *store,
              GError                 **error)
{
  guint32 last[MAX_POOLS + 1], prev = NONE, n = 0, expected = 0, wholly_free = 0;

  for (guint i = 0; i <= MAX_POOLS; i++)
    last[i] = NONE;
  for (guint32 a = store->usable_arenas; a != NONE; prev = a, a = store->arenas[a].next)
    {
      const Arena *arena = &store->arenas[a];

      if (!arena->live || arena->prev != prev || arena->nfreepools == 0 || ++n > store->maxarenas
          || (prev != NONE && store->arenas[prev].nfreepools > arena->nfreepools))
        return fail (error, "usable_arenas: arena %u is out of place", a);
      last[arena->nfreepools] = a;
      if (arena->nfreepools == arena->ntotalpools && arena->next != NONE)
        return fail (error, "arena %u is wholly free but not the last usable one", a);
    }
  for (guint32 a = 0; a < store->maxarenas; a++)
    if (store->arenas[a].live)
      {
        expected += store->arenas[a].nfreepools > 0;
        wholly_free += store->arenas[a].nfreepools == store->arenas[a].ntotalpools;
      }
  if (n != expected || wholly_free > 1)
    return fail (error, "usable_arenas holds %u arenas of %u; %u wholly free", n, expected,
                 wholly_free);
  for (guint i = 0; i <= MAX_POOLS; i++)
    if (store->nfp2lasta[i] != last[i])
      return fail (error, "nfp2lasta[%u] is %u, not %u", i, store->nfp2lasta[i], last[i]);
  return TRUE;
}

static gboolean
check_usedpools (const MemsimObjectStore *store,
                 guint32                  n_used,
                 GError                 **error)
{
  guint32 listed = 0;

  for (guint c = 0; c < MEMSIM_OBJECT_N_CLASSES; c++)
    {
      guint32 prev = NONE;

      for (guint32 g = store->usedpools[c]; g != NONE; prev = g, g = store->pools[g].next)
        if (store->pools[g].prev != prev || store->pools[g].szidx != c
            || store_pool_state (store, g) != MEMSIM_POOL_USED || ++listed > n_used)
          return fail (error, "usedpools[%u] holds pool %u", c, g);
    }
  if (listed != n_used)
    return fail (error, "%u used pools, %u on usedpools", n_used, listed);
  return TRUE;
}

static gboolean
check_allocator (const MemsimObjectStore *store,
                 const MemsimHeap        *heap,
                 GError                 **error)
{
  guint32 n_used = 0, n_carved = 0, n_live = 0;

  for (guint32 a = 0; a < store->maxarenas; a++)
    {
      if (!store->arenas[a].live)
        continue;
      n_live++;
      if (!check_arena_block (store, heap, a, error) || !check_arena_pools (store, a, error))
        return FALSE;
      n_carved += store->arenas[a].ncarved;
      for (guint32 i = 0; i < store->arenas[a].ncarved; i++)
        {
          guint32 g = a * MAX_POOLS + i;

          if (!check_pool (store, g, error))
            return FALSE;
          n_used += store_pool_state (store, g) == MEMSIM_POOL_USED;
        }
    }
  if (n_live != store->narenas_currently_allocated || n_carved != store->n_carved)
    return fail (error, "%u live arenas, %u carved pools; the counters say %" G_GUINT64_FORMAT
                 " and %u", n_live, n_carved, store->narenas_currently_allocated, store->n_carved);
  return check_usable (store, error) && check_usedpools (store, n_used, error);
}

/* ---- objects ------------------------------------------------------------ */

static gboolean
check_large (const MemsimObjectStore *store,
             const MemsimHeap        *heap,
             guint32                  r,
             GError                 **error)
{
  const Object *object = &store->objects[r];
  MemsimBlockInfo info;
  char name[40];

  g_snprintf (name, sizeof name, "obj#%" G_GUINT64_FORMAT, object->id);
  if (!memsim_heap_lookup_name (heap, name, &info) || info.start != object->address
      || info.requested != object->size || object->size <= store->geo->threshold)
    return fail (error, "object %" G_GUINT64_FORMAT ": no heap block %s of %" G_GUINT64_FORMAT
                 " bytes at %" G_GUINT64_FORMAT, object->id, name, object->size, object->address);
  return TRUE;
}

static gboolean
check_small (const MemsimObjectStore *store,
             guint32                  r,
             guint32                 *per_pool,
             GError                 **error)
{
  const Object *object = &store->objects[r];
  const Pool *p;

  if (object->pool >= store->maxarenas * MAX_POOLS
      || store_pool_state (store, object->pool) == MEMSIM_POOL_UNCARVED
      || store_pool_state (store, object->pool) == MEMSIM_POOL_EMPTY)
    return fail (error, "object %" G_GUINT64_FORMAT ": in pool %u", object->id, object->pool);
  p = &store->pools[object->pool];
  if (object->block >= p->nextblock || p->slots[object->block] != r
      || (object->size - 1) >> 4 != p->szidx)
    return fail (error, "object %" G_GUINT64_FORMAT ": block %u of pool %u is not its own",
                 object->id, object->block, object->pool);
  per_pool[object->pool]++;
  return TRUE;
}

/* Every object's refcount, from the names and the containers. */
static guint32 *
count_references (const MemsimObjectStore *store)
{
  guint32 *refs = g_new0 (guint32, MAX (store->n_slots, 1));

  for (guint32 i = 0; i <= store->names.mask; i++)
    if (store->names.slots[i].hash != 0)
      refs[store->names.slots[i].ref]++;
  for (guint32 r = 0; r < store->n_slots; r++)
    if (store->objects[r].id != 0)
      {
        refs[r] += store->objects[r].external;
        for (guint32 i = 0; i < store->objects[r].n_children; i++)
          refs[store->objects[r].children[i]]++;
      }
  return refs;
}

/* Every name is where a lookup finds it, on a live object. */
static gboolean
check_names (const MemsimObjectStore *store,
             GError                 **error)
{
  guint32 n = 0, found;
  StoreNameKey key;

  for (guint32 i = 0; i <= store->names.mask; i++)
    {
      const NameSlot *slot = &store->names.slots[i];
      const char *text = store_names_slot_text (slot);

      if (slot->hash == 0)
        continue;
      n++;
      store_names_key (text, &key);
      if (slot->hash != key.hash || !store_names_find (&store->names, &key, &found) || found != i
          || slot->ref >= store->n_slots || store->objects[slot->ref].id == 0)
        return fail (error, "name “%s” (slot %u) is lost or bound to a dead object", text, i);
    }
  if (n != store->names.count || 2 * n > store->names.mask + 1)
    return fail (error, "%u names, the table counts %u in %u slots", n, store->names.count,
                 store->names.mask + 1);
  return TRUE;
}

static gboolean
check_sharing (const MemsimObjectStore *store,
               GError                 **error)
{
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < MEMSIM_PY_N_SMALL_INTS; i++)
    {
      guint32 r = store->small_ints[i];

      if (r != NONE && (r >= store->n_slots || store->objects[r].id == 0
                        || store->objects[r].small_int != i + 1))
        return fail (error, "small int %d points at ref %u", (int) i + MEMSIM_PY_SMALL_INT_MIN, r);
    }
  g_hash_table_iter_init (&iter, store->interned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint32 r = GPOINTER_TO_UINT (value) - 1;

      if (r >= store->n_slots || store->objects[r].key != key)
        return fail (error, "interned “%s” points at ref %u", (const char *) key, r);
    }
  return TRUE;
}

static gboolean
check_objects (const MemsimObjectStore *store,
               const MemsimHeap        *heap,
               GError                 **error)
{
  g_autofree guint32 *refs = NULL;
  g_autofree guint32 *per_pool = g_new0 (guint32, MAX (store->maxarenas * MAX_POOLS, 1));
  guint32 n_live = 0, n_large = 0;

  if (!check_names (store, error))
    return FALSE;
  refs = count_references (store);
  for (guint32 r = 0; r < store->n_slots; r++)
    {
      const Object *object = &store->objects[r];

      if (object->id == 0)
        continue;
      n_live++;
      if (object->refcount != refs[r])
        return fail (error, "object %" G_GUINT64_FORMAT ": refcount %u, %u references",
                     object->id, object->refcount, refs[r]);
      if (object->pool == NONE ? (n_large++, !check_large (store, heap, r, error))
                               : !check_small (store, r, per_pool, error))
        return FALSE;
    }
  if (n_live != store->n_live || n_large != store->n_large)
    return fail (error, "%u objects, %u large; the counters say %u and %" G_GUINT64_FORMAT,
                 n_live, n_large, store->n_live, store->n_large);
  for (guint32 g = 0; g < store->maxarenas * MAX_POOLS; g++)
    if (per_pool[g] != (store_pool_state (store, g) == MEMSIM_POOL_UNCARVED ? 0
                        : store->pools[g].count))
      return fail (error, "pool %u: %u objects, count %u", g, per_pool[g], store->pools[g].count);
  return check_sharing (store, error);
}

gboolean
memsim_object_store_check (const MemsimObjectStore *store,
                           const MemsimHeap        *heap,
                           GError                 **error)
{
  MemsimObjectStats stats;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (heap != NULL, FALSE);

  if (!check_allocator (store, heap, error) || !check_objects (store, heap, error))
    return FALSE;
  memsim_object_store_get_stats (store, &stats);
  if (stats.total != stats.arenas_current * store->geo->arena_size)
    return fail (error, "the byte account sums to %" G_GUINT64_FORMAT ", not %" G_GUINT64_FORMAT
                 " × %" G_GUINT64_FORMAT, stats.total, stats.arenas_current,
                 store->geo->arena_size);
  return TRUE;
}
