# A few predictions through the API's published port, as a student makes them in /docs, then
# waits (up to 60 s) until Prometheus has scraped the instrumented API at least once.
set -euo pipefail
api="http://127.0.0.1:$((8000 + PORT_OFFSET))"
prometheus="http://127.0.0.1:$((9090 + PORT_OFFSET))"
patient='{"age": 0.04, "sex": 0.05, "bmi": 0.06, "bp": 0.02, "s1": -0.04, "s2": -0.03, "s3": -0.04, "s4": 0.0, "s5": 0.02, "s6": -0.02}'
for _ in 1 2 3 4 5; do
    curl -fsS -X POST -H 'Content-Type: application/json' -d "$patient" "$api/predict" >/dev/null
done
for _ in $(seq 60); do
    if curl -fsS -G "$prometheus/api/v1/query" --data-urlencode 'query=up{job="api"} == 1' | grep -q '"value"'; then
        exit 0
    fi
    sleep 1
done
echo "Prometheus did not scrape the API within 60 s" >&2
exit 1
