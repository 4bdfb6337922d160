/* memsim-json.c: the final state of a heap as JSON (SEMANTICS.md §10)
 *
 * Written by hand with a GString (json-glib is not a dependency).  The
 * layout is fixed so that the output of the same heap is the same bytes:
 * one key a line at the top level and in "ops", one block a line in
 * "blocks".  Integers are plain decimal bytes; fractions are printed with
 * g_ascii_dtostr() ("%.17g", whatever the locale), which reads back to the
 * same double.  After the heap comes, for a session, the "object_store"
 * section: the profile, the counts and byte account of
 * sys._debugmallocstats(), every size class, every arena and every object
 * (one a line, by id) — docs/object-store.md describes the keys.
 */
#include "memsim-json.h"

#include <math.h>

void
memsim_json_append_string (GString    *out,
                           const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_key (GString    *out,
            const char *indent,
            const char *key)
{
  g_string_append_printf (out, ",\n%s\"%s\": ", indent, key);
}

static void
append_uint (GString    *out,
             const char *indent,
             const char *key,
             guint64     value)
{
  append_key (out, indent, key);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, value);
}

static void
append_bool (GString    *out,
             const char *indent,
             const char *key,
             gboolean    value)
{
  append_key (out, indent, key);
  g_string_append (out, value ? "true" : "false");
}

static void
append_double (GString    *out,
               const char *indent,
               const char *key,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  append_key (out, indent, key);
  if (isfinite (value))
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
  else
    g_string_append (out, "null");
}

static void
append_settings (GString                *out,
                 const MemsimHeapConfig *config)
{
  g_string_append_printf (out, "{\n  \"total\": %" G_GUINT64_FORMAT, config->total);
  append_key (out, "  ", "policy");
  memsim_json_append_string (out, memsim_policy_to_string (config->policy));
  append_uint (out, "  ", "align", config->align);
  append_uint (out, "  ", "header", config->header);
  append_uint (out, "  ", "min_block", config->min_block);
  append_bool (out, "  ", "round_pow2", config->round_pow2);
  append_bool (out, "  ", "auto_compact", config->auto_compact);
}

static void
append_metrics (GString             *out,
                const MemsimMetrics *m)
{
  append_uint (out, "  ", "used", m->used);
  append_uint (out, "  ", "requested", m->requested);
  append_uint (out, "  ", "free", m->free);
  append_uint (out, "  ", "largest_free", m->largest_free);
  append_uint (out, "  ", "free_blocks", m->free_blocks);
  append_uint (out, "  ", "live_blocks", m->live_blocks);
  append_uint (out, "  ", "unusable", m->unusable);
  append_double (out, "  ", "external_fragmentation", m->external_fragmentation);
  append_double (out, "  ", "internal_fragmentation", m->internal_fragmentation);
  append_uint (out, "  ", "high_water", m->high_water);
  append_uint (out, "  ", "peak_requested", m->peak_requested);
  append_double (out, "  ", "heap_overhead", m->heap_overhead);
}

static void
append_counts (GString             *out,
               const MemsimMetrics *m)
{
  g_string_append (out, ",\n  \"ops\": {\n");
  g_string_append_printf (out, "    \"alloc_ok\": %" G_GUINT64_FORMAT, m->alloc_ok);
  append_uint (out, "    ", "alloc_failed", m->alloc_failed);
  append_uint (out, "    ", "failed_no_space", m->failed_no_space);
  append_uint (out, "    ", "failed_fragmented", m->failed_fragmented);
  append_uint (out, "    ", "free_ok", m->free_ok);
  append_uint (out, "    ", "free_failed", m->free_failed);
  append_uint (out, "    ", "realloc_ok", m->realloc_ok);
  append_uint (out, "    ", "realloc_failed", m->realloc_failed);
  append_uint (out, "    ", "compactions", m->compactions);
  append_uint (out, "    ", "bytes_moved", m->bytes_moved);
  g_string_append (out, "\n  }");
}

typedef struct {
  GString *out;
  gboolean first;
} BlocksState;

static gboolean
append_block (const MemsimBlockInfo *block,
              gpointer               user_data)
{
  BlocksState *state = user_data;
  GString *out = state->out;

  g_string_append (out, state->first ? "\n    " : ",\n    ");
  state->first = FALSE;
  g_string_append_printf (out, "{\"start\": %" G_GUINT64_FORMAT
                          ", \"size\": %" G_GUINT64_FORMAT ", \"free\": %s",
                          block->start, block->size, block->free ? "true" : "false");
  if (block->unusable)
    g_string_append (out, ", \"unusable\": true");
  if (!block->free)
    {
      g_string_append (out, ", \"name\": ");
      memsim_json_append_string (out, block->name != NULL ? block->name : "");
      g_string_append_printf (out, ", \"requested\": %" G_GUINT64_FORMAT,
                              block->requested);
    }
  g_string_append_c (out, '}');
  return TRUE;
}

