#!/usr/bin/env bash
# Counts the instructions (valgrind --tool=callgrind) that one command executes, on every
# thread. Unlike wall time the count does not depend on the machine's load, so one run is a
# figure; it is repeatable to a few parts in ten thousand.
#
#     bench/instructions.sh NAME OUT_DIR COMMAND [ARGS...]
#
# Prints "TOTAL RULES": all instructions of the process, and those spent checking: inside
# `pm::check::check_against` (on the main thread: the load rules, PM108, sorting and
# fingerprinting the findings) and `pm::check::family` (the other rule families, each on its own
# thread), inclusive;
# 0 when the command checks nothing. The callgrind profile is kept as OUT_DIR/callgrind-NAME.out (read it with callgrind_annotate --inclusive=yes).
set -euo pipefail
name="$1"
out="$2"
shift 2
command -v valgrind >/dev/null 2>&1 || {
    echo "installing valgrind from Debian's packages" >&2
    apt-get update -qq
    apt-get install -y -qq valgrind >/dev/null
}
profile="$out/callgrind-$name.out"
rm -f "$profile"
# The command's own exit status (findings) is not a failure of the count.
valgrind --tool=callgrind --callgrind-out-file="$profile" "$@" >/dev/null 2>"$out/callgrind-$name.log" || true
[ -s "$profile" ] || { echo "error: callgrind wrote no profile; see $out/callgrind-$name.log" >&2; exit 1; }
total="$(awk '/^(summary|totals):/ && !n { print $2; n = 1 }' "$profile")"
# callgrind_annotate may list a function twice (by file and by object); the larger is the whole.
rules="$(callgrind_annotate --inclusive=yes --threshold=100 "$profile" 2>/dev/null |
    awk 'match($0, /[: ]pm::check::(check_against|family)( |$)/) {
        f = substr($0, RSTART + 1, RLENGTH - 1); sub(/ $/, "", f)
        v = $1; gsub(",", "", v); if (v + 0 > most[f]) most[f] = v + 0
    } END { for (f in most) s += most[f]; printf "%.0f\n", s }')"
echo "$total ${rules:-0}"
