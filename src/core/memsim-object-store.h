/* memsim-object-store.h: CPython's small-object allocator on the simulated heap
 *
 * A MemsimObjectStore models Objects/obmalloc.c (SEMANTICS.md §7): arenas
 * taken from a MemsimHeap, pools carved from arenas, blocks of one size
 * class in each pool, and the objects that live in them, with their
 * reference counts and names.  Like MemsimHeap it is a plain C object:
 * the session copies it into its snapshots, and benchmarks drive it
 * millions of times a second.  It does not keep the heap: every call that
 * may touch the heap takes it, so that the session can swap heaps (undo,
 * seek) without the store holding a stale pointer.
 *
 * memsim-object-store.c opens with the full design; docs/object-store.md
 * is the user's description.
 */
#pragma once

#include <glib.h>

#include "memsim-heap.h"
#include "memsim-pyvalue.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_PROFILE_CPYTHON_3_11,
  MEMSIM_PROFILE_CPYTHON_3_9,
  MEMSIM_N_PROFILES
} MemsimObjectProfile;

#define MEMSIM_OBJECT_PROFILE_DEFAULT MEMSIM_PROFILE_CPYTHON_3_11
#define MEMSIM_OBJECT_N_CLASSES       32
#define MEMSIM_OBJECT_NONE            G_MAXUINT32

/* The tunables of obmalloc.c for one CPython version, 64-bit. */
typedef struct {
  const char *name;             /* "cpython-3.11" */
  guint64     alignment;        /* ALIGNMENT */
  guint64     threshold;        /* SMALL_REQUEST_THRESHOLD */
  guint64     pool_size;        /* POOL_SIZE */
  guint64     arena_size;       /* ARENA_SIZE */
  guint64     pool_overhead;    /* POOL_OVERHEAD: the pool header */
  guint       n_classes;        /* NB_SMALL_SIZE_CLASSES */
  guint       pools_per_arena;  /* MAX_POOLS_IN_ARENA */
} MemsimObjectGeometry;

const char  *memsim_object_profile_to_string   (MemsimObjectProfile  profile);
gboolean     memsim_object_profile_from_string (const char          *text,
                                                MemsimObjectProfile *out_profile);
const MemsimObjectGeometry *
             memsim_object_profile_get_geometry (MemsimObjectProfile profile);
/* Blocks in one pool of size class @size_class: (pool − header) / size. */
guint        memsim_object_blocks_per_pool     (MemsimObjectProfile  profile,
                                                guint                size_class);

typedef enum {
  MEMSIM_POOL_UNCARVED,   /* not yet cut from its arena */
  MEMSIM_POOL_EMPTY,      /* carved, every block free: on its arena's freepools */
  MEMSIM_POOL_USED,       /* some blocks in use, some free: on usedpools[class] */
  MEMSIM_POOL_FULL,       /* every block in use: on no list */
} MemsimPoolState;

const char  *memsim_pool_state_to_string (MemsimPoolState state);

typedef struct _MemsimObjectStore MemsimObjectStore;

MemsimObjectStore *memsim_object_store_new      (MemsimObjectProfile      profile);
void               memsim_object_store_free     (MemsimObjectStore       *store);
MemsimObjectStore *memsim_object_store_copy     (const MemsimObjectStore *store);
/* Forgets every object, arena and counter (the heap was reset under it);
 * the profile stays. */
void               memsim_object_store_clear    (MemsimObjectStore       *store);
MemsimObjectProfile
                   memsim_object_store_get_profile (const MemsimObjectStore *store);
/* A measure of what memsim_object_store_copy() costs, in units of about
 * one heap block, so that the session spaces its snapshots. */
guint              memsim_object_store_get_copy_weight (const MemsimObjectStore *store);

/* ---- what changed: the session turns these into signals ---------------- */

typedef enum {
  MEMSIM_OBJECT_EVENT_STORED,        /* a name or a container took a reference */
  MEMSIM_OBJECT_EVENT_RELEASED,      /* a reference was dropped */
  MEMSIM_OBJECT_EVENT_POOL_STATE,    /* a pool changed state */
  MEMSIM_OBJECT_EVENT_ARENA_ADDED,   /* an arena was allocated in the heap */
  MEMSIM_OBJECT_EVENT_ARENA_RELEASED,
  MEMSIM_OBJECT_EVENT_LARGE_ADDED,   /* a large object was allocated in the heap */
  MEMSIM_OBJECT_EVENT_LARGE_RELEASED,
} MemsimObjectEventKind;

