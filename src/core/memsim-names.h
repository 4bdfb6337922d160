/* memsim-names.h: the names of live blocks and the index from name to block
 *
 * Names are stored per block id as one pointer-sized word: a name that is
 * the canonical decimal form of a number below 10^18 (every trace id) is
 * kept inline as (number << 1) | 1 and costs no allocation; any other name
 * is a g_strdup'ed string (low bit 0).  The index is an open-addressing
 * hash table of block ids (4 bytes a slot, linear probing, deletion by
 * backward shift) that reads the names from that per-block array, so a
 * million names cost a few megabytes and a lookup is one or two probes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guintptr MemsimName;   /* 0: no name */

typedef struct {
  guint32  *slots;     /* block ids, MEMSIM_TREE_NIL when empty */
  guint32   mask;      /* capacity - 1, capacity a power of two */
  guint32   count;
  MemsimName **names;  /* address of the caller's per-block name array */
} MemsimNames;

MemsimName  memsim_name_new        (const char        *text);
void        memsim_name_free       (MemsimName         name);
MemsimName  memsim_name_copy       (MemsimName         name);
/* The text of @name; integers are written into @buf (24 bytes). */
const char *memsim_name_text       (MemsimName         name,
                                    char              *buf);

void        memsim_names_init      (MemsimNames       *index,
                                    MemsimName       **names);
void        memsim_names_clear     (MemsimNames       *index);
void        memsim_names_copy      (MemsimNames       *dest,
                                    const MemsimNames *src,
                                    MemsimName       **names);
/* MEMSIM_TREE_NIL when @text is not a live name. */
guint32     memsim_names_lookup    (const MemsimNames *index,
                                    const char        *text);
/* The block's name must already be in the names array. */
void        memsim_names_insert    (MemsimNames       *index,
                                    guint32            block);
void        memsim_names_remove    (MemsimNames       *index,
                                    guint32            block);
gboolean    memsim_names_check     (const MemsimNames *index,
                                    guint32            expected_count,
                                    GError           **error);

G_END_DECLS
