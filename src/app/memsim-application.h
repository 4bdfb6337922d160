/* memsim-application.h: the AdwApplication of Memsim */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MEMSIM_TYPE_APPLICATION (memsim_application_get_type ())
G_DECLARE_FINAL_TYPE (MemsimApplication, memsim_application, MEMSIM, APPLICATION, AdwApplication)

MemsimApplication *memsim_application_new          (void);
GSettings         *memsim_application_get_settings (MemsimApplication *self);
/* When the process started, for --bench-startup. */
void               memsim_application_set_start_time (MemsimApplication *self,
                                                      gint64             start_usec);

G_END_DECLS
