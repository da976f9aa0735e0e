#!/bin/sh
# Fills fuzz/corpus/check with every project file and program.toml of the test fixtures and
# the examples (a program.toml goes in joined to a project file, as the target splits them).
set -eu
cd "$(dirname "$0")/.."
out=fuzz/corpus/check
mkdir -p "$out"
n=0
for p in $(find tests/fixtures examples -path '*/projects/*.toml' -type f | sort); do
    n=$((n + 1))
    cp "$p" "$out/project-$n.toml"
done
for p in $(find tests/fixtures examples -name program.toml -type f | sort); do
    n=$((n + 1))
    dir=$(dirname "$p")
    project=$(find "$dir/projects" -name '*.toml' -type f 2>/dev/null | sort | head -n 1)
    { cat "$p"; printf '\n#%%%%project%%%%\n'; [ -n "$project" ] && cat "$project"; } > "$out/program-$n.toml"
done
echo "seeded $out with $n files"
