/* memsim-object-store.c: CPython's small-object allocator on the simulated heap
 *
 * A model of Objects/obmalloc.c (CPython 3.9 to 3.12 share the parts
 * modelled here), run on a MemsimHeap instead of mmap() and malloc().
 * The layers, drawn the way obmalloc.c draws Python's:
 *
 *     store NAME TYPE VALUE / release NAME / collect      (script, app)
 *    _______________________________________________________________
 *   [  objects: int float str bytes tuple record(+dict)            ]
 *   [  names, refcounts, small ints, interned strings, the ledger   ]  +3
 *   [  memsim-object-store-objects.c                                ]
 *    _______________________________________________________________
 *   [  obmalloc: size classes, pools, arenas                        ]  +2
 *   [  (arenas: this file; pools and blocks: -pools.c)              ]
 *    _______________________________________________________________
 *   [  MemsimHeap: blocks arena#N (ARENA_SIZE each) and obj#ID      ]  +1
 *   [  (requests above the threshold), placed by the heap's policy  ]
 *
 * So the memory map shows a program's blocks and Python's arenas side by
 * side, and the heap's policy decides where arenas land.
 *
 * Size classes.  A request of n bytes, 1 ≤ n ≤ SMALL_REQUEST_THRESHOLD, is
 * served by a block of size class (n − 1) / ALIGNMENT:
 *
 *   Request in bytes     Size of allocated block      Size class idx
 *   ----------------------------------------------------------------
 *         1-16                   16                        0
 *        17-32                   32                        1
 *        33-48                   48                        2
 *          ...                  ...                      ...
 *       497-512                 512                       31
 *       513 and up: a heap block of its own, named obj#ID
 *
 * A pool holds blocks of one class: (POOL_SIZE − POOL_OVERHEAD) / size of
 * them, after its 48-byte header; the rest of the pool is lost to
 * quantization.  For 3.11 that is 1021 blocks of 16 bytes … 31 of 512.
 *
 * The tunables (MemsimObjectGeometry; one set per profile, 64-bit):
 *
 *   ALIGNMENT 16      Every block is 16-aligned; classes are 16 bytes apart.
 *   SMALL_REQUEST_THRESHOLD 512
 *                     Above it a request goes to the underlying allocator
 *                     (here: the simulated heap).  32 classes.
 *   POOL_SIZE         16 KiB in 3.11 (large pools, allowed by the radix
 *                     tree that tracks arenas since 3.10), 4 KiB in 3.9
 *                     (one VMM page).
 *   ARENA_SIZE        1 MiB in 3.11, 256 KiB in 3.9: 64 pools either way.
 *   POOL_OVERHEAD 48  sizeof (struct pool_header) rounded up to ALIGNMENT.
 *   INITIAL_ARENA_OBJECTS 16
 *                     The vector of arena records starts with 16 and
 *                     doubles; a freed record is reused first (LIFO), so
 *                     arena indexes are CPython's.
 *
 * Arenas.  new_arena() allocates ARENA_SIZE bytes from the heap, by the
 * heap's policy, and carves pools from the first POOL_SIZE-aligned address
 * in it.  An arena whose address is not a multiple of POOL_SIZE holds 63
 * pools, not 64: the partial pools at both ends add up to one pool, which
 * the statistics count as "bytes lost to arena alignment" — exactly what
 * CPython 3.11 does with its 16 KiB pools in 4 KiB-aligned mmap arenas.
 * With the heap's default 16-byte alignment most arenas lose a pool; one
 * that lands at a multiple of POOL_SIZE (the first, at address 0, say)
 * does not.  Pools are carved lazily, lowest address first.
 *
 * The pool state machine (obmalloc.c's prose, in short).  A carved pool is
 * in one of three states forever after:
 *
 *   used   some blocks in use, some available.  It is on the doubly linked
 *          list usedpools[class]; allocation takes a block from the head
 *          pool of that list.  A pool is born used, with its first block
 *          handed out.  Taking its last available block makes it full;
 *          freeing its last block in use makes it empty.
 *   full   every block in use.  It leaves usedpools and is on no list.
 *          Freeing one block makes it used again, and it goes to the
 *          front of usedpools[class], so the next request of that class
 *          reuses the block just freed.
 *   empty  every block available.  It leaves usedpools and goes to the
 *          front of its arena's singly linked freepools.  It keeps its
 *          class: if the next class that needs a pool is the same, its
 *          free list is reused as it is.
 *
 * Inside a pool, a freed block goes to the head of the pool's free list
 * (LIFO), and only two blocks are set up when a pool starts: the rest are
 * "virgin" blocks handed out, lowest first, when the free list runs dry
 * (nextoffset).  Here the free list lives in Pool.slots, one entry a
 * block: the next free block, or the object in a block in use.
 *
 * usable_arenas.  The arenas with at least one available pool (empty or
 * never carved: nfreepools), doubly linked in increasing order of
 * nfreepools, so that requests fill the most used arenas and the nearly
 * empty ones get a chance to empty completely.  A new pool always comes
 * from the head.  nfp2lasta[n], the last arena with n free pools, keeps
 * the order in O(1) (bpo-37029).  A full arena is on no list.
 *
 * Freeing arenas.  The rule of insert_to_freepool() in CPython 3.9–3.12,
 *
 *     if (nf == ao->ntotalpools && ao->nextarena != NULL) { free it }
 *
 * returns an arena to the heap when its last pool empties, unless it is
 * the last arena of usable_arenas: that one is kept, so that a loop that
 * allocates and frees one object does not allocate and free an arena
 * every time (bpo-37257).  Since the list is ordered by free pools, the
 * kept arena is the one with the most; at most one empty arena exists.
 * `collect` (not a CPython call) returns every empty arena, the kept one
 * too.
 *
 * Costs: taking or freeing a block, and every change of pool state, is
 * O(1); keeping usable_arenas ordered is O(1); a new or freed arena is one
 * heap operation, O(log n) in the heap's blocks.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-object-store-private.h"
#include "memsim-types.h"

static const MemsimObjectGeometry geometries[MEMSIM_N_PROFILES] = {
  [MEMSIM_PROFILE_CPYTHON_3_11] = { "cpython-3.11", 16, 512, 16 * 1024, 1024 * 1024, 48, 32, 64 },
  [MEMSIM_PROFILE_CPYTHON_3_9] = { "cpython-3.9", 16, 512, 4 * 1024, 256 * 1024, 48, 32, 64 },
};

static const char * const state_names[] = {
  [MEMSIM_POOL_UNCARVED] = "uncarved",
  [MEMSIM_POOL_EMPTY] = "empty",
  [MEMSIM_POOL_USED] = "used",
  [MEMSIM_POOL_FULL] = "full",
};

const char *
memsim_object_profile_to_string (MemsimObjectProfile profile)
{
  g_return_val_if_fail ((guint) profile < MEMSIM_N_PROFILES, NULL);
  return geometries[profile].name;
}

gboolean
memsim_object_profile_from_string (const char          *text,
                                   MemsimObjectProfile *out_profile)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < MEMSIM_N_PROFILES; i++)
    if (g_ascii_strcasecmp (text, geometries[i].name) == 0)
      {
        *out_profile = i;
        return TRUE;
      }
  return FALSE;
}

const MemsimObjectGeometry *
memsim_object_profile_get_geometry (MemsimObjectProfile profile)
{
  g_return_val_if_fail ((guint) profile < MEMSIM_N_PROFILES, NULL);
  return &geometries[profile];
}

guint
memsim_object_blocks_per_pool (MemsimObjectProfile profile,
                               guint               size_class)
{
  const MemsimObjectGeometry *geo = memsim_object_profile_get_geometry (profile);

  g_return_val_if_fail (geo != NULL && size_class < geo->n_classes, 0);
  return (guint) ((geo->pool_size - geo->pool_overhead) / class_size (size_class));
}

const char *
memsim_pool_state_to_string (MemsimPoolState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

/* ---- life cycle --------------------------------------------------------- */

