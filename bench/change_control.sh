#!/usr/bin/env bash
# What change control costs (issue 13), printed as rows of bench/run.sh's target table:
#
# - pm check on L in a Git repository whose history holds L's approval and then 100 commits
#   touching 50 approved projects (each gets a deliverable added; half of them an approved change
#   that covers it, the other half a raised effort cap that nothing covers, so PM108 finds 50
#   differences), against pm check on the same files outside Git, where PM108 does not run;
# - pm merge-driver on a project file of about 1 MB, both sides adding work and one side changing
#   an item's status.
#
#     bench/change_control.sh PM GEN L BENCH OUT [RUNS] [WARMUP]
#
# PM is the pm binary, GEN the gen_program example, L the program of size L, BENCH the folder
# the fixtures are made in (remade only when L or this script changes), OUT where hyperfine's
# results go.
set -euo pipefail

PM="$1"
GEN="$2"
L="$3"
BENCH="$4"
OUT="$5"
RUNS="${6:-10}"
WARMUP="${7:-3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

HIST="$BENCH/L-history"
PLAIN="$BENCH/L-history-plain"
WANT="$(cat "$L.stamp" 2>/dev/null || echo none) $(sha256sum "$HERE/change_control.sh" | cut -d' ' -f1)"
g() { git -C "$HIST" -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false "$@"; }
if [ "$(cat "$HIST.stamp" 2>/dev/null)" != "$WANT" ] || [ ! -d "$PLAIN" ]; then
    rm -rf "$HIST" "$PLAIN"
    cp -a "$L" "$HIST"
    g init -q
    g add -A
    g commit -q -m "L, every charter approved"
    # The first 50 project files, by path (sed, not head: see bench/run.sh).
    mapfile -t files < <(find "$HIST/projects" -name '*.toml' | sort | sed -n 1,50p)
    n=0
    for f in "${files[@]}"; do
        printf '\n[[deliverable]]\nid = "bench-added-%d"\ntitle = "Added after approval %d"\n' "$n" "$n" >>"$f"
        g commit -q -a -m "Add a deliverable to $(basename "$f" .toml)"
        if [ $((n % 2)) = 0 ]; then
            printf '\n[[change]]\nid = "bench-cover-%d"\ntitle = "Cover the added deliverable"\nstatus = "approved"\nrequested_by = "ada-0001"\ndecided_by = "ada-0001"\ndecided = 2029-01-20\nreason = "The benchmark covers half"\nadds = ["bench-added-%d"]\n' "$n" "$n" >>"$f"
            g commit -q -a -m "Approve a change covering it"
        else
            sed -i 's/^effort_hours = \([0-9]*\)$/effort_hours = 1\1/' "$f"
            g commit -q -a -m "Raise the effort cap without a change"
        fi
        n=$((n + 1))
    done
    mkdir -p "$PLAIN"
    (cd "$HIST" && tar --exclude=.git -cf - .) | (cd "$PLAIN" && tar -xf -)
    echo "$WANT" >"$HIST.stamp"
fi
# Outside Git: the plain copy, with Git told not to look above the benchmark folder (it lies
# inside pm's own repository).
OUTSIDE="GIT_CEILING_DIRECTORIES='$BENCH' '$PM' -C '$PLAIN' check --format json --exit-zero"
INSIDE="'$PM' -C '$HIST' check --format json --exit-zero"
# Findings, not the summary's note that PM108 did not run (which names the code too).
FOUND="$("$PM" -C "$HIST" check --format json --exit-zero | grep -c '"rule": "scope-change-without-approval"' || true)"
OUTSIDE_FOUND="$(bash -c "$OUTSIDE" | grep -c '"rule": "scope-change-without-approval"' || true)"

