/* memsim-object-store-pools.c: pools and blocks (pymalloc_alloc, pymalloc_free)
 *
 * The middle of obmalloc, as memsim-object-store.c describes it: a request
 * of class c takes the head block of the head pool of usedpools[c]; a pool
 * comes from the head of usable_arenas when usedpools[c] is empty; a freed
 * block goes to the head of its pool's free list, and the pool changes
 * state and lists as the state machine says.  Every function is O(1).
 */
#include "memsim-object-store-private.h"

/* ---- pools ------------------------------------------------------------ */

MemsimPoolState
store_pool_state (const MemsimObjectStore *store,
                  guint32                  pool)
{
  const Arena *arena = &store->arenas[pool / MAX_POOLS];
  const Pool *p = &store->pools[pool];

  if (!arena->live || pool % MAX_POOLS >= arena->ncarved)
    return MEMSIM_POOL_UNCARVED;
  if (p->count == 0)
    return MEMSIM_POOL_EMPTY;
  return p->count == store->nblocks[p->szidx] ? MEMSIM_POOL_FULL : MEMSIM_POOL_USED;
}

static void
emit_pool (const MemsimObjectStore *store,
           guint32                  pool)
{
  MemsimObjectEvent event = { .kind = MEMSIM_OBJECT_EVENT_POOL_STATE,
                              .address = pool_address (store, pool),
                              .size = store->geo->pool_size,
                              .arena = pool / MAX_POOLS, .pool = pool % MAX_POOLS,
                              .size_class = store->pools[pool].szidx,
                              .state = store_pool_state (store, pool) };

  store_emit (store, &event);
}

static void
usedpool_unlink (MemsimObjectStore *store,
                 guint32            pool)
{
  Pool *p = &store->pools[pool];

  if (p->prev == NONE)
    store->usedpools[p->szidx] = p->next;
  else
    store->pools[p->prev].next = p->next;
  if (p->next != NONE)
    store->pools[p->next].prev = p->prev;
}

/* insert_to_usedpool(), and the front-link of allocate_from_new_pool(). */
static void
usedpool_push (MemsimObjectStore *store,
               guint32            pool)
{
  Pool *p = &store->pools[pool];
  guint32 head = store->usedpools[p->szidx];

  p->prev = NONE;
  p->next = head;
  if (head != NONE)
    store->pools[head].prev = pool;
  store->usedpools[p->szidx] = pool;
}

/* The head of usable_arenas gives one pool (allocate_from_new_pool()):
 * a cached empty one if it has any, else the next one carved. */
static guint32
take_pool (MemsimObjectStore *store)
{
  guint32 a = store->usable_arenas;
  Arena *arena = &store->arenas[a];
  guint32 pool;

  if (store->nfp2lasta[arena->nfreepools] == a)
    store->nfp2lasta[arena->nfreepools] = NONE;
  if (arena->nfreepools > 1)
    store->nfp2lasta[arena->nfreepools - 1] = a;

  if (arena->freepools != NONE)
    {
      pool = arena->freepools;
      arena->freepools = store->pools[pool].next;
    }
  else
    {
      pool = a * MAX_POOLS + arena->ncarved++;
      store->pools[pool].szidx = DUMMY_SIZE_IDX;
      store->n_carved++;
    }
  if (--arena->nfreepools == 0)
    {
      /* Wholly allocated: it leaves usable_arenas (it was the head). */
      store->usable_arenas = arena->next;
      if (arena->next != NONE)
        store->arenas[arena->next].prev = NONE;
    }
  return pool;
}

/* Sets a pool up for class @szidx with its first block handed out and
 * only the second on the free list. */
static void
init_pool (MemsimObjectStore *store,
           Pool              *p,
           guint32            szidx)
{
  guint32 nb = store->nblocks[szidx];

  if (p->capacity < nb)
    {
      p->slots = g_renew (guint32, p->slots, nb);
      p->capacity = nb;
    }
  p->szidx = szidx;
  p->freeblock = 1;
  p->slots[1] = NONE;
  p->nextblock = 2;
}

static gboolean
allocate_from_new_pool (MemsimObjectStore *store,
                        MemsimHeap        *heap,
                        guint32            szidx,
                        guint32           *out_pool,
                        guint32           *out_block,
                        GError           **error)
{
  guint32 pool;
  Pool *p;

  if (store->usable_arenas == NONE)
    {
      guint32 a = store_arena_new (store, heap, error);

      if (a == NONE)
        return FALSE;
      store->usable_arenas = a;
      store->arenas[a].next = store->arenas[a].prev = NONE;
      store->nfp2lasta[store->arenas[a].nfreepools] = a;
    }
  pool = take_pool (store);
  p = &store->pools[pool];
  p->count = 1;
  if (p->szidx == szidx)
    {
      /* It last held this class: its free list is ready (and holds at
       * least two blocks, since a pool starts with two). */
      *out_block = p->freeblock;
      p->freeblock = p->slots[*out_block];
      g_assert (p->freeblock != NONE);
    }
  else
    {
      init_pool (store, p, szidx);
      *out_block = 0;
    }
  /* usedpools[szidx] was empty: the pool is its only member. */
  usedpool_push (store, pool);
  *out_pool = pool;
  if (store_emits (store))
    emit_pool (store, pool);
  return TRUE;
}

