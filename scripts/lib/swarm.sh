#!/usr/bin/env bash
# A Docker Swarm of engines in network namespaces, for the class tests and benchmark (the
# machine's own engine, its network and its docker0 are never touched):
#
#   scripts/lib/swarm.sh up DIR TAG SUBNET WORKERS   # a manager and WORKERS workers, joined
#   scripts/lib/swarm.sh stop-node DIR I             # node I's engine stopped (SIGTERM)
#   scripts/lib/swarm.sh down DIR TAG                # everything of it gone
#
# A "switch" namespace TAGs holds a bridge; the machine is linked to it on 10.231.SUBNET.1
# (link TAGh) and node I's namespace TAGnI on 10.231.SUBNET.(10+I). Each node is a plain
# `dockerd` (vfs storage) in its network namespace and a mount namespace of its own whose /run
# is DIR/nI/run, so a task mounting /var/run/docker.sock reaches its node's engine; from here
# it is unix://DIR/nI/run/docker.sock. A local registry (Debian's docker-registry) listens on
# 10.231.SUBNET.1:5000 and holds nivel-test/busybox:1 and library/docker:27-cli (busybox with
# this machine's `docker` and the C library it links), which the nodes pull as an insecure
# registry; it asks for a login, which DIR/docker-config/config.json holds. Privileged
# containers cannot start on these machines, hence processes, not
# containers. The nodes' containers are given the machine's end of the link as their outside
# DNS server: nothing answers there, so a name the swarm does not know (yet) fails at once, as
# on a network whose DNS answers; the machine's own nameserver cannot be reached from the
# namespaces, and every lookup the swarm's DNS passed on to it waited 10 s for nothing.
# `up` prints nothing on success.
set -euo pipefail

sock() { echo "unix://$1/n$2/run/docker.sock"; }
# The docker CLI against node I, logged in to the registry (DIR/docker-config).
on() { local dir="$1" i="$2"; shift 2; DOCKER_CONFIG="$dir/docker-config" DOCKER_HOST="$(sock "$dir" "$i")" docker "$@"; }

