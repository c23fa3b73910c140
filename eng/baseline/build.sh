#!/usr/bin/env bash
# Rebuilds eng/baseline/*.0.1.0-preview.nupkg: the five packages of the SDK's first version (0.1.0-preview),
# packed from the commit that ended it. Package validation (eng/Library.targets) compares every pack with them.
# Needs the full history (not a shallow clone).
set -euo pipefail
cd "$(dirname "$0")/../.."
baseline_commit=b9384f83ac4f59d19999b4612c56bb08aaffb6e5
if ! git cat-file -e "${baseline_commit}^{commit}" 2>/dev/null; then
  echo "this clone lacks commit ${baseline_commit} (a shallow clone?): run git fetch --unshallow first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive "$baseline_commit" | tar -x -C "$work"
for package in Uri Model Provenance GitTransport Query; do
  dotnet pack "$work/src/GasTown.Federation.$package" -c Release -o "$work/out"
done
cp "$work"/out/GasTown.Federation.*.0.1.0-preview.nupkg eng/baseline/
ls -l eng/baseline/*.nupkg
