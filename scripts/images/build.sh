#!/usr/bin/env bash
# Builds the local images Nivel's tests and labs need, when they are missing:
#
#     scripts/images/build.sh            # every image this folder describes
#     scripts/images/build.sh python     # only scripts/images/python.sh's
#
# Each image is one script here (`NAME.sh`, sourcing lib.sh); adding an image a lab pins is
# adding one such file. Images already present are left alone, so a second run does nothing.
# Progress goes to stderr; stdout lists the tags this run built, one a line (nothing when all
# were there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for script in "$here"/*.sh; do
        name="$(basename "$script" .sh)"
        case "$name" in lib | build) ;; *) names+=("$name") ;; esac
    done
fi

built="$(mktemp)"
trap 'rm -f "$built"' EXIT
export NIVEL_IMAGES_BUILT="$built"
for name in "${names[@]}"; do
    script="$here/$name.sh"
    if [ "$name" = lib ] || [ "$name" = build ] || [ ! -f "$script" ]; then
        echo "nivel: no image named $name; the images are: $(cd "$here" && ls ./*.sh | sed 's|^\./||; s|\.sh$||' | grep -vx 'lib\|build' | tr '\n' ' ')" >&2
        exit 2
    fi
    bash "$script" >/dev/null
done
cat "$built"