up() {
    local dir="$1" tag="$2" subnet="$3" workers="$4"
    local net="10.231.$subnet" registry="10.231.$subnet.1:5000" sw="${tag}s"
    mkdir -p "$dir"
    ip netns add "$sw"
    ip -n "$sw" link add br0 type bridge
    ip -n "$sw" link set br0 up
    ip link add "${tag}h" type veth peer name up0 netns "$sw"
    ip -n "$sw" link set up0 master br0 up
    ip addr add "$net.1/24" dev "${tag}h"
    ip link set "${tag}h" up
    cat >"$dir/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
http:
  addr: $registry
auth:
  htpasswd:
    realm: nivel-swarm
    path: $dir/htpasswd
YML
    # The registry serves only its login, kept in a docker configuration of the swarm's own
    # (DIR/docker-config), as `docker login` would keep it: whoever lacks it cannot pull.
    local password
    password="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    htpasswd -Bbn nivel "$password" >"$dir/htpasswd"
    mkdir -p "$dir/docker-config"
    printf '{"auths": {"%s": {"auth": "%s"}}}\n' "$registry" "$(printf 'nivel:%s' "$password" | base64 -w0)" >"$dir/docker-config/config.json"
    setsid docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
    echo $! >"$dir/registry.pid"
    local i
    for i in $(seq 0 "$workers"); do
        local ns="${tag}n$i" node="$dir/n$i"
        mkdir -p "$node/run"
        ip netns add "$ns"
        ip link add eth0 netns "$ns" type veth peer name "p$i" netns "$sw"
        ip -n "$sw" link set "p$i" master br0 up
        ip -n "$ns" addr add "$net.$((10 + i))/24" dev eth0
        ip -n "$ns" link set eth0 up
        ip -n "$ns" link set lo up
        # nsenter, not `ip netns exec`: that remounts /sys and dockerd then finds no cgroups.
        nsenter --net="/var/run/netns/$ns" unshare --mount --propagation private setsid sh -c \
            "mount --bind $node/run /run && exec dockerd --data-root $node/root --exec-root $node/exec \
             --pidfile $node/dockerd.pid -H unix:///run/docker.sock --storage-driver vfs --shutdown-timeout 2 \
             --insecure-registry $registry --dns $net.1 --containerd-namespace ${tag}c$i --containerd-plugins-namespace ${tag}c${i}p" \
            >"$node/dockerd.log" 2>&1 &
        echo $! >"$node/launcher.pid"
    done
    local deadline=$((SECONDS + 60))
    for i in $(seq 0 "$workers"); do
        until on "$dir" "$i" version >/dev/null 2>&1; do
            if [ "$SECONDS" -gt "$deadline" ]; then
                echo "node $i's dockerd did not answer within 60 s:" >&2
                cat "$dir/n$i/dockerd.log" >&2
                return 1
            fi
            sleep 0.2
        done
    done
    until (exec 3<>"/dev/tcp/$net.1/5000") 2>/dev/null; do
        [ "$SECONDS" -gt "$deadline" ] && { echo "the registry did not listen" >&2; cat "$dir/registry.log" >&2; return 1; }
        sleep 0.1
    done
    on "$dir" 0 swarm init --advertise-addr "$net.10" --listen-addr "$net.10:2377" >/dev/null
    local token
    token="$(on "$dir" 0 swarm join-token -q worker)"
    for i in $(seq 1 "$workers"); do
        on "$dir" "$i" swarm join --advertise-addr "$net.$((10 + i))" --token "$token" "$net.10:2377" >/dev/null
    done
    # The images, loaded on the manager and pushed to the registry.
    # Tried again: the machine's engine once answered a save with "reference does not exist"
    # for an image it had.
    local try
    for try in 1 2 3; do
        docker save nivel-test/busybox:1 | on "$dir" 0 load -q >/dev/null && break
        [ "$try" = 3 ] && return 1
        sleep 2
    done
    on "$dir" 0 tag nivel-test/busybox:1 "$registry/nivel-test/busybox:1"
    on "$dir" 0 push -q "$registry/nivel-test/busybox:1" >/dev/null
    local root="$dir/cli-root"
    mkdir -p "$root"/{bin,usr/bin,lib/x86_64-linux-gnu,lib64,tmp}
    cp /bin/busybox "$root/bin/busybox"
    local applet
    # What the class's helper jobs run besides `docker` (volume cleaning, looking into containers).
    for applet in sh seq sleep echo cat ls head od; do ln -sf busybox "$root/bin/$applet"; done
    cp /usr/bin/docker "$root/usr/bin/docker"
    cp /lib/x86_64-linux-gnu/libc.so.6 "$root/lib/x86_64-linux-gnu/"
    cp /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
    tar -C "$root" -cf "$dir/cli-root.tar" .
    on "$dir" 0 import --change 'ENV PATH=/bin:/usr/bin' "$dir/cli-root.tar" "$registry/library/docker:27-cli" >/dev/null
    on "$dir" 0 push -q "$registry/library/docker:27-cli" >/dev/null
    # No node has an image until it pulls it, with the login.
    on "$dir" 0 rmi -f nivel-test/busybox:1 "$registry/nivel-test/busybox:1" "$registry/library/docker:27-cli" >/dev/null
}

# Pids of the processes whose command line names DIR (a node's dockerd, containerd, shims).
# This script's own process names DIR too and is left out.
pids_under() { grep -l -s -F "$1" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 | grep -v -x -e "$$" || true; }

stop_node() {
    local node="$1/n$2" pid
    pid="$(cat "$node/dockerd.pid" 2>/dev/null || true)"
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$node/dockerd.pid"
}

down() {
    local dir="$1" tag="$2" node
    for node in "$dir"/n*/; do
        [ -d "$node" ] || continue
        local i="${node%/}"; i="${i##*/n}"
        if [ -f "$node/dockerd.pid" ]; then
            on "$dir" "$i" ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="$(sock "$dir" "$i")" docker rm -f >/dev/null 2>&1 || true
            stop_node "$dir" "$i"
        fi
    done
    [ -f "$dir/registry.pid" ] && kill "$(cat "$dir/registry.pid")" 2>/dev/null || true
    local pid
    for pid in $(pids_under "$dir"); do kill -KILL "$pid" 2>/dev/null || true; done
    grep -F " $dir" /proc/self/mountinfo 2>/dev/null | awk '{print $5}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    local ns
    for ns in $(ip netns list | awk '{print $1}' | grep -E "^${tag}(s|n[0-9]+)$" || true); do ip netns del "$ns" || true; done
    ip link del "${tag}h" 2>/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
up) shift; up "$@" ;;
stop-node) shift; stop_node "$@" ;;
down) shift; down "$@" ;;
*) echo "usage: $0 up DIR TAG SUBNET WORKERS | stop-node DIR I | down DIR TAG" >&2; exit 2 ;;
esac
