/* memsim-bigmem.c: arrays in huge pages (see memsim-bigmem.h) */
#define _GNU_SOURCE             /* mremap() */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "memsim-bigmem.h"

#define HUGE_PAGE ((gsize) 2 << 20)

static inline gboolean
is_mapped (gsize bytes)
{
  return bytes >= HUGE_PAGE;
}

static inline gsize
mapped_length (gsize bytes)
{
  return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* @length bytes of fresh memory on a huge-page boundary: a mapping one
 * huge page longer, trimmed at both ends. */
static char *
map_aligned (gsize length)
{
  char *raw = mmap (NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *aligned;
  gsize head;

  if (raw == MAP_FAILED)
    g_error ("memsim: failed to map %" G_GSIZE_FORMAT " bytes", length);
  aligned = (char *) (((gsize) raw + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
  head = (gsize) (aligned - raw);
  if (head > 0)
    munmap (raw, head);
  munmap (aligned + length, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
  madvise (aligned, length, MADV_HUGEPAGE);
#endif
  return aligned;
}

gpointer
memsim_big_alloc (gsize bytes)
{
  if (!is_mapped (bytes))
    return g_malloc (bytes);
  return map_aligned (mapped_length (bytes));
}

void
memsim_big_free (gpointer mem,
                 gsize    bytes)
{
  if (mem == NULL)
    return;
  if (!is_mapped (bytes))
    g_free (mem);
  else
    munmap (mem, mapped_length (bytes));
}

/* Moves the pages of the mapping @mem (@old_length bytes) to the start of
 * a new one of @new_length: the page tables move, the memory is not
 * copied, and huge pages stay huge (both ends are aligned). */
static gpointer
remap (gpointer mem,
       gsize    old_length,
       gsize    new_length)
{
  char *grown = map_aligned (new_length);

  if (mremap (mem, old_length, old_length, MREMAP_MAYMOVE | MREMAP_FIXED, grown) == MAP_FAILED)
    g_error ("memsim: failed to move %" G_GSIZE_FORMAT " bytes of mapping: %s", old_length,
             g_strerror (errno));
  return grown;
}

gpointer
memsim_big_realloc (gpointer mem,
                    gsize    old_bytes,
                    gsize    new_bytes)
{
  gpointer grown;

  if (mem == NULL)
    return memsim_big_alloc (new_bytes);
  if (!is_mapped (new_bytes) && !is_mapped (old_bytes))
    return g_realloc (mem, new_bytes);
  if (is_mapped (new_bytes) && is_mapped (old_bytes))
    {
      if (mapped_length (new_bytes) == mapped_length (old_bytes))
        return mem;
      if (new_bytes > old_bytes)
        return remap (mem, mapped_length (old_bytes), mapped_length (new_bytes));
    }
  grown = memsim_big_alloc (new_bytes);
  memcpy (grown, mem, MIN (old_bytes, new_bytes));
  memsim_big_free (mem, old_bytes);
  return grown;
}

gpointer
memsim_big_realloc0 (gpointer mem,
                     gsize    old_bytes,
                     gsize    new_bytes)
{
  char *grown;

  g_return_val_if_fail (new_bytes >= old_bytes, NULL);

  /* a new mapping, or a mapping's new pages, read as zero already */
  if (is_mapped (new_bytes) && !is_mapped (old_bytes))
    {
      grown = memsim_big_alloc (new_bytes);
      if (old_bytes > 0)
        memcpy (grown, mem, old_bytes);
      g_free (mem);
      return grown;
    }
  grown = memsim_big_realloc (mem, old_bytes, new_bytes);
  if (!is_mapped (new_bytes))
    memset (grown + old_bytes, 0, new_bytes - old_bytes);
  return grown;
}
