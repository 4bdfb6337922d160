/* memsim-keys.h: counting a B+-tree node's keys below a key
 *
 * Every descent, probe and search of memsim-btree.c counts, in each node
 * it passes, the keys below its target (up to MEMSIM_BTREE_FANOUT one-word
 * keys): a third of a replay's instructions.  On x86-64 with AVX-512 or
 * AVX2 the count takes a few vector comparisons instead of one comparison
 * a key; which one is chosen at each call from the CPU's features (a test
 * of a word the compiler's runtime fills in at start-up), so one binary
 * runs anywhere.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MEMSIM_KEYS_SCALAR,
  MEMSIM_KEYS_AVX2,
  MEMSIM_KEYS_AVX512,
} MemsimKeysMethod;

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define MEMSIM_KEYS_X86 1
#else
#define MEMSIM_KEYS_X86 0
#endif

/* The count of @keys[0 .. @n) that are < @key (<= @key when @or_equal).
 * The AVX2 method reads up to the next multiple of 4 past @n, inside a
 * node's array of MEMSIM_BTREE_FANOUT keys (a multiple of 4), but counts
 * only the first @n. */
#if MEMSIM_KEYS_X86
guint    memsim_keys_count_avx2   (const guint64 *keys,
                                   guint          n,
                                   guint64        key,
                                   gboolean       or_equal);
guint    memsim_keys_count_avx512 (const guint64 *keys,
                                   guint          n,
                                   guint64        key,
                                   gboolean       or_equal);
#endif

static inline guint
memsim_keys_count_scalar (const guint64 *keys,
                          guint          n,
                          guint64        key,
                          gboolean       or_equal)
{
  guint rank = 0;

  for (guint i = 0; i < n; i++)
    rank += or_equal ? keys[i] <= key : keys[i] < key;
  return rank;
}

static inline guint
memsim_keys_count (const guint64 *keys,
                   guint          n,
                   guint64        key,
                   gboolean       or_equal)
{
#if MEMSIM_KEYS_X86
  if (__builtin_cpu_supports ("popcnt"))
    {
      if (__builtin_cpu_supports ("avx512f"))
        return memsim_keys_count_avx512 (keys, n, key, or_equal);
      if (__builtin_cpu_supports ("avx2"))
        return memsim_keys_count_avx2 (keys, n, key, or_equal);
    }
#endif
  return memsim_keys_count_scalar (keys, n, key, or_equal);
}

/* For the tests: whether this CPU can run @method, and the count by it. */
gboolean memsim_keys_method_supported (MemsimKeysMethod method);
guint    memsim_keys_count_by         (MemsimKeysMethod method,
                                       const guint64   *keys,
                                       guint            n,
                                       guint64          key,
                                       gboolean         or_equal);

G_END_DECLS
