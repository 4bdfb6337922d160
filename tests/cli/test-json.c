/* test-json.c: the final-state JSON of SEMANTICS.md §10 (memsim-json.c) */
#include <string.h>

#include "memsim-json.h"
#include "memsim-script.h"
#include "memsim-session.h"

/* Runs @script through a session (every op must succeed) and returns the
 * JSON of the final state. */
static char *
json_of_script (const char *script)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = memsim_script_parse (script, -1, "t.msim", &error);
  g_autoptr (MemsimSession) session = memsim_session_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    {
      memsim_session_apply (session, g_ptr_array_index (ops, i), &error);
      g_assert_no_error (error);
    }
  return memsim_json_final_state (memsim_session_get_heap (session));
}

static char *
dtostr (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, value));
}

static void
test_exact_first_fit (void)
{
  g_autofree char *json = json_of_script ("init 1K\nalloc a 100\nalloc \"b\\\"q\" 200\n"
                                          "alloc c 50\nfree a\n");
  g_autofree char *ext = dtostr (1.0 - 640.0 / 752.0);
  g_autofree char *inf = dtostr ((272.0 - 250.0) / 272.0);
  g_autofree char *overhead = dtostr ((384.0 - 350.0) / 350.0);
  g_autofree char *expected = g_strdup_printf (
    "{\n"
    "  \"total\": 1024,\n"
    "  \"policy\": \"first-fit\",\n"
    "  \"align\": 16,\n"
    "  \"header\": 0,\n"
    "  \"min_block\": 64,\n"
    "  \"round_pow2\": false,\n"
    "  \"auto_compact\": false,\n"
    "  \"used\": 272,\n"
    "  \"requested\": 250,\n"
    "  \"free\": 752,\n"
    "  \"largest_free\": 640,\n"
    "  \"free_blocks\": 2,\n"
    "  \"live_blocks\": 2,\n"
    "  \"unusable\": 0,\n"
    "  \"external_fragmentation\": %s,\n"
    "  \"internal_fragmentation\": %s,\n"
    "  \"high_water\": 384,\n"
    "  \"peak_requested\": 350,\n"
    "  \"heap_overhead\": %s,\n"
    "  \"ops\": {\n"
    "    \"alloc_ok\": 3,\n"
    "    \"alloc_failed\": 0,\n"
    "    \"failed_no_space\": 0,\n"
    "    \"failed_fragmented\": 0,\n"
    "    \"free_ok\": 1,\n"
    "    \"free_failed\": 0,\n"
    "    \"realloc_ok\": 0,\n"
    "    \"realloc_failed\": 0,\n"
    "    \"compactions\": 0,\n"
    "    \"bytes_moved\": 0\n"
    "  },\n"
    "  \"blocks\": [\n"
    "    {\"start\": 0, \"size\": 112, \"free\": true},\n"
    "    {\"start\": 112, \"size\": 208, \"free\": false, \"name\": \"b\\\"q\", \"requested\": 200},\n"
    "    {\"start\": 320, \"size\": 64, \"free\": false, \"name\": \"c\", \"requested\": 50},\n"
    "    {\"start\": 384, \"size\": 640, \"free\": true}\n"
    "  ]\n"
    "}\n", ext, inf, overhead);

  g_assert_cmpstr (json, ==, expected);
  g_assert_cmpstr (ext, ==, "0.14893617021276595");
}

static void
test_empty_heap (void)
{
  g_autofree char *json = json_of_script ("init 64\n");

  g_assert_nonnull (strstr (json, "  \"external_fragmentation\": 0,\n"));
  g_assert_nonnull (strstr (json, "  \"heap_overhead\": 0,\n"));
  g_assert_true (g_str_has_suffix (json, "  \"blocks\": [\n"
                                   "    {\"start\": 0, \"size\": 64, \"free\": true}\n"
                                   "  ]\n}\n"));
}

static void
test_buddy_tail (void)
{
  g_autofree char *json = json_of_script ("init 1000\npolicy buddy\nalloc a 100\n");

  g_assert_nonnull (strstr (json, "  \"policy\": \"buddy\",\n"));
  g_assert_nonnull (strstr (json, "  \"unusable\": 40,\n"));
  g_assert_true (g_str_has_suffix (json,
    "  \"blocks\": [\n"
    "    {\"start\": 0, \"size\": 512, \"free\": true},\n"
    "    {\"start\": 512, \"size\": 256, \"free\": true},\n"
    "    {\"start\": 768, \"size\": 128, \"free\": false, \"name\": \"a\", \"requested\": 100},\n"
    "    {\"start\": 896, \"size\": 64, \"free\": true},\n"
    "    {\"start\": 960, \"size\": 40, \"free\": true, \"unusable\": true}\n"
    "  ]\n}\n"));
}

static void
test_settings (void)
{
  g_autofree char *json = json_of_script ("init 4K\nset align 32\nset header 8\n"
                                          "set round pow2 on\nset auto-compact on\n");

  g_assert_nonnull (strstr (json, "  \"align\": 32,\n  \"header\": 8,\n"));
  g_assert_nonnull (strstr (json, "  \"round_pow2\": true,\n  \"auto_compact\": true,\n"));
}

static void
test_string_escaping (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  memsim_json_append_string (out, "a\"b\\c\n\t\x01\x1f\x7f é €");
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\\u007f é €\"");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/json/exact-first-fit", test_exact_first_fit);
  g_test_add_func ("/cli/json/empty-heap", test_empty_heap);
  g_test_add_func ("/cli/json/buddy-tail", test_buddy_tail);
  g_test_add_func ("/cli/json/settings", test_settings);
  g_test_add_func ("/cli/json/string-escaping", test_string_escaping);

  return g_test_run ();
}
