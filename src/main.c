/* main.c: the entry point of the Memsim application */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "memsim-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MemsimApplication) app = NULL;
  gint64 start = g_get_monotonic_time ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = memsim_application_new ();
  memsim_application_set_start_time (app, start);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
