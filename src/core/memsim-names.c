/* memsim-names.c: see memsim-names.h for the design */
#include "config.h"

#include <string.h>

#include "memsim-bigmem.h"
#include "memsim-names.h"
#include "memsim-types.h"

#define EMPTY MEMSIM_NAMES_NIL
#define INLINE_DIGITS_MAX 18
/* The dense array: DENSE_MIN entries at first, then at most
 * DENSE_PER_NAME per live name (counting the one being inserted), and
 * never more than DENSE_MAX, so that a number in it fits in 32 bits. */
#define DENSE_MIN 1024u
#define DENSE_PER_NAME 16u
#define DENSE_MAX (G_GUINT64_CONSTANT (1) << 31)
/* memsim_names_prefetch_slot()'s answer for an entry of the dense array */
#define WHERE_DENSE (G_GUINT64_CONSTANT (1) << 32)

static inline gboolean
name_is_inline (MemsimName name)
{
  return (name & 1) != 0;
}

/* The number @text spells in canonical decimal, if it does. */
static gboolean
parse_inline (const char *text,
              guint64    *out_number)
{
  guint64 number = 0;
  guint digits = 0;

  if (text[0] == '0')
    {
      *out_number = 0;
      return text[1] == '\0';
    }
  for (const char *p = text; *p != '\0'; p++, digits++)
    {
      if (*p < '0' || *p > '9' || digits == INLINE_DIGITS_MAX)
        return FALSE;
      number = number * 10 + (guint64) (*p - '0');
    }
  *out_number = number;
  return digits > 0;
}

gboolean
memsim_name_for_number (guint64     number,
                        MemsimName *out_name)
{
  /* 10^INLINE_DIGITS_MAX, and what a name word can hold on 32-bit systems */
  if (number >= G_GUINT64_CONSTANT (1000000000000000000) || number > (guint64) (~(guintptr) 0 >> 1))
    return FALSE;
  *out_name = (MemsimName) ((number << 1) | 1);
  return TRUE;
}

/* The inline name @text spells, if it does. */
static gboolean
inline_name_of (const char *text,
                MemsimName *out_name)
{
  guint64 number;

  return parse_inline (text, &number) && memsim_name_for_number (number, out_name);
}

MemsimName
memsim_name_new (const char *text)
{
  MemsimName name;

  if (inline_name_of (text, &name))
    return name;
  return (MemsimName) g_strdup (text);
}

void
memsim_name_free (MemsimName name)
{
  if (name != 0 && !name_is_inline (name))
    g_free ((char *) name);
}

MemsimName
memsim_name_copy (MemsimName name)
{
  if (name == 0 || name_is_inline (name))
    return name;
  return (MemsimName) g_strdup ((const char *) name);
}

const char *
memsim_name_text (MemsimName  name,
                  char       *buf)
{
  if (name == 0)
    return NULL;
  if (!name_is_inline (name))
    return (const char *) name;
  g_snprintf (buf, 24, "%" G_GUINT64_FORMAT, (guint64) (name >> 1));
  return buf;
}

static inline guint32
hash_name (MemsimName name)
{
  guint64 x;

  if (!name_is_inline (name))
    return g_str_hash ((const char *) name);
  x = (guint64) name;
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  return (guint32) x;
}

static inline gboolean
name_equal (MemsimName a,
            MemsimName b)
{
  if (name_is_inline (a) || name_is_inline (b))
    return a == b;
  return strcmp ((const char *) a, (const char *) b) == 0;
}

static inline MemsimName
name_of (const MemsimNames *index,
         guint32            block)
{
  return *(const MemsimName *) (gpointer) (*index->base + block * index->stride + index->offset);
}

/* Whether @name lives in the dense array, at *@out_number. */
static inline gboolean
dense_number (const MemsimNames *index,
              MemsimName         name,
              guint32           *out_number)
{
  guint64 number = (guint64) (name >> 1);

  if (!name_is_inline (name) || number >= index->dense_cap)
    return FALSE;
  *out_number = (guint32) number;
  return TRUE;
}

static MemsimNameSlot *
new_slots (guint32 capacity)
{
  MemsimNameSlot *slots = memsim_big_alloc (sizeof (MemsimNameSlot) * capacity);

  for (guint32 i = 0; i < capacity; i++)
    slots[i].block = EMPTY;
  return slots;
}

void
memsim_names_init (MemsimNames  *index,
                   char        **base,
                   gsize         stride,
                   gsize         offset)
{
  index->mask = 15;
  index->count = 0;
  index->n_hashed = 0;
  index->dense = NULL;
  index->dense_cap = 0;
  index->slots = new_slots (index->mask + 1);
  index->base = base;
  index->stride = stride;
  index->offset = offset;
}

void
memsim_names_clear (MemsimNames *index)
{
  memsim_big_free (index->slots, sizeof (MemsimNameSlot) * (index->mask + 1));
  memsim_big_free (index->dense, sizeof (guint32) * index->dense_cap);
  index->slots = NULL;
  index->dense = NULL;
  index->count = 0;
  index->n_hashed = 0;
  index->mask = 0;
  index->dense_cap = 0;
}

