/* test-object-store.c: the obmalloc model — blocks, pools, arenas
 *
 * Every test ends (and many steps check) with memsim_object_store_check(),
 * which re-derives every list and count from scratch.
 */
#include "config.h"

#include "objects-common.h"

/* ---- blocks per pool ------------------------------------------------------ */

static void
test_blocks_per_pool_formula (void)
{
  for (guint p = 0; p < MEMSIM_N_PROFILES; p++)
    {
      const MemsimObjectGeometry *geo = memsim_object_profile_get_geometry (p);

      g_assert_cmpuint (geo->n_classes, ==, 32);
      g_assert_cmpuint (geo->pool_overhead, ==, 48);
      g_assert_cmpuint (geo->arena_size / geo->pool_size, ==, 64);
      for (guint c = 0; c < 32; c++)
        g_assert_cmpuint (memsim_object_blocks_per_pool (p, c), ==,
                          (geo->pool_size - 48) / (16 * (c + 1)));
    }
  /* a few by hand: 16 KiB pools in 3.11, 4 KiB in 3.9 */
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_11, 0), ==, 1021);
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_11, 1), ==, 510);
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_11, 3), ==, 255);
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_11, 31), ==, 31);
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_9, 0), ==, 253);
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_9, 1), ==, 126);
  g_assert_cmpuint (memsim_object_blocks_per_pool (MEMSIM_PROFILE_CPYTHON_3_9, 31), ==, 7);
  g_assert_cmpstr (memsim_object_profile_to_string (MEMSIM_OBJECT_PROFILE_DEFAULT), ==,
                   "cpython-3.11");
}

/* Filling a pool of every class (but 0: no value is 16 bytes) takes
 * exactly blocks-per-pool objects; the next one opens a second pool. */
static void
test_blocks_per_pool_filled (void)
{
  for (guint p = 0; p < MEMSIM_N_PROFILES; p++)
    for (guint c = 1; c < 32; c++)
      {
        MemsimObjectStore *store = memsim_object_store_new (p);
        MemsimHeap *heap = new_heap (8 << 20);
        g_autoptr (MemsimPyValue) value = py_value_of_class (c);
        guint n = memsim_object_blocks_per_pool (p, c);
        MemsimObjectInfo last = { 0 };

        for (guint i = 0; i < n; i++)
          last = object_info (store, new_ref (store, heap, value));
        g_assert_cmpuint (last.size_class, ==, c);
        g_assert_cmpuint (last.pool, ==, 0);
        g_assert_cmpuint (last.block, ==, n - 1);
        g_assert_cmpint (pool_info (store, 0, 0).state, ==, MEMSIM_POOL_FULL);
        last = object_info (store, new_ref (store, heap, value));
        g_assert_cmpuint (last.pool, ==, 1);
        g_assert_cmpint (pool_info (store, 0, 1).state, ==, MEMSIM_POOL_USED);
        assert_consistent (store, heap);
        memsim_object_store_free (store);
        memsim_heap_free (heap);
      }
}

/* ---- the pool state machine ---------------------------------------------- */

