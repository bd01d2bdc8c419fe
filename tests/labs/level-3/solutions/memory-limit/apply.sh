# compose.yaml now holds the API to 256 MiB; `nivel up` recreated it with that limit. The
# student repeats the load test against the new container.
. "$(dirname "$0")/../common.sh"
load_test
