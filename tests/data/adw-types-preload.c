/* adw-types-preload.c: lets gtk4-builder-tool validate libadwaita .ui files
 *
 * gtk4-builder-tool knows GTK's types only.  For a <template> it looks the
 * parent class up by name, so libadwaita's classes must be registered before
 * it starts; this library, LD_PRELOADed into the tool, registers them (and,
 * being linked with libadwaita, also lets GtkBuilder find every other
 * adw_*_get_type() by symbol).  It does nothing else: validation stays the
 * tool's own.
 */
#include <adwaita.h>

__attribute__((constructor)) static void
register_adw_types (void)
{
  g_type_ensure (ADW_TYPE_APPLICATION_WINDOW);
  g_type_ensure (ADW_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (ADW_TYPE_HEADER_BAR);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
}
