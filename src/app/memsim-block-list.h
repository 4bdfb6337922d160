/* memsim-block-list.h: the live blocks of a session as a sorted GListModel */
#pragma once

#include <gio/gio.h>

#include "memsim-session.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_BLOCK_SORT_START,
  MEMSIM_BLOCK_SORT_NAME,
  MEMSIM_BLOCK_SORT_SIZE,
  MEMSIM_BLOCK_SORT_REQUESTED,
  MEMSIM_BLOCK_SORT_WASTE,
  MEMSIM_BLOCK_SORT_AGE,
} MemsimBlockSortKey;

#define MEMSIM_TYPE_BLOCK_LIST (memsim_block_list_get_type ())
G_DECLARE_FINAL_TYPE (MemsimBlockList, memsim_block_list, MEMSIM, BLOCK_LIST, GObject)

MemsimBlockList *memsim_block_list_new      (MemsimSession      *session);
MemsimSession   *memsim_block_list_get_session (MemsimBlockList *self);
/* Sorts by @key (ties by start address); @descending reverses it. */
void             memsim_block_list_set_sort (MemsimBlockList    *self,
                                             MemsimBlockSortKey  key,
                                             gboolean            descending);
/* The row of the live block @name, in O(log n). */
gboolean         memsim_block_list_find     (MemsimBlockList    *self,
                                             const char         *name,
                                             guint              *out_position);
/* The name at @position (owned by the list), or NULL. */
const char      *memsim_block_list_get_name (MemsimBlockList    *self,
                                             guint               position);

/* While frozen the list ignores the session and keeps showing what it
 * showed; thawing catches up in one rebuild.  A file being opened applies
 * thousands of operations per slice: one rebuild at the end instead of
 * one per slice. */
void             memsim_block_list_freeze   (MemsimBlockList    *self);
void             memsim_block_list_thaw     (MemsimBlockList    *self);

/* Natural order of names: digits compare as numbers ("p2" < "p10"). */
int              memsim_block_name_compare  (const char         *a,
                                             const char         *b);

G_END_DECLS
