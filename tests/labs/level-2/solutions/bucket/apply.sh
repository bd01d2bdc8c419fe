# The student creates the bucket datos in MinIO's console; the test does it through the S3 API
# with mc, in MinIO's container.
. "$(dirname "$0")/../common.sh"
docker exec "$(container minio)" sh -c 'mc alias set local http://127.0.0.1:9000 admin "$MINIO_ROOT_PASSWORD" >/dev/null && mc mb local/datos'
