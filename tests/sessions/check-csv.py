#!/usr/bin/env python3
"""check-csv.py: Memsim's CSV, read back by an independent reader.

Runs memsim-cli (the path is in $MEMSIM_CLI) on a script whose names need
quoting or look like formulas, writes every table as CSV, and reads each one
with Python's csv module: the header, the row count, the cells, CRLF line
ends, and numbers that parse in the C locale.  Exits 1 on the first
difference (meson test counts it as a failure).
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

SCRIPT = """\
init 64M
policy best-fit
set align 16
alloc plain 100
alloc "a,b" 200
alloc "say \\"hi\\"" 300
alloc =SUM(A1) 400
alloc -minus 500
alloc ünïcødé 600
free plain
free nobody
realloc "a,b" 5000
compact
store greeting str 'hello, world'
store point record Point(x=1, y=2)
release greeting
collect
alloc huge 1G
reset
alloc again 64
"""

OPS_COLUMNS = [
    "index", "line", "time_ns", "operation", "name", "size_bytes", "result", "error",
    "total_bytes", "used_bytes", "requested_bytes", "free_bytes", "largest_free_bytes",
    "free_blocks", "live_blocks", "unusable_bytes", "external_fragmentation",
    "internal_fragmentation", "high_water_bytes", "peak_requested_bytes", "heap_overhead",
    "alloc_ok", "alloc_failed", "failed_no_space", "failed_fragmented", "free_ok",
    "free_failed", "realloc_ok", "realloc_failed", "compactions", "bytes_moved", "arenas",
    "pools", "objects",
]

FRACTIONS = {"external_fragmentation", "internal_fragmentation", "heap_overhead"}
TEXT = {"operation", "name", "result", "error", "policy", "round_pow2", "auto_compact",
        "object_profile", "kind", "names", "type", "class_name", "heap_block"}


def fail(message):
    print("check-csv: " + message, file=sys.stderr)
    sys.exit(1)


def expect(what, got, wanted):
    if got != wanted:
        fail(f"{what}: got {got!r}, expected {wanted!r}")


def cli(*args):
    result = subprocess.run([os.environ["MEMSIM_CLI"], *args], capture_output=True)
    if result.returncode != 0:
        fail(f"memsim-cli {' '.join(args)} exited {result.returncode}: {result.stderr!r}")
    return result.stdout


def read(data):
    """Rows of a CSV file, checking that every line ends in CRLF."""
    text = data.decode("utf-8")
    if not text.endswith("\r\n"):
        fail("the file does not end in CRLF")
    bare_lf = text.replace("\r\n", "").count("\n")
    quoted_lf = sum(cell.count("\n") for row in csv.reader(io.StringIO(text, newline=""))
                    for cell in row)
    expect("line feeds outside quoted cells", bare_lf - quoted_lf, 0)
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    for number, row in enumerate(rows[1:], start=2):
        expect(f"cells in row {number}", len(row), len(rows[0]))
    return rows


def check_numbers(rows):
    header = rows[0]
    for row in rows[1:]:
        for column, cell in zip(header, row):
            if column in TEXT or cell == "":
                continue
            if column in FRACTIONS:
                if "," in cell or "." not in cell:
                    fail(f"{column} is not a C-locale fraction: {cell!r}")
                float(cell)
            else:
                int(cell)


def check_ops(rows):
    expect("ops header", rows[0], OPS_COLUMNS)
    # 20 commands; init, policy and set make no row
    expect("ops rows", len(rows) - 1, 17)
    by_name = {row[4]: row for row in rows[1:] if row[3] == "alloc"}
    for name in ["plain", "a,b", 'say "hi"', "'=SUM(A1)", "'-minus", "ünïcødé", "huge"]:
        if name not in by_name:
            fail(f"no alloc row for {name!r}: {sorted(by_name)}")
    expect("a formula is not a formula", by_name["'=SUM(A1)"][5], "400")
    nobody = [row for row in rows[1:] if row[4] == "nobody"][0]
    expect("failed free", (nobody[3], nobody[6]), ("free", "failed"))
    expect("failed free's reason", nobody[7], "“nobody” is not allocated")
    huge = by_name["huge"]
    expect("alloc beyond the heap", huge[6], "failed")
    expect("alloc_failed after it", huge[OPS_COLUMNS.index("alloc_failed")], "1")
    greeting = [row for row in rows[1:] if row[4] == "greeting" and row[3] == "store"][0]
    expect("stored string's size", greeting[5], "61")
    indexes = [int(row[0]) for row in rows[1:]]
    expect("indexes skip the setting lines", indexes[:2], [3, 4])
    times = [int(row[2]) for row in rows[1:]]
    expect("times never go back", times, sorted(times))
    check_numbers(rows)


def main():
    with tempfile.TemporaryDirectory(prefix="memsim-check-csv-") as folder:
        script = os.path.join(folder, "names.msim")
        session = os.path.join(folder, "names.memsim")
        ops = os.path.join(folder, "ops.csv")
        with open(script, "w", encoding="utf-8") as out:
            out.write(SCRIPT)

        cli("run", "--save", session, "--csv", ops, script)
        with open(ops, "rb") as data:
            check_ops(read(data.read()))
        check_ops(read(cli("export", "--what", "ops", "--csv", "-", session)))

        blocks = read(cli("export", "--what", "blocks", "--csv", "-", session))
        expect("blocks header", blocks[0][:3], ["name", "kind", "start_bytes"])
        expect("blocks after reset", [row[0] for row in blocks[1:]], ["again"])
        check_numbers(blocks)

        stats = read(cli("export", "--what", "stats", "--csv", "-", session))
        expect("stats rows", len(stats), 2)
        row = dict(zip(stats[0], stats[1]))
        expect("stats policy", row["policy"], "best-fit")
        expect("stats live blocks", row["live_blocks"], "1")
        check_numbers(stats)

        # before the reset: the object table of the same script, cut short
        with open(script, "w", encoding="utf-8") as out:
            out.write(SCRIPT.split("alloc huge")[0])
        objects = read(cli("export", "--what", "objects", "--csv", "-", script))
        expect("objects header", objects[0][:3], ["id", "names", "type"])
        expect("objects", [(row[1], row[2], row[3]) for row in objects[1:]],
               [("", "int", ""), ("", "int", ""), ("", "dict", ""), ("point", "record", "Point")])
        check_numbers(objects)
    print("check-csv: ok")


if __name__ == "__main__":
    main()
