/* memsim-object-store-inspect.c: looking into the object store
 *
 * Read-only views for the app, the JSON and the tests: objects by name,
 * ref or address, arenas and pools, the figures of CPython's
 * _PyObject_DebugMallocStats() and its report, and check(), which
 * verifies every invariant the allocator and the ledger rely on.
 */
#include "memsim-object-store-private.h"

#include <string.h>

#include "memsim-types.h"

guint
memsim_object_store_get_n_objects (const MemsimObjectStore *store)
{
  g_return_val_if_fail (store != NULL, 0);
  return store->n_live;
}

guint
memsim_object_store_get_n_names (const MemsimObjectStore *store)
{
  g_return_val_if_fail (store != NULL, 0);
  return store->names.count;
}

guint32
memsim_object_store_lookup_ref_by_name (const MemsimObjectStore *store,
                                        const char              *name)
{
  g_return_val_if_fail (store != NULL, NONE);
  g_return_val_if_fail (name != NULL, NONE);

  return store_names_lookup (&store->names, name);
}

gboolean
memsim_object_store_lookup_name (const MemsimObjectStore *store,
                                 const char              *name,
                                 MemsimObjectInfo        *out_info)
{
  guint32 ref = memsim_object_store_lookup_ref_by_name (store, name);

  if (ref == NONE)
    return FALSE;
  if (out_info != NULL)
    store_object_info (store, ref, out_info);
  return TRUE;
}

gboolean
memsim_object_store_lookup_ref (const MemsimObjectStore *store,
                                guint32                  ref,
                                MemsimObjectInfo        *out_info)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (ref >= store->n_slots || store->objects[ref].id == 0)
    return FALSE;
  if (out_info != NULL)
    store_object_info (store, ref, out_info);
  return TRUE;
}

/* The object whose block in pool @pool holds @address, or NONE.  A slot
 * holds an object only if that object points back at the block. */
static guint32
find_in_pool (const MemsimObjectStore *store,
              guint32                  pool,
              guint64                  address)
{
  const Pool *p = &store->pools[pool];
  guint64 offset = address - pool_address (store, pool);
  guint32 block, ref;

  if (p->count == 0 || offset < store->geo->pool_overhead)
    return NONE;
  block = (guint32) ((offset - store->geo->pool_overhead) / class_size (p->szidx));
  if (block >= p->nextblock)
    return NONE;
  ref = p->slots[block];
  if (ref < store->n_slots && store->objects[ref].id != 0
      && store->objects[ref].pool == pool && store->objects[ref].block == block)
    return ref;
  return NONE;
}

static guint32
find_address (const MemsimObjectStore *store,
              guint64                  address)
{
  for (guint32 a = 0; a < store->maxarenas; a++)
    {
      const Arena *arena = &store->arenas[a];
      guint64 end = arena->pool_base + (guint64) arena->ncarved * store->geo->pool_size;

      if (arena->live && address >= arena->pool_base && address < end)
        return find_in_pool (store, a * MAX_POOLS + (guint32) ((address - arena->pool_base)
                                                               / store->geo->pool_size),
                             address);
    }
  for (guint32 r = store->large_head; r != NONE; r = store->objects[r].large_next)
    {
      const Object *object = &store->objects[r];

      if (address >= object->address && address - object->address < object->size)
        return r;
    }
  return NONE;
}

/* The object whose block (or large block) holds @address.  O(arenas +
 * large objects): meant for the inspector, not for loops. */
gboolean
memsim_object_store_lookup_address (const MemsimObjectStore *store,
                                    guint64                  address,
                                    MemsimObjectInfo        *out_info)
{
  guint32 ref;

  g_return_val_if_fail (store != NULL, FALSE);

  ref = find_address (store, address);
  if (ref == NONE)
    return FALSE;
  if (out_info != NULL)
    store_object_info (store, ref, out_info);
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Object *objects = user_data;
  guint64 x = objects[*(const guint32 *) a].id, y = objects[*(const guint32 *) b].id;

  return x < y ? -1 : x > y;
}

