/* test-mallocstats.c: `memsim-cli run --mallocstats` and the object store
 * in `run`, end to end
 *
 * The report is compared line by line with the layout of the machine's
 * own sys._debugmallocstats() when python3 is a 3.11: same header, same
 * labels in the same order, the '=' in the same column.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "memsim-test-cli.h"

static char *
write_script (const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("memsim-objects-XXXXXX.msim", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

static const char script[] =
  "init 64M\n"
  "alloc program 100\n"
  "store a int 1\n"
  "store b int 1\n"
  "store pi float 3.14159\n"
  "store greeting str \"hello, world\"\n"
  "store t tuple (1, 2.5, 'x', b'bytes')\n"
  "store p record Point(x=1, y=2)\n"
  "store big bytes b'" "................................................................"
  "................................................................"
  "................................................................"
  "................................................................"
  "................................................................"
  "................................................................"
  "................................................................"
  "................................................................" "'\n"
  "release b\n"
  "release t\n";

static guint64
value_of (const char *line)
{
  guint64 value = 0;

  for (const char *p = strchr (line, '=') + 1; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      value = value * 10 + (guint64) (*p - '0');
  return value;
}

static void
test_report (void)
{
  g_autofree char *path = write_script (script);
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (GStrv) lines = NULL;
  guint64 sum = 0;
  guint i;

  memsim_test_run_cli (&r, "run", "--mallocstats", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Small block threshold = 512, in 32 size classes.");
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_cmpstr (lines[2], ==, "class   size   num pools   blocks in use  avail blocks");
  g_assert_cmpstr (lines[3], ==, "-----   ----   ---------   -------------  ------------");
  /* 1, 3.14159 and Point's 2 (class 1), 'hello, world' (61: class 3),
   * the instance (56: class 3), the dict (296: class 18) */
  g_assert_cmpstr (lines[4], ==, "    1     32           1               3           507");
  g_assert_cmpstr (lines[5], ==, "    3     64           1               2           253");
  g_assert_cmpstr (lines[6], ==, "   18    304           1               1            52");
  g_assert_cmpstr (lines[7], ==, "");
  g_assert_cmpstr (lines[8], ==, "# arenas allocated total           =                    1");
  g_assert_cmpstr (lines[12], ==, "1 arenas * 1048576 bytes/arena     =            1,048,576");
  /* the arena starts after `program`: not pool-aligned, it loses a pool */
  g_assert_cmpstr (lines[16], ==, "60 unused pools * 16384 bytes      =              983,040");
  g_assert_cmpstr (lines[19], ==, "# bytes lost to arena alignment    =               16,384");
  for (i = 14; i < 20; i++)
    sum += value_of (lines[i]);
  g_assert_true (g_str_has_prefix (lines[20], "Total"));
  g_assert_cmpuint (value_of (lines[20]), ==, sum);
  g_assert_cmpuint (sum, ==, 1048576);
  g_assert_cmpstr (lines[21], ==, "");
  g_assert_null (lines[22]);
  g_unlink (path);
}

static void
test_profile_39 (void)
{
  g_autofree char *path = write_script (script);
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "run", "--mallocstats", "--profile", "cpython-3.9", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "1 arenas * 262144 bytes/arena      =              262,144\n"));
  g_assert_nonnull (strstr (r.out, "unused pools * 4096 bytes"));
  g_unlink (path);
}

#define LABEL_CHARS "#abcdefghijklmnopqrstuvwxyz/* T"

/* Labels, their order and the columns, against the real report. */
static void
test_layout_matches_python (void)
{
  const char *argv[] = { "python3", "-c", "import sys; sys._debugmallocstats()", NULL };
  g_autofree char *path = write_script (script);
  g_autofree char *py_out = NULL, *py_err = NULL;
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (GStrv) ours = NULL, theirs = NULL;
  guint i = 0, j = 0;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &py_out,
                     &py_err, &status, NULL) || !g_spawn_check_wait_status (status, NULL)
      || strstr (py_err, "Small block threshold = 512, in 32 size classes.") == NULL)
    {
      g_test_skip ("python3 with a 64-bit obmalloc is not available: the layout is not compared");
      return;
    }
  memsim_test_run_cli (&r, "run", "--mallocstats", path, NULL);
  ours = g_strsplit (r.out, "\n", -1);
  theirs = g_strsplit (py_err, "\n", -1);
  for (; ours[i] != NULL && !g_str_has_prefix (ours[i], "-----"); i++)
    g_assert_cmpstr (ours[i], ==, theirs[i]);
  /* skip both class tables */
  while (ours[i] != NULL && ours[i][0] != '\0')
    i++;
  for (j = i; theirs[j] != NULL && !g_str_has_prefix (theirs[j], "# arenas allocated total"); j++)
    ;
  for (i++; ours[i] != NULL && theirs[j] != NULL; i++, j++)
    {
      const char *eq = strchr (ours[i], '=');

      if (ours[i][0] == '\0')
        {
          g_assert_cmpstr (theirs[j], ==, "");
          continue;
        }
      g_assert_nonnull (eq);
      g_assert_cmpuint (eq - ours[i], ==, strchr (theirs[j], '=') - theirs[j]);
      g_assert_cmpuint (strlen (ours[i]), ==, strlen (theirs[j]));
      /* the labels, digits aside */
      {
        g_autofree char *label = g_strndup (ours[i], eq - ours[i]);
        g_autofree char *real = g_strndup (theirs[j], eq - ours[i]);

        g_assert_cmpstr (g_strcanon (label, LABEL_CHARS, '9'), ==,
                         g_strcanon (real, LABEL_CHARS, '9'));
      }
      if (g_str_has_prefix (ours[i], "Total"))
        break;
    }
  g_unlink (path);
}

