#!/usr/bin/env bash
# Times whole pm commands on generated programs of size L and M against the parse floor
# (issue 5), records peak memory, counts instructions with callgrind (which, unlike wall time,
# does not depend on the machine's load), checks a program ten times L's size, and prints the
# figures against the targets.
#
#     bench/run.sh                 # RUNS=10 WARMUP=3 by default
#     RUNS=20 bench/run.sh
#
# Programs are generated into target/bench/ (PM_BENCH_DIR) once, and again only when the
# generator changes. Results: target/bench/results/ (hyperfine JSON and CSV, /usr/bin/time -v
# output, summary.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BENCH="${PM_BENCH_DIR:-$ROOT/target/bench}"
OUT="$BENCH/results"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-3}"

install() {
    echo "installing $1 from Debian's packages" >&2
    apt-get update -qq
    apt-get install -y -qq "$1" >/dev/null
}
command -v hyperfine >/dev/null 2>&1 || install hyperfine
[ -x /usr/bin/time ] || install time
command -v valgrind >/dev/null 2>&1 || install valgrind

cargo build --release --bin pm --example gen_program --example parse_floor --example lsp_latency --example split_portfolio
PM="$TARGET/release/pm"
FLOOR="$TARGET/release/examples/parse_floor"
GEN="$TARGET/release/examples/gen_program"
mkdir -p "$OUT"

# generate NAME ARGS...: a program in $BENCH/NAME, rewritten when the generator or ARGS change.
generate() {
    local name="$1"
    shift
    local dir="$BENCH/$name"
    local want
    want="$(sha256sum examples/gen_program.rs | cut -d' ' -f1) $*"
    if [ -f "$dir/program.toml" ] && [ "$(cat "$dir.stamp" 2>/dev/null)" = "$want" ]; then
        return
    fi
    rm -rf "$dir"
    "$GEN" "$@" "$dir"
    echo "$want" >"$dir.stamp"
}
generate L --seed 1 --projects 2000 --people 1000 --assignments 50 --work 100
generate M --seed 1 --projects 500 --people 250 --assignments 50 --work 100
L="$BENCH/L"
M="$BENCH/M"

# Ten programs of size M as one portfolio, against the same project files as one program (its
# people in one program.toml rather than the portfolio's shared pool).
generate M10 --seed 1 --projects 5000 --people 2500 --assignments 50 --work 100
M10="$BENCH/M10"
PORTFOLIO="$BENCH/portfolio"
PORTFOLIO_WANT="$(cat "$M10.stamp") $(sha256sum examples/split_portfolio.rs | cut -d' ' -f1)"
if [ "$(cat "$PORTFOLIO.stamp" 2>/dev/null)" != "$PORTFOLIO_WANT" ]; then
    rm -rf "$PORTFOLIO"
    "$TARGET/release/examples/split_portfolio" "$M10" 10 "$PORTFOLIO"
    echo "$PORTFOLIO_WANT" >"$PORTFOLIO.stamp"
fi

# The edit runs on a copy of L whose project file is put back before every run.
EDIT="$BENCH/L-edit"
rm -rf "$EDIT"
cp -a "$L" "$EDIT"
# sed, not head: head may exit before sort is done, and pipefail would end the script.
EDIT_FILE="$(find "$EDIT/projects" -mindepth 2 -name '*.toml' | sort | sed -n 1p)"
EDIT_ID="$(basename "$EDIT_FILE" .toml)"
EDIT_SAVED="$BENCH/L-edit-original.toml"
cp "$EDIT_FILE" "$EDIT_SAVED"
restore() { cp "$EDIT_SAVED" "$EDIT_FILE"; }
trap restore EXIT

# A Git repository holding L in two commits (the second changes one project), for the
# pull-request commands, remade when L is.
REVIEW="$BENCH/L-git"
if [ "$(cat "$REVIEW.stamp" 2>/dev/null)" != "$(cat "$L.stamp")" ]; then
    rm -rf "$REVIEW"
    cp -a "$L" "$REVIEW"
    g() { git -C "$REVIEW" -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false "$@"; }
    g init -q
    g add -A
    g commit -q -m "L"
    REVIEW_FILE="$(find "$REVIEW/projects" -name '*.toml' | sort | sed -n 2p)"
    sed -i 's/^allocation = \([0-9]*\)/allocation = 1\1/' "$REVIEW_FILE"
    g commit -q -a -m "L with one project's allocations raised"
    cat "$L.stamp" >"$REVIEW.stamp"
