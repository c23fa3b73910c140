#!/usr/bin/env bash
# Fresh-process query costs of native gtfed builds against the `--version` floor, measured in the same round.
# usage: benchmarks/scripts/native-ratios.sh TOWN UNIT_URI TOOL...   (each TOOL a gtfed binary; two interleaved rounds)
# e.g.   benchmarks/scripts/native-ratios.sh /tmp/fed/observer gt://owner0@example.com/town0/gastown/gt-00255s before/gtfed after/gtfed
# Needs perf and bc. The town's index should be current (run any query once first); keep the machine quiet.
set -euo pipefail
town=$1; unit=$2; shift 2
cd "$town"
for tool in "$@"; do "$tool" show "$unit" --town . >/dev/null 2>&1 || true; "$tool" show "$unit" --town . >/dev/null 2>&1 || true; done
sleep 3 # past the two seconds within which a file just written is racily clean
ms() { perf stat -r 20 "$@" 2>&1 >/dev/null | grep elapsed | awk '{printf "%.1f", $1*1000}'; }
for round in 1 2; do
  for tool in "$@"; do
    floor=$(ms "$tool" --version)
    line="$tool floor=$floor"
    for query in "show $unit" "list --remote r0 --status open --limit 50" "search refinery --limit 50" "list --ready --limit 50"; do
      # shellcheck disable=SC2086
      t=$(ms "$tool" $query --town .)
      line="$line | ${query}: ${t} ms ($(echo "scale=2; $t/$floor" | bc)x)"
    done
    echo "$line"
  done
done