static void
test_pool_states (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_11);
  MemsimHeap *heap = new_heap (4 << 20);
  g_autoptr (MemsimPyValue) v64 = py_bytes_of_size (64);      /* class 3: 255 a pool */
  g_autoptr (MemsimPyValue) v96 = py_bytes_of_size (96);      /* class 5 */
  guint32 refs[255], again;
  guint64 freed_at;
  guint arena, pool;

  g_assert_cmpint (memsim_object_store_get_pool (store, 0, 0, &(MemsimPoolInfo) { 0 }), ==, FALSE);
  refs[0] = new_ref (store, heap, v64);
  g_assert_cmpint (pool_info (store, 0, 0).state, ==, MEMSIM_POOL_USED);
  g_assert_cmpint (pool_info (store, 0, 1).state, ==, MEMSIM_POOL_UNCARVED);
  g_assert_true (memsim_object_store_get_used_head (store, 3, &arena, &pool));
  g_assert_cmpuint (pool, ==, 0);

  /* used → full: it leaves usedpools */
  for (guint i = 1; i < 255; i++)
    refs[i] = new_ref (store, heap, v64);
  g_assert_cmpint (pool_info (store, 0, 0).state, ==, MEMSIM_POOL_FULL);
  g_assert_false (memsim_object_store_get_used_head (store, 3, NULL, NULL));
  assert_consistent (store, heap);

  /* full → used: back at the head; LIFO: the next block is the freed one */
  freed_at = object_info (store, refs[100]).address;
  memsim_object_store_decref (store, heap, refs[100]);
  g_assert_cmpint (pool_info (store, 0, 0).state, ==, MEMSIM_POOL_USED);
  g_assert_true (memsim_object_store_get_used_head (store, 3, &arena, &pool));
  g_assert_cmpuint (pool, ==, 0);
  refs[100] = new_ref (store, heap, v64);
  g_assert_cmpuint (object_info (store, refs[100]).address, ==, freed_at);

  /* used → empty: the pool goes to its arena's freepools */
  for (guint i = 0; i < 255; i++)
    {
      if (i == 254)
        freed_at = object_info (store, refs[i]).address;
      memsim_object_store_decref (store, heap, refs[i]);
    }
  g_assert_cmpint (pool_info (store, 0, 0).state, ==, MEMSIM_POOL_EMPTY);
  g_assert_false (memsim_object_store_get_used_head (store, 3, NULL, NULL));
  assert_consistent (store, heap);

  /* empty → used, same class: its free list is reused as it was */
  again = new_ref (store, heap, v64);
  g_assert_cmpuint (object_info (store, again).address, ==, freed_at);
  memsim_object_store_decref (store, heap, again);

  /* empty → used, another class: the pool starts over at block 0 */
  again = new_ref (store, heap, v96);
  g_assert_cmpuint (object_info (store, again).pool, ==, 0);
  g_assert_cmpuint (object_info (store, again).block, ==, 0);
  g_assert_cmpuint (pool_info (store, 0, 0).size_class, ==, 5);
  g_assert_cmpuint (pool_info (store, 0, 0).n_blocks, ==, (16384 - 48) / 96);
  assert_consistent (store, heap);

  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

/* A pool that was full and frees a block goes to the front of usedpools:
 * the next request of its class is served there, not by the pool that was
 * the head. */
static void
test_usedpools_front (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_11);
  MemsimHeap *heap = new_heap (4 << 20);
  g_autoptr (MemsimPyValue) v512 = py_bytes_of_size (512);    /* class 31: 31 a pool */
  guint32 refs[32], next;
  guint pool;

  for (guint i = 0; i < 32; i++)
    refs[i] = new_ref (store, heap, v512);
  g_assert_cmpuint (object_info (store, refs[31]).pool, ==, 1);
  g_assert_true (memsim_object_store_get_used_head (store, 31, NULL, &pool));
  g_assert_cmpuint (pool, ==, 1);

  memsim_object_store_decref (store, heap, refs[7]);
  g_assert_true (memsim_object_store_get_used_head (store, 31, NULL, &pool));
  g_assert_cmpuint (pool, ==, 0);
  next = new_ref (store, heap, v512);
  g_assert_cmpuint (object_info (store, next).pool, ==, 0);
  g_assert_cmpuint (object_info (store, next).block, ==, 7);
  assert_consistent (store, heap);

  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

/* ---- arenas ---------------------------------------------------------------- */

/* 3.9: 256 KiB arenas of 64 pools of 4 KiB; 512-byte objects, 7 a pool. */
#define PER_POOL_39  7
#define PER_ARENA_39 (64 * PER_POOL_39)

typedef struct {
  MemsimObjectStore *store;
  MemsimHeap        *heap;
  MemsimPyValue     *v512;
  guint32           *refs;
  guint              n;
} Fill;

static void
fill_arenas (Fill  *f,
             guint  n_arenas)
{
  f->store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_9);
  f->heap = new_heap (4 << 20);
  f->v512 = py_bytes_of_size (512);
  f->n = n_arenas * PER_ARENA_39;
  f->refs = g_new (guint32, f->n);
  for (guint i = 0; i < f->n; i++)
    f->refs[i] = new_ref (f->store, f->heap, f->v512);
  g_assert_cmpuint (store_stats (f->store).arenas_current, ==, n_arenas);
}

static void
fill_clear (Fill *f)
{
  memsim_object_store_free (f->store);
  memsim_heap_free (f->heap);
  memsim_pyvalue_free (f->v512);
  g_free (f->refs);
}

/* Empties @n_pools pools of arena @arena (objects are in allocation
 * order: arena a, pool p holds refs [(64a + p) · 7, +7)). */
static void
empty_pools (Fill  *f,
             guint  arena,
             guint  first_pool,
             guint  n_pools)
{
  for (guint p = first_pool; p < first_pool + n_pools; p++)
    for (guint b = 0; b < PER_POOL_39; b++)
      {
        guint i = (arena * 64 + p) * PER_POOL_39 + b;

        memsim_object_store_decref (f->store, f->heap, f->refs[i]);
        f->refs[i] = MEMSIM_OBJECT_NONE;
      }
}

