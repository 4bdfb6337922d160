/* naive-heap.c: the naive reference model of SEMANTICS.md §1–§6
 *
 * Deliberately simple, deliberately slow.  The heap is one GArray of
 * NaiveBlock records sorted by address that tiles [0, total):
 *
 *   [0 ........ a ........ b ............. total)
 *   | "p1" used | free    | "p7" used | free |
 *
 * Every policy is one linear scan over that array, every metric is
 * recomputed by scanning it, compaction rebuilds it.  Nothing here is clever,
 * so that a disagreement with the engine points at the engine (or at a
 * reading of the contract, which docs/heap-decisions.md settles).
 *
 * The only index is `names`, the set of live name pointers (each owned by
 * its block), so that "is this name live" is not a string scan; finding the
 * block is still a scan for that pointer.
 *
 * Choices this model makes where neither SEMANTICS.md nor
 * docs/heap-decisions.md says (see tests/oracle/README.md):
 * - input is validated in this order: name, size 0, live/duplicate, then
 *   the rounded size (a rounded size > total is MEMSIM_ERROR_NO_SPACE and
 *   counts as failed_no_space / realloc_failed);
 * - a realloc that cannot be placed fails with NO_SPACE when the free bytes
 *   are fewer than the new size, FRAGMENTED otherwise (as alloc does);
 * - the rover follows every successful placement, whatever the policy;
 * - high_water and peak_requested are sampled after every operation.
 */

#include "naive-heap.h"

#include <string.h>

#define BLK(h, i) (&g_array_index ((h)->blocks, NaiveBlock, (i)))

static gboolean
is_pow2 (guint64 x)
{
  return x != 0 && (x & (x - 1)) == 0;
}

static guint64
next_pow2 (guint64 x)
{
  guint64 p = 1;

  while (p < x)
    p <<= 1;
  return p;
}

static guint64
largest_pow2_at_most (guint64 x)
{
  guint64 p = 1;

  while (p <= x / 2)
    p <<= 1;
  return p;
}

static gboolean
is_buddy (const NaiveHeap *h)
{
  return h->config.policy == MEMSIM_POLICY_BUDDY;
}

static gboolean
is_free (const NaiveBlock *b)
{
  return b->name == NULL;
}

static gboolean
is_candidate (const NaiveBlock *b)
{
  return b->name == NULL && !b->unusable;
}

/* ---- layout ---------------------------------------------------------- */

static void
append_block (GArray *blocks, guint64 start, guint64 size, gboolean unusable)
{
  NaiveBlock b = { start, size, 0, NULL, unusable };

  g_array_append_val (blocks, b);
}

/* The buddy roots: maximal aligned powers of two from address 0, each at
 * least min_block.  Returns the end of the last root (the tail's start). */
static guint64
buddy_roots_end (const NaiveHeap *h)
{
  guint64 a = 0;

  while (h->config.total - a >= h->config.min_block)
    a += largest_pow2_at_most (h->config.total - a);
  return a;
}

/* The root that holds @addr (addr < buddy_roots_end). */
static void
buddy_root_at (const NaiveHeap *h, guint64 addr, guint64 *out_start, guint64 *out_size)
{
  guint64 a = 0;

  for (;;)
    {
      guint64 s = largest_pow2_at_most (h->config.total - a);

      g_assert (s >= h->config.min_block);
      if (addr < a + s)
        {
          *out_start = a;
          *out_size = s;
          return;
        }
      a += s;
    }
}

static void
clear_blocks (NaiveHeap *h)
{
  g_hash_table_remove_all (h->names);
  for (guint i = 0; i < h->blocks->len; i++)
    g_free (BLK (h, i)->name);
  g_array_set_size (h->blocks, 0);
}

/* The layout of a heap with no live block. */
static void
layout_empty (NaiveHeap *h)
{
  clear_blocks (h);
  if (!is_buddy (h))
    {
      append_block (h->blocks, 0, h->config.total, FALSE);
      return;
    }

  guint64 a = 0;
  while (h->config.total - a >= h->config.min_block)
    {
      guint64 s = largest_pow2_at_most (h->config.total - a);

      append_block (h->blocks, a, s, FALSE);
      a += s;
    }
  if (a < h->config.total)
    append_block (h->blocks, a, h->config.total - a, TRUE);
}

