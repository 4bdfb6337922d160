/* memsim-block-sorter.h: the sorter of one column of the process table */
#pragma once

#include <gtk/gtk.h>

#include "memsim-block-list.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_BLOCK_SORTER (memsim_block_sorter_get_type ())
G_DECLARE_FINAL_TYPE (MemsimBlockSorter, memsim_block_sorter, MEMSIM, BLOCK_SORTER, GtkSorter)

GtkSorter *memsim_block_sorter_new   (MemsimBlockSortKey  key);
/* Which column @view_sorter (a GtkColumnView's sorter whose columns carry
 * MemsimBlockSorters) sorts by first, and in which direction; FALSE when
 * it sorts by none. */
gboolean   memsim_block_sorter_probe (GtkSorter          *view_sorter,
                                      MemsimBlockSortKey *out_key,
                                      gboolean           *out_descending);

G_END_DECLS