static guint
usable_at (const MemsimObjectStore *store,
           guint                    i)
{
  g_autoptr (GArray) order = memsim_object_store_get_usable_arenas (store);

  g_assert_cmpuint (i, <, order->len);
  return g_array_index (order, guint, i);
}

static guint
n_usable (const MemsimObjectStore *store)
{
  g_autoptr (GArray) order = memsim_object_store_get_usable_arenas (store);

  return order->len;
}

/* usable_arenas is ordered by free pools, fewest first, and a new pool
 * always comes from its head. */
static void
test_arena_order (void)
{
  Fill f;
  guint32 ref;

  fill_arenas (&f, 3);
  g_assert_cmpuint (n_usable (f.store), ==, 0);
  empty_pools (&f, 0, 10, 1);
  empty_pools (&f, 1, 20, 3);
  empty_pools (&f, 2, 30, 2);
  g_assert_cmpuint (n_usable (f.store), ==, 3);
  g_assert_cmpuint (usable_at (f.store, 0), ==, 0);
  g_assert_cmpuint (usable_at (f.store, 1), ==, 2);
  g_assert_cmpuint (usable_at (f.store, 2), ==, 1);
  assert_consistent (f.store, f.heap);

  /* the head gives its one free pool (the one just emptied) and leaves */
  ref = new_ref (f.store, f.heap, f.v512);
  g_assert_cmpuint (object_info (f.store, ref).arena, ==, 0);
  g_assert_cmpuint (object_info (f.store, ref).pool, ==, 10);
  g_assert_cmpuint (n_usable (f.store), ==, 2);
  g_assert_cmpuint (usable_at (f.store, 0), ==, 2);
  /* that pool serves its six other blocks; then arena 2, the new head */
  for (guint i = 0; i < PER_POOL_39 - 1; i++)
    g_assert_cmpuint (object_info (f.store, new_ref (f.store, f.heap, f.v512)).pool, ==, 10);
  ref = new_ref (f.store, f.heap, f.v512);
  g_assert_cmpuint (object_info (f.store, ref).arena, ==, 2);
  g_assert_cmpuint (object_info (f.store, ref).pool, ==, 31);
  assert_consistent (f.store, f.heap);
  fill_clear (&f);
}

/* An arena whose pools all empty goes back to the heap unless it is the
 * last arena of usable_arenas (CPython 3.9+, bpo-37257). */
static void
test_keep_last_usable_arena (void)
{
  Fill f;
  MemsimObjectStats s;

  fill_arenas (&f, 1);
  f.refs = g_renew (guint32, f.refs, f.n + 1);
  f.refs[f.n] = new_ref (f.store, f.heap, f.v512);          /* arena 1, pool 0 */
  g_assert_cmpuint (store_stats (f.store).arenas_current, ==, 2);

  /* arena 1 empties while it is the only usable arena: kept */
  memsim_object_store_decref (f.store, f.heap, f.refs[f.n]);
  s = store_stats (f.store);
  g_assert_cmpuint (s.arenas_current, ==, 2);
  g_assert_cmpuint (usable_at (f.store, 0), ==, 1);
  assert_consistent (f.store, f.heap);

  /* arena 0 empties with arena 1 after it: returned to the heap */
  empty_pools (&f, 0, 0, 64);
  s = store_stats (f.store);
  g_assert_cmpuint (s.arenas_current, ==, 1);
  g_assert_cmpuint (s.arenas_reclaimed, ==, 1);
  g_assert_cmpuint (s.arenas_highwater, ==, 2);
  g_assert_cmpuint (s.arenas_allocated_total, ==, 2);
  g_assert_false (memsim_heap_lookup_name (f.heap, "arena#1", NULL));
  g_assert_true (memsim_heap_lookup_name (f.heap, "arena#2", NULL));
  assert_consistent (f.store, f.heap);

  /* collect returns the kept one too */
  g_assert_cmpuint (memsim_object_store_collect (f.store, f.heap), ==, 1);
  g_assert_cmpuint (store_stats (f.store).arenas_current, ==, 0);
  g_assert_cmpuint (memsim_heap_get_n_live (f.heap), ==, 0);
  g_assert_cmpuint (memsim_object_store_collect (f.store, f.heap), ==, 0);
  assert_consistent (f.store, f.heap);
  fill_clear (&f);
}

/* The same rule seen the other way: arena 1 (one object) stays usable
 * while arena 0 empties completely; arena 0 is then the last usable one
 * only if no arena follows it. */
