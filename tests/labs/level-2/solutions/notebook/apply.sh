# The student runs the completed notebook in JupyterLab (Run All, then save); nbconvert runs it
# with the same kernel, as the user JupyterLab runs as, and saves its outputs in place. The
# notebooks folder is first handed to that uid, as a student's own folder is theirs.
. "$(dirname "$0")/../common.sh"
[ "$(id -u)" -ne 0 ] || chown -R "$lab_uid:${GID:-1000}" "$LAB_DIR/notebooks" "$LAB_DIR/dags"
docker exec -w /workspace/notebooks "$(container jupyter)" jupyter nbconvert --to notebook --execute --inplace experimentos.ipynb
