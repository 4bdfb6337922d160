/* fuzz-replay.c: runs a fuzz target on saved inputs, in the normal build
 *
 *   fuzz-replay TARGET PATH…
 *
 * Each PATH is a file or a directory of files (not recursive).  The inputs
 * are the seed corpus and the findings that became regression tests
 * (tests/fuzz/regress/TARGET/): a finding aborts, so the test fails with the
 * file's name on stderr.  Also the way to check a crash file that libFuzzer
 * wrote: build/tests/fuzz/fuzz-replay script crash-….
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memsim-fuzz.h"

static void
replay_file (const MemsimFuzzTarget *target,
             const char             *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size;

  if (!g_file_get_contents (path, &data, &size, &error))
    {
      fprintf (stderr, "fuzz-replay: %s\n", error->message);
      exit (2);
    }
  fprintf (stderr, "%s %s (%" G_GSIZE_FORMAT " bytes)\n", target->name, path, size);
  target->func ((const guint8 *) data, size);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Files of @dir in name order, so that a run is reproducible. */
static guint
replay_dir (const MemsimFuzzTarget *target,
            const char             *dir_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "fuzz-replay: %s\n", error->message);
      exit (2);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    replay_file (target, g_ptr_array_index (names, i));
  return names->len;
}

int
main (int    argc,
      char **argv)
{
  const MemsimFuzzTarget *target;
  guint n = 0;

  if (argc < 3 || (target = memsim_fuzz_find_target (argv[1])) == NULL)
    {
      fprintf (stderr, "usage: fuzz-replay script|rep|pyvalue|mtrace|native|session PATH…\n");
      return 2;
    }

  for (int i = 2; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        n += replay_dir (target, argv[i]);
      else
        {
          replay_file (target, argv[i]);
          n++;
        }
    }
  printf ("%s: %u inputs, no finding\n", target->name, n);
  return n > 0 ? 0 : 1;
}
