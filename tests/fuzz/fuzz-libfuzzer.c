/* fuzz-libfuzzer.c: libFuzzer's entry point for one target
 *
 * Compiled once per target with -DMEMSIM_FUZZ_FUNC=memsim_fuzz_NAME and
 * linked with -fsanitize=fuzzer,address,undefined (tests/fuzz/meson.build).
 */
#include "config.h"

#include "memsim-fuzz.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            gsize         size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  return MEMSIM_FUZZ_FUNC (data, size);
}