MemsimObjectStore *
memsim_object_store_new (MemsimObjectProfile profile)
{
  MemsimObjectStore *store;

  g_return_val_if_fail ((guint) profile < MEMSIM_N_PROFILES, NULL);

  store = g_new0 (MemsimObjectStore, 1);
  store->profile = profile;
  store->geo = &geometries[profile];
  for (guint i = 0; i < MEMSIM_OBJECT_N_CLASSES; i++)
    store->nblocks[i] = memsim_object_blocks_per_pool (profile, i);
  store_objects_init (store);
  store_arenas_clear (store);
  return store;
}

void
memsim_object_store_free (MemsimObjectStore *store)
{
  if (store == NULL)
    return;

  store_objects_clear (store);
  store_arenas_clear (store);
  g_free (store);
}

MemsimObjectStore *
memsim_object_store_copy (const MemsimObjectStore *store)
{
  MemsimObjectStore *copy;

  g_return_val_if_fail (store != NULL, NULL);

  copy = g_memdup2 (store, sizeof *store);
  copy->event_func = NULL;
  copy->event_data = NULL;
  store_arenas_copy (copy, store);
  store_objects_copy (copy, store);
  return copy;
}

void
memsim_object_store_clear (MemsimObjectStore *store)
{
  g_return_if_fail (store != NULL);

  store_objects_clear (store);
  store_objects_init (store);
  store_arenas_clear (store);
}

