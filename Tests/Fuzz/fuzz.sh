#!/usr/bin/env bash
# Fuzzes the front matter parser and editor with libFuzzer for a bounded time, starting from the
# committed seeds and every input that once broke a check. Usage: fuzz.sh [seconds] (default 60).
# Exits non-zero on a crash, a broken check, a hang or a memory blow-up, keeping the input.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
scratch=.build-fuzz

# The Swift toolchain ships libFuzzer and AddressSanitizer; libyaml (C) gets both too.
log=$(mktemp)
corpus=$(mktemp -d)
trap 'rm -rf "$corpus" "$log"' EXIT
if ! swift build -c release --product chase-fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCHASE_FUZZING -Xcc -fsanitize=fuzzer-no-link,address >"$log" 2>&1; then
    grep -v "Cannot export local symbol" "$log" | tail -n 30
    echo "fuzz: the fuzz target did not build"
    exit 1
fi
binary="$scratch/release/chase-fuzz"
crashes="$scratch/crashes"
mkdir -p "$crashes"
status=0
# New inputs go to the first (temporary) folder; the committed ones are only read.
SWIFT_BACKTRACE=enable=no "$binary" "$corpus" Tests/Fixtures/fuzz-seeds Tests/Fixtures/fuzz-regressions \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" >"$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" -ne 0 ]; then
    grep -E "Fatal error|ERROR: |SUMMARY|Test unit written" "$log" | head -n 20 || tail -n 40 "$log"
    echo "fuzz: FAILED after ${runs:-?} executions; the input is in $crashes/ — add it to Tests/Fixtures/fuzz-regressions/"
    exit "$status"
fi
echo "fuzz: ${runs:-?} executions in ${seconds} s, no crash"
