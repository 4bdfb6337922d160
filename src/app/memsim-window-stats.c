/* memsim-window-stats.c: the statistics page
 *
 * Every metric of SEMANTICS.md §6 (docs/metrics.md says what each means)
 * and the object store's totals, one row each, re-read on every "changed"
 * (the session sends one per operation or per batch, so a replay does not
 * redraw the page a million times).  Sizes read "1.0 KiB (1024 bytes)":
 * the short form for the eye and the exact count for checking.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-window-private.h"

typedef enum { SIZE, COUNT, PERCENT } Kind;
typedef enum { HEAP, STORE } Source;

typedef struct {
  guint64 objects;
  guint64 names;
  guint64 arenas;
  guint64 pools;
  guint64 bytes;
} StoreFigures;

typedef struct {
  guint       group;
  const char *title;
  Kind        kind;
  Source      source;
  gsize       offset;
} Stat;

#define M(field) HEAP, G_STRUCT_OFFSET (MemsimMetrics, field)
#define S(field) STORE, G_STRUCT_OFFSET (StoreFigures, field)

static const char *const groups[] = {
  N_("Memory"), N_("Fragmentation"), N_("Operations"), N_("Object Store"),
};

static const Stat stats[MEMSIM_N_STATS] = {
  { 0, N_("Total"), SIZE, M (total) },
  { 0, N_("Used"), SIZE, M (used) },
  { 0, N_("Requested"), SIZE, M (requested) },
  { 0, N_("Free"), SIZE, M (free) },
  { 0, N_("Largest free block"), SIZE, M (largest_free) },
  { 0, N_("Unusable (buddy tail)"), SIZE, M (unusable) },
  { 1, N_("Free blocks"), COUNT, M (free_blocks) },
  { 1, N_("Live blocks"), COUNT, M (live_blocks) },
  { 1, N_("External fragmentation"), PERCENT, M (external_fragmentation) },
  { 1, N_("Internal fragmentation"), PERCENT, M (internal_fragmentation) },
  { 1, N_("High-water mark"), SIZE, M (high_water) },
  { 1, N_("Peak requested"), SIZE, M (peak_requested) },
  { 1, N_("Heap overhead"), PERCENT, M (heap_overhead) },
  { 2, N_("Allocations"), COUNT, M (alloc_ok) },
  { 2, N_("Failed allocations"), COUNT, M (alloc_failed) },
  { 2, N_("… for lack of space"), COUNT, M (failed_no_space) },
  { 2, N_("… for fragmentation"), COUNT, M (failed_fragmented) },
  { 2, N_("Frees"), COUNT, M (free_ok) },
  { 2, N_("Failed frees"), COUNT, M (free_failed) },
  { 2, N_("Reallocations"), COUNT, M (realloc_ok) },
  { 2, N_("Failed reallocations"), COUNT, M (realloc_failed) },
  { 2, N_("Compactions"), COUNT, M (compactions) },
  { 2, N_("Bytes moved"), SIZE, M (bytes_moved) },
  { 3, N_("Objects"), COUNT, S (objects) },
  { 3, N_("Names"), COUNT, S (names) },
  { 3, N_("Arenas"), COUNT, S (arenas) },
  { 3, N_("Pools in use"), COUNT, S (pools) },
  { 3, N_("Bytes in objects"), SIZE, S (bytes) },
};

void
memsim_window_setup_stats (MemsimWindow *self)
{
  GtkWidget *group_widgets[G_N_ELEMENTS (groups)];

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      group_widgets[g] = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group_widgets[g]), _(groups[g]));
      gtk_box_append (self->stats_box, group_widgets[g]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(stats[i].title));
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_set_valign (value, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      row, NULL, -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group_widgets[stats[i].group]), row);
      self->stat_labels[i] = GTK_LABEL (value);
    }
}

static char *
format_stat (const Stat *stat,
             gconstpointer base)
{
  const guint8 *field = (const guint8 *) base + stat->offset;

  switch (stat->kind)
    {
    case SIZE:
      return g_format_size_full (*(const guint64 *) field,
                                 G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
    case PERCENT:
      return g_strdup_printf ("%.1f %%", *(const double *) field * 100.0);
    case COUNT:
    default:
      return g_strdup_printf ("%'" G_GUINT64_FORMAT, *(const guint64 *) field);
    }
}

static void
read_store (MemsimWindow *self,
            StoreFigures *figures)
{
  const MemsimObjectStore *store = memsim_session_get_object_store (self->session);
  MemsimObjectStats store_stats;

  memsim_object_store_get_stats (store, &store_stats);
  figures->objects = memsim_object_store_get_n_objects (store);
  figures->names = memsim_object_store_get_n_names (store);
  figures->arenas = store_stats.arenas_current;
  figures->pools = store_stats.pools_in_use;
  figures->bytes = store_stats.allocated_bytes + store_stats.large_bytes;
}

void
memsim_window_update_stats (MemsimWindow *self)
{
  MemsimMetrics metrics;
  StoreFigures figures;

  memsim_heap_get_metrics (memsim_session_get_heap (self->session), &metrics);
  read_store (self, &figures);
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    {
      g_autofree char *text = format_stat (&stats[i], stats[i].source == HEAP
                                           ? (gconstpointer) &metrics : (gconstpointer) &figures);

      gtk_label_set_text (self->stat_labels[i], text);
    }
}
