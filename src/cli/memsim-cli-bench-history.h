/* memsim-cli-bench-history.h: how long undo and seek take in a long history */
#pragma once

#include "memsim-cli.h"

G_BEGIN_DECLS

/* Builds, for each of a few live-set sizes, a session whose history holds
 * @n_ops operations (allocations up to the live set, then free+alloc
 * pairs of random blocks, first fit, sizes 16 B to 4 KiB), and prints the
 * CPU time of building it, of an undo at the end, and of random seeks. */
void memsim_cli_bench_history (guint64 n_ops,
                               guint64 seed);

G_END_DECLS
