#!/usr/bin/env python3
"""Every translation is complete for the sources as they are now.

For each language in LINGUAS: extract the messages from POTFILES.in
afresh (the same keywords as meson's glib preset), merge the .po onto
them without fuzzy matching, and require msgfmt --check --statistics to
report every message translated: no untranslated and no fuzzy ones.
A string added to the sources without a translation fails here.
"""
import os
import subprocess
import sys
import tempfile

XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_',
    '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_set_error:4:c-format',
]


def main():
    root = sys.argv[1]
    po_dir = os.path.join(root, 'po')
    languages = open(os.path.join(po_dir, 'LINGUAS')).read().split()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'memsim.pot')
        subprocess.run(['xgettext', *XGETTEXT_ARGS, '--files-from',
                        os.path.join(po_dir, 'POTFILES.in'), '--directory', root,
                        '--output', pot], check=True, stderr=subprocess.DEVNULL)
        for language in languages:
            merged = os.path.join(tmp, language + '.po')
            subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching',
                            os.path.join(po_dir, language + '.po'), pot,
                            '--output-file', merged], check=True)
            result = subprocess.run(['msgfmt', '--check', '--statistics',
                                     '--output-file', os.devnull, merged],
                                    capture_output=True, text=True)
            report = result.stderr.strip()
            print(f'{language}: {report}')
            if result.returncode != 0 or 'untranslated' in report or 'fuzzy' in report:
                failures += 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