fi

names=()
commands=()
prepares=()
add() { names+=("$1"); commands+=("$2"); prepares+=("${3:-true}"); }
add "check L" "'$PM' -C '$L' check --format json --exit-zero"
add "floor L" "'$FLOOR' '$L'"
add "check M" "'$PM' -C '$M' check --format json --exit-zero"
add "floor M" "'$FLOOR' '$M'"
add "check --base L" "'$PM' -C '$REVIEW' check --base HEAD~1 --format json --exit-zero"
add "check portfolio 10×M" "'$PM' -C '$PORTFOLIO' check --format json --exit-zero"
add "check 10×M as one program" "'$PM' -C '$M10' check --format json --exit-zero"
add "diff L" "'$PM' -C '$REVIEW' diff HEAD~1 --format json"
# The leveling plan (read-only without --apply), exact where a part is small, else the fallback.
add "level M" "'$PM' -C '$M' level --format json"
add "level L" "'$PM' -C '$L' level --format json"

# Commands that a build may not have yet are timed only when they run.
WORK_ADD="'$PM' -C '$EDIT' work add '$EDIT_ID' --title 'Benchmark edit'"
if bash -c "$WORK_ADD" >/dev/null 2>&1; then
    add "work add L" "$WORK_ADD" "cp '$EDIT_SAVED' '$EDIT_FILE'"
else
    echo "note: \`pm work add\` does not run in this build; not timed" >&2
fi
restore
REPORT="'$PM' -C '$L' report allocation --by week --from 2026-01-01 --to 2026-12-31"
if bash -c "$REPORT" >/dev/null 2>&1; then
    add "report allocation L" "$REPORT"
else
    echo "note: \`pm report allocation\` does not run in this build; not timed" >&2
fi

# The dashboard is written to a file, as CI publishes it.
DASHBOARD="'$PM' -C '$L' report dashboard -o '$OUT/dashboard-L.html'"
if bash -c "$DASHBOARD" >/dev/null 2>&1; then
    add "report dashboard L" "$DASHBOARD"
else
    echo "note: \`pm report dashboard\` does not run in this build; not timed" >&2
fi

args=()
for i in "${!names[@]}"; do
    args+=(--prepare "${prepares[$i]}" -n "${names[$i]}" "${commands[$i]}")
done
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$OUT/hyperfine.json" --export-csv "$OUT/hyperfine.csv" "${args[@]}"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# peak NAME CMD...: the highest peak resident memory of three runs, in MB (time -v gives KiB).
peak() {
    local name="$1"
    shift
    local best=0 kb
    for i in 1 2 3; do
        /usr/bin/time -v -o "$OUT/time-$name-$i.txt" "$@" >/dev/null
        kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time-$name-$i.txt")"
        [ "$kb" -gt "$best" ] && best="$kb"
    done
    awk -v kb="$best" 'BEGIN { printf "%.0f", kb * 1024 / 1e6 }'
}
PEAK_L="$(peak check-L "$PM" -C "$L" check --format json --exit-zero)"
PEAK_M="$(peak check-M "$PM" -C "$M" check --format json --exit-zero)"
PEAK_FLOOR_L="$(peak floor-L "$FLOOR" "$L")"

# Instructions of one run each, on every thread (bench/instructions.sh prints "TOTAL RULES").
CHECK_ARGS=(check --format json --exit-zero)
read -r INSTR_M RULES_M < <(bench/instructions.sh check-M "$OUT" "$PM" -C "$M" "${CHECK_ARGS[@]}")
read -r INSTR_FLOOR_M _ < <(bench/instructions.sh floor-M "$OUT" "$FLOOR" "$M")
read -r INSTR_L _ < <(bench/instructions.sh check-L "$OUT" "$PM" -C "$L" "${CHECK_ARGS[@]}")

# Ten times L (20,000 projects, about 570 MB), generated for this run and removed after it:
# instructions and peak memory, to show both grow in line with the program.
XL="$BENCH/XL"
rm -rf "$XL"
"$GEN" --seed 1 --projects 20000 --people 10000 --assignments 50 --work 100 "$XL"
PEAK_XL="$(peak check-XL "$PM" -C "$XL" "${CHECK_ARGS[@]}")"
read -r INSTR_XL _ < <(bench/instructions.sh check-XL "$OUT" "$PM" -C "$XL" "${CHECK_ARGS[@]}")
# Bytes of the program's files, not of the folder's blocks.
files_mb() { find "$1" -name '*.toml' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s / 1e6 }'; }
FILES_XL="$(files_mb "$XL")"
rm -rf "$XL"