MemsimObjectProfile
memsim_object_store_get_profile (const MemsimObjectStore *store)
{
  g_return_val_if_fail (store != NULL, MEMSIM_OBJECT_PROFILE_DEFAULT);
  return store->profile;
}

/* A copy costs a record per object and name and a memcpy per carved pool
 * (about as much as 8 heap block records). */
guint
memsim_object_store_get_copy_weight (const MemsimObjectStore *store)
{
  g_return_val_if_fail (store != NULL, 0);
  return store->n_live + store->names.count + 8 * store->n_carved;
}

void
memsim_object_store_set_event_func (MemsimObjectStore     *store,
                                    MemsimObjectEventFunc  func,
                                    gpointer               user_data)
{
  g_return_if_fail (store != NULL);
  store->event_func = func;
  store->event_data = user_data;
}

void
store_emit (const MemsimObjectStore *store,
            MemsimObjectEvent       *event)
{
  store->event_func (event, store->event_data);
}

/* ---- the arena records ------------------------------------------------- */

/* Drops every arena record (the heap blocks are the caller's business:
 * the heap was reset, or is being freed). */
void
store_arenas_clear (MemsimObjectStore *store)
{
  for (guint32 i = 0; i < store->maxarenas * MAX_POOLS; i++)
    g_clear_pointer (&store->pools[i].slots, g_free);
  g_clear_pointer (&store->arenas, g_free);
  g_clear_pointer (&store->pools, g_free);
  store->maxarenas = 0;
  store->unused_arena_objects = NONE;
  store->usable_arenas = NONE;
  for (guint i = 0; i <= MAX_POOLS; i++)
    store->nfp2lasta[i] = NONE;
  for (guint i = 0; i < MEMSIM_OBJECT_N_CLASSES; i++)
    store->usedpools[i] = NONE;
  store->narenas_currently_allocated = 0;
  store->ntimes_arena_allocated = 0;
  store->narenas_highwater = 0;
  store->next_arena_serial = 1;
  store->n_carved = 0;
}

/* Only the slots that were ever handed out mean something. */
void
store_arenas_copy (MemsimObjectStore       *copy,
                   const MemsimObjectStore *store)
{
  guint32 n_pools = store->maxarenas * MAX_POOLS;

  copy->arenas = g_memdup2 (store->arenas, store->maxarenas * sizeof (Arena));
  copy->pools = g_memdup2 (store->pools, n_pools * sizeof (Pool));
  for (guint32 i = 0; i < n_pools; i++)
    {
      Pool *pool = &copy->pools[i];

      if (pool->slots == NULL)
        continue;
      pool->slots = g_new (guint32, pool->capacity);
      memcpy (pool->slots, store->pools[i].slots, pool->nextblock * sizeof (guint32));
    }
}

