/* memsim-object-store-objects.c: objects, references and names
 *
 * The top layer of the object store (see memsim-object-store.c for the
 * allocator under it).  Objects live in one array of records, indexed by a
 * "ref"; freed records are reused last-in first-out, so the array is as
 * long as the most objects ever alive at once.  Each live object has:
 *
 *   id        a serial number, never reused while the store lives: what the
 *             ledger, the JSON and the signals call the object; a large
 *             object's heap block is named obj#ID
 *   size      its request: sys.getsizeof() of the value on CPython 3.11
 *   refcount  one per name bound to it, one per container holding it
 *   where     (pool, block) in the allocator — (arena, pool, block) in
 *             the ledger — or, above the threshold, its own heap block
 *   children  the refs it holds: a tuple's items, a record's dict, a
 *             dict's field values
 *
 * Sharing.  Storing a value that CPython would share returns the object
 * already stored, with one more reference: ints −5…256 (the small-int
 * cache, a direct table), identifier-like strings and one-character
 * latin-1 strings (interning), b"" and one-byte bytes, and () — the last
 * three through a hash table of keys.  A shared object is freed when its
 * last reference goes (CPython's small ints and character singletons are
 * static and immortal; here they come and go, so that an empty store holds
 * no memory and the byte account starts from zero).
 *
 * Order.  Building a value allocates depth first, items before their
 * container (the items are evaluated before BUILD_TUPLE, a record's
 * fields before its dict and instance).  Freeing drops the items first —
 * a tuple's last to first as tupledealloc() does, a dict's in order as
 * dict_dealloc() does — then returns the container's block.
 *
 * Names map to refs through a GHashTable, so store and release are O(1)
 * amortised; so is everything under them for a value of bounded size.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>

#include "memsim-object-store-private.h"
#include "memsim-types.h"

static gboolean create (MemsimObjectStore   *store,
                        MemsimHeap          *heap,
                        const MemsimPyValue *value,
                        const char          *name,
                        guint32             *out_ref,
                        GError             **error);
static void     decref (MemsimObjectStore   *store,
                        MemsimHeap          *heap,
                        guint32              ref,
                        const char          *name);

/* ---- records ------------------------------------------------------------ */

void
store_objects_init (MemsimObjectStore *store)
{
  store->objects = NULL;
  store->n_slots = store->capacity = 0;
  store->free_slot = NONE;
  store->n_live = 0;
  store->next_id = 1;
  for (guint i = 0; i < MEMSIM_PY_N_SMALL_INTS; i++)
    store->small_ints[i] = NONE;
  store->interned = g_hash_table_new (g_str_hash, g_str_equal);
  store_names_init (&store->names);
  store->large_head = NONE;
  store->n_large = 0;
  store->large_bytes = 0;
}

static void
object_clear (Object *object)
{
  g_clear_pointer (&object->children, g_free);
  g_clear_pointer (&object->key, g_free);
  g_clear_pointer (&object->label, g_free);
}

/* Frees every object record, the sharing table and the names. */
void
store_objects_clear (MemsimObjectStore *store)
{
  for (guint32 r = 0; r < store->n_slots; r++)
    if (store->objects[r].id != 0)
      object_clear (&store->objects[r]);
  g_clear_pointer (&store->objects, g_free);
  g_clear_pointer (&store->interned, g_hash_table_unref);
  store_names_clear (&store->names);
}

void
store_objects_copy (MemsimObjectStore       *copy,
                    const MemsimObjectStore *store)
{
  copy->objects = g_memdup2 (store->objects, store->capacity * sizeof (Object));
  copy->interned = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint32 r = 0; r < store->n_slots; r++)
    {
      Object *object = &copy->objects[r];

      if (object->id == 0)
        continue;
      object->children = g_memdup2 (object->children, object->n_children * sizeof (guint32));
      object->label = g_strdup (object->label);
      object->key = g_strdup (object->key);
      if (object->key != NULL)
        g_hash_table_insert (copy->interned, object->key, GUINT_TO_POINTER (r + 1));
    }
  store_names_copy (&copy->names, &store->names);
}

static guint32
slot_new (MemsimObjectStore *store)
{
  guint32 r = store->free_slot;

  if (r != NONE)
    {
      store->free_slot = store->objects[r].refcount;
      return r;
    }
  if (store->n_slots == store->capacity)
    {
      store->capacity = MAX (64, store->capacity * 2);
      store->objects = g_renew (Object, store->objects, store->capacity);
    }
  return store->n_slots++;
}

