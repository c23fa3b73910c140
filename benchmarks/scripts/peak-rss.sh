#!/usr/bin/env bash
# Peak memory of one command, split as Linux accounts it: VmRSS (what /usr/bin/time reports), RssAnon (heaps) and
# RssFile (mapped files: the binary, its libraries, and any git pack files libgit2 keeps mapped).
# usage: benchmarks/scripts/peak-rss.sh COMMAND...   (the command's output goes to $PEAK_RSS_OUT, default /tmp/peak-rss-out.txt)
# Samples /proc/PID/status every 0.2 s, so a peak shorter than that can be missed; prints the peaks and the exit code.
set -uo pipefail
out=${PEAK_RSS_OUT:-/tmp/peak-rss-out.txt}
"$@" > "$out" 2>&1 &
pid=$!
peak_total=0; peak_anon=0; peak_file=0
while kill -0 "$pid" 2>/dev/null; do
  if status=$(cat "/proc/$pid/status" 2>/dev/null); then
    total=$(awk '/^VmRSS/{print $2}' <<<"$status"); anon=$(awk '/^RssAnon/{print $2}' <<<"$status"); file=$(awk '/^RssFile/{print $2}' <<<"$status")
    [ -n "$total" ] && [ "$total" -gt "$peak_total" ] && peak_total=$total
    [ -n "$anon" ] && [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
    [ -n "$file" ] && [ "$file" -gt "$peak_file" ] && peak_file=$file
  fi
  sleep 0.2
done
wait "$pid"; rc=$?
echo "rc=$rc peak VmRSS=$((peak_total / 1024))MB RssAnon=$((peak_anon / 1024))MB RssFile=$((peak_file / 1024))MB"
