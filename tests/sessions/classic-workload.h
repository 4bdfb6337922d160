/* classic-workload.h: the classic analytics workload, for tests and benchmarks
 *
 * On a 64 MiB first-fit heap: 60 % allocate (32 to 512 KiB), 30 % free a
 * random live block, 10 % compact, from a fixed seed — the same sequence
 * on every machine (GRand is a Mersenne twister with a documented output).
 */
#pragma once

#include "memsim-session.h"

G_BEGIN_DECLS

#define CLASSIC_HEAP_SIZE (64 * 1024 * 1024)

/* Applies init and @n_ops operations of the workload to @session. */
void classic_workload_run (MemsimSession *session,
                           guint          n_ops,
                           guint32        seed);

G_END_DECLS