/* ---- look-ups ----------------------------------------------------------- */

static gint
index_of_start (const NaiveHeap *h, guint64 start)
{
  guint lo = 0, hi = h->blocks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (BLK (h, mid)->start < start)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < h->blocks->len && BLK (h, lo)->start == start)
    return (gint) lo;
  return -1;
}

static gint
index_of_name (const NaiveHeap *h, const char *name)
{
  gpointer key;

  if (!g_hash_table_lookup_extended (h->names, name, &key, NULL))
    return -1;
  for (guint i = 0; i < h->blocks->len; i++)
    if (BLK (h, i)->name == key)
      return (gint) i;
  g_assert_not_reached ();
  return -1;
}

static guint64
used_bytes (const NaiveHeap *h)
{
  guint64 used = 0;

  for (guint i = 0; i < h->blocks->len; i++)
    if (!is_free (BLK (h, i)))
      used += BLK (h, i)->size;
  return used;
}

static guint64
free_bytes (const NaiveHeap *h)
{
  return h->config.total - used_bytes (h);
}

/* ---- the policies ------------------------------------------------------- */

/* The free block the policy chooses for @rounded bytes, or -1. */
static gint
find_fit (const NaiveHeap *h, guint64 rounded)
{
  gint best = -1;

  for (guint i = 0; i < h->blocks->len; i++)
    {
      const NaiveBlock *b = BLK (h, i);

      if (!is_candidate (b) || b->size < rounded)
        continue;
      switch (h->config.policy)
        {
        case MEMSIM_POLICY_FIRST_FIT:
          return (gint) i;
        case MEMSIM_POLICY_NEXT_FIT:
          /* The block containing the rover or the first one after it;
           * failing that, wrap round to address 0 (best keeps the first). */
          if (b->start + b->size > h->rover)
            return (gint) i;
          if (best < 0)
            best = (gint) i;
          break;
        case MEMSIM_POLICY_BEST_FIT:
        case MEMSIM_POLICY_BUDDY:
          /* buddy: the smallest sufficient order, lowest address first */
          if (best < 0 || b->size < BLK (h, best)->size)
            best = (gint) i;
          break;
        case MEMSIM_POLICY_WORST_FIT:
          if (best < 0 || b->size > BLK (h, best)->size)
            best = (gint) i;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return best;
}

/* Places @name (owned) at the low end of free block @i. */
static void
place (NaiveHeap *h, guint i, guint64 rounded, char *name, guint64 requested)
{
  NaiveBlock *b = BLK (h, i);

  g_assert (is_candidate (b) && b->size >= rounded);
  if (is_buddy (h))
    {
      /* split in halves, keeping the lower half */
      while (b->size > rounded)
        {
          guint64 half = b->size / 2;
          NaiveBlock upper = { b->start + half, half, 0, NULL, FALSE };

          b->size = half;
          g_array_insert_val (h->blocks, i + 1, upper);
          b = BLK (h, i);
        }
    }
  else if (b->size > rounded)
    {
      NaiveBlock rest = { b->start + rounded, b->size - rounded, 0, NULL, FALSE };

      b->size = rounded;
      g_array_insert_val (h->blocks, i + 1, rest);
      b = BLK (h, i);
    }
  g_assert (b->size == rounded);
  b->name = name;
  b->requested = requested;
  g_hash_table_add (h->names, name);
  h->rover = b->start + b->size;
}

/* Block @i (already free) merges: with both free neighbours, or under buddy
 * with its buddy while the buddy is free and of the same order. */
static void
merge_free (NaiveHeap *h, guint i)
{
  g_assert (is_free (BLK (h, i)) && !BLK (h, i)->unusable);
  if (!is_buddy (h))
    {
      if (i + 1 < h->blocks->len && is_free (BLK (h, i + 1)))
        {
          BLK (h, i)->size += BLK (h, i + 1)->size;
          g_array_remove_index (h->blocks, i + 1);
        }
      if (i > 0 && is_free (BLK (h, i - 1)))
        {
          BLK (h, i - 1)->size += BLK (h, i)->size;
          g_array_remove_index (h->blocks, i);
        }
      return;
    }

  guint64 root_start, root_size;
  buddy_root_at (h, BLK (h, i)->start, &root_start, &root_size);
  while (BLK (h, i)->size < root_size)
    {
      NaiveBlock *b = BLK (h, i);
      guint64 buddy = ((b->start - root_start) ^ b->size) + root_start;
      guint j;

      if (buddy > b->start)
        j = i + 1;
      else if (i > 0)
        j = i - 1;
      else
        break;
      if (j >= h->blocks->len)
        break;
      NaiveBlock *nb = BLK (h, j);
      if (nb->start != buddy || nb->size != b->size || !is_candidate (nb))
        break;
      guint lower = MIN (i, j);
      BLK (h, lower)->size *= 2;
      g_array_remove_index (h->blocks, MAX (i, j));
      i = lower;
    }
}

/* Block @i stops being live: its name leaves the set; the caller merges. */
static char *
unname (NaiveHeap *h, guint i)
{
  NaiveBlock *b = BLK (h, i);
  char *name = b->name;

  g_hash_table_remove (h->names, name);
  b->name = NULL;
  b->requested = 0;
  return name;
}

/* ---- compaction --------------------------------------------------------- */

static int
cmp_largest_first (gconstpointer a, gconstpointer b)
{
  const NaiveBlock *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->start < y->start ? -1 : (x->start > y->start);
}

static void
compact_internal (NaiveHeap *h, MemsimCompactResult *res)
{
  GArray *live = g_array_new (FALSE, FALSE, sizeof (NaiveBlock));
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NaiveBlock));
  guint64 a = 0;

  res->blocks_moved = 0;
  res->bytes_moved = 0;
  for (guint i = 0; i < h->blocks->len; i++)
    if (!is_free (BLK (h, i)))
      g_array_append_val (live, *BLK (h, i));
  if (is_buddy (h))
    g_array_sort (live, cmp_largest_first);

  for (guint i = 0; i < live->len; i++)
    {
      NaiveBlock b = g_array_index (live, NaiveBlock, i);

      if (b.start != a)
        {
          res->blocks_moved++;
          res->bytes_moved += b.size;
        }
      b.start = a;
      a += b.size;
      g_array_append_val (out, b);
    }

  if (!is_buddy (h))
    {
      if (a < h->config.total)
        append_block (out, a, h->config.total - a, FALSE);
    }
  else
    {
      /* the coarsest buddy tiling of [a, roots_end), root by root */
      guint64 r = 0;
      guint64 roots_end = buddy_roots_end (h);

      while (r < roots_end)
        {
          guint64 rs = largest_pow2_at_most (h->config.total - r);
          guint64 x = MAX (a, r);

          while (x < r + rs)
            {
              guint64 s = rs;

              while ((x - r) % s != 0 || x + s > r + rs)
                s /= 2;
              append_block (out, x, s, FALSE);
              x += s;
            }
          r += rs;
        }
      if (roots_end < h->config.total)
        append_block (out, roots_end, h->config.total - roots_end, TRUE);
    }

  /* names move with their blocks: the pointers stay the same */
  g_array_unref (h->blocks);
  h->blocks = out;
  g_array_unref (live);
}