/* A random script of 100,000 stores and releases: the report's six parts
 * add up to its Total, and Total is arenas × arena size. */
static void
test_random_script_sums (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr (GString) text = g_string_new ("init 256M\nalloc program 4000\n");
  g_autoptr (GArray) live = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *path = NULL;
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (GStrv) lines = NULL;
  guint64 sum = 0, total = 0, arenas = 0, serial = 0;

  for (guint i = 0; i < 100000; i++)
    if (live->len < 20 || g_rand_int_range (rand, 0, 100) < 55)
      {
        static const char * const values[] = {
          "int %u", "float %u.5", "str 'k%u'", "bytes b'%u............................'",
          "tuple (%u, 'x y', 2.5)", "record R(a=%u, b=())",
        };
        guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (values) + 1);
        g_autofree char *fill = g_strnfill (600, 'z');
        g_autofree char *value = k < G_N_ELEMENTS (values)
          ? g_strdup_printf (values[k], g_rand_int_range (rand, 0, 1000))
          : g_strdup_printf ("str '%s%u'", fill, i);      /* a large object */

        g_string_append_printf (text, "store v%" G_GUINT64_FORMAT " %s\n", serial, value);
        g_array_append_vals (live, &(guint) { serial++ }, 1);
      }
    else
      {
        guint victim = g_rand_int_range (rand, 0, live->len);

        g_string_append_printf (text, "release v%u\n", g_array_index (live, guint, victim));
        g_array_remove_index_fast (live, victim);
      }
  path = write_script (text->str);
  memsim_test_run_cli (&r, "run", "--strict", "--mallocstats", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "bytes/arena") != NULL)
      {
        arenas = value_of (lines[i]);
        for (guint k = 2; k < 8; k++)
          sum += value_of (lines[i + k]);
        total = value_of (lines[i + 8]);
        g_assert_true (g_str_has_prefix (lines[i + 8], "Total"));
      }
  g_assert_cmpuint (arenas, >, 0);
  g_assert_cmpuint (sum, ==, total);
  g_assert_cmpuint (total, ==, arenas);
  g_unlink (path);
}

static void
test_json_and_errors (void)
{
  g_autofree char *path = write_script (script);
  g_autofree char *bad = write_script ("init 8M\nstore x int abc\nstore y int 1\n");
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "run", "--json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\n  \"object_store\": {\n    \"profile\": \"cpython-3.11\""));
  g_assert_nonnull (strstr (r.out, "\"name\": \"big\", \"names\": [\"big\"], \"type\": \"bytes\", "
                                   "\"size\": 545"));
  memsim_test_cli_result_clear (&r);

  memsim_test_run_cli (&r, "run", "--json", "--mallocstats", path, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--json and --mallocstats"));
  memsim_test_cli_result_clear (&r);

  memsim_test_run_cli (&r, "run", "--profile", "cpython-2.7", path, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown profile"));
  memsim_test_cli_result_clear (&r);

  memsim_test_run_cli (&r, "run", bad, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, ":2: store x int abc: expected a number at character 1"));
  g_assert_nonnull (strstr (r.out, "3 (2 ok, 1 failed)"));
  memsim_test_cli_result_clear (&r);

  memsim_test_run_cli (&r, "run", "--strict", bad, NULL);
  g_assert_cmpint (r.status, ==, 1);
  memsim_test_cli_result_clear (&r);

  memsim_test_run_cli (&r, "run", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--mallocstats"));
  g_assert_nonnull (strstr (r.out, "--profile"));
  g_unlink (path);
  g_unlink (bad);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/objects/cli/mallocstats/report", test_report);
  g_test_add_func ("/objects/cli/mallocstats/profile-3.9", test_profile_39);
  g_test_add_func ("/objects/cli/mallocstats/layout-matches-python", test_layout_matches_python);
  g_test_add_func ("/objects/cli/mallocstats/random-script-sums", test_random_script_sums);
  g_test_add_func ("/objects/cli/json-and-errors", test_json_and_errors);

  return g_test_run ();
}