static void
test_empty_arena_freed_when_not_last (void)
{
  Fill f;

  fill_arenas (&f, 1);
  f.refs = g_renew (guint32, f.refs, f.n + 1);
  f.refs[f.n] = new_ref (f.store, f.heap, f.v512);
  empty_pools (&f, 0, 0, 64);
  /* arena 0 reached 64 free pools behind arena 1 (63 free): freed */
  g_assert_cmpuint (store_stats (f.store).arenas_current, ==, 1);
  g_assert_cmpuint (usable_at (f.store, 0), ==, 1);
  memsim_object_store_decref (f.store, f.heap, f.refs[f.n]);
  /* arena 1 is the last usable arena: kept, empty */
  g_assert_cmpuint (store_stats (f.store).arenas_current, ==, 1);
  g_assert_cmpuint (store_stats (f.store).unused_pools, ==, 64);
  assert_consistent (f.store, f.heap);
  fill_clear (&f);
}

/* A store-and-release loop does not allocate an arena each time. */
static void
test_no_arena_thrashing (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_11);
  MemsimHeap *heap = new_heap (4 << 20);
  g_autoptr (MemsimPyValue) value = py_value ("float", "2.5");

  for (guint i = 0; i < 1000; i++)
    memsim_object_store_decref (store, heap, new_ref (store, heap, value));
  g_assert_cmpuint (store_stats (store).arenas_allocated_total, ==, 1);
  g_assert_cmpuint (store_stats (store).arenas_current, ==, 1);
  assert_consistent (store, heap);
  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

/* An arena that is not pool-aligned loses a pool, as in CPython. */
static void
test_arena_alignment (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_11);
  MemsimHeap *heap = new_heap (8 << 20);
  g_autoptr (MemsimPyValue) value = py_value ("float", "2.5");
  MemsimObjectStats s;
  guint32 ref;

  g_assert_true (memsim_heap_alloc (heap, "pad", 16, MEMSIM_ROUND_DEFAULT, NULL, NULL));
  ref = new_ref (store, heap, value);
  g_assert_cmpuint (object_info (store, ref).address, ==, 16384 + 48);
  s = store_stats (store);
  g_assert_cmpuint (s.arena_alignment, ==, 16384);
  g_assert_cmpuint (s.unused_pools, ==, 62);
  g_assert_cmpuint (s.total, ==, 1 << 20);
  g_assert_false (memsim_object_store_get_pool (store, 0, 63, &(MemsimPoolInfo) { 0 }));

  /* the next arena lands at 16 + 1 MiB: not aligned either */
  for (guint i = 0; i < 63 * 510; i++)
    new_ref (store, heap, value);
  s = store_stats (store);
  g_assert_cmpuint (s.arenas_current, ==, 2);
  g_assert_cmpuint (s.arena_alignment, ==, 2 * 16384);
  g_assert_cmpuint (s.total, ==, 2 << 20);
  assert_consistent (store, heap);
  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

/* ---- large objects, relocation, events ------------------------------------ */

static void
test_large_objects (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_11);
  MemsimHeap *heap = new_heap (4 << 20);
  g_autoptr (MemsimPyValue) small = py_value ("int", "1000");
  g_autoptr (MemsimPyValue) big = py_bytes_of_size (513);
  g_autoptr (MemsimPyValue) edge = py_bytes_of_size (512);
  MemsimBlockInfo block;
  MemsimObjectInfo info;
  guint32 ref;

  new_ref (store, heap, small);                             /* id 1 */
  g_assert_true (memsim_heap_alloc (heap, "obj#2", 64, MEMSIM_ROUND_DEFAULT, NULL, NULL));
  ref = new_ref (store, heap, big);
  info = object_info (store, ref);
  g_assert_true (info.large);
  g_assert_cmpuint (info.id, ==, 3);                        /* obj#2 is the heap's */
  g_assert_true (memsim_heap_lookup_name (heap, "obj#3", &block));
  g_assert_cmpuint (block.start, ==, info.address);
  g_assert_cmpuint (block.requested, ==, 513);
  g_assert_true (memsim_object_store_owns_block (store, "obj#3"));
  g_assert_false (memsim_object_store_owns_block (store, "obj#2"));
  g_assert_true (memsim_object_store_owns_block (store, "arena#1"));
  g_assert_false (memsim_object_store_owns_block (store, "arena#2"));
  g_assert_false (memsim_object_store_owns_block (store, "arena#1x"));
  g_assert_cmpuint (store_stats (store).large_objects, ==, 1);
  g_assert_true (memsim_object_store_lookup_address (store, info.address + 100, &info));
  g_assert_cmpuint (info.id, ==, 3);

  g_assert_false (object_info (store, new_ref (store, heap, edge)).large);
  memsim_object_store_decref (store, heap, ref);
  g_assert_false (memsim_heap_lookup_name (heap, "obj#3", NULL));
  g_assert_cmpuint (store_stats (store).large_bytes, ==, 0);
  assert_consistent (store, heap);
  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

