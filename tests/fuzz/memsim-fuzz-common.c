/* memsim-fuzz-common.c: the target table and the checks every target runs
 *
 * The checks go beyond each structure's own check(): they compare what
 * three independent views of the heap say (the metrics, a walk of every
 * block, the memory map's columns), because a reader that feeds the engine
 * odd but legal input is most likely to expose a disagreement between them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memsim-fuzz.h"

const MemsimFuzzTarget memsim_fuzz_targets[] = {
  { "script", memsim_fuzz_script },
  { "rep", memsim_fuzz_rep },
  { "pyvalue", memsim_fuzz_pyvalue },
  { "mtrace", memsim_fuzz_mtrace },
  { "native", memsim_fuzz_native },
  { "session", memsim_fuzz_session },
  { NULL, NULL }
};

const MemsimFuzzTarget *
memsim_fuzz_find_target (const char *name)
{
  for (const MemsimFuzzTarget *t = memsim_fuzz_targets; t->name != NULL; t++)
    if (strcmp (t->name, name) == 0)
      return t;
  return NULL;
}

void
memsim_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

void
memsim_fuzz_fail (const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  fputs ("memsim-fuzz: FINDING: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  abort ();
}

void
memsim_fuzz_check_error (const GError *error,
                         const char   *where)
{
  if (error == NULL)
    memsim_fuzz_fail ("%s failed without saying why", where);
  if (error->domain != MEMSIM_ERROR)
    memsim_fuzz_fail ("%s: error from domain %s: %s", where,
                      g_quark_to_string (error->domain), error->message);
  if (error->message == NULL || error->message[0] == '\0')
    memsim_fuzz_fail ("%s: empty error message", where);
  if (!g_utf8_validate (error->message, -1, NULL))
    memsim_fuzz_fail ("%s: error message is not UTF-8", where);
}

/* ---- the heap --------------------------------------------------------- */

typedef struct {
  guint64 next_start;
  guint64 used;
  guint64 requested;
  guint   n_blocks;
  guint   n_live;
} WalkSums;

static gboolean
sum_block (const MemsimBlockInfo *block,
           gpointer               user_data)
{
  WalkSums *sums = user_data;

  if (block->start != sums->next_start)
    memsim_fuzz_fail ("walk: block at %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT,
                      block->start, sums->next_start);
  sums->next_start = block->start + block->size;
  sums->n_blocks++;
  if (!block->free)
    {
      sums->used += block->size;
      sums->requested += block->requested;
      sums->n_live++;
    }
  return TRUE;
}

static void
check_walk (const MemsimHeap    *heap,
            const MemsimMetrics *m)
{
  WalkSums sums = { 0 };

  memsim_heap_walk (heap, 0, m->total, sum_block, &sums);
  if (sums.next_start != m->total)
    memsim_fuzz_fail ("walk ends at %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT,
                      sums.next_start, m->total);
  if (sums.used != m->used || sums.requested != m->requested)
    memsim_fuzz_fail ("walk: used %" G_GUINT64_FORMAT ", requested %" G_GUINT64_FORMAT
                      "; metrics say %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT,
                      sums.used, sums.requested, m->used, m->requested);
  if (sums.n_blocks != memsim_heap_get_n_blocks (heap)
      || sums.n_live != memsim_heap_get_n_live (heap) || sums.n_live != m->live_blocks)
    memsim_fuzz_fail ("walk: %u blocks, %u live; the heap says %u, %u",
                      sums.n_blocks, sums.n_live, memsim_heap_get_n_blocks (heap),
                      memsim_heap_get_n_live (heap));
}

/* The memory map's columns add up to the metrics whatever their edges. */
static void
check_columns (const MemsimHeap    *heap,
               const MemsimMetrics *m)
{
  MemsimColumn columns[7];
  guint64 used = 0, free = 0;

  memsim_heap_aggregate (heap, 0, m->total, G_N_ELEMENTS (columns), columns);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      used += columns[i].used;
      free += columns[i].free;
      if (columns[i].waste > columns[i].used)
        memsim_fuzz_fail ("column %u: waste %" G_GUINT64_FORMAT " > used %" G_GUINT64_FORMAT,
                          i, columns[i].waste, columns[i].used);
    }
  if (used != m->used || free != m->total - m->used)
    memsim_fuzz_fail ("columns: used %" G_GUINT64_FORMAT ", free %" G_GUINT64_FORMAT
                      "; metrics say %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT,
                      used, free, m->used, m->total - m->used);
}

