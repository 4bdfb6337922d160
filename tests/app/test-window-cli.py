#!/usr/bin/env python3
"""The memsim program's own command line, end to end (under Xvfb):

- `memsim FILE --screenshot PNG` opens FILE (GApplication's open), waits
  for it, renders the window and quits: the PNG is a picture of the
  window's size;
- `memsim S.memsim --screenshot PNG` does the same for a session file,
  which opens in a window of its own (memsim-cli run --save wrote it);
- `memsim --script FILE --bench-startup` prints its two start-up figures;
- `memsim --style grey` is refused with exit status 2.
"""
import os
import struct
import subprocess
import sys
import tempfile

memsim, script = sys.argv[1], sys.argv[2]
memsim_cli = sys.argv[3] if len(sys.argv) > 3 else None
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

    if memsim_cli is not None:
        session = os.path.join(tmp, 'intro.memsim')
        saved = subprocess.run([memsim_cli, 'run', script, '--save', session],
                               capture_output=True, text=True, timeout=60)
        assert saved.returncode == 0, saved.stderr
        shot = os.path.join(tmp, 'session.png')
        result = run(session, '--screenshot', shot)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(shot), result.stdout
        width, height = png_size(shot)
        assert 900 <= width <= 1100 and 600 <= height <= 800, (width, height)
        print(f'session screenshot {width}x{height}')

result = run('--script', script, '--bench-startup')
assert result.returncode == 0, result.stderr
lines = [line for line in result.stdout.splitlines() if line.startswith('startup: ')]
assert len(lines) == 2 and 'window built' in lines[0] and 'first frame' in lines[1], result.stdout
print('\n'.join(lines))

result = run('--style', 'grey')
assert result.returncode == 2, result.returncode
assert '--style is light or dark, not “grey”' in result.stderr, result.stderr
print('ok')