# The language server on L: 21 changes of one project file, each until its diagnostics arrive.
PM="$PM" "$TARGET/release/examples/lsp_latency" "$L" 21 | tee "$OUT/lsp-L.txt"
LSP_MEDIAN="$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$OUT/lsp-L.txt")"
LSP_CPU="$(sed -n 's/^server CPU time per change.*: \([0-9.]*\) ms/\1/p' "$OUT/lsp-L.txt")"
LSP_PEAK="$(sed -n 's/^server peak memory: \([0-9]*\) MB/\1/p' "$OUT/lsp-L.txt")"

# Change control: PM108 with 100 commits of history on L, and the merge driver on 1 MB.
CHANGE_CONTROL="$(bench/change_control.sh "$PM" "$GEN" "$L" "$BENCH" "$OUT" "$RUNS" "$WARMUP")"

median() { awk -F, -v n="$1" 'NR > 1 && $1 == n { print $4 }' "$OUT/hyperfine.csv"; }
# CPU time on all cores (user + system, mean of the runs): what the machine spent, not the wait.
cpu() { awk -F, -v n="$1" 'NR > 1 && $1 == n { print $5 + $6 }' "$OUT/hyperfine.csv"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# verdict VALUE LIMIT: "met" when VALUE <= LIMIT.
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l ? "met" : "NOT met") }'; }

CHECK_L="$(median "check L")"
FLOOR_L="$(median "floor L")"
CHECK_M="$(median "check M")"
FLOOR_M="$(median "floor M")"
SIZE_L="$(du -sm "$L" | cut -f1)"
FILES_L="$(files_mb "$L")"
SIZE_M="$(du -sm "$M" | cut -f1)"

