/* memsim-undo-log.c: the records that undo operations (memsim-undo-log.h)
 *
 * A record is a flags byte (REMOVED, PLACED), the removed block's start,
 * size and requested bytes if REMOVED, then the number of scalars that
 * changed and, for each, its index and the zigzag-coded difference
 * after − before.  Numbers are LEB128 varints: an allocation's record is
 * about 15 bytes, a free's about 19, a realloc's 17 to 21, and each
 * operation has a 4-byte offset besides.  A barrier has no record, only
 * its offset and its place in the list of barriers: 8 bytes.
 */
#include "config.h"

#include "memsim-undo-log.h"

enum {
  RECORD_REMOVED = 1 << 0,
  RECORD_PLACED  = 1 << 1,
};

/* Past this many bytes of records, operations become barriers rather than
 * overflow the byte array's guint length. */
#define MAX_BYTES (G_MAXUINT32 - 4096)

struct _MemsimUndoLog {
  GByteArray *bytes;      /* the records, one after another */
  GArray     *offsets;    /* guint32 per operation: where its record starts */
  GArray     *barriers;   /* guint: the barriers' positions, ascending */
};

MemsimUndoLog *
memsim_undo_log_new (void)
{
  MemsimUndoLog *log = g_new0 (MemsimUndoLog, 1);

  log->bytes = g_byte_array_new ();
  log->offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  log->barriers = g_array_new (FALSE, FALSE, sizeof (guint));
  return log;
}

void
memsim_undo_log_free (MemsimUndoLog *log)
{
  if (log == NULL)
    return;
  g_byte_array_unref (log->bytes);
  g_array_unref (log->offsets);
  g_array_unref (log->barriers);
  g_free (log);
}

guint
memsim_undo_log_get_length (const MemsimUndoLog *log)
{
  return log->offsets->len;
}

/* ---- varints -------------------------------------------------------------- */

/* The longest record: flags, three varints, a count, and an index and a
 * varint per scalar. */
#define MAX_RECORD (1 + 3 * 10 + 1 + MEMSIM_HEAP_N_SCALARS * 11)

static guint8 *
put_varint (guint8  *at,
            guint64  value)
{
  do
    {
      *at = value & 0x7f;
      value >>= 7;
      *at++ |= value != 0 ? 0x80 : 0;
    }
  while (value != 0);
  return at;
}

static guint64
get_varint (const guint8 **at)
{
  guint64 value = 0;
  guint shift = 0;
  guint8 byte;

  do
    {
      byte = *(*at)++;
      value |= (guint64) (byte & 0x7f) << shift;
      shift += 7;
    }
  while (byte & 0x80);
  return value;
}

/* ---- recording ------------------------------------------------------------ */

static void
begin_record (MemsimUndoLog *log)
{
  guint32 offset = log->bytes->len;

  g_array_append_val (log->offsets, offset);
}

static void
append_barrier (MemsimUndoLog *log)
{
  guint position = log->offsets->len;

  begin_record (log);
  g_array_append_val (log->barriers, position);
}

static guint8 *
put_differences (guint8                  *at,
                 const MemsimHeapScalars *before,
                 const MemsimHeapScalars *after)
{
  guint8 *count = at++;

  *count = 0;
  for (guint i = 0; i < MEMSIM_HEAP_N_SCALARS; i++)
    {
      gint64 delta = (gint64) (after->word[i] - before->word[i]);

      if (delta == 0)
        continue;
      (*count)++;
      *at++ = (guint8) i;
      at = put_varint (at, ((guint64) delta << 1) ^ (guint64) (delta >> 63));
    }
  return at;
}

static void
append_record (MemsimUndoLog           *log,
               const MemsimHeapScalars *before,
               const MemsimHeapScalars *after,
               const MemsimPlacement   *removed,
               gboolean                 placed)
{
  guint begin = log->bytes->len;
  guint8 *at;

  begin_record (log);
  /* Written in place, then cut to length. */
  g_byte_array_set_size (log->bytes, begin + MAX_RECORD);
  at = log->bytes->data + begin;
  *at++ = (removed != NULL ? RECORD_REMOVED : 0) | (placed ? RECORD_PLACED : 0);
  if (removed != NULL)
    {
      at = put_varint (at, removed->start);
      at = put_varint (at, removed->size);
      at = put_varint (at, removed->requested);
    }
  at = put_differences (at, before, after);
  g_byte_array_set_size (log->bytes, (guint) (at - log->bytes->data));
}