static void
count_compaction (NaiveHeap *h, const MemsimCompactResult *res)
{
  h->compactions++;
  h->bytes_moved += res->bytes_moved;
}

/* ---- after every operation ---------------------------------------------- */

static void
after_op (NaiveHeap *h)
{
  guint64 requested = 0;

  for (guint i = 0; i < h->blocks->len; i++)
    {
      const NaiveBlock *b = BLK (h, i);

      if (is_free (b))
        continue;
      requested += b->requested;
      h->high_water = MAX (h->high_water, b->start + b->size);
    }
  h->peak_requested = MAX (h->peak_requested, requested);
}

/* ---- public API ------------------------------------------------------- */

NaiveHeap *
naive_heap_new (const MemsimHeapConfig *config)
{
  NaiveHeap *h = g_new0 (NaiveHeap, 1);

  h->config = *config;
  h->blocks = g_array_new (FALSE, FALSE, sizeof (NaiveBlock));
  h->names = g_hash_table_new (g_str_hash, g_str_equal);
  layout_empty (h);
  return h;
}

void
naive_heap_free (NaiveHeap *h)
{
  if (h == NULL)
    return;
  clear_blocks (h);
  g_array_unref (h->blocks);
  g_hash_table_unref (h->names);
  g_free (h);
}