void
store_arena_name (const Arena *arena,
                  char        *buf,
                  gsize        size)
{
  g_snprintf (buf, size, "arena#%u", arena->serial);
}

/* No unused arena record left: double the vector, as new_arena() does. */
static void
grow_arena_objects (MemsimObjectStore *store)
{
  guint32 old = store->maxarenas;
  guint32 n = old != 0 ? old * 2 : INITIAL_ARENAS;

  store->arenas = g_renew (Arena, store->arenas, n);
  store->pools = g_renew (Pool, store->pools, (gsize) n * MAX_POOLS);
  memset (&store->pools[old * MAX_POOLS], 0, (gsize) (n - old) * MAX_POOLS * sizeof (Pool));
  for (guint32 i = old; i < n; i++)
    {
      memset (&store->arenas[i], 0, sizeof (Arena));
      store->arenas[i].next = i + 1 < n ? i + 1 : NONE;
    }
  store->unused_arena_objects = old;
  store->maxarenas = n;
}

static void
emit_arena (const MemsimObjectStore *store,
            const Arena             *arena,
            MemsimObjectEventKind    kind)
{
  char name[32];
  MemsimObjectEvent event = { .kind = kind, .name = name, .address = arena->address,
                              .size = store->geo->arena_size,
                              .arena = (guint) (arena - store->arenas) };

  store_arena_name (arena, name, sizeof name);
  store_emit (store, &event);
}

/* Auto-compaction inside the heap may move the blocks under arenas and
 * large objects. */
static guint64
heap_compactions (const MemsimHeap *heap)
{
  MemsimMetrics metrics;

  memsim_heap_get_metrics (heap, &metrics);
  return metrics.compactions;
}

/* Allocates the heap block of the arena record @a, named arena#N with the
 * first N whose name is not live in the heap. */
static gboolean
arena_alloc_block (MemsimObjectStore *store,
                   MemsimHeap        *heap,
                   Arena             *arena,
                   GError           **error)
{
  guint64 compactions = heap_compactions (heap);
  guint32 serial = store->next_arena_serial;
  MemsimBlockInfo info;
  MemsimBlockId block;
  char name[32];

  do
    g_snprintf (name, sizeof name, "arena#%u", serial++);
  while (memsim_heap_lookup_name (heap, name, NULL));
  if (!memsim_heap_alloc (heap, name, store->geo->arena_size, MEMSIM_ROUND_DEFAULT,
                          &block, error))
    {
      g_prefix_error (error, _("no room in the heap for a new arena, %s: "), name);
      return FALSE;
    }
  if (heap_compactions (heap) != compactions)
    memsim_object_store_relocate (store, heap);
  memsim_heap_get_block (heap, block, &info);
  arena->address = info.start;
  arena->serial = serial - 1;
  store->next_arena_serial = serial;
  return TRUE;
}

/* new_arena(): takes an arena record and a heap block; the caller links
 * it into usable_arenas. */
guint32
store_arena_new (MemsimObjectStore *store,
                 MemsimHeap        *heap,
                 GError           **error)
{
  guint32 a, excess;
  Arena *arena;

  if (store->unused_arena_objects == NONE)
    grow_arena_objects (store);
  a = store->unused_arena_objects;
  arena = &store->arenas[a];
  if (!arena_alloc_block (store, heap, arena, error))
    return NONE;

  store->unused_arena_objects = arena->next;
  arena->live = TRUE;
  store->narenas_currently_allocated++;
  store->ntimes_arena_allocated++;
  store->narenas_highwater = MAX (store->narenas_highwater, store->narenas_currently_allocated);
  arena->freepools = NONE;
  arena->pool_base = arena->address;
  arena->nfreepools = MAX_POOLS;
  arena->ncarved = 0;
  excess = (guint32) (arena->address % store->geo->pool_size);
  if (excess != 0)
    {
      arena->nfreepools--;
      arena->pool_base += store->geo->pool_size - excess;
    }
  arena->ntotalpools = arena->nfreepools;
  if (store_emits (store))
    emit_arena (store, arena, MEMSIM_OBJECT_EVENT_ARENA_ADDED);
  return a;
}

