/* memsim-fuzz.h: the fuzz targets and what they share (docs/reliability.md)
 *
 * A target is one function that takes any bytes, feeds them to a reader,
 * and, when the reader accepts them, drives the result through the engine
 * with every check() after every step.  It returns 0; a finding aborts (an
 * invariant that does not hold, a GLib critical, a sanitizer report).
 *
 * The same functions serve two programs:
 *
 *   fuzz-TARGET   libFuzzer (clang, -Dfuzz=true): LLVMFuzzerTestOneInput
 *                 calls the target's function (fuzz-libfuzzer.c);
 *   fuzz-replay   the normal build: `fuzz-replay TARGET FILE|DIR…` runs it
 *                 on saved inputs, the seed corpus and every past finding
 *                 (meson test --suite fuzz-regress).
 *
 * Adding a target: write fuzz-NAME.c with `int memsim_fuzz_NAME (const
 * guint8 *data, gsize size)`, declare it below, add a row to
 * memsim_fuzz_targets (memsim-fuzz-common.c) and NAME to fuzz_targets in
 * meson.build, and put a few seed files under corpus/NAME/.
 */
#pragma once

#include <glib.h>

#include "memsim-heap.h"
#include "memsim-session.h"
#include "memsim-trace.h"

G_BEGIN_DECLS

/* Bounds that keep one input to milliseconds. */
#define MEMSIM_FUZZ_MAX_OPS     600     /* operations applied per input */
#define MEMSIM_FUZZ_MAX_INPUT   (1024 * 1024)

typedef int (*MemsimFuzzFunc) (const guint8 *data,
                               gsize         size);

typedef struct {
  const char     *name;
  MemsimFuzzFunc  func;
} MemsimFuzzTarget;

int  memsim_fuzz_script  (const guint8 *data,
                          gsize         size);
int  memsim_fuzz_rep     (const guint8 *data,
                          gsize         size);
int  memsim_fuzz_pyvalue (const guint8 *data,
                          gsize         size);
int  memsim_fuzz_mtrace  (const guint8 *data,
                          gsize         size);
int  memsim_fuzz_native  (const guint8 *data,
                          gsize         size);
int  memsim_fuzz_session (const guint8 *data,
                          gsize         size);

/* NULL-terminated. */
extern const MemsimFuzzTarget memsim_fuzz_targets[];

const MemsimFuzzTarget *memsim_fuzz_find_target (const char *name);

/* Makes GLib criticals and warnings fatal, once. */
void memsim_fuzz_init           (void);

/* Prints "memsim-fuzz: FINDING: …" and aborts. */
G_NORETURN void memsim_fuzz_fail (const char *format,
                                  ...) G_GNUC_PRINTF (1, 2);

/* An error a reader or the engine reported must be one of ours, with a
 * sentence in it. */
void memsim_fuzz_check_error    (const GError     *error,
                                 const char       *where);

/* heap check(), the metrics against a walk and the map's columns. */
void memsim_fuzz_check_heap     (const MemsimHeap *heap);
/* The heap and the object store on it. */
void memsim_fuzz_check_session  (MemsimSession    *session);

/* ---- what the mtrace and native targets share (memsim-fuzz-trace.c) ---- */

/* An anonymous memory file holding @data, read from /proc/self/fd/N. */
int  memsim_fuzz_memory_file    (const guint8     *data,
                                 gsize             size);
/* Opens @data as a trace of @format, checks every event (lines at most
 * @max_line) and replays the first MEMSIM_FUZZ_MAX_OPS on a 1 MiB heap
 * under @policy with the heap checks after each. */
void memsim_fuzz_trace          (const guint8     *data,
                                 gsize             size,
                                 MemsimTraceFormat format,
                                 MemsimPolicy      policy,
                                 guint64           max_line);

/* TRUE when @text is one well-formed JSON value (RFC 8259), nothing after
 * it but blanks. */
gboolean memsim_fuzz_json_is_valid (const char *text);

G_END_DECLS