gboolean
naive_heap_name_is_valid (const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len > MEMSIM_NAME_MAX || !g_utf8_validate (name, len, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

guint64
naive_heap_rounded_size (const NaiveHeap *h, guint64 size, MemsimRound round)
{
  const MemsimHeapConfig *c = &h->config;
  guint64 r;

  if (size == 0 || size > c->total || c->header > c->total - size)
    return 0;
  if (is_buddy (h))
    r = next_pow2 (MAX (size + c->header, c->min_block));
  else
    {
      r = (size + c->header + c->align - 1) / c->align * c->align;
      if (round == MEMSIM_ROUND_POW2 || (round == MEMSIM_ROUND_DEFAULT && c->round_pow2))
        r = next_pow2 (r);
    }
  return r > c->total ? 0 : r;
}

int
naive_heap_set_policy (NaiveHeap *h, MemsimPolicy policy)
{
  gboolean was_buddy = is_buddy (h);

  if (was_buddy == (policy == MEMSIM_POLICY_BUDDY))
    {
      h->config.policy = policy;
      return NAIVE_OK;
    }
  if (naive_heap_n_live (h) > 0)
    return MEMSIM_ERROR_NOT_EMPTY;
  h->config.policy = policy;
  layout_empty (h);
  return NAIVE_OK;
}

int
naive_heap_set_setting (NaiveHeap *h, MemsimSetting setting, guint64 value)
{
  switch (setting)
    {
    case MEMSIM_SETTING_AUTO_COMPACT:
      h->config.auto_compact = value != 0;
      return NAIVE_OK;
    case MEMSIM_SETTING_ROUND_POW2:
      h->config.round_pow2 = value != 0;
      return NAIVE_OK;
    case MEMSIM_SETTING_ALIGN:
      if (!is_pow2 (value) || value > h->config.min_block)
        return MEMSIM_ERROR_INVALID_SETTING;
      break;
    case MEMSIM_SETTING_MIN_BLOCK:
      if (!is_pow2 (value) || value < h->config.align)
        return MEMSIM_ERROR_INVALID_SETTING;
      break;
    case MEMSIM_SETTING_HEADER:
      break;
    default:
      return MEMSIM_ERROR_INVALID_SETTING;
    }
  if (naive_heap_n_live (h) > 0)
    return MEMSIM_ERROR_NOT_EMPTY;
  if (setting == MEMSIM_SETTING_ALIGN)
    h->config.align = value;
  else if (setting == MEMSIM_SETTING_MIN_BLOCK)
    h->config.min_block = value;
  else
    h->config.header = value;
  layout_empty (h);
  return NAIVE_OK;
}

int
naive_heap_reset (NaiveHeap *h, guint64 total)
{
  if (total > MEMSIM_TOTAL_MAX)
    return MEMSIM_ERROR_INVALID_SIZE;
  if (total != 0)
    h->config.total = total;
  h->rover = 0;
  h->high_water = 0;
  h->peak_requested = 0;
  h->alloc_ok = h->alloc_failed = h->failed_no_space = h->failed_fragmented = 0;
  h->free_ok = h->free_failed = h->realloc_ok = h->realloc_failed = 0;
  h->compactions = h->bytes_moved = 0;
  layout_empty (h);
  return NAIVE_OK;
}

int
naive_heap_alloc (NaiveHeap *h, const char *name, guint64 size, MemsimRound round)
{
  guint64 rounded;
  gint i;
  int code = NAIVE_OK;

  if (!naive_heap_name_is_valid (name))
    return MEMSIM_ERROR_INVALID_NAME;
  if (size == 0)
    return MEMSIM_ERROR_INVALID_SIZE;
  if (index_of_name (h, name) >= 0)
    return MEMSIM_ERROR_ALREADY_ALLOCATED;

  rounded = naive_heap_rounded_size (h, size, round);
  if (rounded == 0)
    {
      h->alloc_failed++;
      h->failed_no_space++;
      return MEMSIM_ERROR_NO_SPACE;
    }

  i = find_fit (h, rounded);
  if (i < 0 && h->config.auto_compact && free_bytes (h) >= rounded)
    {
      MemsimCompactResult res;

      compact_internal (h, &res);
      count_compaction (h, &res);
      i = find_fit (h, rounded);
    }

  if (i >= 0)
    {
      place (h, (guint) i, rounded, g_strdup (name), size);
      h->alloc_ok++;
    }
  else
    {
      h->alloc_failed++;
      if (free_bytes (h) < rounded)
        {
          h->failed_no_space++;
          code = MEMSIM_ERROR_NO_SPACE;
        }
      else
        {
          h->failed_fragmented++;
          code = MEMSIM_ERROR_FRAGMENTED;
        }
    }
  after_op (h);
  return code;
}

int
naive_heap_free_block (NaiveHeap *h, const char *name)
{
  gint i;

  if (!naive_heap_name_is_valid (name))
    return MEMSIM_ERROR_INVALID_NAME;
  i = index_of_name (h, name);
  if (i < 0)
    {
      h->free_failed++;
      return MEMSIM_ERROR_UNKNOWN_NAME;
    }
  g_free (unname (h, (guint) i));
  merge_free (h, (guint) i);
  h->free_ok++;
  after_op (h);
  return NAIVE_OK;
}

/* One attempt at §5 for block @i: TRUE when done, FALSE when nothing moved. */
static gboolean
realloc_try (NaiveHeap *h, guint i, guint64 size, guint64 rounded)
{
  NaiveBlock *b = BLK (h, i);

  if (rounded <= b->size)
    {
      /* 1. shrink in place (buddy: keep the block as it is) */
      if (!is_buddy (h) && rounded < b->size)
        {
          NaiveBlock tail = { b->start + rounded, b->size - rounded, 0, NULL, FALSE };

          b->size = rounded;
          g_array_insert_val (h->blocks, i + 1, tail);
          merge_free (h, i + 1);
          b = BLK (h, i);
        }
      b->requested = size;
      return TRUE;
    }

  if (!is_buddy (h) && i + 1 < h->blocks->len && is_free (BLK (h, i + 1))
      && b->size + BLK (h, i + 1)->size >= rounded)
    {
      /* 2. grow in place into the next free block */
      NaiveBlock *next = BLK (h, i + 1);
      guint64 delta = rounded - b->size;

      next->start += delta;
      next->size -= delta;
      b->size = rounded;
      b->requested = size;
      if (next->size == 0)
        g_array_remove_index (h->blocks, i + 1);
      return TRUE;
    }

  /* 3. a new block by the policy while the old one is held, then free it */
  gint j = find_fit (h, rounded);
  if (j < 0)
    return FALSE;
  guint64 old_start = b->start;
  guint64 old_requested = b->requested;
  char *name = unname (h, i);   /* the old block is not a candidate of place () */
  place (h, (guint) j, rounded, name, size);
  gint k = index_of_start (h, old_start);
  g_assert (k >= 0);
  merge_free (h, (guint) k);
  h->bytes_moved += old_requested;
  return TRUE;
}

int
naive_heap_realloc (NaiveHeap *h, const char *name, guint64 size)
{
  guint64 rounded;
  gint i;
  int code = NAIVE_OK;

  if (!naive_heap_name_is_valid (name))
    return MEMSIM_ERROR_INVALID_NAME;
  if (size == 0)
    return MEMSIM_ERROR_INVALID_SIZE;
  i = index_of_name (h, name);
  if (i < 0)
    {
      h->realloc_failed++;
      return MEMSIM_ERROR_UNKNOWN_NAME;
    }
  rounded = naive_heap_rounded_size (h, size, MEMSIM_ROUND_DEFAULT);
  if (rounded == 0)
    {
      h->realloc_failed++;
      return MEMSIM_ERROR_NO_SPACE;
    }

  gboolean done = realloc_try (h, (guint) i, size, rounded);
  /* "compacts once, when the free bytes plus the block's own size would
   * hold the new size ... and then runs the whole realloc again" */
  gboolean could_fit = free_bytes (h) + BLK (h, index_of_name (h, name))->size >= rounded;
  if (!done && h->config.auto_compact && could_fit)
    {
      MemsimCompactResult res;

      compact_internal (h, &res);
      count_compaction (h, &res);
      done = realloc_try (h, (guint) index_of_name (h, name), size, rounded);
    }

  if (done)
    h->realloc_ok++;
  else
    {
      h->realloc_failed++;
      code = free_bytes (h) < rounded ? MEMSIM_ERROR_NO_SPACE : MEMSIM_ERROR_FRAGMENTED;
    }
  after_op (h);
  return code;
}

int
naive_heap_compact (NaiveHeap *h, MemsimCompactResult *out_result)
{
  MemsimCompactResult res = { 0, 0 };

  if (naive_heap_n_live (h) == 0)
    {
      if (out_result)
        *out_result = res;
      return MEMSIM_ERROR_NOTHING_TO_COMPACT;
    }
  compact_internal (h, &res);
  count_compaction (h, &res);
  after_op (h);
  if (out_result)
    *out_result = res;
  return NAIVE_OK;
}

void
naive_heap_get_metrics (const NaiveHeap *h, MemsimMetrics *m)
{
  memset (m, 0, sizeof *m);
  m->total = h->config.total;
  for (guint i = 0; i < h->blocks->len; i++)
    {
      const NaiveBlock *b = BLK (h, i);

      if (!is_free (b))
        {
          m->used += b->size;
          m->requested += b->requested;
          m->live_blocks++;
        }
      else if (b->unusable)
        m->unusable += b->size;
      else
        {
          m->free_blocks++;
          m->largest_free = MAX (m->largest_free, b->size);
        }
    }
  m->free = m->total - m->used;
  m->external_fragmentation =
    m->free == 0 ? 0.0 : 1.0 - (double) m->largest_free / (double) m->free;
  m->internal_fragmentation =
    m->used == 0 ? 0.0 : (double) (m->used - m->requested) / (double) m->used;
  m->high_water = h->high_water;
  m->peak_requested = h->peak_requested;
  m->heap_overhead = h->peak_requested == 0 ? 0.0
    : (double) (h->high_water - h->peak_requested) / (double) h->peak_requested;
  m->alloc_ok = h->alloc_ok;
  m->alloc_failed = h->alloc_failed;
  m->failed_no_space = h->failed_no_space;
  m->failed_fragmented = h->failed_fragmented;
  m->free_ok = h->free_ok;
  m->free_failed = h->free_failed;
  m->realloc_ok = h->realloc_ok;
  m->realloc_failed = h->realloc_failed;
  m->compactions = h->compactions;
  m->bytes_moved = h->bytes_moved;
}

guint
naive_heap_n_blocks (const NaiveHeap *h)
{
  return h->blocks->len;
}

guint
naive_heap_n_live (const NaiveHeap *h)
{
  return g_hash_table_size (h->names);
}

const NaiveBlock *
naive_heap_block (const NaiveHeap *h, guint index)
{
  g_assert (index < h->blocks->len);
  return BLK (h, index);
}

const NaiveBlock *
naive_heap_lookup (const NaiveHeap *h, const char *name)
{
  gint i = index_of_name (h, name);

  return i < 0 ? NULL : BLK (h, i);
}

const NaiveBlock *
naive_heap_lookup_address (const NaiveHeap *h, guint64 address)
{
  for (guint i = 0; i < h->blocks->len; i++)
    if (address >= BLK (h, i)->start && address - BLK (h, i)->start < BLK (h, i)->size)
      return BLK (h, i);
  return NULL;
}

static void
tree_node (const NaiveHeap *h, guint64 addr, guint64 size, guint depth,
           guint64 start, guint64 end, GArray *out)
{
  MemsimBuddyNode node;
  gint i;

  if (addr >= end || addr + size <= start)
    return;
  i = index_of_start (h, addr);
  g_assert (i >= 0 && BLK (h, i)->size <= size);
  node.address = addr;
  node.order = g_bit_storage (size) - 1;
  node.depth = depth;
  if (BLK (h, i)->size == size)
    node.state = is_free (BLK (h, i)) ? MEMSIM_BUDDY_FREE : MEMSIM_BUDDY_USED;
  else
    node.state = MEMSIM_BUDDY_SPLIT;
  g_array_append_val (out, node);
  if (node.state == MEMSIM_BUDDY_SPLIT)
    {
      tree_node (h, addr, size / 2, depth + 1, start, end, out);
      tree_node (h, addr + size / 2, size / 2, depth + 1, start, end, out);
    }
}

void
naive_heap_buddy_tree (const NaiveHeap *h, guint64 start, guint64 end, GArray *out)
{
  guint64 a = 0;
  guint64 roots_end;

  if (!is_buddy (h))
    return;
  roots_end = buddy_roots_end (h);
  while (a < roots_end)
    {
      guint64 s = largest_pow2_at_most (h->config.total - a);

      tree_node (h, a, s, 0, start, end, out);
      a += s;
    }
  if (roots_end < h->config.total && roots_end < end && h->config.total > start)
    {
      MemsimBuddyNode tail = { roots_end, g_bit_storage (h->config.total - roots_end) - 1,
                               0, MEMSIM_BUDDY_UNUSABLE };
      g_array_append_val (out, tail);
    }
}

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, g_quark_from_static_string ("naive-heap"), 0, message);
  g_free (message);
  return FALSE;
}