/* ---- blocks: pymalloc_alloc() and pymalloc_free() ---------------------- */

gboolean
store_block_alloc (MemsimObjectStore *store,
                   MemsimHeap        *heap,
                   guint32            szidx,
                   guint32           *out_pool,
                   guint32           *out_block,
                   GError           **error)
{
  guint32 pool = store->usedpools[szidx];
  Pool *p;

  if (G_UNLIKELY (pool == NONE))
    return allocate_from_new_pool (store, heap, szidx, out_pool, out_block, error);

  p = &store->pools[pool];
  p->count++;
  *out_pool = pool;
  *out_block = p->freeblock;
  p->freeblock = p->slots[p->freeblock];
  if (G_LIKELY (p->freeblock != NONE))
    return TRUE;

  /* The free list ran dry: extend it with a virgin block, or the pool is
   * full (pymalloc_pool_extend()). */
  if (p->nextblock < store->nblocks[szidx])
    {
      p->freeblock = p->nextblock++;
      p->slots[p->freeblock] = NONE;
      return TRUE;
    }
  usedpool_unlink (store, pool);
  if (store_emits (store))
    emit_pool (store, pool);
  return TRUE;
}

/* Case 2 of insert_to_freepool(): a full arena gets its first free pool and
 * joins usable_arenas at the head (it has the fewest). */
static void
arena_join_usable (MemsimObjectStore *store,
                   guint32            a)
{
  Arena *arena = &store->arenas[a];

  arena->next = store->usable_arenas;
  arena->prev = NONE;
  if (store->usable_arenas != NONE)
    store->arenas[store->usable_arenas].prev = a;
  store->usable_arenas = a;
  if (store->nfp2lasta[1] == NONE)
    store->nfp2lasta[1] = a;
}

/* Case 3: the arena now has more free pools than the one after it: it moves
 * after @lastnf, the last arena with its old count. */
static void
arena_slide_right (MemsimObjectStore *store,
                   guint32            a,
                   guint32            lastnf)
{
  Arena *arena = &store->arenas[a];

  store_arena_unlink_usable (store, a);
  arena->prev = lastnf;
  arena->next = store->arenas[lastnf].next;
  if (arena->next != NONE)
    store->arenas[arena->next].prev = a;
  store->arenas[lastnf].next = a;
}

/* The arena's bookkeeping once its pool @pool is empty: the four cases of
 * insert_to_freepool(). */
static void
arena_gains_pool (MemsimObjectStore *store,
                  MemsimHeap        *heap,
                  guint32            pool)
{
  guint32 a = pool / MAX_POOLS, lastnf;
  Arena *arena = &store->arenas[a];
  guint32 nf = arena->nfreepools;

  store->pools[pool].next = arena->freepools;
  arena->freepools = pool;
  lastnf = store->nfp2lasta[nf];
  if (lastnf == a)
    {
      guint32 prev = arena->prev;

      store->nfp2lasta[nf] = prev != NONE && store->arenas[prev].nfreepools == nf ? prev : NONE;
    }
  arena->nfreepools = ++nf;

  /* 1. Wholly free, and not the last arena of usable_arenas: free it. */
  if (nf == arena->ntotalpools && arena->next != NONE)
    {
      store_arena_unlink_usable (store, a);
      store_arena_free (store, heap, a);
    }
  else if (nf == 1)
    arena_join_usable (store, a);
  else
    {
      if (store->nfp2lasta[nf] == NONE)
        store->nfp2lasta[nf] = a;
      /* 4. It was the last with the old count: the order holds.  Else 3. */
      if (a != lastnf)
        arena_slide_right (store, a, lastnf);
    }
}

void
store_block_free (MemsimObjectStore *store,
                  MemsimHeap        *heap,
                  guint32            pool,
                  guint32            block)
{
  Pool *p = &store->pools[pool];
  guint32 lastfree = p->freeblock;

  p->slots[block] = lastfree;
  p->freeblock = block;
  p->count--;
  if (G_UNLIKELY (lastfree == NONE))
    {
      /* It was full: back to the front of usedpools. */
      usedpool_push (store, pool);
      if (store_emits (store))
        emit_pool (store, pool);
      return;
    }
  if (G_LIKELY (p->count != 0))
    return;

  /* Empty: off usedpools, onto the arena's freepools. */
  usedpool_unlink (store, pool);
  if (store_emits (store))
    emit_pool (store, pool);
  arena_gains_pool (store, heap, pool);
}
