# Runs the solved shap.ipynb as JupyterLab's "Run All" and Ctrl+S would: inside the lab's
# jupyter container, as the user it runs as, saving the outputs into the notebook in place.
# The workspace is first given to uid 1000, the default `user:` of compose.yaml: the student's
# own folder on a Linux machine, where this test (run as root) stands in for them. Then the
# files Jupyter wrote must belong to that user, not to root.
set -euo pipefail
container="$(docker ps -q --filter label=com.docker.compose.project=level-4 --filter label=com.docker.compose.service=jupyter)"
[ -n "$container" ] || { echo "no running jupyter container of level-4" >&2; exit 1; }
chown -R 1000:1000 "$LAB_DIR/workspace"
docker exec "$container" jupyter nbconvert --to notebook --execute --inplace /workspace/shap.ipynb
for f in shap.ipynb shap_summary.png; do
    owner="$(stat -c %u "$LAB_DIR/workspace/$f")"
    [ "$owner" = 1000 ] || { echo "workspace/$f belongs to uid $owner, not 1000" >&2; exit 1; }
done
