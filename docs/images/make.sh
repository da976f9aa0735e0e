#!/usr/bin/env bash
# Draws the README's pictures of examples/artemis with pm:
#   - artemis-allocation.svg: `pm report allocation --format svg` (tests/pictures.rs checks that
#     the committed file is exactly what pm draws);
#   - artemis-dashboard.png: the top of `pm report dashboard`, screenshot by headless Chromium
#     (Debian's `chromium`; a screenshot depends on the fonts installed, so no test compares it).
#
#     docs/images/make.sh          # from anywhere in the repository
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --bin pm
PM=target/debug/pm
export PM_TODAY=2026-06-15
$PM -C examples/artemis report allocation --format svg -o docs/images/artemis-allocation.svg

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
$PM -C examples/artemis report dashboard -o "$tmp/dashboard.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --force-color-profile=srgb --user-data-dir="$tmp/profile" --window-size=1280,2350 \
    --screenshot="$PWD/docs/images/artemis-dashboard.png" "file://$tmp/dashboard.html" 2>/dev/null
echo "wrote docs/images/artemis-dashboard.png"
