/* memsim-block-sorter.c: the sorter of one column of the process table
 *
 * The process table does not sort through a GtkSortListModel: that would
 * hold a GObject per block and re-sort on every change.  MemsimBlockList
 * keeps its rows sorted itself, and the column headers only say by what.
 * GTK 4.8 has no API to ask a column view which column it sorts by, so
 * memsim_block_sorter_probe() asks the view's sorter to compare two blocks
 * that differ in every key: the first column sorter it consults is the
 * primary one, which records itself, and the sign of the answer gives the
 * direction.
 */
#include "config.h"

#include "memsim-block-item.h"
#include "memsim-block-sorter.h"

struct _MemsimBlockSorter {
  GtkSorter          parent_instance;

  MemsimBlockSortKey key;
};

G_DEFINE_FINAL_TYPE (MemsimBlockSorter, memsim_block_sorter, GTK_TYPE_SORTER)

/* The key of the first sorter consulted during a probe (main thread only). */
static int probed_key = -1;

#define CMP(x, y) ((x) < (y) ? GTK_ORDERING_SMALLER : (x) > (y) ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL)

static GtkOrdering
memsim_block_sorter_compare (GtkSorter *sorter,
                             gpointer   item1,
                             gpointer   item2)
{
  MemsimBlockSorter *self = MEMSIM_BLOCK_SORTER (sorter);
  MemsimBlockItem *a = item1, *b = item2;

  if (probed_key < 0)
    probed_key = self->key;
  switch (self->key)
    {
    case MEMSIM_BLOCK_SORT_NAME:
      return gtk_ordering_from_cmpfunc (memsim_block_name_compare (memsim_block_item_get_name (a),
                                                                   memsim_block_item_get_name (b)));
    case MEMSIM_BLOCK_SORT_SIZE:
      return CMP (memsim_block_item_get_size (a), memsim_block_item_get_size (b));
    case MEMSIM_BLOCK_SORT_REQUESTED:
      return CMP (memsim_block_item_get_requested (a), memsim_block_item_get_requested (b));
    case MEMSIM_BLOCK_SORT_WASTE:
      return CMP (memsim_block_item_get_waste (a), memsim_block_item_get_waste (b));
    case MEMSIM_BLOCK_SORT_AGE:
      return CMP (memsim_block_item_get_birth (b), memsim_block_item_get_birth (a));
    case MEMSIM_BLOCK_SORT_START:
    default:
      return CMP (memsim_block_item_get_start (a), memsim_block_item_get_start (b));
    }
}

static GtkSorterOrder
memsim_block_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_TOTAL;
}

static void
memsim_block_sorter_class_init (MemsimBlockSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = memsim_block_sorter_compare;
  sorter_class->get_order = memsim_block_sorter_get_order;
}

static void
memsim_block_sorter_init (MemsimBlockSorter *self)
{
}

GtkSorter *
memsim_block_sorter_new (MemsimBlockSortKey key)
{
  MemsimBlockSorter *self = g_object_new (MEMSIM_TYPE_BLOCK_SORTER, NULL);

  self->key = key;
  return GTK_SORTER (self);
}

gboolean
memsim_block_sorter_probe (GtkSorter          *view_sorter,
                           MemsimBlockSortKey *out_key,
                           gboolean           *out_descending)
{
  /* a is smaller than b in every key: name, start, size, requested, waste,
   * and age (a is younger: born later). */
  g_autoptr(MemsimBlockItem) a = memsim_block_item_new ("a", 0, 2, 1, 1);
  g_autoptr(MemsimBlockItem) b = memsim_block_item_new ("b", 16, 8, 4, 0);
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  probed_key = -1;
  order = gtk_sorter_compare (view_sorter, a, b);
  if (probed_key < 0 || order == GTK_ORDERING_EQUAL)
    return FALSE;
  *out_key = probed_key;
  *out_descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}