typedef struct {
  MemsimObjectEventKind kind;
  const char           *name;       /* the name (NULL for an item); heap block name for arenas and large objects */
  guint64               id;         /* object id, 0 for arena and pool events */
  guint64               address;    /* object, arena or pool address */
  guint64               size;       /* object request, arena or pool size */
  guint                 refcount;   /* after the change; 0 when the object was freed */
  guint                 arena;      /* arena index (pool events) */
  guint                 pool;       /* pool index in its arena (pool events) */
  guint                 size_class; /* pool events */
  MemsimPoolState       state;      /* pool events: the new state */
} MemsimObjectEvent;

typedef void (*MemsimObjectEventFunc) (const MemsimObjectEvent *event,
                                       gpointer                 user_data);

/* Called for every change while set; NULL (the default) costs nothing. */
void     memsim_object_store_set_event_func (MemsimObjectStore     *store,
                                             MemsimObjectEventFunc  func,
                                             gpointer               user_data);

/* ---- operations --------------------------------------------------------- */

/* Stores @value under @name.  A shared value that is already stored (small
 * int, interned string, singleton) gains a reference instead; so do the
 * shared items of a tuple or record.  Errors: an invalid name, a name
 * already bound (MEMSIM_ERROR_ALREADY_ALLOCATED) — the store is unchanged;
 * no room in the heap for an arena or a large object (MEMSIM_ERROR_NO_SPACE
 * or _FRAGMENTED, prefixed with the block's name) — the objects made so far
 * are released again, as CPython would on MemoryError, and arenas that
 * obmalloc keeps stay (docs/object-store.md). */
gboolean memsim_object_store_store          (MemsimObjectStore     *store,
                                             MemsimHeap            *heap,
                                             const char            *name,
                                             const MemsimPyValue   *value,
                                             guint64               *out_id,
                                             GError               **error);
/* Parses @type and @value (the text of a script's store line) and stores it. */
gboolean memsim_object_store_store_text     (MemsimObjectStore     *store,
                                             MemsimHeap            *heap,
                                             const char            *name,
                                             const char            *type,
                                             const char            *value,
                                             GError               **error);
/* Unbinds @name and drops its reference: at 0 the object is freed, and its
 * items lose a reference each.  Unknown name: MEMSIM_ERROR_NOT_LIVE,
 * nothing changes. */
gboolean memsim_object_store_release        (MemsimObjectStore     *store,
                                             MemsimHeap            *heap,
                                             const char            *name,
                                             GError               **error);
/* Returns every arena whose pools are all empty to the heap (also the one
 * obmalloc keeps); returns how many. */
guint    memsim_object_store_collect        (MemsimObjectStore     *store,
                                             MemsimHeap            *heap);

/* Anonymous references, for benchmarks and tests: what `store` does
 * without a name.  @out_ref is a handle valid until the last reference
 * goes; memsim_object_store_decref() drops a reference new_ref() took
 * (check() counts them apart from names and containers). */
gboolean memsim_object_store_new_ref        (MemsimObjectStore     *store,
                                             MemsimHeap            *heap,
                                             const MemsimPyValue   *value,
                                             guint32               *out_ref,
                                             GError               **error);
void     memsim_object_store_decref         (MemsimObjectStore     *store,
                                             MemsimHeap            *heap,
                                             guint32                ref);

/* The heap's blocks moved (compaction): re-reads where every arena and
 * large object is.  An arena's pools keep their offsets in it. */
void     memsim_object_store_relocate       (MemsimObjectStore     *store,
                                             const MemsimHeap      *heap);
/* Whether the heap block @block_name is an arena or a large object of the
 * store (which only the store may free). */
gboolean memsim_object_store_owns_block     (const MemsimObjectStore *store,
                                             const char              *block_name);

/* ---- inspection --------------------------------------------------------- */

typedef struct {
  guint64      id;
  MemsimPyType type;
  const char  *label;       /* record: the class name, else NULL */
  guint64      size;        /* request size */
  guint        refcount;
  guint64      address;
  gboolean     large;       /* a heap block of its own (obj#ID) */
  guint        arena;       /* small objects: the ledger's (arena, pool, block) */
  guint        pool;
  guint        block;
  guint        size_class;
  guint        n_children;
  const guint32 *children;  /* refs of the items */
  guint32      ref;
} MemsimObjectInfo;

typedef gboolean (*MemsimObjectFunc) (const MemsimObjectInfo *object,
                                      gpointer                user_data);

guint    memsim_object_store_get_n_objects  (const MemsimObjectStore *store);
guint    memsim_object_store_get_n_names    (const MemsimObjectStore *store);
gboolean memsim_object_store_lookup_name    (const MemsimObjectStore *store,
                                             const char              *name,
                                             MemsimObjectInfo        *out_info);
