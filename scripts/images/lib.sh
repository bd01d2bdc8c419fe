# Shared by the image scripts in this folder; sourced, not run.
#
# No registry serves images on the machines Nivel's tests run on, so every image a test or a
# lab needs is built here from software that is reachable: a Debian bookworm root file system
# made with debootstrap and `docker import`ed once as $NIVEL_BASE, then Debian packages and
# PyPI on top of it. An image script is one small file:
#
#     . "$(dirname "$0")/lib.sh"
#     image_build TAG "what it is" <<'DOCKERFILE'
#     FROM nivel-test/debian:bookworm
#     ...
#     DOCKERFILE
#
# image_build does nothing when TAG is already there, and prints TAG on stdout either way.
# The build context holds the host's CA bundle as `ca-certificates.crt` (COPY it where the
# image's programs look), so pip and curl trust the same certificates the host does, plus any
# FILE given after the description (`image_build TAG "what" FILE...`) under its base name: an
# image's pinned requirements and small programs live in a folder named after its script.

NIVEL_BASE=nivel-test/debian:bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

image_say() { echo "nivel: $*" >&2; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Makes $NIVEL_BASE when it is missing: a minimal Debian bookworm from debootstrap.
ensure_debian_base() {
    have_image "$NIVEL_BASE" && return 0
    command -v debootstrap >/dev/null 2>&1 || { image_say "debootstrap is missing (apt-get install debootstrap)"; return 1; }
    local work
    work="$(mktemp -d)"
    image_say "making $NIVEL_BASE with debootstrap from $DEBIAN_MIRROR (a minute or two)"
    if ! as_root debootstrap --variant=minbase bookworm "$work/rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1; then
        tail -n 20 "$work/debootstrap.log" >&2
        as_root rm -rf "$work"
        return 1
    fi
    # Package lists and caches only make the base bigger; apt fetches fresh lists when used.
    as_root rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin "$work/rootfs/var/log/"*
    as_root tar -C "$work/rootfs" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["bash"]' - "$NIVEL_BASE" >/dev/null
    as_root rm -rf "$work"
}

# image_build TAG DESCRIPTION [FILE...] < Dockerfile: builds TAG from the Dockerfile on stdin,
# with the FILEs in its context, when TAG is missing, then prints TAG. When $NIVEL_IMAGES_BUILT
# names a file, a tag actually built is appended to it (build.sh reports those).
image_build() {
    local tag="$1" what="$2" work started
    shift 2
    if have_image "$tag"; then
        cat >/dev/null
        echo "$tag"
        return 0
    fi
    ensure_debian_base
    [ -r "$CA_BUNDLE" ] || { image_say "no CA bundle at $CA_BUNDLE (apt-get install ca-certificates)"; return 1; }
    work="$(mktemp -d)"
    cat >"$work/Dockerfile"
    cp "$CA_BUNDLE" "$work/ca-certificates.crt"
    [ "$#" -eq 0 ] || cp -p "$@" "$work/"
    image_say "building $tag: $what"
    started=$SECONDS
    # The build's output is kept and shown only when it fails: a success needs no pages of pip.
    if ! docker build --tag "$tag" "$work" >"$work/build.log" 2>&1; then
        tail -n 40 "$work/build.log" >&2
        image_say "building $tag failed (the last 40 lines of its output are above)"
        rm -rf "$work"
        return 1
    fi
    rm -rf "$work"
    image_say "built $tag in $((SECONDS - started)) s"
    [ -n "${NIVEL_IMAGES_BUILT:-}" ] && echo "$tag" >>"$NIVEL_IMAGES_BUILT"
    echo "$tag"
}
