#!/usr/bin/env python3
"""The memsim program's own command line, end to end (under Xvfb):

- `memsim FILE --screenshot PNG` opens FILE (GApplication's open), waits
  for it, renders the window and quits: the PNG is a picture of the
  window's size;
- `memsim --script FILE --bench-startup` prints its two start-up figures;
- `memsim --style grey` is refused with exit status 2.
"""
import os
import struct
import subprocess
import sys
import tempfile

memsim, script = sys.argv[1], sys.argv[2]
env = dict(os.environ, GTK_A11Y='none')


def run(*args):
    return subprocess.run([memsim, *args], env=env, capture_output=True, text=True, timeout=60)


def png_size(path):
    with open(path, 'rb') as png:
        header = png.read(24)
    assert header[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    return struct.unpack('>II', header[16:24])


with tempfile.TemporaryDirectory() as tmp:
    shot = os.path.join(tmp, 'window.png')
    result = run(script, '--style', 'dark', '--view', 'statistics', '--screenshot', shot)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(shot), result.stdout
    width, height = png_size(shot)
    # The window's default size from GSettings: 1000 x 700 (within a few pixels of CSD).
    assert 900 <= width <= 1100 and 600 <= height <= 800, (width, height)
    assert os.path.getsize(shot) > 20000, os.path.getsize(shot)
    print(f'screenshot {width}x{height}, {os.path.getsize(shot)} bytes')

result = run('--script', script, '--bench-startup')
assert result.returncode == 0, result.stderr
lines = [line for line in result.stdout.splitlines() if line.startswith('startup: ')]
assert len(lines) == 2 and 'window built' in lines[0] and 'first frame' in lines[1], result.stdout
print('\n'.join(lines))

result = run('--style', 'grey')
assert result.returncode == 2, result.returncode
assert '--style is light or dark, not “grey”' in result.stderr, result.stderr
print('ok')
