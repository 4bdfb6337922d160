#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (docs/reliability.md).
#
#   tests/fuzz/run-fuzzers.sh BUILD_DIR SECONDS [TARGET…]
#
# BUILD_DIR was configured with CC=clang -Dfuzz=true; without TARGETs,
# every fuzz-NAME program built there runs.  Each target starts
# from its seed corpus (tests/fuzz/corpus/TARGET) plus what earlier runs
# found (BUILD_DIR/fuzz-corpus/TARGET, kept between runs), with its
# dictionary when there is one.  A finding is written to
# BUILD_DIR/fuzz-findings/ and the script exits 1 after the other targets
# have run; replay it with BUILD_DIR/tests/fuzz/fuzz-replay TARGET FILE, fix
# it, and copy it to tests/fuzz/regress/TARGET/ as a regression test.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?usage: run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]}"
seconds="${2:?usage: run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]}"
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # Every fuzz-NAME that meson built (tests/fuzz/meson.build lists them).
  for program in "$build"/tests/fuzz/fuzz-*; do
    name="${program##*/fuzz-}"
    if [ -f "$program" ] && [ -x "$program" ] && [ "$name" != replay ]; then
      targets+=("$name")
    fi
  done
fi

status=0
mkdir -p "$build/fuzz-findings"
for target in "${targets[@]}"; do
  program="$build/tests/fuzz/fuzz-$target"
  corpus="$build/fuzz-corpus/$target"
  dict=()
  if [ ! -x "$program" ]; then
    echo "run-fuzzers: $program is missing: configure $build with CC=clang -Dfuzz=true" >&2
    exit 2
  fi
  if [ -f "$here/$target.dict" ]; then
    dict=("-dict=$here/$target.dict")
  fi
  mkdir -p "$corpus"
  echo "== fuzz-$target for ${seconds}s"
  # Criticals are fatal (the targets set it); ASan reports leaks at exit.
  G_SLICE=always-malloc \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$program" "$corpus" "$here/corpus/$target" "${dict[@]}" \
      -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/fuzz-findings/$target-" \
      2>"$build/fuzz-$target.log"
  result=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' \
    "$build/fuzz-$target.log" || true
  if [ $result -ne 0 ]; then
    echo "fuzz-$target: FINDING (exit $result), see $build/fuzz-$target.log:" >&2
    grep -E 'FINDING|ERROR|SUMMARY|Test unit written' "$build/fuzz-$target.log" | head -5 >&2
    status=1
  fi
done
exit $status
