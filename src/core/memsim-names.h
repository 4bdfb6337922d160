/* memsim-names.h: the names of live blocks and the index from name to block
 *
 * Names are stored per block id as one pointer-sized word: a name that is
 * the canonical decimal form of a number below 10^18 (every trace id) is
 * kept inline as (number << 1) | 1 and costs no allocation; any other name
 * is a g_strdup'ed string (low bit 0).  The index is an open-addressing
 * hash table of (block id, hash) pairs (8 bytes a slot, linear probing,
 * deletion by backward shift) that reads the names from the caller's
 * block records, where each record keeps its name word.  A probe compares
 * the stored hash first, so a lookup reads one record only when it has
 * found its name: one cache line for the slots, one for the record, which
 * the caller is about to read anyway.
 *
 * Inline names below a bound (dense_cap) are not hashed: block + 1 sits
 * at dense[number] (0: no such name), an array the bound grows in powers
 * of two while it stays within 16 entries per live name.  A trace's ids
 * are numbered 0, 1, 2… in the order of their first allocation, so a
 * replay's new names are written one after the other, in lines the
 * cache already holds, where hashing sent each to a random slot; and a
 * lookup is one load, without hashing or probing.  Names beyond the
 * bound, and every text, are in the hash table; a name moves from the
 * table to the array when the bound grows past it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MEMSIM_NAMES_NIL G_MAXUINT32

typedef guintptr MemsimName;   /* 0: no name */

typedef struct {
  guint32 block;       /* MEMSIM_NAMES_NIL when empty */
  guint32 hash;
} MemsimNameSlot;

typedef struct {
  MemsimNameSlot *slots;
  guint32         mask;     /* capacity - 1, capacity a power of two */
  guint32         count;    /* names, in the slots and in dense */
  guint32         n_hashed; /* names in the slots */
  guint32        *dense;    /* block + 1 by inline number, NULL while dense_cap is 0 */
  guint32         dense_cap;
  char          **base;     /* address of the caller's record array */
  gsize           stride;   /* bytes per record */
  gsize           offset;   /* of the MemsimName in a record */
} MemsimNames;

MemsimName  memsim_name_new        (const char        *text);
void        memsim_name_free       (MemsimName         name);
MemsimName  memsim_name_copy       (MemsimName         name);
/* The inline name of @number, without writing it out and parsing it back
 * (a trace's ids): FALSE when @number has more digits than a name kept
 * inline, or does not fit in a name word with its flag (32-bit systems). */
gboolean    memsim_name_for_number (guint64            number,
                                    MemsimName        *out_name);
/* The text of @name; integers are written into @buf (24 bytes). */
const char *memsim_name_text       (MemsimName         name,
                                    char              *buf);

/* The names are read at @offset in records of @stride bytes from *@base
 * (the array may move). */
void        memsim_names_init      (MemsimNames       *index,
                                    char             **base,
                                    gsize              stride,
                                    gsize              offset);
void        memsim_names_clear     (MemsimNames       *index);
void        memsim_names_copy      (MemsimNames       *dest,
                                    const MemsimNames *src,
                                    char             **base);
/* The same, reusing @dest's slots when they are as many. */
void        memsim_names_copy_into (MemsimNames       *dest,
                                    const MemsimNames *src,
                                    char             **base);
/* MEMSIM_NAMES_NIL when @text is not a live name. */
guint32     memsim_names_lookup    (const MemsimNames *index,
                                    const char        *text);
/* The same for a name word (inline or not). */
guint32     memsim_names_find      (const MemsimNames *index,
                                    MemsimName         name);
/* For prefetching, by a caller that knows which names come next: start
 * loading the slot where @name would be (or its entry in the dense
 * array), and return where that is; once it is in the cache, the block
 * the first slot of that hash holds, found without comparing names
 * (which would wait for the very record to prefetch): right unless two
 * names share a hash; NIL when there is none. */
guint64     memsim_names_prefetch_slot (const MemsimNames *index,
                                        MemsimName         name);
guint32     memsim_names_peek          (const MemsimNames *index,
                                        guint64            where);
/* The block's name must already be in its record. */
void        memsim_names_insert    (MemsimNames       *index,
                                    guint32            block);
void        memsim_names_remove    (MemsimNames       *index,
                                    guint32            block);
gboolean    memsim_names_check     (const MemsimNames *index,
                                    guint32            expected_count,
                                    GError           **error);

G_END_DECLS
