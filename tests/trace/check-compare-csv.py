#!/usr/bin/env python3
"""check-compare-csv.py: the CSV of `memsim-cli compare` as a spreadsheet reads it.

Runs compare on a real trace under all five policies and reads the file with
Python's csv module (RFC 4180 dialect: commas, CRLF, quotes): the header has
units, every row has every column, numbers parse, and each policy has the
same events.

Usage: check-compare-csv.py MEMSIM-CLI TRACE
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

POLICIES = ["first-fit", "next-fit", "best-fit", "worst-fit", "buddy"]


def main():
    cli, trace = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "compare.csv"
        subprocess.run([cli, "compare", trace, "--total", "1M",
                        "--policies", ",".join(POLICIES), "--csv", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
        raw = out.read_bytes()
        assert raw.endswith(b"\r\n"), "records end in CRLF"
        assert b"\n" not in raw.replace(b"\r\n", b""), "no bare LF"
        with out.open(newline="", encoding="ascii") as f:
            rows = list(csv.DictReader(f))

    header = list(rows[0].keys())
    assert header[:3] == ["policy", "event", "used_bytes"], header
    assert "external_fragmentation_ratio" in header
    assert all(name in ("policy", "event", "free_blocks") or name.endswith(
        ("_bytes", "_ratio", "_ok", "_failed", "_operations")) for name in header), header

    events = {}
    for row in rows:
        assert None not in row and None not in row.values(), row
        int(row["event"]), int(row["used_bytes"]), int(row["free_blocks"])
        ratio = float(row["external_fragmentation_ratio"])
        assert 0.0 <= ratio <= 1.0
        assert int(row["used_bytes"]) + int(row["free_bytes"]) == 1048576
        events.setdefault(row["policy"], []).append(int(row["event"]))

    assert list(events) == POLICIES, list(events)
    first = events[POLICIES[0]]
    assert 512 <= len(first) <= 1024, len(first)
    assert first[0] == 0 and first[-1] == 11913, (first[0], first[-1])
    assert all(events[p] == first for p in POLICIES)
    print(f"{len(rows)} rows, {len(first)} per policy, {len(header)} columns: ok")


if __name__ == "__main__":
    main()
