/* memsim-object-store-private.h: the records of the object store, shared
 * by memsim-object-store*.c */
#pragma once

#include "memsim-object-store.h"

G_BEGIN_DECLS

#define NONE              MEMSIM_OBJECT_NONE
#define DUMMY_SIZE_IDX    0xffff   /* the class of a pool never initialised */
#define MAX_POOLS         64       /* pools per arena, both profiles */
#define INITIAL_ARENAS    16       /* INITIAL_ARENA_OBJECTS */

/* A pool: obmalloc's pool_header, kept outside the simulated memory.  The
 * free list lives in @slots, as CPython keeps it in the blocks themselves:
 * the slot of a free block holds the next free block, the slot of a block
 * in use holds the object there. */
typedef struct {
  guint32  count;       /* ref.count: blocks in use */
  guint32  freeblock;   /* head of the free list, NONE */
  guint32  nextblock;   /* nextoffset: the first block never handed out */
  guint32  next;        /* usedpools list, or the arena's freepools */
  guint32  prev;        /* usedpools list */
  guint32  szidx;       /* size class, DUMMY_SIZE_IDX until first used */
  guint32  capacity;    /* slots allocated */
  guint32 *slots;
} Pool;

/* An arena_object.  Pools of arena a are pools[a * MAX_POOLS + i]. */
typedef struct {
  guint64  address;     /* the heap block's start; 0 and !live when unused */
  guint64  pool_base;   /* pool_address of pool 0: address rounded up to a pool */
  guint32  serial;      /* the N of its heap block name arena#N */
  guint32  nfreepools;  /* empty pools + pools never carved */
  guint32  ntotalpools; /* 64, or 63 when the arena is not pool-aligned */
  guint32  ncarved;     /* pools carved so far (pool_address) */
  guint32  freepools;   /* head of the empty pools (global pool index) */
  guint32  next;        /* usable_arenas, or unused_arena_objects */
  guint32  prev;
  gboolean live;
} Arena;

/* One object.  A free slot has id 0 and chains the free slots in
 * refcount. */
typedef struct {
  guint64  id;
  guint64  size;
  guint64  address;     /* large objects only */
  guint32  refcount;
  guint32  external;    /* references held by new_ref() callers */
  guint32  pool;        /* global pool index; NONE for a large object */
  guint32  block;
  guint32  n_children;
  guint32 *children;
  guint32  large_next;  /* the list of large objects */
  guint32  large_prev;
  char    *key;         /* shared values: the key in interned (owned here) */
  char    *label;       /* record: the class name */
  guint16  small_int;   /* 1 + index in small_ints, or 0 */
  guint8   type;        /* MemsimPyType */
} Object;

/* One name of the names table (memsim-object-store-names.c). */
typedef struct {
  guint32  hash;             /* 0: an empty slot */
  guint32  ref;
  char    *text;             /* a name too long for inline_text, else NULL */
  char     inline_text[16];
} NameSlot;

typedef struct {
  NameSlot *slots;
  guint32   mask;
  guint32   count;
} StoreNames;

/* A name read once for lookups: hash, length, and the bytes of a short
 * name zero-padded as NameSlot.inline_text keeps them. */
typedef struct {
  guint32     hash;
  gsize       length;
  const char *text;
  char        padded[16];
} StoreNameKey;

struct _MemsimObjectStore {
  MemsimObjectProfile          profile;
  const MemsimObjectGeometry  *geo;
  guint32                      nblocks[MEMSIM_OBJECT_N_CLASSES];

  /* arenas and pools */
  Arena        *arenas;
  Pool         *pools;
  guint32       maxarenas;
  guint32       unused_arena_objects;
  guint32       usable_arenas;
  guint32       nfp2lasta[MAX_POOLS + 1];
  guint32       usedpools[MEMSIM_OBJECT_N_CLASSES];
  guint64       narenas_currently_allocated;
  guint64       ntimes_arena_allocated;
  guint64       narenas_highwater;
  guint32       next_arena_serial;
  guint32       n_carved;          /* pools carved in live arenas */