/* ---- the object store -------------------------------------------------- */

static void
append_store_settings (GString                 *out,
                       const MemsimObjectStore *store,
                       const MemsimObjectStats *s)
{
  const MemsimObjectGeometry *geo =
    memsim_object_profile_get_geometry (memsim_object_store_get_profile (store));

  g_string_append (out, ",\n  \"object_store\": {\n    \"profile\": ");
  memsim_json_append_string (out, geo->name);
  append_uint (out, "    ", "alignment", geo->alignment);
  append_uint (out, "    ", "threshold", geo->threshold);
  append_uint (out, "    ", "pool_size", geo->pool_size);
  append_uint (out, "    ", "arena_size", geo->arena_size);
  append_uint (out, "    ", "pool_header", geo->pool_overhead);
  append_uint (out, "    ", "arenas", s->arenas_current);
  append_uint (out, "    ", "pools", s->pools_in_use);
  append_uint (out, "    ", "blocks_in_use", s->blocks_total);
  append_uint (out, "    ", "objects", memsim_object_store_get_n_objects (store));
  append_uint (out, "    ", "names", memsim_object_store_get_n_names (store));
  append_uint (out, "    ", "arenas_allocated_total", s->arenas_allocated_total);
  append_uint (out, "    ", "arenas_reclaimed", s->arenas_reclaimed);
  append_uint (out, "    ", "arenas_highwater", s->arenas_highwater);
  append_uint (out, "    ", "large_objects", s->large_objects);
  append_uint (out, "    ", "large_bytes", s->large_bytes);
}

static void
append_store_bytes (GString                 *out,
                    const MemsimObjectStats *s)
{
  g_string_append_printf (out, ",\n    \"bytes\": {\"allocated_blocks\": %" G_GUINT64_FORMAT
                          ", \"available_blocks\": %" G_GUINT64_FORMAT
                          ", \"unused_pools\": %" G_GUINT64_FORMAT
                          ", \"pool_headers\": %" G_GUINT64_FORMAT
                          ", \"quantization\": %" G_GUINT64_FORMAT
                          ", \"arena_alignment\": %" G_GUINT64_FORMAT
                          ", \"total\": %" G_GUINT64_FORMAT "}",
                          s->allocated_bytes, s->available_bytes, s->unused_pool_bytes,
                          s->pool_header_bytes, s->quantization, s->arena_alignment, s->total);
}

static void
append_store_classes (GString                 *out,
                      const MemsimObjectStats *s)
{
  g_string_append (out, ",\n    \"classes\": [");
  for (guint i = 0; i < MEMSIM_OBJECT_N_CLASSES; i++)
    g_string_append_printf (out, "%s\n      {\"class\": %u, \"size\": %u, \"pools\": %"
                            G_GUINT64_FORMAT ", \"in_use\": %" G_GUINT64_FORMAT
                            ", \"avail\": %" G_GUINT64_FORMAT "}", i == 0 ? "" : ",",
                            i, 16 * (i + 1), s->num_pools[i], s->blocks_in_use[i],
                            s->avail_blocks[i]);
  g_string_append (out, "\n    ]");
}

typedef struct {
  GString                 *out;
  gboolean                 first;
  const MemsimObjectStore *store;
  GHashTable              *names;   /* ref → GPtrArray of names, sorted */
} StoreState;

static gboolean
append_arena (const MemsimArenaInfo *arena,
              gpointer               user_data)
{
  StoreState *state = user_data;

  g_string_append (state->out, state->first ? "\n      " : ",\n      ");
  state->first = FALSE;
  g_string_append_printf (state->out, "{\"index\": %u, \"name\": \"%s\", \"start\": %"
                          G_GUINT64_FORMAT ", \"pool_base\": %" G_GUINT64_FORMAT
                          ", \"pools\": %u, \"free_pools\": %u, \"carved\": %u"
                          ", \"usable_rank\": %d}", arena->index, arena->name, arena->address,
                          arena->pool_base, arena->ntotalpools, arena->nfreepools,
                          arena->ncarved, arena->usable_rank);
  return TRUE;
}

static void
append_object_names (GString   *out,
                     GPtrArray *names)
{
  g_string_append (out, ", \"name\": ");
  if (names == NULL)
    g_string_append (out, "null");
  else
    memsim_json_append_string (out, g_ptr_array_index (names, 0));
  g_string_append (out, ", \"names\": [");
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      memsim_json_append_string (out, g_ptr_array_index (names, i));
    }
  g_string_append_c (out, ']');
}

