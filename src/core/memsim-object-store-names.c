/* memsim-object-store-names.c: the names bound to objects
 *
 * An open-addressing table from name to object ref, linear probing, at
 * most half full, deletion by backward shift (no tombstones), so a lookup
 * stops at the first empty slot.  Each slot keeps the name's hash (never
 * 0: 0 marks an empty slot) and the name itself, inline when it fits in
 * 16 bytes, as script names usually do: binding and unbinding a short
 * name allocates nothing, and copying the table for a snapshot is one
 * memcpy plus the long names.  A lookup reads the name once (StoreNameKey:
 * its hash, its length and, when short, its zero-padded bytes, compared as
 * two words); `store` looks once: store_names_find() says where the name
 * would go, and store_names_insert_at() puts it there once the object
 * exists.
 */
#include "memsim-object-store-private.h"

#include <string.h>

#define INITIAL_SLOTS 64

static inline const char *
slot_text (const NameSlot *slot)
{
  return slot->text != NULL ? slot->text : slot->inline_text;
}

/* FNV-1a, and the length, in one pass. */
void
store_names_key (const char   *name,
                 StoreNameKey *key)
{
  guint32 hash = 2166136261u;
  gsize n = 0;

  for (; name[n] != '\0'; n++)
    hash = (hash ^ (guchar) name[n]) * 16777619u;
  key->hash = hash != 0 ? hash : 1;
  key->length = n;
  key->text = name;
  memset (key->padded, 0, sizeof key->padded);
  if (n < sizeof key->padded)
    memcpy (key->padded, name, n);
}

static inline gboolean
slot_matches (const NameSlot     *slot,
              const StoreNameKey *key)
{
  if (slot->hash != key->hash)
    return FALSE;
  if (key->length < sizeof key->padded)
    return slot->text == NULL && memcmp (slot->inline_text, key->padded, sizeof key->padded) == 0;
  return slot->text != NULL && strcmp (slot->text, key->text) == 0;
}

void
store_names_init (StoreNames *names)
{
  names->mask = INITIAL_SLOTS - 1;
  names->count = 0;
  names->slots = g_new0 (NameSlot, INITIAL_SLOTS);
}

void
store_names_clear (StoreNames *names)
{
  for (guint32 i = 0; i <= names->mask; i++)
    g_free (names->slots[i].text);
  g_clear_pointer (&names->slots, g_free);
  names->count = 0;
}

void
store_names_copy (StoreNames       *dest,
                  const StoreNames *src)
{
  *dest = *src;
  dest->slots = g_memdup2 (src->slots, (gsize) (src->mask + 1) * sizeof (NameSlot));
  for (guint32 i = 0; i <= dest->mask; i++)
    dest->slots[i].text = g_strdup (dest->slots[i].text);
}

const char *
store_names_slot_text (const NameSlot *slot)
{
  return slot_text (slot);
}

/* TRUE with *@out_slot at @name's slot, or FALSE with it at the empty slot
 * where @name would go. */
gboolean
store_names_find (const StoreNames   *names,
                  const StoreNameKey *key,
                  guint32            *out_slot)
{
  guint32 i = key->hash & names->mask;

  for (; names->slots[i].hash != 0; i = (i + 1) & names->mask)
    if (slot_matches (&names->slots[i], key))
      {
        *out_slot = i;
        return TRUE;
      }
  *out_slot = i;
  return FALSE;
}

guint32
store_names_lookup (const StoreNames *names,
                    const char       *name)
{
  StoreNameKey key;
  guint32 slot;

  store_names_key (name, &key);
  if (!store_names_find (names, &key, &slot))
    return NONE;
  return names->slots[slot].ref;
}

/* Short names inline and zero-padded, so that slot_matches() compares
 * 16 bytes. */
static void
put (NameSlot           *slot,
     const StoreNameKey *key,
     guint32             ref)
{
  slot->hash = key->hash;
  slot->ref = ref;
  if (key->length < sizeof slot->inline_text)
    {
      memcpy (slot->inline_text, key->padded, sizeof slot->inline_text);
      slot->text = NULL;
    }
  else
    slot->text = g_strdup (key->text);
}

static void
grow (StoreNames *names)
{
  NameSlot *old = names->slots;
  guint32 old_mask = names->mask;

  names->mask = old_mask * 2 + 1;
  names->slots = g_new0 (NameSlot, names->mask + 1);
  for (guint32 i = 0; i <= old_mask; i++)
    if (old[i].hash != 0)
      {
        guint32 j = old[i].hash & names->mask;

        while (names->slots[j].hash != 0)
          j = (j + 1) & names->mask;
        names->slots[j] = old[i];
      }
  g_free (old);
}

/* @slot comes from store_names_find() (FALSE), with no change since. */
void
store_names_insert_at (StoreNames         *names,
                       guint32             slot,
                       const StoreNameKey *key,
                       guint32             ref)
{
  put (&names->slots[slot], key, ref);
  if (++names->count * 2 > names->mask + 1)
    grow (names);
}

/* Empties @slot and shifts back the entries after it that probed past it. */
void
store_names_remove_at (StoreNames *names,
                       guint32     slot)
{
  guint32 hole = slot, i = slot;

  g_clear_pointer (&names->slots[slot].text, g_free);
  for (;;)
    {
      guint32 home;

      i = (i + 1) & names->mask;
      if (names->slots[i].hash == 0)
        break;
      home = names->slots[i].hash & names->mask;
      /* the entry at i may move to the hole if its home is not in (hole, i] */
      if (((i - home) & names->mask) >= ((i - hole) & names->mask))
        {
          names->slots[hole] = names->slots[i];
          hole = i;
        }
    }
  memset (&names->slots[hole], 0, sizeof (NameSlot));
  names->count--;
}
