#!/usr/bin/env python3
# check-potfiles.py SOURCE_ROOT: fails unless po/POTFILES.in lists every
# file with a translatable string, and nothing that does not exist.
#
# Translatable: a C file under src/ that calls _(), N_(), C_(), NC_() or
# g_dngettext(); a .ui file with translatable="yes"; the desktop file,
# metainfo and schema templates under data/.
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
c_marker = re.compile(r'(?<![A-Za-z0-9_])(N?C?_|g_dn?gettext|ngettext)\s*\(')
ui_marker = re.compile(r'translatable="(yes|true|1)"')

wanted = set()
for path in sorted((root / 'src').rglob('*.c')):
    if c_marker.search(path.read_text(encoding='utf-8')):
        wanted.add(path.relative_to(root).as_posix())
for path in sorted((root / 'ui').glob('*.ui')):
    if ui_marker.search(path.read_text(encoding='utf-8')):
        wanted.add(path.relative_to(root).as_posix())
for pattern in ('*.desktop.in', '*.metainfo.xml.in', '*.gschema.xml'):
    for path in (root / 'data').glob(pattern):
        wanted.add(path.relative_to(root).as_posix())

listed = set()
for line in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
    line = line.strip()
    if line and not line.startswith('#'):
        listed.add(line)

status = 0
for name in sorted(wanted - listed):
    print(f'po/POTFILES.in: {name} has translatable strings but is not listed', file=sys.stderr)
    status = 1
for name in sorted(listed):
    if not (root / name).is_file():
        print(f'po/POTFILES.in: {name} does not exist', file=sys.stderr)
        status = 1
sys.exit(status)
