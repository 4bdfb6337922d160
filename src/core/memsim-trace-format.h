/* memsim-trace-format.h: the layout of Memsim's native trace (docs/trace-formats.md)
 *
 * Shared by the recorder (src/preload, which links nothing but libc) and
 * the core's reader and writer, so it uses <stdint.h> types only.
 *
 *   file   = header record*
 *   header = 32 bytes: magic "MSIMTRC\n", version, record size, the wall
 *            clock at the start (ns since the epoch), the recorded pid, flags
 *   record = 40 bytes: kind, 3 zero bytes, thread id, time (ns since the
 *            start), result pointer, size, argument (see below)
 *
 * All integers are little-endian.  The argument of a record is the pointer
 * that the program passed in (free, realloc) or the alignment (memalign
 * and its relatives); the result is the pointer that the call returned
 * (0 for free, and when the call failed).
 */
#pragma once

#include <stdint.h>

#define MEMSIM_TRACE_MAGIC        "MSIMTRC\n"
#define MEMSIM_TRACE_MAGIC_SIZE   8
#define MEMSIM_TRACE_VERSION      1

typedef enum {
  MEMSIM_TRACE_RECORD_MALLOC = 1,
  MEMSIM_TRACE_RECORD_CALLOC = 2,     /* size = nmemb × size (saturated) */
  MEMSIM_TRACE_RECORD_REALLOC = 3,    /* arg = the old pointer */
  MEMSIM_TRACE_RECORD_FREE = 4,       /* arg = the pointer; never NULL */
  MEMSIM_TRACE_RECORD_MEMALIGN = 5,   /* arg = the alignment; posix_memalign,
                                       * aligned_alloc, memalign, valloc, pvalloc */
} MemsimTraceRecordKind;

typedef struct {
  char     magic[MEMSIM_TRACE_MAGIC_SIZE];
  uint32_t version;
  uint32_t record_size;         /* sizeof (MemsimTraceRecord) */
  uint64_t start_realtime_ns;
  uint32_t pid;
  uint32_t flags;               /* 0; reserved */
} MemsimTraceHeader;

typedef struct {
  uint8_t  kind;                /* MemsimTraceRecordKind */
  uint8_t  reserved[3];
  uint32_t thread;              /* the kernel's thread id (gettid) */
  uint64_t time_ns;             /* monotonic, since the start of the recording */
  uint64_t result;
  uint64_t size;
  uint64_t arg;
} MemsimTraceRecord;

_Static_assert (sizeof (MemsimTraceHeader) == 32, "the header is 32 bytes");
_Static_assert (sizeof (MemsimTraceRecord) == 40, "a record is 40 bytes");