static guint32 *
copy_dense (const MemsimNames *src)
{
  guint32 *dense;

  if (src->dense_cap == 0)
    return NULL;
  dense = memsim_big_alloc (sizeof (guint32) * src->dense_cap);
  memcpy (dense, src->dense, sizeof (guint32) * src->dense_cap);
  return dense;
}

void
memsim_names_copy (MemsimNames       *dest,
                   const MemsimNames *src,
                   char             **base)
{
  *dest = *src;
  dest->slots = memsim_big_alloc (sizeof (MemsimNameSlot) * (src->mask + 1));
  memcpy (dest->slots, src->slots, sizeof (MemsimNameSlot) * (src->mask + 1));
  dest->dense = copy_dense (src);
  dest->base = base;
}

void
memsim_names_copy_into (MemsimNames       *dest,
                        const MemsimNames *src,
                        char             **base)
{
  MemsimNameSlot *slots = dest->slots;
  guint32 *dense = dest->dense;

  if (slots == NULL || dest->mask != src->mask || dest->dense_cap != src->dense_cap)
    {
      memsim_names_clear (dest);
      memsim_names_copy (dest, src, base);
      return;
    }
  *dest = *src;
  dest->slots = slots;
  dest->dense = dense;
  dest->base = base;
  memcpy (dest->slots, src->slots, sizeof (MemsimNameSlot) * (src->mask + 1));
  if (src->dense_cap > 0)
    memcpy (dest->dense, src->dense, sizeof (guint32) * src->dense_cap);
}

/* The slot holding @name, or the empty slot where it would go. */
static guint32
find_slot (const MemsimNames *index,
           MemsimName         name,
           guint32            hash)
{
  guint32 slot = hash & index->mask;

  for (;; slot = (slot + 1) & index->mask)
    {
      const MemsimNameSlot *s = &index->slots[slot];

      if (s->block == EMPTY
          || (s->hash == hash && name_equal (name_of (index, s->block), name)))
        return slot;
    }
}

/* A text is never cast to a MemsimName: its address may be odd, which
 * would read as an inline number. */
static guint32
find_text (const MemsimNames *index,
           const char        *text)
{
  guint32 hash = g_str_hash (text);
  guint32 slot = hash & index->mask;

  for (;; slot = (slot + 1) & index->mask)
    {
      guint32 block = index->slots[slot].block;
      MemsimName name;

      if (block == EMPTY)
        return EMPTY;
      if (index->slots[slot].hash != hash)
        continue;
      name = name_of (index, block);
      if (!name_is_inline (name) && strcmp ((const char *) name, text) == 0)
        return block;
    }
}

guint32
memsim_names_lookup (const MemsimNames *index,
                     const char        *text)
{
  MemsimName name;

  if (inline_name_of (text, &name))
    return memsim_names_find (index, name);
  return find_text (index, text);
}

guint32
memsim_names_find (const MemsimNames *index,
                   MemsimName         name)
{
  guint32 number;

  if (dense_number (index, name, &number))
    return index->dense[number] - 1;    /* 0 - 1 is NIL */
  return index->slots[find_slot (index, name, hash_name (name))].block;
}

guint64
memsim_names_prefetch_slot (const MemsimNames *index,
                            MemsimName         name)
{
  guint32 number, hash;

  if (dense_number (index, name, &number))
    {
      __builtin_prefetch (&index->dense[number]);
      return WHERE_DENSE | number;
    }
  hash = hash_name (name);
  __builtin_prefetch (&index->slots[hash & index->mask]);
  return hash;
}

guint32
memsim_names_peek (const MemsimNames *index,
                   guint64            where)
{
  guint32 hash = (guint32) where;

  /* a hint: the index may have been restored to a smaller array since */
  if ((where & WHERE_DENSE) != 0)
    return hash < index->dense_cap ? index->dense[hash] - 1 : EMPTY;
  for (guint32 slot = hash & index->mask;
       index->slots[slot].block != EMPTY;
       slot = (slot + 1) & index->mask)
    if (index->slots[slot].hash == hash)
      return index->slots[slot].block;
  return EMPTY;
}

/* Puts @entry in the first empty slot from its hash's: the slots are
 * being rebuilt, so nothing there can be its name.  Rehashing needs no
 * name: the stored hash says where each goes. */
static void
put_hashed (MemsimNames          *index,
            const MemsimNameSlot *entry)
{
  guint32 slot = entry->hash & index->mask;

  while (index->slots[slot].block != EMPTY)
    slot = (slot + 1) & index->mask;
  index->slots[slot] = *entry;
  index->n_hashed++;
}

static void
grow (MemsimNames *index)
{
  MemsimNameSlot *old = index->slots;
  guint32 old_capacity = index->mask + 1;

  index->mask = old_capacity * 2 - 1;
  index->slots = new_slots (index->mask + 1);
  index->n_hashed = 0;
  for (guint32 i = 0; i < old_capacity; i++)
    if (old[i].block != EMPTY)
      put_hashed (index, &old[i]);
  memsim_big_free (old, sizeof (MemsimNameSlot) * old_capacity);
}