void
memsim_undo_capture (MemsimUndoCapture *capture,
                     const MemsimHeap  *heap,
                     const MemsimOp    *op)
{
  capture->undoable = op->kind == MEMSIM_OP_ALLOC || op->kind == MEMSIM_OP_FREE
                      || op->kind == MEMSIM_OP_REALLOC;
  if (capture->undoable)
    memsim_heap_get_scalars (heap, &capture->scalars);
}

void
memsim_undo_log_append (MemsimUndoLog           *log,
                        const MemsimUndoCapture *capture,
                        const MemsimHeap        *heap,
                        const MemsimOp          *op,
                        gboolean                 ok)
{
  MemsimHeapScalars after;
  gboolean removed = ok && op->kind != MEMSIM_OP_ALLOC;
  gboolean placed = ok && op->kind != MEMSIM_OP_FREE;

  if (!capture->undoable || log->bytes->len > MAX_BYTES)
    {
      append_barrier (log);
      return;
    }
  memsim_heap_get_scalars (heap, &after);
  /* Compaction moves every block: only a snapshot goes back past one. */
  if (capture->scalars.word[MEMSIM_SCALAR_COMPACTIONS] != after.word[MEMSIM_SCALAR_COMPACTIONS])
    append_barrier (log);
  else
    append_record (log, &capture->scalars, &after,
                   removed ? memsim_heap_get_last_removed (heap) : NULL, placed);
}

void
memsim_undo_log_truncate (MemsimUndoLog *log,
                          guint          length)
{
  guint keep = log->barriers->len;

  if (length >= log->offsets->len)
    return;
  g_byte_array_set_size (log->bytes, g_array_index (log->offsets, guint32, length));
  g_array_set_size (log->offsets, length);
  while (keep > 0 && g_array_index (log->barriers, guint, keep - 1) >= length)
    keep--;
  g_array_set_size (log->barriers, keep);
}

/* ---- undoing -------------------------------------------------------------- */

gboolean
memsim_undo_log_can_undo (const MemsimUndoLog *log,
                          guint                from,
                          guint                to)
{
  guint lo = 0, hi = log->barriers->len;

  if (to > log->offsets->len)
    return FALSE;
  /* The first barrier at or after @from must come at or after @to. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (log->barriers, guint, mid) < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo == log->barriers->len || g_array_index (log->barriers, guint, lo) >= to;
}

static void
take_differences_back (const guint8       *at,
                       MemsimHeapScalars  *scalars)
{
  guint changed = *at++;

  for (guint k = 0; k < changed; k++)
    {
      guint i = *at++;
      guint64 zigzag = get_varint (&at);
      guint64 delta = (zigzag >> 1) ^ (guint64) -(gint64) (zigzag & 1);

      scalars->word[i] -= delta;
    }
}

gboolean
memsim_undo_log_undo (const MemsimUndoLog *log,
                      guint                index,
                      const MemsimOp      *op,
                      MemsimHeap          *heap)
{
  const guint8 *at;
  MemsimHeapScalars scalars;
  guint8 flags;

  g_return_val_if_fail (memsim_undo_log_can_undo (log, index, index + 1), FALSE);

  at = log->bytes->data + g_array_index (log->offsets, guint32, index);
  flags = *at++;
  /* The scalars as they are now, after the operation: placing and
   * unplacing move some of them (the rover, the peaks) on the way. */
  memsim_heap_get_scalars (heap, &scalars);
  if ((flags & RECORD_PLACED) && !memsim_heap_unplace (heap, op->name))
    return FALSE;
  if (flags & RECORD_REMOVED)
    {
      guint64 start = get_varint (&at);
      guint64 size = get_varint (&at);
      guint64 requested = get_varint (&at);

      if (!memsim_heap_place (heap, op->name, start, size, requested))
        return FALSE;
    }
  take_differences_back (at, &scalars);
  memsim_heap_set_scalars (heap, &scalars);
  return TRUE;
}
