#!/bin/sh
# As MinIO's image does: a command that is not `minio` (or a program on PATH) gets `minio` in
# front, so compose's `command: server /data --console-address ":9001"` starts the server.
set -e
if [ "${1#-}" != "$1" ] || [ "$1" = server ]; then
    set -- minio "$@"
fi
exec "$@"
