# The tiny image the engine tests and benchmarks run: Debian's static busybox, `docker
# import`ed as nivel-test/busybox:1 when the engine does not have it. Sourced after deps.sh.

busybox_image="nivel-test/busybox:1"

ensure_busybox_image() {
    docker image inspect "$busybox_image" >/dev/null 2>&1 && return 0
    ensure_packages busybox-static
    local dir
    dir="$(mktemp -d)"
    mkdir -p "$dir/rootfs"/{bin,tmp,www,etc,data}
    cp /bin/busybox "$dir/rootfs/bin/busybox"
    for applet in sh httpd wget sleep cat echo ls true false nc env touch mkdir rm date id; do
        ln -s busybox "$dir/rootfs/bin/$applet"
    done
    echo "nivel test page" >"$dir/rootfs/www/index.html"
    printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir/rootfs/etc/passwd"
    tar -C "$dir/rootfs" -cf "$dir/rootfs.tar" .
    docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$dir/rootfs.tar" "$busybox_image" >/dev/null
    rm -rf "$dir"
}
