/* fuzz-mtrace.c: the glibc mtrace() reader, then a heap that replays it
 *
 * The bytes are read as an mtrace log (memsim-mtrace.c) and replayed by
 * memsim_fuzz_trace() (memsim-fuzz-trace.c).  A log has no heap size or
 * policy, so the heap is 1 MiB and the policy is the input's length
 * mod 5: the fuzzer reaches every policy by adding or removing a byte.
 */
#include "config.h"

#include "memsim-fuzz.h"

int
memsim_fuzz_mtrace (const guint8 *data,
                    gsize         size)
{
  memsim_fuzz_init ();
  if (size > MEMSIM_FUZZ_MAX_INPUT)
    return 0;

  /* A line is at least one byte: the line numbers stay below size + 1. */
  memsim_fuzz_trace (data, size, MEMSIM_TRACE_FORMAT_MTRACE,
                     (MemsimPolicy) (size % MEMSIM_N_POLICIES), size + 1);
  return 0;
}
