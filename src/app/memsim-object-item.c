/* memsim-object-item.c: one named object of the object store, a row of the object table
 *
 * A snapshot the window takes from the store's inspection API when the
 * store changes; the store itself stays the only source of truth.
 */
#include "config.h"

#include "memsim-object-item.h"

struct _MemsimObjectItem {
  GObject  parent_instance;

  char    *name;
  char    *type;
  guint64  size;
  guint    refcount;
  char    *location;
};

G_DEFINE_FINAL_TYPE (MemsimObjectItem, memsim_object_item, G_TYPE_OBJECT)

MemsimObjectItem *
memsim_object_item_new (const char *name,
                        const char *type,
                        guint64     size,
                        guint       refcount,
                        const char *location)
{
  MemsimObjectItem *self = g_object_new (MEMSIM_TYPE_OBJECT_ITEM, NULL);

  self->name = g_strdup (name);
  self->type = g_strdup (type);
  self->size = size;
  self->refcount = refcount;
  self->location = g_strdup (location);
  return self;
}

const char *
memsim_object_item_get_name (MemsimObjectItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_OBJECT_ITEM (self), NULL);
  return self->name;
}

const char *
memsim_object_item_get_type_name (MemsimObjectItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_OBJECT_ITEM (self), NULL);
  return self->type;
}

guint64
memsim_object_item_get_size (MemsimObjectItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_OBJECT_ITEM (self), 0);
  return self->size;
}

guint
memsim_object_item_get_refcount (MemsimObjectItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_OBJECT_ITEM (self), 0);
  return self->refcount;
}

const char *
memsim_object_item_get_location (MemsimObjectItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_OBJECT_ITEM (self), NULL);
  return self->location;
}

static void
memsim_object_item_finalize (GObject *object)
{
  MemsimObjectItem *self = MEMSIM_OBJECT_ITEM (object);

  g_free (self->name);
  g_free (self->type);
  g_free (self->location);
  G_OBJECT_CLASS (memsim_object_item_parent_class)->finalize (object);
}

static void
memsim_object_item_class_init (MemsimObjectItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = memsim_object_item_finalize;
}

static void
memsim_object_item_init (MemsimObjectItem *self)
{
}