static void
slot_free (MemsimObjectStore *store,
           guint32            r)
{
  Object *object = &store->objects[r];

  object_clear (object);
  object->id = 0;
  object->refcount = store->free_slot;
  store->free_slot = r;
}

static guint64
object_address (const MemsimObjectStore *store,
                const Object            *object)
{
  if (object->pool == NONE)
    return object->address;
  return block_address (store, object->pool, object->block);
}

void
store_object_info (const MemsimObjectStore *store,
                   guint32                  ref,
                   MemsimObjectInfo        *out)
{
  const Object *object = &store->objects[ref];

  memset (out, 0, sizeof *out);
  out->ref = ref;
  out->id = object->id;
  out->type = object->type;
  out->label = object->label;
  out->size = object->size;
  out->refcount = object->refcount;
  out->address = object_address (store, object);
  out->large = object->pool == NONE;
  out->n_children = object->n_children;
  out->children = object->children;
  if (out->large)
    return;
  out->arena = object->pool / MAX_POOLS;
  out->pool = object->pool % MAX_POOLS;
  out->block = object->block;
  out->size_class = store->pools[object->pool].szidx;
}

static void
emit_object (MemsimObjectStore     *store,
             guint32                ref,
             MemsimObjectEventKind  kind,
             const char            *name)
{
  const Object *object = &store->objects[ref];
  MemsimObjectEvent event = { .kind = kind, .name = name, .id = object->id,
                              .address = object_address (store, object),
                              .size = object->size, .refcount = object->refcount };

  store_emit (store, &event);
}

/* ---- sharing ------------------------------------------------------------ */

static guint32
find_shared (const MemsimObjectStore *store,
             const MemsimPyValue     *value)
{
  gpointer hit;

  if (value->small_int != 0)
    return store->small_ints[value->small_int - 1];
  if (value->key == NULL)
    return NONE;
  hit = g_hash_table_lookup (store->interned, value->key);
  return hit != NULL ? GPOINTER_TO_UINT (hit) - 1 : NONE;
}

static void
share (MemsimObjectStore   *store,
       const MemsimPyValue *value,
       guint32              ref)
{
  Object *object = &store->objects[ref];

  if (value->small_int != 0)
    {
      object->small_int = (guint16) value->small_int;
      store->small_ints[value->small_int - 1] = ref;
    }
  else if (value->key != NULL)
    {
      object->key = g_strdup (value->key);
      g_hash_table_insert (store->interned, object->key, GUINT_TO_POINTER (ref + 1));
    }
}

static void
unshare (MemsimObjectStore *store,
         guint32            ref)
{
  Object *object = &store->objects[ref];

  if (object->small_int != 0)
    store->small_ints[object->small_int - 1] = NONE;
  else if (object->key != NULL)
    g_hash_table_remove (store->interned, object->key);
}

/* ---- memory ------------------------------------------------------------- */

static void
large_link (MemsimObjectStore *store,
            guint32            ref)
{
  Object *object = &store->objects[ref];

  object->large_prev = NONE;
  object->large_next = store->large_head;
  if (store->large_head != NONE)
    store->objects[store->large_head].large_prev = ref;
  store->large_head = ref;
  store->n_large++;
  store->large_bytes += object->size;
}

static void
large_unlink (MemsimObjectStore *store,
              guint32            ref)
{
  Object *object = &store->objects[ref];

  if (object->large_prev == NONE)
    store->large_head = object->large_next;
  else
    store->objects[object->large_prev].large_next = object->large_next;
  if (object->large_next != NONE)
    store->objects[object->large_next].large_prev = object->large_prev;
  store->n_large--;
  store->large_bytes -= object->size;
}

/* A request above the threshold: a heap block obj#ID of its own, with the
 * first id whose name is not live in the heap. */