/* Returns the arena @a to the heap and its record to unused_arena_objects;
 * the caller has unlinked it from usable_arenas. */
void
store_arena_free (MemsimObjectStore *store,
                  MemsimHeap        *heap,
                  guint32            a)
{
  Arena *arena = &store->arenas[a];
  char name[32];

  if (store_emits (store))
    emit_arena (store, arena, MEMSIM_OBJECT_EVENT_ARENA_RELEASED);
  store_arena_name (arena, name, sizeof name);
  if (!memsim_heap_free_block (heap, name, NULL))
    g_critical ("object store: the heap has no block %s", name);

  for (guint32 i = 0; i < MAX_POOLS; i++)
    {
      Pool *pool = &store->pools[a * MAX_POOLS + i];

      g_free (pool->slots);
      memset (pool, 0, sizeof *pool);
    }
  store->n_carved -= arena->ncarved;
  arena->live = FALSE;
  arena->address = 0;
  arena->next = store->unused_arena_objects;
  store->unused_arena_objects = a;
  store->narenas_currently_allocated--;
}

/* Unlinks @a from usable_arenas (nfp2lasta is the caller's care). */
void
store_arena_unlink_usable (MemsimObjectStore *store,
                           guint32            a)
{
  Arena *arena = &store->arenas[a];

  if (arena->prev == NONE)
    store->usable_arenas = arena->next;
  else
    store->arenas[arena->prev].next = arena->next;
  if (arena->next != NONE)
    store->arenas[arena->next].prev = arena->prev;
}

/* ---- collect and relocate ---------------------------------------------- */

guint
memsim_object_store_collect (MemsimObjectStore *store,
                             MemsimHeap        *heap)
{
  guint32 a, next;
  guint n = 0;

  g_return_val_if_fail (store != NULL, 0);
  g_return_val_if_fail (heap != NULL, 0);

  for (a = store->usable_arenas; a != NONE; a = next)
    {
      Arena *arena = &store->arenas[a];

      next = arena->next;
      if (arena->nfreepools != arena->ntotalpools)
        continue;
      if (store->nfp2lasta[arena->nfreepools] == a)
        store->nfp2lasta[arena->nfreepools] =
          arena->prev != NONE && store->arenas[arena->prev].nfreepools == arena->nfreepools
          ? arena->prev : NONE;
      store_arena_unlink_usable (store, a);
      store_arena_free (store, heap, a);
      n++;
    }
  return n;
}

void
memsim_object_store_relocate (MemsimObjectStore *store,
                              const MemsimHeap  *heap)
{
  MemsimBlockInfo info;
  char name[32];

  g_return_if_fail (store != NULL);
  g_return_if_fail (heap != NULL);

  for (guint32 a = 0; a < store->maxarenas; a++)
    {
      Arena *arena = &store->arenas[a];

      if (!arena->live)
        continue;
      store_arena_name (arena, name, sizeof name);
      if (!memsim_heap_lookup_name (heap, name, &info))
        continue;
      arena->pool_base = info.start + (arena->pool_base - arena->address);
      arena->address = info.start;
    }
  for (guint32 r = store->large_head; r != NONE; r = store->objects[r].large_next)
    {
      Object *object = &store->objects[r];

      g_snprintf (name, sizeof name, "obj#%" G_GUINT64_FORMAT, object->id);
      if (memsim_heap_lookup_name (heap, name, &info))
        object->address = info.start;
    }
}
