/* fuzz-native.c: Memsim's native binary trace reader, then a heap that
 * replays it
 *
 * The bytes are read as a native trace (memsim-trace-native.c: a 32-byte
 * header, then 40-byte records) and replayed by memsim_fuzz_trace()
 * (memsim-fuzz-trace.c) on a 1 MiB heap.  The policy is the header's pid
 * mod 5 (bytes 24 to 27, little-endian), a field the reader does not
 * check, so that the fuzzer reaches every policy by editing one number
 * without changing the records' alignment.
 */
#include "config.h"

#include "memsim-fuzz.h"

#include "memsim-trace-format.h"

#define PID_OFFSET 24

int
memsim_fuzz_native (const guint8 *data,
                    gsize         size)
{
  guint32 pid = 0;

  memsim_fuzz_init ();
  if (size > MEMSIM_FUZZ_MAX_INPUT)
    return 0;

  if (size >= sizeof (MemsimTraceHeader))
    pid = (guint32) data[PID_OFFSET] | (guint32) data[PID_OFFSET + 1] << 8
          | (guint32) data[PID_OFFSET + 2] << 16 | (guint32) data[PID_OFFSET + 3] << 24;
  /* Record N starts at 32 + 40 (N - 1): a truncated last one counts. */
  memsim_fuzz_trace (data, size, MEMSIM_TRACE_FORMAT_NATIVE,
                     (MemsimPolicy) (pid % MEMSIM_N_POLICIES),
                     size / sizeof (MemsimTraceRecord) + 1);
  return 0;
}
