/* memsim-block-list.c: the live blocks of a session as a sorted GListModel
 *
 * The process table shows up to millions of blocks, so the list keeps one
 * compact record per live block in a GSequence (a balanced tree that knows
 * the position of every node) in the table's sort order, and a hash table
 * from name to node.  Finding, inserting or removing a block and finding its
 * row are O(log n); the table asks for GObjects (MemsimBlockItem) only for
 * the rows it shows.
 *
 * The list follows the session's "changed" signal.  When the session moved
 * by one operation (an operation applied, a redo or an undo) it refreshes
 * only the block that operation names: O(log n); so it does for each
 * operation of a short seek or batch (a drag along the timeline, "free
 * selected") made only of allocations, frees, reallocs and settings.
 * Compaction, init and reset, auto-compaction, the store's operations in
 * a seek or a batch, or a long one touch any number of blocks: the list is
 * rebuilt from the heap in O(n log n), no more than those operations cost
 * the engine themselves.  Arenas and large objects
 * of the object store come and go with store, release and collect; the
 * session's block-allocated and block-freed signals name them.  A check of
 * the live count after every change falls back to a rebuild, so the list
 * never shows a block the heap does not have.
 */
#include "config.h"

#include <string.h>

#include "memsim-block-item.h"
#include "memsim-block-list.h"

typedef struct {
  char    *name;
  guint64  start;
  guint64  size;
  guint64  requested;
  guint    birth;     /* index of the operation that allocated the block */
} BlockRecord;

struct _MemsimBlockList {
  GObject             parent_instance;

  MemsimSession      *session;
  GSequence          *records;    /* BlockRecord, in sort order */
  GHashTable         *by_name;    /* name (the record's) → GSequenceIter */
  GPtrArray          *pending;    /* names the session signalled since the last change */
  MemsimBlockSortKey  key;
  gboolean            descending;
  guint               position;   /* the session's position the list shows */
  guint64             compactions;
  guint               frozen;
};

static void memsim_block_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MemsimBlockList, memsim_block_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      memsim_block_list_model_init))

static void
block_record_free (gpointer data)
{
  BlockRecord *record = data;

  g_free (record->name);
  g_free (record);
}

int
memsim_block_name_compare (const char *a,
                           const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *da = a, *db = b;
          gsize la, lb;
          int cmp;

          while (*da == '0' && g_ascii_isdigit (da[1]))
            da++;
          while (*db == '0' && g_ascii_isdigit (db[1]))
            db++;
          for (a = da; g_ascii_isdigit (*a); a++);
          for (b = db; g_ascii_isdigit (*b); b++);
          la = a - da;
          lb = b - db;
          if (la != lb)
            return la < lb ? -1 : 1;
          cmp = strncmp (da, db, la);
          if (cmp != 0)
            return cmp;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return (guchar) *a - (guchar) *b;
}

#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)

static int
compare_key (const BlockRecord  *a,
             const BlockRecord  *b,
             MemsimBlockSortKey  key)
{
  switch (key)
    {
    case MEMSIM_BLOCK_SORT_NAME:
      return memsim_block_name_compare (a->name, b->name);
    case MEMSIM_BLOCK_SORT_SIZE:
      return CMP (a->size, b->size);
    case MEMSIM_BLOCK_SORT_REQUESTED:
      return CMP (a->requested, b->requested);
    case MEMSIM_BLOCK_SORT_WASTE:
      return CMP (a->size - a->requested, b->size - b->requested);
    case MEMSIM_BLOCK_SORT_AGE:
      /* Younger (a later birth) first. */
      return CMP (b->birth, a->birth);
    case MEMSIM_BLOCK_SORT_START:
    default:
      return 0;
    }
}

/* Live blocks never share a start address: it breaks every tie. */
static int
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  MemsimBlockList *self = user_data;
  const BlockRecord *ra = a, *rb = b;
  int cmp = compare_key (ra, rb, self->key);

  if (cmp == 0)
    cmp = CMP (ra->start, rb->start);
  return self->descending ? -cmp : cmp;
}

static int
compare_record_pointers (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  return compare_records (*(BlockRecord * const *) a, *(BlockRecord * const *) b, user_data);
}

/* ---- GListModel ------------------------------------------------------- */

static GType
memsim_block_list_get_item_type (GListModel *model)
{
  return MEMSIM_TYPE_BLOCK_ITEM;
}

static guint
memsim_block_list_get_n_items (GListModel *model)
{
  return g_sequence_get_length (MEMSIM_BLOCK_LIST (model)->records);
}

