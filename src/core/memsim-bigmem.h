/* memsim-bigmem.h: memory for the arrays that grow to megabytes
 *
 * The indexes' nodes, the block records and the name slots of a heap of a
 * million blocks take over a hundred megabytes, read at random: with 4 KiB
 * pages nearly every read misses the TLB, and on a virtual machine each
 * miss is a two-level page walk, which also stalls the replay's
 * prefetches (docs/engine.md).  So an array of 2 MiB or more is mapped on
 * its own, on a 2 MiB boundary, and advised as transparent huge pages
 * (where the kernel grants them: it is advice).  It grows by moving its
 * pages to a larger mapping, never by copying, and is unmapped when freed,
 * so that no copy it grew out of stays resident.  Smaller arrays come from
 * g_malloc().
 *
 * Each array must be freed and grown with the byte count it was allocated
 * with: that count says which of the two it is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gpointer memsim_big_alloc   (gsize    bytes);
gpointer memsim_big_realloc (gpointer mem,
                             gsize    old_bytes,
                             gsize    new_bytes);
/* The same, the bytes past @old_bytes zero (fresh pages stay untouched):
 * for an array of which nothing past @old_bytes was ever written. */
gpointer memsim_big_realloc0 (gpointer mem,
                              gsize    old_bytes,
                              gsize    new_bytes);
void     memsim_big_free    (gpointer mem,
                             gsize    bytes);

G_END_DECLS