static void
append_object_place (GString                 *out,
                     const MemsimObjectStore *store,
                     const MemsimObjectInfo  *object)
{
  MemsimObjectInfo child;

  if (object->large)
    g_string_append_printf (out, ", \"heap_block\": \"obj#%" G_GUINT64_FORMAT "\"", object->id);
  else
    g_string_append_printf (out, ", \"arena\": %u, \"pool\": %u, \"block\": %u"
                            ", \"size_class\": %u", object->arena, object->pool,
                            object->block, object->size_class);
  if (object->label != NULL)
    {
      g_string_append (out, ", \"class_name\": ");
      memsim_json_append_string (out, object->label);
    }
  if (object->n_children == 0)
    return;
  g_string_append (out, ", \"children\": [");
  for (guint i = 0; i < object->n_children; i++)
    {
      memsim_object_store_lookup_ref (store, object->children[i], &child);
      g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, i > 0 ? ", " : "", child.id);
    }
  g_string_append_c (out, ']');
}

static gboolean
append_object (const MemsimObjectInfo *object,
               gpointer                user_data)
{
  StoreState *state = user_data;
  GString *out = state->out;

  g_string_append (out, state->first ? "\n      " : ",\n      ");
  state->first = FALSE;
  g_string_append_printf (out, "{\"id\": %" G_GUINT64_FORMAT, object->id);
  append_object_names (out, g_hash_table_lookup (state->names, GUINT_TO_POINTER (object->ref)));
  g_string_append_printf (out, ", \"type\": \"%s\", \"size\": %" G_GUINT64_FORMAT
                          ", \"refcount\": %u, \"address\": %" G_GUINT64_FORMAT,
                          memsim_py_type_to_string (object->type), object->size,
                          object->refcount, object->address);
  append_object_place (out, state->store, object);
  g_string_append_c (out, '}');
  return TRUE;
}

/* ref → the names bound to it, in the sorted order of list_names(). */
static GHashTable *
names_by_ref (const MemsimObjectStore *store)
{
  GHashTable *by_ref = g_hash_table_new_full (NULL, NULL, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) names = memsim_object_store_list_names (store);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gpointer ref = GUINT_TO_POINTER (memsim_object_store_lookup_ref_by_name (store, name));
      GPtrArray *list = g_hash_table_lookup (by_ref, ref);

      if (list == NULL)
        g_hash_table_insert (by_ref, ref, list = g_ptr_array_new ());
      g_ptr_array_add (list, (gpointer) name);
    }
  return by_ref;
}

static void
append_store (GString                 *out,
              const MemsimObjectStore *store)
{
  StoreState state = { out, TRUE, store, names_by_ref (store) };
  MemsimObjectStats stats;

  memsim_object_store_get_stats (store, &stats);
  append_store_settings (out, store, &stats);
  append_store_bytes (out, &stats);
  append_store_classes (out, &stats);

  g_string_append (out, ",\n    \"arena_list\": [");
  memsim_object_store_walk_arenas (store, append_arena, &state);
  g_string_append (out, state.first ? "]" : "\n    ]");

  state.first = TRUE;
  g_string_append (out, ",\n    \"objects\": [");
  memsim_object_store_walk_objects (store, append_object, &state);
  g_string_append (out, state.first ? "]\n  }" : "\n    ]\n  }");
  g_hash_table_unref (state.names);
}

char *
memsim_json_final_state_with_store (const MemsimHeap        *heap,
                                    const MemsimObjectStore *store)
{
  const MemsimHeapConfig *config;
  MemsimMetrics metrics;
  BlocksState state;

  g_return_val_if_fail (heap != NULL, NULL);

  config = memsim_heap_get_config (heap);
  memsim_heap_get_metrics (heap, &metrics);

  state.out = g_string_sized_new (1024 + 64 * (gsize) memsim_heap_get_n_blocks (heap));
  state.first = TRUE;
  append_settings (state.out, config);
  append_metrics (state.out, &metrics);
  append_counts (state.out, &metrics);

  g_string_append (state.out, ",\n  \"blocks\": [");
  memsim_heap_walk (heap, 0, config->total, append_block, &state);
  g_string_append (state.out, state.first ? "]" : "\n  ]");
  if (store != NULL)
    append_store (state.out, store);
  g_string_append (state.out, "\n}\n");
  return g_string_free (state.out, FALSE);
}

char *
memsim_json_final_state (const MemsimHeap *heap)
{
  return memsim_json_final_state_with_store (heap, NULL);
}
