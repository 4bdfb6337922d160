/* memsim-object-item.h: one named object of the object store, a row of the object table */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MEMSIM_TYPE_OBJECT_ITEM (memsim_object_item_get_type ())
G_DECLARE_FINAL_TYPE (MemsimObjectItem, memsim_object_item, MEMSIM, OBJECT_ITEM, GObject)

MemsimObjectItem *memsim_object_item_new          (const char       *name,
                                                   const char       *type,
                                                   guint64           size,
                                                   guint             refcount,
                                                   const char       *location);
const char       *memsim_object_item_get_name     (MemsimObjectItem *self);
const char       *memsim_object_item_get_type_name (MemsimObjectItem *self);
guint64           memsim_object_item_get_size     (MemsimObjectItem *self);
guint             memsim_object_item_get_refcount (MemsimObjectItem *self);
/* "arena 0, pool 3, block 7" or "heap block obj#12 at 4096". */
const char       *memsim_object_item_get_location (MemsimObjectItem *self);

G_END_DECLS
