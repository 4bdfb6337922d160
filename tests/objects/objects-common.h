/* objects-common.h: helpers shared by the object store's tests */
#pragma once

#include <string.h>

#include "memsim-json.h"
#include "memsim-object-store.h"

static inline MemsimHeap *
new_heap (guint64 total)
{
  MemsimHeapConfig config;
  g_autoptr (GError) error = NULL;
  MemsimHeap *heap;

  memsim_heap_config_init (&config, total);
  heap = memsim_heap_new (&config, &error);
  g_assert_no_error (error);
  return heap;
}

static inline MemsimPyValue *
py_value (const char *type_name,
          const char *text)
{
  g_autoptr (GError) error = NULL;
  MemsimPyType type;
  MemsimPyValue *value;

  g_assert_true (memsim_py_type_from_string (type_name, &type));
  value = memsim_pyvalue_parse (type, text, &error);
  g_assert_no_error (error);
  return value;
}

/* A bytes value whose object is exactly @size bytes (≥ 33). */
static inline MemsimPyValue *
py_bytes_of_size (guint64 size)
{
  g_autofree char *fill = g_strnfill (size - 33, 'x');
  g_autofree char *text = g_strdup_printf ("b'%s'", fill);

  return py_value ("bytes", text);
}

/* A value whose object falls in size class @size_class (≥ 1). */
static inline MemsimPyValue *
py_value_of_class (guint size_class)
{
  if (size_class == 1)
    return py_value ("float", "1.5");
  return py_bytes_of_size (16 * (size_class + 1));
}

static inline void
assert_consistent (const MemsimObjectStore *store,
                   const MemsimHeap        *heap)
{
  g_autoptr (GError) error = NULL;

  if (!memsim_object_store_check (store, heap, &error))
    g_error ("%s", error->message);
  if (!memsim_heap_check (heap, &error))
    g_error ("heap: %s", error->message);
}

static inline guint32
new_ref (MemsimObjectStore   *store,
         MemsimHeap          *heap,
         const MemsimPyValue *value)
{
  g_autoptr (GError) error = NULL;
  guint32 ref = MEMSIM_OBJECT_NONE;

  g_assert_true (memsim_object_store_new_ref (store, heap, value, &ref, &error));
  g_assert_no_error (error);
  return ref;
}

static inline MemsimObjectInfo
object_info (const MemsimObjectStore *store,
             guint32                  ref)
{
  MemsimObjectInfo info;

  g_assert_true (memsim_object_store_lookup_ref (store, ref, &info));
  return info;
}

static inline MemsimPoolInfo
pool_info (const MemsimObjectStore *store,
           guint                    arena,
           guint                    pool)
{
  MemsimPoolInfo info;

  g_assert_true (memsim_object_store_get_pool (store, arena, pool, &info));
  return info;
}

static inline MemsimObjectStats
store_stats (const MemsimObjectStore *store)
{
  MemsimObjectStats stats;

  memsim_object_store_get_stats (store, &stats);
  return stats;
}

/* The whole observable state of a heap and its store. */
static inline char *
describe_state (const MemsimHeap        *heap,
                const MemsimObjectStore *store)
{
  return memsim_json_final_state_with_store (heap, store);
}