gboolean
naive_heap_check (const NaiveHeap *h, GError **error)
{
  guint64 a = 0;
  guint live = 0;
  guint64 roots_end = is_buddy (h) ? buddy_roots_end (h) : h->config.total;

  for (guint i = 0; i < h->blocks->len; i++)
    {
      const NaiveBlock *b = BLK (h, i);

      if (b->start != a || b->size == 0)
        return fail (error, "block %u: start %" G_GUINT64_FORMAT " size %" G_GUINT64_FORMAT
                     " does not tile (expected start %" G_GUINT64_FORMAT ")", i, b->start, b->size, a);
      a += b->size;
      if (!is_free (b))
        {
          live++;
          if (!g_hash_table_contains (h->names, b->name))
            return fail (error, "block %u: name not in the name set", i);
          if (b->requested == 0 || b->requested > b->size)
            return fail (error, "block %u: requested %" G_GUINT64_FORMAT, i, b->requested);
        }
      if (b->unusable != (is_buddy (h) && b->start >= roots_end))
        return fail (error, "block %u: unusable flag", i);
      if (!is_buddy (h))
        {
          if (b->start % h->config.align != 0)
            return fail (error, "block %u: not aligned", i);
          if (i > 0 && is_free (b) && is_free (BLK (h, i - 1)))
            return fail (error, "blocks %u and %u: adjacent free blocks", i - 1, i);
        }
      else if (!b->unusable)
        {
          guint64 rs, rsize;

          buddy_root_at (h, b->start, &rs, &rsize);
          if (!is_pow2 (b->size) || b->size < h->config.min_block || b->size > rsize
              || (b->start - rs) % b->size != 0)
            return fail (error, "block %u: not a buddy block", i);
          if (is_free (b) && b->size < rsize)
            {
              gint j = index_of_start (h, ((b->start - rs) ^ b->size) + rs);

              if (j >= 0 && BLK (h, j)->size == b->size && is_free (BLK (h, j)))
                return fail (error, "block %u: free buddies not merged", i);
            }
        }
    }
  if (a != h->config.total)
    return fail (error, "blocks end at %" G_GUINT64_FORMAT, a);
  if (live != g_hash_table_size (h->names))
    return fail (error, "%u live blocks, %u names", live, g_hash_table_size (h->names));
  return TRUE;
}