/* Raises the dense array's bound to @cap; the hashed names now below it
 * move into it.  The slots are rebuilt only when they hold a name. */
static void
grow_dense (MemsimNames *index,
            guint32      cap)
{
  MemsimNameSlot *old = index->slots;
  guint32 capacity = index->mask + 1;

  index->dense = memsim_big_realloc0 (index->dense, sizeof (guint32) * index->dense_cap,
                                      sizeof (guint32) * cap);
  index->dense_cap = cap;
  if (index->n_hashed == 0)
    return;
  index->slots = new_slots (capacity);
  index->n_hashed = 0;
  for (guint32 i = 0; i < capacity; i++)
    {
      guint32 number;

      if (old[i].block == EMPTY)
        continue;
      /* a hashed name the new bound passes moves into the array */
      if (dense_number (index, name_of (index, old[i].block), &number))
        index->dense[number] = old[i].block + 1;
      else
        put_hashed (index, &old[i]);
    }
  memsim_big_free (old, sizeof (MemsimNameSlot) * capacity);
}

/* Grows the dense array to hold inline name @name when it is within the
 * bound for count live names. */
static void
maybe_grow_dense (MemsimNames *index,
                  MemsimName   name)
{
  guint64 number = (guint64) (name >> 1);
  guint64 cap = MAX (DENSE_MIN, 2 * (guint64) index->dense_cap);

  if (!name_is_inline (name) || number < index->dense_cap)
    return;
  while (cap <= number)
    cap *= 2;
  if (cap > DENSE_MAX
      || (cap > DENSE_MIN && cap > DENSE_PER_NAME * ((guint64) index->count + 1)))
    return;
  grow_dense (index, (guint32) cap);
}

void
memsim_names_insert (MemsimNames *index,
                     guint32      block)
{
  MemsimName name = name_of (index, block);
  guint32 number;
  guint32 hash;
  guint32 slot;

  maybe_grow_dense (index, name);
  index->count++;
  if (dense_number (index, name, &number))
    {
      g_assert (index->dense[number] == 0);
      index->dense[number] = block + 1;
      return;
    }
  /* Keep the load at most one half: probes stay short. */
  if ((index->n_hashed + 1) * 2 > index->mask + 1)
    grow (index);
  hash = hash_name (name);
  slot = find_slot (index, name, hash);
  g_assert (index->slots[slot].block == EMPTY);
  index->slots[slot] = (MemsimNameSlot) { block, hash };
  index->n_hashed++;
}

/* Backward-shift deletion: no tombstones, so lookups never slow down. */
void
memsim_names_remove (MemsimNames *index,
                     guint32      block)
{
  MemsimName name = name_of (index, block);
  guint32 number, hole, next;

  if (dense_number (index, name, &number))
    {
      g_assert (index->dense[number] == block + 1);
      index->dense[number] = 0;
      index->count--;
      return;
    }
  hole = find_slot (index, name, hash_name (name));
  next = hole;
  g_assert (index->slots[hole].block == block);
  for (;;)
    {
      guint32 home;

      next = (next + 1) & index->mask;
      if (index->slots[next].block == EMPTY)
        break;
      home = index->slots[next].hash & index->mask;
      /* Move the entry back unless its home lies cyclically in (hole, next]. */
      if (((next - home) & index->mask) >= ((next - hole) & index->mask))
        {
          index->slots[hole] = index->slots[next];
          hole = next;
        }
    }
  index->slots[hole].block = EMPTY;
  index->n_hashed--;
  index->count--;
}

gboolean
memsim_names_check (const MemsimNames *index,
                    guint32            expected_count,
                    GError           **error)
{
  guint32 hashed = 0, dense = 0, number;

  for (guint32 i = 0; i <= index->mask; i++)
    {
      guint32 block = index->slots[i].block;
      MemsimName name;

      if (block == EMPTY)
        continue;
      hashed++;
      name = name_of (index, block);
      if (dense_number (index, name, &number))
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                       "names: block %u is hashed, not in the dense array", block);
          return FALSE;
        }
      if (index->slots[i].hash != hash_name (name) || find_slot (index, name, hash_name (name)) != i)
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                       "names: block %u is not reachable from its hash", block);
          return FALSE;
        }
    }
  for (guint32 i = 0; i < index->dense_cap; i++)
    {
      guint32 block = index->dense[i] - 1;

      if (index->dense[i] == 0)
        continue;
      dense++;
      if (!dense_number (index, name_of (index, block), &number) || number != i)
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                       "names: block %u is at %u in the dense array, not its name's place",
                       block, i);
          return FALSE;
        }
    }
  if (hashed != index->n_hashed || hashed + dense != index->count || index->count != expected_count)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                   "names: %u hashed and %u dense, %u and %u counted, %u live blocks",
                   hashed, dense, index->n_hashed, index->count, expected_count);
      return FALSE;
    }
  return TRUE;
}
