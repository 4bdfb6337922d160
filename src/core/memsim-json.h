/* memsim-json.h: the final state of a heap as JSON (SEMANTICS.md §10) */
#pragma once

#include "memsim-heap.h"
#include "memsim-object-store.h"

G_BEGIN_DECLS

/* The heap's settings, every metric of §6, the counts under "ops" and the
 * address-ordered "blocks", as a JSON object followed by a newline.
 * docs/metrics.md describes every key.  Free with g_free(). */
char *memsim_json_final_state   (const MemsimHeap *heap);
/* The same, followed by an "object_store" section when @store is not NULL
 * (docs/object-store.md describes its keys). */
char *memsim_json_final_state_with_store (const MemsimHeap        *heap,
                                          const MemsimObjectStore *store);

/* Appends @text to @out as a JSON string literal, quotes included. */
void  memsim_json_append_string (GString          *out,
                                 const char       *text);

G_END_DECLS
