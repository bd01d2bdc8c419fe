# Helpers for the solutions' apply.sh (sourced): what a student does in JupyterLab or the
# browser, done from the test.
set -euo pipefail
lab=level-1
# The uid JupyterLab runs as: the host user's when the test exports it, compose's default 1000.
lab_uid="${UID:-1000}"
[ "$lab_uid" -ne 0 ] || lab_uid=1000

# container SERVICE: the id of the lab's running container for SERVICE.
container() {
    local id
    id="$(docker ps -q --filter "label=com.docker.compose.project=$lab" --filter "label=com.docker.compose.service=$1")"
    [ -n "$id" ] || { echo "apply: no running $1 container" >&2; return 1; }
    echo "$id"
}

# The test runs as root, so the lab folder is root's; a student's is their own. Hand the
# workspace to the uid JupyterLab runs as (a no-op when the test's user is that uid).
own_workspace() {
    [ "$(id -u)" -ne 0 ] || chown -R "$lab_uid:${GID:-1000}" "$LAB_DIR/workspace"
}

# jupyter COMMAND...: runs COMMAND in /workspace in JupyterLab's container, as its user (what
# the student types in JupyterLab's terminal).
jupyter() {
    docker exec -w /workspace "$(container jupyter)" "$@"
}