static gboolean
count_buddy_node (const MemsimBuddyNode *node,
                  gpointer               user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

void
memsim_fuzz_check_heap (const MemsimHeap *heap)
{
  g_autoptr (GError) error = NULL;
  MemsimMetrics m;

  if (!memsim_heap_check (heap, &error))
    memsim_fuzz_fail ("heap check: %s", error->message);

  memsim_heap_get_metrics (heap, &m);
  if (m.used > m.total || m.requested > m.used || m.free != m.total - m.used
      || m.largest_free > m.free)
    memsim_fuzz_fail ("metrics out of range: total %" G_GUINT64_FORMAT ", used %"
                      G_GUINT64_FORMAT ", requested %" G_GUINT64_FORMAT ", largest free %"
                      G_GUINT64_FORMAT, m.total, m.used, m.requested, m.largest_free);
  check_walk (heap, &m);
  check_columns (heap, &m);
  if (memsim_heap_get_config (heap)->policy == MEMSIM_POLICY_BUDDY)
    {
      guint n_nodes = 0;

      memsim_heap_walk_buddy_tree (heap, 0, m.total, count_buddy_node, &n_nodes);
      if (n_nodes < memsim_heap_get_n_blocks (heap))
        memsim_fuzz_fail ("buddy tree: %u nodes for %u blocks", n_nodes,
                          memsim_heap_get_n_blocks (heap));
    }
}

void
memsim_fuzz_check_session (MemsimSession *session)
{
  g_autoptr (GError) error = NULL;
  const MemsimHeap *heap = memsim_session_get_heap (session);

  memsim_fuzz_check_heap (heap);
  if (!memsim_object_store_check (memsim_session_get_object_store (session), heap, &error))
    memsim_fuzz_fail ("object store check: %s", error->message);
}

/* ---- a strict JSON validator (RFC 8259) -------------------------------- */

typedef struct {
  const char *p;
  guint       depth;
} Json;

static gboolean json_value (Json *j);

static void
json_blanks (Json *j)
{
  while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
    j->p++;
}

static gboolean
json_string (Json *j)
{
  if (*j->p != '"')
    return FALSE;
  for (j->p++; *j->p != '"'; j->p++)
    {
      if ((guchar) *j->p < 0x20)
        return FALSE;               /* the end, or a raw control character */
      if (*j->p != '\\')
        continue;
      j->p++;
      if (*j->p == 'u')
        {
          for (int i = 1; i <= 4; i++)
            if (!g_ascii_isxdigit (j->p[i]))
              return FALSE;
          j->p += 4;
        }
      else if (strchr ("\"\\/bfnrt", *j->p) == NULL || *j->p == '\0')
        return FALSE;
    }
  j->p++;
  return TRUE;
}

static gboolean
json_number (Json *j)
{
  const char *start = j->p;

  if (*j->p == '-')
    j->p++;
  if (*j->p == '0')
    j->p++;
  else if (g_ascii_isdigit (*j->p))
    while (g_ascii_isdigit (*j->p))
      j->p++;
  else
    return FALSE;
  if (*j->p == '.')
    {
      if (!g_ascii_isdigit (*++j->p))
        return FALSE;
      while (g_ascii_isdigit (*j->p))
        j->p++;
    }
  if (*j->p == 'e' || *j->p == 'E')
    {
      j->p++;
      if (*j->p == '+' || *j->p == '-')
        j->p++;
      if (!g_ascii_isdigit (*j->p))
        return FALSE;
      while (g_ascii_isdigit (*j->p))
        j->p++;
    }
  return j->p > start;
}

/* Members of an object (@object) or items of an array, after the bracket. */
static gboolean
json_container (Json     *j,
                gboolean  object)
{
  char close = object ? '}' : ']';

  if (++j->depth > 256)
    return FALSE;
  j->p++;
  json_blanks (j);
  if (*j->p == close)
    {
      j->p++;
      j->depth--;
      return TRUE;
    }
  for (;;)
    {
      if (object)
        {
          if (!json_string (j))
            return FALSE;
          json_blanks (j);
          if (*j->p++ != ':')
            return FALSE;
        }
      if (!json_value (j))
        return FALSE;
      json_blanks (j);
      if (*j->p == close)
        break;
      if (*j->p++ != ',')
        return FALSE;
      json_blanks (j);
    }
  j->p++;
  j->depth--;
  return TRUE;
}

static gboolean
json_literal (Json       *j,
              const char *word)
{
  gsize n = strlen (word);

  if (strncmp (j->p, word, n) != 0)
    return FALSE;
  j->p += n;
  return TRUE;
}

static gboolean
json_value (Json *j)
{
  json_blanks (j);
  switch (*j->p)
    {
    case '{':
      return json_container (j, TRUE);
    case '[':
      return json_container (j, FALSE);
    case '"':
      return json_string (j);
    case 't':
      return json_literal (j, "true");
    case 'f':
      return json_literal (j, "false");
    case 'n':
      return json_literal (j, "null");
    default:
      return json_number (j);
    }
}

gboolean
memsim_fuzz_json_is_valid (const char *text)
{
  Json j = { text, 0 };

  if (!g_utf8_validate (text, -1, NULL) || !json_value (&j))
    return FALSE;
  json_blanks (&j);
  return *j.p == '\0';
}