gboolean memsim_object_store_lookup_ref     (const MemsimObjectStore *store,
                                             guint32                  ref,
                                             MemsimObjectInfo        *out_info);
gboolean memsim_object_store_lookup_address (const MemsimObjectStore *store,
                                             guint64                  address,
                                             MemsimObjectInfo        *out_info);
/* Every live object, by increasing id. */
void     memsim_object_store_walk_objects   (const MemsimObjectStore *store,
                                             MemsimObjectFunc         func,
                                             gpointer                 user_data);
/* Every bound name, sorted by strcmp(); the strings belong to the store
 * (free the array with g_ptr_array_unref). */
GPtrArray *memsim_object_store_list_names   (const MemsimObjectStore *store);
/* The object bound to @name, or MEMSIM_OBJECT_NONE. */
guint32  memsim_object_store_lookup_ref_by_name (const MemsimObjectStore *store,
                                                 const char              *name);

typedef struct {
  guint    index;        /* in CPython's arenas vector */
  char     name[32];     /* the heap block: arena#N */
  guint64  address;
  guint64  pool_base;    /* first pool (address rounded up to a pool) */
  guint    ntotalpools;
  guint    nfreepools;   /* empty + never carved */
  guint    ncarved;
  gint     usable_rank;  /* place in usable_arenas (0 = head), -1 if not there */
} MemsimArenaInfo;

typedef struct {
  MemsimPoolState state;
  guint           size_class;  /* meaningless while uncarved */
  guint           count;       /* blocks in use */
  guint           n_blocks;    /* blocks the pool holds in its class */
  guint64         address;
} MemsimPoolInfo;

typedef gboolean (*MemsimArenaFunc) (const MemsimArenaInfo *arena,
                                     gpointer               user_data);

/* Live arenas by index. */
void     memsim_object_store_walk_arenas    (const MemsimObjectStore *store,
                                             MemsimArenaFunc          func,
                                             gpointer                 user_data);
/* The indexes of usable_arenas, head first (free with g_array_unref). */
GArray  *memsim_object_store_get_usable_arenas (const MemsimObjectStore *store);
gboolean memsim_object_store_get_pool       (const MemsimObjectStore *store,
                                             guint                    arena,
                                             guint                    pool,
                                             MemsimPoolInfo          *out_info);
/* The head pool of usedpools[@size_class] as (arena, pool); FALSE if none. */
gboolean memsim_object_store_get_used_head  (const MemsimObjectStore *store,
                                             guint                    size_class,
                                             guint                   *out_arena,
                                             guint                   *out_pool);

/* _PyObject_DebugMallocStats()'s figures. */
typedef struct {
  guint64 num_pools[MEMSIM_OBJECT_N_CLASSES];
  guint64 blocks_in_use[MEMSIM_OBJECT_N_CLASSES];
  guint64 avail_blocks[MEMSIM_OBJECT_N_CLASSES];
  guint64 arenas_allocated_total;
  guint64 arenas_reclaimed;
  guint64 arenas_highwater;
  guint64 arenas_current;
  guint64 allocated_bytes;     /* in blocks in use */
  guint64 available_bytes;     /* in free blocks of used and full pools */
  guint64 unused_pools;        /* empty + never carved */
  guint64 unused_pool_bytes;
  guint64 pool_header_bytes;
  guint64 quantization;        /* the tail of each pool no block fits */
  guint64 arena_alignment;     /* a pool lost by each arena not pool-aligned */
  guint64 total;               /* the sum of the six above: arenas × arena size */
  guint64 pools_in_use;
  guint64 blocks_total;        /* in use */
  guint64 large_objects;       /* above the threshold, on the heap directly */
  guint64 large_bytes;
} MemsimObjectStats;

void     memsim_object_store_get_stats      (const MemsimObjectStore *store,
                                             MemsimObjectStats       *out_stats);
/* O(1) counts for per-operation series: arenas allocated now, pools carved
 * in them, live objects.  Each out parameter is nullable. */
void     memsim_object_store_get_counts     (const MemsimObjectStore *store,
                                             guint64                 *out_arenas,
                                             guint64                 *out_pools,
                                             guint64                 *out_objects);
/* The small-object report of CPython's sys._debugmallocstats(), same
 * layout, from "Small block threshold" to "Total". */
char    *memsim_object_store_format_mallocstats (const MemsimObjectStore *store);

/* Verifies every invariant (lists, counts, order, refcounts, the heap
 * blocks under arenas and large objects); FALSE with @error on the first
 * violation. */
gboolean memsim_object_store_check          (const MemsimObjectStore *store,
                                             const MemsimHeap        *heap,
                                             GError                 **error);

G_END_DECLS