void
memsim_object_store_walk_objects (const MemsimObjectStore *store,
                                  MemsimObjectFunc         func,
                                  gpointer                 user_data)
{
  g_autoptr (GArray) refs = NULL;
  MemsimObjectInfo info;

  g_return_if_fail (store != NULL);
  g_return_if_fail (func != NULL);

  refs = g_array_sized_new (FALSE, FALSE, sizeof (guint32), store->n_live);
  for (guint32 r = 0; r < store->n_slots; r++)
    if (store->objects[r].id != 0)
      g_array_append_val (refs, r);
  g_array_sort_with_data (refs, compare_ids, store->objects);
  for (guint i = 0; i < refs->len; i++)
    {
      store_object_info (store, g_array_index (refs, guint32, i), &info);
      if (!func (&info, user_data))
        return;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
memsim_object_store_list_names (const MemsimObjectStore *store)
{
  GPtrArray *names;

  g_return_val_if_fail (store != NULL, NULL);

  names = g_ptr_array_sized_new (store->names.count);
  for (guint32 i = 0; i <= store->names.mask; i++)
    if (store->names.slots[i].hash != 0)
      g_ptr_array_add (names, (gpointer) store_names_slot_text (&store->names.slots[i]));
  g_ptr_array_sort (names, compare_strings);
  return names;
}

/* "arena#N" of a live arena, or "obj#ID" of a live large object. */
gboolean
memsim_object_store_owns_block (const MemsimObjectStore *store,
                                const char              *block_name)
{
  const char *digits;
  char *end;
  guint64 n;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (block_name != NULL, FALSE);

  if (g_str_has_prefix (block_name, "arena#"))
    digits = block_name + 6;
  else if (g_str_has_prefix (block_name, "obj#"))
    digits = block_name + 4;
  else
    return FALSE;
  if (!g_ascii_isdigit (*digits))
    return FALSE;
  n = g_ascii_strtoull (digits, &end, 10);
  if (*end != '\0')
    return FALSE;

  if (block_name[0] == 'a')
    {
      for (guint32 a = 0; a < store->maxarenas; a++)
        if (store->arenas[a].live && store->arenas[a].serial == n)
          return TRUE;
      return FALSE;
    }
  for (guint32 r = store->large_head; r != NONE; r = store->objects[r].large_next)
    if (store->objects[r].id == n)
      return TRUE;
  return FALSE;
}

/* ---- arenas and pools --------------------------------------------------- */

static gint
usable_rank (const MemsimObjectStore *store,
             guint32                  a)
{
  gint rank = 0;

  for (guint32 u = store->usable_arenas; u != NONE; u = store->arenas[u].next, rank++)
    if (u == a)
      return rank;
  return -1;
}

void
memsim_object_store_walk_arenas (const MemsimObjectStore *store,
                                 MemsimArenaFunc          func,
                                 gpointer                 user_data)
{
  MemsimArenaInfo info;

  g_return_if_fail (store != NULL);
  g_return_if_fail (func != NULL);

  for (guint32 a = 0; a < store->maxarenas; a++)
    {
      const Arena *arena = &store->arenas[a];

      if (!arena->live)
        continue;
      memset (&info, 0, sizeof info);
      info.index = a;
      store_arena_name (arena, info.name, sizeof info.name);
      info.address = arena->address;
      info.pool_base = arena->pool_base;
      info.ntotalpools = arena->ntotalpools;
      info.nfreepools = arena->nfreepools;
      info.ncarved = arena->ncarved;
      info.usable_rank = usable_rank (store, a);
      if (!func (&info, user_data))
        return;
    }
}

GArray *
memsim_object_store_get_usable_arenas (const MemsimObjectStore *store)
{
  GArray *order;

  g_return_val_if_fail (store != NULL, NULL);

  order = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint32 a = store->usable_arenas; a != NONE; a = store->arenas[a].next)
    {
      guint index = a;

      g_array_append_val (order, index);
    }
  return order;
}

gboolean
memsim_object_store_get_pool (const MemsimObjectStore *store,
                              guint                    arena,
                              guint                    pool,
                              MemsimPoolInfo          *out_info)
{
  guint32 g;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (out_info != NULL, FALSE);

  if (arena >= store->maxarenas || !store->arenas[arena].live
      || pool >= store->arenas[arena].ntotalpools)
    return FALSE;
  g = arena * MAX_POOLS + pool;
  out_info->state = store_pool_state (store, g);
  out_info->size_class = store->pools[g].szidx;
  out_info->count = store->pools[g].count;
  out_info->n_blocks = out_info->state == MEMSIM_POOL_UNCARVED
                       || store->pools[g].szidx == DUMMY_SIZE_IDX
                       ? 0 : store->nblocks[store->pools[g].szidx];
  out_info->address = pool_address (store, g);
  return TRUE;
}

gboolean
memsim_object_store_get_used_head (const MemsimObjectStore *store,
                                   guint                    size_class,
                                   guint                   *out_arena,
                                   guint                   *out_pool)
{
  guint32 head;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (size_class < MEMSIM_OBJECT_N_CLASSES, FALSE);

  head = store->usedpools[size_class];
  if (head == NONE)
    return FALSE;
  if (out_arena != NULL)
    *out_arena = head / MAX_POOLS;
  if (out_pool != NULL)
    *out_pool = head % MAX_POOLS;
  return TRUE;
}
