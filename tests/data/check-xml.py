#!/usr/bin/env python3
# check-xml.py FILE...: fails unless every FILE is well-formed XML.
#
# gtk4-builder-tool validate accepts a .ui file whose root element is never
# closed, and glib-compile-resources copies any bytes; this catches what
# they let through.  (xmllint would do, but libxml2-utils is not in the
# Makefile's package list; python3 is.)
import sys
import xml.etree.ElementTree as ET

failed = False
for path in sys.argv[1:]:
    try:
        ET.parse(path)
    except ET.ParseError as error:
        print(f'{path}: {error}', file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