static gpointer
memsim_block_list_get_item (GListModel *model,
                            guint       position)
{
  MemsimBlockList *self = MEMSIM_BLOCK_LIST (model);
  GSequenceIter *iter;
  const BlockRecord *record;

  if (position >= (guint) g_sequence_get_length (self->records))
    return NULL;
  iter = g_sequence_get_iter_at_pos (self->records, position);
  record = g_sequence_get (iter);
  return memsim_block_item_new (record->name, record->start, record->size,
                                record->requested, record->birth);
}

static void
memsim_block_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = memsim_block_list_get_item_type;
  iface->get_n_items = memsim_block_list_get_n_items;
  iface->get_item = memsim_block_list_get_item;
}

/* ---- records ---------------------------------------------------------- */

static guint64
heap_compactions (MemsimBlockList *self)
{
  return memsim_heap_get_n_compactions (memsim_session_get_heap (self->session));
}

static BlockRecord *
record_new (const MemsimBlockInfo *info,
            guint                  birth)
{
  BlockRecord *record = g_new (BlockRecord, 1);

  record->name = g_strdup (info->name);
  record->start = info->start;
  record->size = info->size;
  record->requested = info->requested;
  record->birth = birth;
  return record;
}

static void
remove_name (MemsimBlockList *self,
             const char      *name)
{
  GSequenceIter *iter = g_hash_table_lookup (self->by_name, name);
  guint position;

  if (iter == NULL)
    return;
  position = g_sequence_iter_get_position (iter);
  g_hash_table_remove (self->by_name, name);
  g_sequence_remove (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
insert_record (MemsimBlockList *self,
               BlockRecord     *record)
{
  GSequenceIter *iter = g_sequence_insert_sorted (self->records, record, compare_records, self);

  g_hash_table_insert (self->by_name, record->name, iter);
  g_list_model_items_changed (G_LIST_MODEL (self), g_sequence_iter_get_position (iter), 0, 1);
}

/* Re-reads one block: gone, new, resized or moved. */
static void
refresh_name (MemsimBlockList *self,
              const char      *name,
              guint            birth)
{
  MemsimBlockInfo info;

  remove_name (self, name);
  if (name != NULL && memsim_heap_lookup_name (memsim_session_get_heap (self->session),
                                               name, &info))
    insert_record (self, record_new (&info, birth));
}

typedef struct {
  GPtrArray  *records;
  GHashTable *unborn;   /* name → BlockRecord whose birth is not known yet */
} Collect;

static gboolean
collect_block (const MemsimBlockInfo *info,
               gpointer               user_data)
{
  Collect *collect = user_data;
  BlockRecord *record;

  if (info->free)
    return TRUE;
  record = record_new (info, 0);
  g_ptr_array_add (collect->records, record);
  g_hash_table_insert (collect->unborn, record->name, record);
  return TRUE;
}

/* Gives every collected record the index of the operation that allocated
 * it, in one backward pass over the history that stops at the last init or
 * reset.  Arenas and large objects come from store operations and keep the
 * birth the old list knew, or that of the last init. */
static void
assign_births (MemsimBlockList *self,
               guint            position,
               GHashTable      *unborn,
               GHashTable      *old_births)
{
  guint index = position;
  guint floor = 0;

  while (index-- > 0 && g_hash_table_size (unborn) > 0)
    {
      const MemsimOp *op = memsim_session_get_op (self->session, index);
      BlockRecord *record;

      if (!memsim_session_op_succeeded (self->session, index))
        continue;
      if (op->kind == MEMSIM_OP_INIT || op->kind == MEMSIM_OP_RESET)
        {
          floor = index;
          break;
        }
      if ((op->kind != MEMSIM_OP_ALLOC && op->kind != MEMSIM_OP_REALLOC) || op->name == NULL)
        continue;
      record = g_hash_table_lookup (unborn, op->name);
      if (record == NULL)
        continue;
      record->birth = index;
      g_hash_table_remove (unborn, op->name);
    }

  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, unborn);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BlockRecord *record = value;
      gpointer old = g_hash_table_lookup (old_births, record->name);

      record->birth = old != NULL ? GPOINTER_TO_UINT (old) - 1 : floor;
      if (record->birth >= position)
        record->birth = floor;
    }
}

static GHashTable *
old_births (MemsimBlockList *self)
{
  GHashTable *births = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GSequenceIter *iter;

  for (iter = g_sequence_get_begin_iter (self->records); !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      const BlockRecord *record = g_sequence_get (iter);

      g_hash_table_insert (births, g_strdup (record->name), GUINT_TO_POINTER (record->birth + 1));
    }
  return births;
}