  /* objects */
  Object       *objects;
  guint32       n_slots;           /* slots handed out so far */
  guint32       capacity;
  guint32       free_slot;
  guint32       n_live;
  guint64       next_id;
  guint32       small_ints[MEMSIM_PY_N_SMALL_INTS];
  GHashTable   *interned;          /* key → ref + 1 */
  StoreNames    names;
  guint32       large_head;
  guint64       n_large;
  guint64       large_bytes;

  MemsimObjectEventFunc event_func;
  gpointer              event_data;
};

static inline guint64
class_size (guint32 szidx)
{
  return ((guint64) szidx + 1) << 4;
}

static inline guint64
pool_address (const MemsimObjectStore *store,
              guint32                  pool)
{
  const Arena *arena = &store->arenas[pool / MAX_POOLS];

  return arena->pool_base + (guint64) (pool % MAX_POOLS) * store->geo->pool_size;
}

static inline guint64
block_address (const MemsimObjectStore *store,
               guint32                  pool,
               guint32                  block)
{
  return pool_address (store, pool) + store->geo->pool_overhead
         + block * class_size (store->pools[pool].szidx);
}

static inline gboolean
store_emits (const MemsimObjectStore *store)
{
  return G_UNLIKELY (store->event_func != NULL);
}

/* memsim-object-store-pools.c: pools and blocks */
gboolean store_block_alloc   (MemsimObjectStore *store,
                              MemsimHeap        *heap,
                              guint32            szidx,
                              guint32           *out_pool,
                              guint32           *out_block,
                              GError           **error);
void     store_block_free    (MemsimObjectStore *store,
                              MemsimHeap        *heap,
                              guint32            pool,
                              guint32            block);
MemsimPoolState store_pool_state (const MemsimObjectStore *store,
                                  guint32                  pool);

/* memsim-object-store.c: life cycle, arenas */
void     store_arenas_clear  (MemsimObjectStore *store);
void     store_arenas_copy   (MemsimObjectStore       *copy,
                              const MemsimObjectStore *store);
guint32  store_arena_new     (MemsimObjectStore *store,
                              MemsimHeap        *heap,
                              GError           **error);
void     store_arena_free    (MemsimObjectStore *store,
                              MemsimHeap        *heap,
                              guint32            a);
void     store_arena_unlink_usable (MemsimObjectStore *store,
                                    guint32            a);
void     store_emit          (const MemsimObjectStore *store,
                              MemsimObjectEvent       *event);
void     store_arena_name    (const Arena *arena,
                              char        *buf,
                              gsize        size);

/* memsim-object-store-names.c */
void     store_names_init    (StoreNames       *names);
void     store_names_clear   (StoreNames       *names);
void     store_names_copy    (StoreNames       *dest,
                              const StoreNames *src);
void     store_names_key     (const char         *name,
                              StoreNameKey       *key);
gboolean store_names_find    (const StoreNames   *names,
                              const StoreNameKey *key,
                              guint32            *out_slot);
guint32  store_names_lookup  (const StoreNames   *names,
                              const char         *name);
void     store_names_insert_at (StoreNames         *names,
                                guint32             slot,
                                const StoreNameKey *key,
                                guint32             ref);
void     store_names_remove_at (StoreNames     *names,
                                guint32         slot);
const char *store_names_slot_text (const NameSlot *slot);

/* memsim-object-store-objects.c */
void     store_objects_init  (MemsimObjectStore       *store);
void     store_objects_clear (MemsimObjectStore       *store);
void     store_objects_copy  (MemsimObjectStore       *copy,
                              const MemsimObjectStore *store);
void     store_object_info   (const MemsimObjectStore *store,
                              guint32                  ref,
                              MemsimObjectInfo        *out_info);

G_END_DECLS