{
    echo "## pm benchmark, $(date -u +%Y-%m-%d)"
    echo
    echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | sed -n 1p);" \
        "load average $LOAD_BEFORE before the timed runs, $LOAD_AFTER after."
    echo "Build: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')."
    echo "Programs: L = 2,000 projects, 1,000 people, 50 assignments and 100 work items per project" \
        "(${SIZE_L} MB); M = 500 projects, 250 people, same per project (${SIZE_M} MB). Seed 1."
    echo "Times are medians of $RUNS runs after $WARMUP warm-up runs (hyperfine); memory is the" \
        "highest of 3 runs (/usr/bin/time -v); instructions are callgrind's count of one run" \
        "(valgrind --tool=callgrind, every thread)."
    echo
    echo "| command | median wall time | CPU time (user + system) |"
    echo "|---|---|---|"
    for n in "${names[@]}"; do
        echo "| $n | $(ms "$(median "$n")") | $(ms "$(cpu "$n")") |"
    done
    echo
    echo "| target | figure | limit | |"
    echo "|---|---|---|---|"
    r="$(ratio "$CHECK_L" "$FLOOR_L")"
    echo "| pm check on L vs the parse floor (wall) | ${r}× | ≤ 0.5× | $(verdict "$r" 0.5) |"
    r="$(ratio "$CHECK_M" "$FLOOR_M")"
    echo "| pm check on M vs the parse floor | ${r}× | (for reference) | |"
    r="$(ratio "$CHECK_L" "$CHECK_M")"
    echo "| pm check on L vs on M | ${r}× | ≤ 4.6× | $(verdict "$r" 4.6) |"
    r="$(ratio "$PEAK_L" "$FILES_L")"
    echo "| peak memory of pm check on L | ${PEAK_L} MB, ${r}× the ${FILES_L} MB of files | ≤ 3× | $(verdict "$r" 3) |"
    r="$(ratio "$INSTR_M" "$INSTR_FLOOR_M")"
    echo "| instructions of pm check on M vs the floor's | $INSTR_M vs $INSTR_FLOOR_M: ${r}× | ≤ 0.6× | $(verdict "$r" 0.6) |"
    r="$(awk -v a="$RULES_M" -v b="$INSTR_M" 'BEGIN { printf "%.1f", 100 * a / b }')"
    echo "| share of pm check's instructions on M spent checking (rules, sorting, fingerprints) | ${r}% ($RULES_M) | ≤ 8% | $(verdict "$r" 8) |"
    r="$(ratio "$INSTR_XL" "$INSTR_L")"
    echo "| instructions of pm check on 10×L vs on L | $INSTR_XL vs $INSTR_L: ${r}× | ≤ 10.5× | $(verdict "$r" 10.5) |"
    r="$(ratio "$PEAK_XL" "$FILES_XL")"
    echo "| peak memory of pm check on 10×L | ${PEAK_XL} MB, ${r}× the ${FILES_XL} MB of files | ≤ 3× | $(verdict "$r" 3) |"
    echo "| peak memory of pm check on M | ${PEAK_M} MB | (for reference) | |"
    echo "| peak memory of the floor on L | ${PEAK_FLOOR_L} MB | (for reference) | |"
    r="$(ratio "$(median "check --base L")" "$CHECK_L")"
    echo "| pm check --base HEAD~1 on L vs pm check on L | ${r}× | ≤ 2.2× | $(verdict "$r" 2.2) |"
    r="$(ratio "$(median "diff L")" "$CHECK_L")"
    echo "| pm diff HEAD~1 on L vs pm check on L | ${r}× | ≤ 2.5× | $(verdict "$r" 2.5) |"
    echo "| pm lsp on L: didChange to publishDiagnostics, median of 20 | ${LSP_MEDIAN} ms | ≤ 150 ms | $(verdict "$LSP_MEDIAN" 150) |"
    echo "| pm lsp on L: server CPU time per change (mean) | ${LSP_CPU} ms | (for reference) | |"
    r="$(ratio "$LSP_PEAK" "$PEAK_L")"
    echo "| peak memory of pm lsp on L vs pm check | ${r}× | ≤ 1.5× | $(verdict "$r" 1.5) |"
    r="$(ratio "$(median "check portfolio 10×M")" "$(median "check 10×M as one program")")"
    echo "| pm check on a portfolio of 10 programs of size M vs the same files as one program | ${r}× | ≤ 1.1× | $(verdict "$r" 1.1) |"
    LEVEL_M="$(median "level M")"
    echo "| pm level on M | $(ms "$LEVEL_M") | < 10 s | $(verdict "$LEVEL_M" 10) |"
    echo "| pm level on L | $(ms "$(median "level L")") | (reported) | |"
    # What the plan costs with the solver of every run and with the fallback alone.
    cost() { "$PM" -C "$1" level --format json --solver "$2" | tr -d ' \n' | sed -n 's/.*"cost":{\([^}]*\)}.*/\1/p'; }
    echo "| pm level on M, cost of auto / fallback alone | $(cost "$M" auto) / $(cost "$M" fast) | (for reference) | |"
    echo "| pm level on L, cost of auto / fallback alone | $(cost "$L" auto) / $(cost "$L" fast) | (for reference) | |"
    echo "$CHANGE_CONTROL"
    if [ -n "$(median "work add L")" ]; then
        r="$(ratio "$(median "work add L")" "$FLOOR_L")"
        echo "| pm work add on L vs the floor | ${r}× | ≤ 0.01× | $(verdict "$r" 0.01) |"
    else
        echo "| pm work add on L vs the floor | not measured: the command does not run in this build | ≤ 0.01× | |"
    fi
    if [ -n "$(median "report dashboard L")" ]; then
        r="$(ratio "$(median "report dashboard L")" "$FLOOR_L")"
        echo "| pm report dashboard on L vs the floor | ${r}× | ≤ 3× | $(verdict "$r" 3) |"
        "$PM" -C "$M" report dashboard -o "$OUT/dashboard-M.html" 2>/dev/null
        mb="$(awk -v b="$(stat -c %s "$OUT/dashboard-M.html")" 'BEGIN { printf "%.2f", b / 1e6 }')"
        echo "| size of the dashboard of M | ${mb} MB | < 2 MB | $(verdict "$mb" 1.999) |"
    else
        echo "| pm report dashboard on L vs the floor | not measured: the command does not run in this build | ≤ 3× | |"
    fi
    if [ -n "$(median "report allocation L")" ]; then
        r="$(ratio "$(median "report allocation L")" "$FLOOR_L")"
        echo "| pm report allocation --by week, a year, on L vs the floor | ${r}× | ≤ 2× | $(verdict "$r" 2) |"
    else
        echo "| pm report allocation --by week, a year, on L vs the floor | not measured: the command does not run in this build | ≤ 2× | |"
    fi
} | tee "$OUT/summary.md"