static void
rebuild (MemsimBlockList *self)
{
  const MemsimHeap *heap = memsim_session_get_heap (self->session);
  guint old_n = g_sequence_get_length (self->records);
  g_autoptr(GHashTable) births = old_n > 0 ? old_births (self) : g_hash_table_new (g_str_hash, g_str_equal);
  Collect collect = { g_ptr_array_sized_new (memsim_heap_get_n_live (heap)),
                      g_hash_table_new (g_str_hash, g_str_equal) };

  memsim_heap_walk (heap, 0, memsim_heap_get_config (heap)->total, collect_block, &collect);
  assign_births (self, self->position, collect.unborn, births);
  /* The walk is in address order: the default sort needs no sorting. */
  if (self->key != MEMSIM_BLOCK_SORT_START || self->descending)
    g_ptr_array_sort_with_data (collect.records, compare_record_pointers, self);

  g_hash_table_remove_all (self->by_name);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->records),
                           g_sequence_get_end_iter (self->records));
  for (guint i = 0; i < collect.records->len; i++)
    {
      BlockRecord *record = g_ptr_array_index (collect.records, i);

      g_hash_table_insert (self->by_name, record->name, g_sequence_append (self->records, record));
    }
  g_hash_table_unref (collect.unborn);
  g_ptr_array_unref (collect.records);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, g_sequence_get_length (self->records));
}

/* ---- following the session ------------------------------------------- */

/* Operation @index was applied or redone: refreshes the blocks it
 * touched, born of it; FALSE when that needs a rebuild. */
static gboolean
follow_forward (MemsimBlockList *self,
                guint            index)
{
  const MemsimOp *op = memsim_session_get_op (self->session, index);

  if (!memsim_session_op_succeeded (self->session, index))
    return TRUE;
  switch (op->kind)
    {
    case MEMSIM_OP_ALLOC:
    case MEMSIM_OP_FREE:
    case MEMSIM_OP_REALLOC:
      refresh_name (self, op->name, index);
      return TRUE;
    case MEMSIM_OP_POLICY:
    case MEMSIM_OP_SET:
      return TRUE;
    case MEMSIM_OP_STORE:
    case MEMSIM_OP_RELEASE:
    case MEMSIM_OP_COLLECT:
      /* Only one store operation at a time: its blocks are the ones the
       * session signalled since the last change. */
      for (guint i = 0; i < self->pending->len; i++)
        refresh_name (self, g_ptr_array_index (self->pending, i), index);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether operations [from, to) touched only the blocks they name. */
static gboolean
only_named_blocks (MemsimBlockList *self,
                   guint            from,
                   guint            to)
{
  for (guint i = from; i < to; i++)
    switch (memsim_session_get_op (self->session, i)->kind)
      {
      case MEMSIM_OP_ALLOC:
      case MEMSIM_OP_FREE:
      case MEMSIM_OP_REALLOC:
      case MEMSIM_OP_POLICY:
      case MEMSIM_OP_SET:
        continue;
      default:
        if (memsim_session_op_succeeded (self->session, i))
          return FALSE;
      }
  return TRUE;
}

/* Operations [to, from) were undone in one seek: re-reads each block they
 * named, and finds the births of those live again in one backward pass
 * (what a rebuild does for every block). */
static void
follow_back (MemsimBlockList *self,
             guint            from,
             guint            to)
{
  const MemsimHeap *heap = memsim_session_get_heap (self->session);
  g_autoptr(GHashTable) unborn = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) no_births = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();

  for (guint i = to; i < from; i++)
    {
      const MemsimOp *op = memsim_session_get_op (self->session, i);
      MemsimBlockInfo info;
      BlockRecord *record;

      if (!memsim_session_op_succeeded (self->session, i) || op->name == NULL
          || g_hash_table_contains (unborn, op->name))
        continue;
      remove_name (self, op->name);
      if (!memsim_heap_lookup_name (heap, op->name, &info))
        continue;
      record = record_new (&info, 0);
      g_ptr_array_add (records, record);
      g_hash_table_insert (unborn, record->name, record);
    }
  assign_births (self, to, unborn, no_births);
  for (guint i = 0; i < records->len; i++)
    insert_record (self, g_ptr_array_index (records, i));
}

/* Follows a move of the session from @from to @to without a rebuild when
 * that is cheaper: one operation applied or redone, or a move over fewer
 * operations than a quarter of the blocks, none of which touched blocks
 * it does not name (an undo is such a move).  FALSE when the list needs a
 * rebuild. */
static gboolean
follow (MemsimBlockList *self,
        guint            from,
        guint            to)
{
  guint distance = from < to ? to - from : from - to;

  if (to == from + 1)
    return follow_forward (self, from);
  if (distance > 64 + (guint) g_sequence_get_length (self->records) / 4
      || !only_named_blocks (self, MIN (from, to), MAX (from, to)))
    return FALSE;
  if (to < from)
    follow_back (self, from, to);
  for (guint i = from; i < to; i++)
    follow_forward (self, i);
  return TRUE;
}

static void
on_changed (MemsimBlockList *self)
{
  guint position = memsim_session_get_position (self->session);
  guint64 compactions = heap_compactions (self);
  gboolean followed = FALSE;

  if (self->frozen > 0)
    {
      g_ptr_array_set_size (self->pending, 0);
      return;
    }
  if (compactions == self->compactions && position != self->position)
    followed = follow (self, self->position, position);
  self->position = position;
  self->compactions = compactions;
  if (!followed || memsim_heap_get_n_live (memsim_session_get_heap (self->session))
                   != (guint) g_sequence_get_length (self->records))
    rebuild (self);
  g_ptr_array_set_size (self->pending, 0);
}

/* Arenas and large objects: store operations do not name them. */
static void
on_block_signal (MemsimBlockList *self,
                 const char      *name)
{
  if (g_str_has_prefix (name, "arena#") || g_str_has_prefix (name, "obj#"))
    g_ptr_array_add (self->pending, g_strdup (name));
}

static void
on_block_allocated (MemsimSession *session,
                    const char    *name,
                    guint64        start,
                    guint64        size,
                    gpointer       user_data)
{
  on_block_signal (user_data, name);
}

/* ---- public ----------------------------------------------------------- */

MemsimBlockList *
memsim_block_list_new (MemsimSession *session)
{
  MemsimBlockList *self;

  g_return_val_if_fail (MEMSIM_IS_SESSION (session), NULL);

  self = g_object_new (MEMSIM_TYPE_BLOCK_LIST, NULL);
  self->session = g_object_ref (session);
  self->position = memsim_session_get_position (session);
  self->compactions = heap_compactions (self);
  g_signal_connect_object (session, "block-allocated", G_CALLBACK (on_block_allocated), self, 0);
  g_signal_connect_object (session, "block-freed", G_CALLBACK (on_block_allocated), self, 0);
  g_signal_connect_object (session, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return self;
}

MemsimSession *
memsim_block_list_get_session (MemsimBlockList *self)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_LIST (self), NULL);
  return self->session;
}

