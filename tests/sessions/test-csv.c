/* test-csv.c: the CSV tables — RFC 4180 fields, formula guard, every table,
 * numbers in a locale whose decimal separator is a comma */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "memsim-csv.h"

static char *
field_row (const char * const *fields)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    memsim_csv_append_text (out, fields[i]);
  memsim_csv_end_row (out);
  return g_string_free (out, FALSE);
}

static void
test_fields (void)
{
  const char * const plain[] = { "alloc", "job 1", "ünï", NULL };
  const char * const quoted[] = { "a,b", "say \"hi\"", "two\nlines", "cr\rhere", NULL };
  const char * const formulas[] = { "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "a=b", NULL };
  g_autofree char *row1 = field_row (plain);
  g_autofree char *row2 = field_row (quoted);
  g_autofree char *row3 = field_row (formulas);
  g_autoptr (GString) numbers = g_string_new (NULL);

  g_assert_cmpstr (row1, ==, "alloc,job 1,ünï\r\n");
  g_assert_cmpstr (row2, ==, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n");
  g_assert_cmpstr (row3, ==, "'=1+1,'+1,'-1,'@SUM(A1),'\tx,a=b\r\n");

  memsim_csv_append_uint (numbers, G_MAXUINT64);
  memsim_csv_append_empty (numbers);
  memsim_csv_append_double (numbers, 112.0 / 752.0);
  memsim_csv_append_double (numbers, 0.0);
  memsim_csv_append_text (numbers, NULL);
  memsim_csv_end_row (numbers);
  memsim_csv_append_empty (numbers);
  memsim_csv_append_uint (numbers, 7);
  memsim_csv_end_row (numbers);
  g_assert_cmpstr (numbers->str, ==, "18446744073709551615,,0.148936,0.000000,\r\n\"\",7\r\n");
}

static void
test_table_names (void)
{
  MemsimCsvTable table;

  for (guint i = 0; i < MEMSIM_N_CSV_TABLES; i++)
    {
      g_assert_true (memsim_csv_table_from_string (memsim_csv_table_to_string (i), &table));
      g_assert_cmpint (table, ==, i);
    }
  g_assert_false (memsim_csv_table_from_string ("heap", &table));
}

/* ---- tables --------------------------------------------------------------- */

static void
apply (MemsimSession *session,
       const char    *script_line,
       MemsimOpKind   kind,
       const char    *name,
       guint64        size)
{
  g_autoptr (MemsimOp) op = memsim_op_new (kind);
  guint n = memsim_session_get_n_ops (session);

  op->name = g_strdup (name);
  op->size = size;
  op->line = n + 1;
  if (kind == MEMSIM_OP_STORE)
    {
      op->type = g_strdup ("str");
      op->value = g_strdup (script_line);
    }
  /* fixed times: a microsecond per operation */
  memsim_session_apply_at (session, op, (gint64) n * 1000, NULL);
}

/* The worked example of docs/metrics.md, a name that looks like a formula,
 * a failed free, a policy line (no row), and a stored string. */
static MemsimSession *
example_session (void)
{
  MemsimSession *session = memsim_session_new ();
  g_autoptr (MemsimOp) policy = memsim_op_new (MEMSIM_OP_POLICY);

  apply (session, NULL, MEMSIM_OP_INIT, NULL, 1024);
  policy->policy = MEMSIM_POLICY_FIRST_FIT;
  memsim_session_apply_at (session, policy, 1000, NULL);
  apply (session, NULL, MEMSIM_OP_ALLOC, "a", 100);
  apply (session, NULL, MEMSIM_OP_ALLOC, "b", 200);
  apply (session, NULL, MEMSIM_OP_ALLOC, "=c", 50);
  apply (session, NULL, MEMSIM_OP_FREE, "a", 0);
  apply (session, NULL, MEMSIM_OP_FREE, "nobody", 0);
  return session;
}

static char *
write_table (MemsimSession  *session,
             MemsimCsvTable  table)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  g_assert_true (memsim_csv_write (session, table, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static const char metrics_header[] =
  "total_bytes,used_bytes,requested_bytes,free_bytes,largest_free_bytes,free_blocks,"
  "live_blocks,unusable_bytes,external_fragmentation,internal_fragmentation,high_water_bytes,"
  "peak_requested_bytes,heap_overhead,alloc_ok,alloc_failed,failed_no_space,failed_fragmented,"
  "free_ok,free_failed,realloc_ok,realloc_failed,compactions,bytes_moved,arenas,pools,objects";

static void
test_ops_table (void)
{
  g_autoptr (MemsimSession) session = example_session ();
  g_autofree char *csv = write_table (session, MEMSIM_CSV_OPS);
  g_autofree char *header = g_strconcat ("index,line,time_ns,operation,name,size_bytes,result,"
                                         "error,", metrics_header, NULL);
  g_auto (GStrv) rows = g_strsplit (csv, "\r\n", -1);

  /* a header, 5 operations (not init or policy), and "" after the last CRLF */
  g_assert_cmpuint (g_strv_length (rows), ==, 7);
  g_assert_cmpstr (rows[0], ==, header);
  g_assert_cmpstr (rows[1], ==, "2,3,2000,alloc,a,100,ok,,1024,112,100,912,912,1,1,0,"
                   "0.000000,0.107143,112,100,0.120000,1,0,0,0,0,0,0,0,0,0,0,0,0");
  g_assert_cmpstr (rows[3], ==, "4,5,4000,alloc,'=c,50,ok,,1024,384,350,640,640,1,3,0,"
                   "0.000000,0.088542,384,350,0.097143,3,0,0,0,0,0,0,0,0,0,0,0,0");
  /* metrics.md's worked example: free 752, largest 640, fragmentation 112/752 */
  g_assert_cmpstr (rows[4], ==, "5,6,5000,free,a,,ok,,1024,272,250,752,640,2,2,0,"
                   "0.148936,0.080882,384,350,0.097143,3,0,0,0,1,0,0,0,0,0,0,0,0");
  g_assert_cmpstr (rows[5], ==, "6,7,6000,free,nobody,,failed,“nobody” is not allocated,"
                   "1024,272,250,752,640,2,2,0,0.148936,0.080882,384,350,0.097143,"
                   "3,0,0,0,1,1,0,0,0,0,0,0,0");
  g_assert_cmpstr (rows[6], ==, "");
}

static void
test_blocks_table (void)
{
  g_autoptr (MemsimSession) session = example_session ();
  g_autofree char *csv = write_table (session, MEMSIM_CSV_BLOCKS);

  g_assert_cmpstr (csv, ==,
                   "name,kind,start_bytes,end_bytes,size_bytes,requested_bytes,wasted_bytes\r\n"
                   "b,block,112,320,208,200,8\r\n"
                   "'=c,block,320,384,64,50,14\r\n");
}

static void
test_objects_table (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autofree char *csv = NULL;
  g_autofree char *big = NULL;
  g_autofree char *filler = g_strnfill (600, 'x');

  apply (session, NULL, MEMSIM_OP_INIT, NULL, 8 * 1024 * 1024);
  apply (session, "'hello, world'", MEMSIM_OP_STORE, "greeting", 0);
  apply (session, "'hello, world'", MEMSIM_OP_STORE, "again", 0);
  big = g_strdup_printf ("'%s'", filler);
  apply (session, big, MEMSIM_OP_STORE, "big", 0);
  csv = write_table (session, MEMSIM_CSV_OBJECTS);
  /* arena 0 at 0: its first pool's blocks of 64 bytes follow the 48-byte
   * pool header; the 649-byte string is a heap block of its own */
  g_assert_cmpstr (csv, ==,
                   "id,names,type,class_name,size_bytes,refcount,address_bytes,heap_block,"
                   "arena,pool,block,size_class\r\n"
                   "1,greeting,str,,61,1,48,,0,0,0,3\r\n"
                   "2,again,str,,61,1,112,,0,0,1,3\r\n"
                   "3,big,str,,649,1,1048576,obj#3,,,,\r\n");
}

static void
test_stats_table (void)
{
  g_autoptr (MemsimSession) session = example_session ();
  g_autofree char *csv = write_table (session, MEMSIM_CSV_STATS);
  g_autofree char *expected =
    g_strconcat ("operations,position,policy,align_bytes,header_bytes,min_block_bytes,"
                 "round_pow2,auto_compact,object_profile,", metrics_header, "\r\n"
                 "7,7,first-fit,16,0,64,off,off,cpython-3.11,1024,272,250,752,640,2,2,0,"
                 "0.148936,0.080882,384,350,0.097143,3,0,0,0,1,1,0,0,0,0,0,0,0\r\n", NULL);

  g_assert_cmpstr (csv, ==, expected);
}

/* ---- locale ------------------------------------------------------------- */

/* A locale whose decimal separator is a comma: de_DE.UTF-8 if installed,
 * else one built by localedef from the glibc sources into a temporary
 * folder (LOCPATH).  NULL when neither works (the test is then skipped). */
static char *locale_dir;

static gboolean
use_comma_locale (void)
{
  g_autofree char *source = NULL;
  const char *argv[] = { "localedef", "-c", "-i", NULL, "-f", "UTF-8", NULL, NULL };
  g_autofree char *target = NULL;
  int status;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    return TRUE;
  locale_dir = g_dir_make_tmp ("memsim-locale-XXXXXX", NULL);
  source = g_build_filename (locale_dir, "comma", NULL);
  g_file_set_contents (source, "LC_NUMERIC\ndecimal_point \"<U002C>\"\n"
                       "thousands_sep \"<U002E>\"\ngrouping 3;3\nEND LC_NUMERIC\n", -1, NULL);
  target = g_build_filename (locale_dir, "comma.UTF-8", NULL);
  argv[3] = source;
  argv[6] = target;
  /* -c: the other categories are missing on purpose (exit status 1) */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL);
  g_setenv ("LOCPATH", locale_dir, TRUE);
  return setlocale (LC_NUMERIC, "comma.UTF-8") != NULL;
}

static void
test_locale (void)
{
  g_autoptr (MemsimSession) session = example_session ();
  g_autofree char *stats = NULL, *ops = NULL;
  char printed[16];

  if (!use_comma_locale ())
    {
      g_test_skip ("no locale with a decimal comma (de_DE.UTF-8 or localedef)");
      return;
    }
  /* the C library now writes a comma … */
  g_snprintf (printed, sizeof printed, "%.1f", 1.5);
  g_assert_cmpstr (printed, ==, "1,5");
  /* … and the CSV still a dot */
  stats = write_table (session, MEMSIM_CSV_STATS);
  ops = write_table (session, MEMSIM_CSV_OPS);
  g_assert_nonnull (strstr (stats, ",0.148936,0.080882,384,350,0.097143,"));
  g_assert_nonnull (strstr (ops, ",0.148936,0.080882,384,350,0.097143,"));
  g_assert_null (strstr (ops, "0,148936"));
  setlocale (LC_NUMERIC, "C");
}

/* ---- files ---------------------------------------------------------------- */

static void
test_save (void)
{
  g_autoptr (MemsimSession) session = example_session ();
  g_autofree char *dir = g_dir_make_tmp ("memsim-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ops.csv", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "ops.csv", NULL);
  g_autofree char *expected = write_table (session, MEMSIM_CSV_OPS);
  g_autofree char *contents = NULL, *message = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (memsim_csv_save (session, MEMSIM_CSV_OPS, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);

  g_assert_false (memsim_csv_save (session, MEMSIM_CSV_OPS, nowhere, NULL, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO);
  message = g_strdup_printf ("Could not write %s: No such file or directory", nowhere);
  g_assert_cmpstr (error->message, ==, message);
  /* nothing left behind: only ops.csv is in the folder */
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
remove_locale_dir (void)
{
  const char *names[] = { "comma", "comma.UTF-8", NULL };

  if (locale_dir == NULL)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (locale_dir, names[i], NULL);
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);

          g_unlink (file);
        }
      g_remove (path);
    }
  g_rmdir (locale_dir);
  g_clear_pointer (&locale_dir, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sessions/csv/fields", test_fields);
  g_test_add_func ("/sessions/csv/table-names", test_table_names);
  g_test_add_func ("/sessions/csv/ops", test_ops_table);
  g_test_add_func ("/sessions/csv/blocks", test_blocks_table);
  g_test_add_func ("/sessions/csv/objects", test_objects_table);
  g_test_add_func ("/sessions/csv/stats", test_stats_table);
  g_test_add_func ("/sessions/csv/locale", test_locale);
  g_test_add_func ("/sessions/csv/save", test_save);
  status = g_test_run ();
  remove_locale_dir ();
  return status;
}