static gboolean
large_alloc (MemsimObjectStore *store,
             MemsimHeap        *heap,
             Object            *object,
             GError           **error)
{
  MemsimMetrics before, after;
  MemsimBlockInfo info;
  MemsimBlockId block;
  char name[40];

  do
    g_snprintf (name, sizeof name, "obj#%" G_GUINT64_FORMAT, ++object->id);
  while (memsim_heap_lookup_name (heap, name, NULL));
  memsim_heap_get_metrics (heap, &before);
  if (!memsim_heap_alloc (heap, name, object->size, MEMSIM_ROUND_DEFAULT, &block, error))
    {
      g_prefix_error (error, _("no room in the heap for %s, an object above %" PRIu64
                        " bytes: "), name, store->geo->threshold);
      return FALSE;
    }
  memsim_heap_get_metrics (heap, &after);
  if (after.compactions != before.compactions)
    memsim_object_store_relocate (store, heap);
  memsim_heap_get_block (heap, block, &info);
  object->address = info.start;
  object->pool = NONE;
  return TRUE;
}

/* Gives @object (id not yet set) its memory and its id. */
static gboolean
object_alloc (MemsimObjectStore *store,
              MemsimHeap        *heap,
              Object            *object,
              GError           **error)
{
  if (object->size > store->geo->threshold)
    {
      object->id = store->next_id - 1;
      if (!large_alloc (store, heap, object, error))
        return FALSE;
      store->next_id = object->id + 1;
      return TRUE;
    }
  if (!store_block_alloc (store, heap, (guint32) ((object->size - 1) >> 4),
                          &object->pool, &object->block, error))
    return FALSE;
  object->id = store->next_id++;
  return TRUE;
}

static void
object_release_memory (MemsimObjectStore *store,
                       MemsimHeap        *heap,
                       guint32            ref)
{
  Object *object = &store->objects[ref];
  char name[40];

  if (object->pool != NONE)
    {
      store_block_free (store, heap, object->pool, object->block);
      return;
    }
  if (store_emits (store))
    emit_object (store, ref, MEMSIM_OBJECT_EVENT_LARGE_RELEASED, NULL);
  large_unlink (store, ref);
  g_snprintf (name, sizeof name, "obj#%" G_GUINT64_FORMAT, object->id);
  if (!memsim_heap_free_block (heap, name, NULL))
    g_critical ("object store: the heap has no block %s", name);
}

/* ---- building and dropping values -------------------------------------- */

static void
decref_children (MemsimObjectStore *store,
                 MemsimHeap        *heap,
                 guint32           *children,
                 guint32            n,
                 gboolean           in_order)
{
  for (guint32 i = 0; i < n; i++)
    decref (store, heap, children[in_order ? i : n - 1 - i], NULL);
}

static guint32 *
create_children (MemsimObjectStore   *store,
                 MemsimHeap          *heap,
                 const MemsimPyValue *value,
                 GError             **error)
{
  guint32 *children = g_new (guint32, value->n_children);

  for (guint32 i = 0; i < value->n_children; i++)
    if (!create (store, heap, value->children[i], NULL, &children[i], error))
      {
        decref_children (store, heap, children, i, FALSE);
        g_free (children);
        return NULL;
      }
  return children;
}

/* A new object for @value, whose items (@children, taken) are made. */
static gboolean
create_new (MemsimObjectStore   *store,
            MemsimHeap          *heap,
            const MemsimPyValue *value,
            guint32             *children,
            guint32             *out_ref,
            GError             **error)
{
  guint32 ref = slot_new (store);
  Object *object = &store->objects[ref];

  memset (object, 0, sizeof *object);
  object->size = value->size;
  object->type = value->type;
  if (!object_alloc (store, heap, object, error))
    {
      slot_free (store, ref);
      return FALSE;
    }
  object->refcount = 1;
  object->n_children = value->n_children;
  object->children = children;
  if (value->label != NULL)
    object->label = g_strdup (value->label);
  share (store, value, ref);
  if (object->pool != NONE)
    store->pools[object->pool].slots[object->block] = ref;
  else
    large_link (store, ref);
  store->n_live++;
  *out_ref = ref;
  return TRUE;
}

static gboolean
create (MemsimObjectStore   *store,
        MemsimHeap          *heap,
        const MemsimPyValue *value,
        const char          *name,
        guint32             *out_ref,
        GError             **error)
{
  guint32 *children = NULL;
  guint32 ref = find_shared (store, value);

  if (ref != NONE)
    store->objects[ref].refcount++;
  else
    {
      if (value->n_children > 0
          && (children = create_children (store, heap, value, error)) == NULL)
        return FALSE;
      if (!create_new (store, heap, value, children, &ref, error))
        {
          decref_children (store, heap, children, value->n_children, FALSE);
          g_free (children);
          return FALSE;
        }
      if (store_emits (store) && store->objects[ref].pool == NONE)
        emit_object (store, ref, MEMSIM_OBJECT_EVENT_LARGE_ADDED, NULL);
    }
  if (store_emits (store))
    emit_object (store, ref, MEMSIM_OBJECT_EVENT_STORED, name);
  *out_ref = ref;
  return TRUE;
}

