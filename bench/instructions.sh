#!/usr/bin/env bash
# Counts the instructions (valgrind --tool=callgrind) that one command executes, on every
# thread. Unlike wall time the count does not depend on the machine's load, so one run is a
# figure; it is repeatable to a few parts in ten thousand.
#
#     bench/instructions.sh NAME OUT_DIR COMMAND [ARGS...]
#
# Prints "TOTAL RULES": all instructions of the process, and those spent inside pm's rules
# (`pm::check::check`, inclusive; 0 when the command does not run them). The callgrind profile
# is kept as OUT_DIR/callgrind-NAME.out (read it with callgrind_annotate --inclusive=yes).
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
rules="$(callgrind_annotate --inclusive=yes --threshold=100 "$profile" 2>/dev/null |
    awk '/[: ]pm::check::check( |$)/ && !n { gsub(",", "", $1); print $1; n = 1 }')"
echo "$total ${rules:-0}"