# A project file of about 1 MB: one project, 4,000 work items and 1,000 assignments. The
# generator may start one person twice on one day, which the driver cannot tell apart and leaves
# to git merge-file: such repeats are left out of the file.
MD="$BENCH/merge-1mb"
MD_WANT="$(sha256sum "$HERE/../examples/gen_program.rs" | cut -d' ' -f1) $WANT"
if [ "$(cat "$MD.stamp" 2>/dev/null)" != "$MD_WANT" ]; then
    rm -rf "$MD"
    "$GEN" --seed 1 --projects 1 --people 3000 --assignments 1000 --work 4000 "$MD/program"
    base="$(find "$MD/program/projects" -name '*.toml' | sed -n 1p)"
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
        /^\[\[assignment\]\]/ {
            key = ""
            n = split($0, lines, "\n")
            for (i = 1; i <= n; i++) if (lines[i] ~ /^(person|from) = /) key = key lines[i]
            if (key in seen) next
            seen[key] = 1
        }
        { print }' "$base" >"$MD/base.toml"
    # Ours adds 20 work items at the end; theirs adds 20 others and marks the first item done.
    cp "$MD/base.toml" "$MD/ours.toml"
    cp "$MD/base.toml" "$MD/theirs.toml"
    for i in $(seq 1 20); do
        printf '\n[[work]]\nid = "ours-%d"\ntitle = "Ours %d"\nestimate_hours = 8\n' "$i" "$i" >>"$MD/ours.toml"
        printf '\n[[work]]\nid = "theirs-%d"\ntitle = "Theirs %d"\nestimate_hours = 8\n' "$i" "$i" >>"$MD/theirs.toml"
    done
    awk 'BEGIN { w = 0 } /^\[\[work\]\]/ { w++ } w == 1 && /^status = / && !done { print "status = \"done\""; done = 1; next } { print }' \
        "$MD/base.toml" >"$MD/theirs-status.toml"
    for i in $(seq 1 20); do
        printf '\n[[work]]\nid = "theirs-%d"\ntitle = "Theirs %d"\nestimate_hours = 8\n' "$i" "$i" >>"$MD/theirs-status.toml"
    done
    mv "$MD/theirs-status.toml" "$MD/theirs.toml"
    echo "$MD_WANT" >"$MD.stamp"
fi
MD_BYTES="$(stat -c %s "$MD/base.toml")"
MERGE="'$PM' merge-driver '$MD/base.toml' '$MD/result.toml' '$MD/theirs.toml' projects/big.toml"
COPY="cp '$MD/ours.toml' '$MD/result.toml'"
# The merge must be clean, item by item, and keep both sides' additions, or its time means
# nothing.
bash -c "$COPY && $MERGE" 2>"$MD/merge.err" || {
    cat "$MD/merge.err" >&2
    echo "error: the benchmark's merge is not clean" >&2
    exit 1
}
if [ -s "$MD/merge.err" ]; then
    cat "$MD/merge.err" >&2
    echo "error: the driver did not merge the benchmark's file item by item" >&2
    exit 1
fi
for w in ours-20 theirs-20; do
    grep -q "^id = \"$w\"" "$MD/result.toml" || {
        echo "error: the merged file lost $w" >&2
        exit 1
    }
done

hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-csv "$OUT/change-control.csv" \
    -n "check L outside Git" "$OUTSIDE" \
    -n "check L with 100 commits of history" "$INSIDE" >&2
# The driver alone, without a shell; the file it writes over is put back before each run.
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-csv "$OUT/merge-driver.csv" \
    --prepare "$COPY" -n "merge-driver 1 MB" "$MERGE" >&2

median() { cat "$OUT/change-control.csv" "$OUT/merge-driver.csv" | awk -F, -v n="$1" '$1 == n { print $4 }'; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l ? "met" : "NOT met") }'; }
r="$(awk -v a="$(median "check L with 100 commits of history")" -v b="$(median "check L outside Git")" 'BEGIN { printf "%.2f", a / b }')"
echo "| pm check on L with 100 commits of history over 50 approved projects ($FOUND PM108 findings) vs outside Git ($OUTSIDE_FOUND) | ${r}× | ≤ 1.5× | $(verdict "$r" 1.5) |"
ms="$(awk -v s="$(median "merge-driver 1 MB")" 'BEGIN { printf "%.1f", s * 1000 }')"
kb="$(awk -v b="$MD_BYTES" 'BEGIN { printf "%.0f", b / 1024 }')"
echo "| pm merge-driver on a ${kb} KiB project file, both sides adding work | ${ms} ms | < 100 ms | $(verdict "$ms" 99.999) |"
