/* memsim-block-item.c: one live block, a row of the process table
 *
 * An immutable snapshot of a block, made by MemsimBlockList when the table
 * asks for a row: the list keeps compact records, not a GObject per block,
 * so that a million blocks cost a million records and only the visible
 * rows are objects.
 */
#include "config.h"

#include "memsim-block-item.h"

struct _MemsimBlockItem {
  GObject  parent_instance;

  char    *name;
  guint64  start;
  guint64  size;
  guint64  requested;
  guint    birth;
};

G_DEFINE_FINAL_TYPE (MemsimBlockItem, memsim_block_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_START,
  PROP_SIZE,
  PROP_REQUESTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MemsimBlockItem *
memsim_block_item_new (const char *name,
                       guint64     start,
                       guint64     size,
                       guint64     requested,
                       guint       birth)
{
  MemsimBlockItem *self = g_object_new (MEMSIM_TYPE_BLOCK_ITEM, NULL);

  self->name = g_strdup (name);
  self->start = start;
  self->size = size;
  self->requested = requested;
  self->birth = birth;
  return self;
}

const char *
memsim_block_item_get_name (MemsimBlockItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_ITEM (self), NULL);
  return self->name;
}

guint64
memsim_block_item_get_start (MemsimBlockItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_ITEM (self), 0);
  return self->start;
}

guint64
memsim_block_item_get_size (MemsimBlockItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_ITEM (self), 0);
  return self->size;
}

guint64
memsim_block_item_get_requested (MemsimBlockItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_ITEM (self), 0);
  return self->requested;
}

guint64
memsim_block_item_get_waste (MemsimBlockItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_ITEM (self), 0);
  return self->size - self->requested;
}

guint
memsim_block_item_get_birth (MemsimBlockItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_ITEM (self), 0);
  return self->birth;
}

static void
memsim_block_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MemsimBlockItem *self = MEMSIM_BLOCK_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_START:
      g_value_set_uint64 (value, self->start);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_REQUESTED:
      g_value_set_uint64 (value, self->requested);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_block_item_finalize (GObject *object)
{
  MemsimBlockItem *self = MEMSIM_BLOCK_ITEM (object);

  g_free (self->name);
  G_OBJECT_CLASS (memsim_block_item_parent_class)->finalize (object);
}

static void
memsim_block_item_class_init (MemsimBlockItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = memsim_block_item_finalize;
  object_class->get_property = memsim_block_item_get_property;

  /* Read-only: GtkExpression lookups and accessibility tools can read them. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_START] = g_param_spec_uint64 ("start", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_REQUESTED] = g_param_spec_uint64 ("requested", NULL, NULL, 0, G_MAXUINT64, 0,
                                                    flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
memsim_block_item_init (MemsimBlockItem *self)
{
}