static void
decref (MemsimObjectStore *store,
        MemsimHeap        *heap,
        guint32            ref,
        const char        *name)
{
  Object *object = &store->objects[ref];
  guint32 *children;

  if (--object->refcount > 0)
    {
      if (store_emits (store))
        emit_object (store, ref, MEMSIM_OBJECT_EVENT_RELEASED, name);
      return;
    }
  unshare (store, ref);
  children = g_steal_pointer (&object->children);
  decref_children (store, heap, children, object->n_children, object->type == MEMSIM_PY_DICT);
  g_free (children);
  if (store_emits (store))
    emit_object (store, ref, MEMSIM_OBJECT_EVENT_RELEASED, name);
  object_release_memory (store, heap, ref);
  slot_free (store, ref);
  store->n_live--;
}

/* ---- the public operations ---------------------------------------------- */

gboolean
memsim_object_store_new_ref (MemsimObjectStore   *store,
                             MemsimHeap          *heap,
                             const MemsimPyValue *value,
                             guint32             *out_ref,
                             GError             **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (value != NULL && value->type < MEMSIM_PY_N_TYPES, FALSE);
  g_return_val_if_fail (out_ref != NULL, FALSE);

  if (!create (store, heap, value, NULL, out_ref, error))
    return FALSE;
  store->objects[*out_ref].external++;
  return TRUE;
}

void
memsim_object_store_decref (MemsimObjectStore *store,
                            MemsimHeap        *heap,
                            guint32            ref)
{
  g_return_if_fail (store != NULL);
  g_return_if_fail (heap != NULL);
  g_return_if_fail (ref < store->n_slots && store->objects[ref].id != 0);
  g_return_if_fail (store->objects[ref].external > 0);

  store->objects[ref].external--;
  decref (store, heap, ref, NULL);
}

gboolean
memsim_object_store_store (MemsimObjectStore   *store,
                           MemsimHeap          *heap,
                           const char          *name,
                           const MemsimPyValue *value,
                           guint64             *out_id,
                           GError             **error)
{
  StoreNameKey key;
  guint32 ref, slot;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL && value->type < MEMSIM_PY_N_TYPES, FALSE);

  if (!memsim_name_is_valid (name, error))
    return FALSE;
  store_names_key (name, &key);
  if (store_names_find (&store->names, &key, &slot))
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_ALREADY_ALLOCATED,
                   _("“%s” is already stored (release it first)"), name);
      return FALSE;
    }
  if (!create (store, heap, value, name, &ref, error))
    return FALSE;
  store_names_insert_at (&store->names, slot, &key, ref);
  if (out_id != NULL)
    *out_id = store->objects[ref].id;
  return TRUE;
}

gboolean
memsim_object_store_store_text (MemsimObjectStore  *store,
                                MemsimHeap         *heap,
                                const char         *name,
                                const char         *type,
                                const char         *value,
                                GError            **error)
{
  g_autoptr (MemsimPyValue) parsed = NULL;
  MemsimPyType py_type;

  g_return_val_if_fail (type != NULL && value != NULL, FALSE);

  if (!memsim_py_type_from_string (type, &py_type))
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX, _("unknown type “%s” (expected "
                     "int, float, str, bytes, tuple or record)"), type);
      return FALSE;
    }
  parsed = memsim_pyvalue_parse (py_type, value, error);
  if (parsed == NULL)
    return FALSE;
  return memsim_object_store_store (store, heap, name, parsed, NULL, error);
}

gboolean
memsim_object_store_release (MemsimObjectStore  *store,
                             MemsimHeap         *heap,
                             const char         *name,
                             GError            **error)
{
  StoreNameKey key;
  guint32 slot, ref;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  store_names_key (name, &key);
  if (!store_names_find (&store->names, &key, &slot))
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_LIVE,
                   _("no object is stored under “%s”"), name);
      return FALSE;
    }
  ref = store->names.slots[slot].ref;
  store_names_remove_at (&store->names, slot);
  decref (store, heap, ref, name);
  return TRUE;
}
