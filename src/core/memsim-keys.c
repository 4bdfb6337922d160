/* memsim-keys.c: see memsim-keys.h */
#include "config.h"

#include "memsim-keys.h"

#if MEMSIM_KEYS_X86
#include <immintrin.h>
#endif

#define SIGN G_GUINT64_CONSTANT (0x8000000000000000)

#if MEMSIM_KEYS_X86

/* The lanes of a group of @width keys starting at @i that hold keys. */
static inline guint
lanes_in_use (guint n,
              guint i,
              guint width)
{
  return n - i >= width ? (1u << width) - 1 : (1u << (n - i)) - 1;
}

/* AVX2 compares signed words only: flipping the sign bit of both sides
 * orders them as unsigned. */
__attribute__ ((target ("avx2,popcnt")))
guint
memsim_keys_count_avx2 (const guint64 *keys,
                        guint          n,
                        guint64        key,
                        gboolean       or_equal)
{
  __m256i sign = _mm256_set1_epi64x ((long long) SIGN);
  __m256i target = _mm256_set1_epi64x ((long long) (key ^ SIGN));
  guint rank = 0;

  for (guint i = 0; i < n; i += 4)
    {
      __m256i v = _mm256_xor_si256 (_mm256_loadu_si256 ((const __m256i *) (gconstpointer) (keys + i)), sign);
      /* below: target > v; at most: not (v > target) */
      __m256i below = or_equal ? _mm256_xor_si256 (_mm256_cmpgt_epi64 (v, target), _mm256_set1_epi64x (-1))
                               : _mm256_cmpgt_epi64 (target, v);
      guint bits = (guint) _mm256_movemask_pd (_mm256_castsi256_pd (below));

      rank += (guint) __builtin_popcount (bits & lanes_in_use (n, i, 4));
    }
  return rank;
}

__attribute__ ((target ("avx512f,popcnt")))
guint
memsim_keys_count_avx512 (const guint64 *keys,
                          guint          n,
                          guint64        key,
                          gboolean       or_equal)
{
  __m512i target = _mm512_set1_epi64 ((long long) key);
  guint rank = 0;

  for (guint i = 0; i < n; i += 8)
    {
      /* a masked load reads nothing past the keys in use */
      __mmask8 lanes = (__mmask8) lanes_in_use (n, i, 8);
      __m512i v = _mm512_maskz_loadu_epi64 (lanes, keys + i);
      __mmask8 below = or_equal ? _mm512_mask_cmple_epu64_mask (lanes, v, target)
                                : _mm512_mask_cmplt_epu64_mask (lanes, v, target);

      rank += (guint) __builtin_popcount (below);
    }
  return rank;
}

#endif

gboolean
memsim_keys_method_supported (MemsimKeysMethod method)
{
  switch (method)
    {
    case MEMSIM_KEYS_SCALAR:
      return TRUE;
#if MEMSIM_KEYS_X86
    case MEMSIM_KEYS_AVX2:
      return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("popcnt");
    case MEMSIM_KEYS_AVX512:
      return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("popcnt");
#endif
    default:
      return FALSE;
    }
}

guint
memsim_keys_count_by (MemsimKeysMethod method,
                      const guint64   *keys,
                      guint            n,
                      guint64          key,
                      gboolean         or_equal)
{
  g_return_val_if_fail (memsim_keys_method_supported (method), 0);

  switch (method)
    {
#if MEMSIM_KEYS_X86
    case MEMSIM_KEYS_AVX2:
      return memsim_keys_count_avx2 (keys, n, key, or_equal);
    case MEMSIM_KEYS_AVX512:
      return memsim_keys_count_avx512 (keys, n, key, or_equal);
#endif
    case MEMSIM_KEYS_SCALAR:
    default:
      return memsim_keys_count_scalar (keys, n, key, or_equal);
    }
}