/* Compaction moves arenas like any block: the store follows, and an arena
 * keeps its pools' offsets. */
static void
test_relocate (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_9);
  MemsimHeap *heap = new_heap (4 << 20);
  g_autoptr (MemsimPyValue) value = py_value ("str", "'some text'");
  g_autoptr (MemsimPyValue) big = py_bytes_of_size (1000);
  MemsimCompactResult result;
  guint64 before, big_before;
  guint32 ref, big_ref;

  g_assert_true (memsim_heap_alloc (heap, "pad", 16, MEMSIM_ROUND_DEFAULT, NULL, NULL));
  ref = new_ref (store, heap, value);
  big_ref = new_ref (store, heap, big);
  before = object_info (store, ref).address;
  big_before = object_info (store, big_ref).address;
  g_assert_cmpuint (before, ==, 4096 + 48);

  g_assert_true (memsim_heap_free_block (heap, "pad", NULL));
  g_assert_true (memsim_heap_compact (heap, &result, NULL));
  memsim_object_store_relocate (store, heap);
  g_assert_cmpuint (object_info (store, ref).address, ==, before - 16);
  g_assert_cmpuint (object_info (store, big_ref).address, ==, big_before - 16);
  g_assert_cmpuint (store_stats (store).arena_alignment, ==, 4096);
  assert_consistent (store, heap);
  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

static void
count_event (const MemsimObjectEvent *event,
             gpointer                 user_data)
{
  guint *counts = user_data;

  counts[event->kind]++;
  if (event->kind == MEMSIM_OBJECT_EVENT_ARENA_ADDED)
    g_assert_cmpstr (event->name, ==, "arena#1");
}

static void
test_events (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_11);
  MemsimHeap *heap = new_heap (4 << 20);
  g_autoptr (MemsimPyValue) tuple = py_value ("tuple", "(1, 1, 2.5, b'" "x" "')");
  g_autoptr (MemsimPyValue) big = py_bytes_of_size (600);
  guint counts[MEMSIM_OBJECT_EVENT_LARGE_RELEASED + 1] = { 0 };

  memsim_object_store_set_event_func (store, count_event, counts);
  g_assert_true (memsim_object_store_store (store, heap, "t", tuple, NULL, NULL));
  /* 1, 1 (shared), 2.5, b'x', the tuple */
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_STORED], ==, 5);
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_ARENA_ADDED], ==, 1);
  /* pools of classes 1 (int, float), 2 (bytes of 34), 4 (tuple of 72) */
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_POOL_STATE], ==, 3);
  g_assert_true (memsim_object_store_store (store, heap, "big", big, NULL, NULL));
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_LARGE_ADDED], ==, 1);

  g_assert_true (memsim_object_store_release (store, heap, "t", NULL));
  g_assert_true (memsim_object_store_release (store, heap, "big", NULL));
  /* the tuple, 2.5, b'x', 1 twice, and big */
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_RELEASED], ==, 6);
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_POOL_STATE], ==, 6);
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_LARGE_RELEASED], ==, 1);
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_ARENA_RELEASED], ==, 0);
  g_assert_cmpuint (memsim_object_store_collect (store, heap), ==, 1);
  g_assert_cmpuint (counts[MEMSIM_OBJECT_EVENT_ARENA_RELEASED], ==, 1);
  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/objects/store/blocks-per-pool/formula", test_blocks_per_pool_formula);
  g_test_add_func ("/objects/store/blocks-per-pool/filled", test_blocks_per_pool_filled);
  g_test_add_func ("/objects/store/pool/states", test_pool_states);
  g_test_add_func ("/objects/store/pool/usedpools-front", test_usedpools_front);
  g_test_add_func ("/objects/store/arena/order", test_arena_order);
  g_test_add_func ("/objects/store/arena/keep-last-usable", test_keep_last_usable_arena);
  g_test_add_func ("/objects/store/arena/freed-when-not-last", test_empty_arena_freed_when_not_last);
  g_test_add_func ("/objects/store/arena/no-thrashing", test_no_arena_thrashing);
  g_test_add_func ("/objects/store/arena/alignment", test_arena_alignment);
  g_test_add_func ("/objects/store/large-objects", test_large_objects);
  g_test_add_func ("/objects/store/relocate", test_relocate);
  g_test_add_func ("/objects/store/events", test_events);

  return g_test_run ();
}