void
memsim_block_list_set_sort (MemsimBlockList    *self,
                            MemsimBlockSortKey  key,
                            gboolean            descending)
{
  guint n;

  g_return_if_fail (MEMSIM_IS_BLOCK_LIST (self));

  if (self->key == key && self->descending == descending)
    return;
  self->key = key;
  self->descending = descending;
  g_sequence_sort (self->records, compare_records, self);
  n = g_sequence_get_length (self->records);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

void
memsim_block_list_freeze (MemsimBlockList *self)
{
  g_return_if_fail (MEMSIM_IS_BLOCK_LIST (self));
  self->frozen++;
}

void
memsim_block_list_thaw (MemsimBlockList *self)
{
  g_return_if_fail (MEMSIM_IS_BLOCK_LIST (self));
  g_return_if_fail (self->frozen > 0);

  if (--self->frozen > 0)
    return;
  self->position = memsim_session_get_position (self->session);
  self->compactions = heap_compactions (self);
  rebuild (self);
}

gboolean
memsim_block_list_find (MemsimBlockList *self,
                        const char      *name,
                        guint           *out_position)
{
  GSequenceIter *iter;

  g_return_val_if_fail (MEMSIM_IS_BLOCK_LIST (self), FALSE);

  iter = name != NULL ? g_hash_table_lookup (self->by_name, name) : NULL;
  if (iter == NULL)
    return FALSE;
  if (out_position != NULL)
    *out_position = g_sequence_iter_get_position (iter);
  return TRUE;
}

const char *
memsim_block_list_get_name (MemsimBlockList *self,
                            guint            position)
{
  g_return_val_if_fail (MEMSIM_IS_BLOCK_LIST (self), NULL);

  if (position >= (guint) g_sequence_get_length (self->records))
    return NULL;
  return ((const BlockRecord *) g_sequence_get (g_sequence_get_iter_at_pos (self->records,
                                                                             position)))->name;
}

static void
memsim_block_list_finalize (GObject *object)
{
  MemsimBlockList *self = MEMSIM_BLOCK_LIST (object);

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->records, g_sequence_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (memsim_block_list_parent_class)->finalize (object);
}

static void
memsim_block_list_class_init (MemsimBlockListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = memsim_block_list_finalize;
}

static void
memsim_block_list_init (MemsimBlockList *self)
{
  self->records = g_sequence_new (block_record_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_ptr_array_new_with_free_func (g_free);
}
