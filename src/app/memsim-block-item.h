/* memsim-block-item.h: one live block, a row of the process table */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MEMSIM_TYPE_BLOCK_ITEM (memsim_block_item_get_type ())
G_DECLARE_FINAL_TYPE (MemsimBlockItem, memsim_block_item, MEMSIM, BLOCK_ITEM, GObject)

MemsimBlockItem *memsim_block_item_new           (const char      *name,
                                                  guint64          start,
                                                  guint64          size,
                                                  guint64          requested,
                                                  guint            birth);
const char      *memsim_block_item_get_name      (MemsimBlockItem *self);
guint64          memsim_block_item_get_start     (MemsimBlockItem *self);
guint64          memsim_block_item_get_size      (MemsimBlockItem *self);
guint64          memsim_block_item_get_requested (MemsimBlockItem *self);
/* Internal fragmentation: size - requested. */
guint64          memsim_block_item_get_waste     (MemsimBlockItem *self);
/* The index of the operation that allocated it (its age is the session's
 * position minus this). */
guint            memsim_block_item_get_birth     (MemsimBlockItem *self);

G_END_DECLS
