# What the student types in JupyterLab's terminal: a uv project in /workspace. `--no-sync`
# only resolves and locks (no environment is installed), which is all the exercise checks and
# keeps the test's downloads small. Before it, the lab's layout is proven: a notebook that
# JupyterLab makes at its top folder lands in the lab's workspace/ folder on the host, owned
# by the uid JupyterLab runs as, not root.
. "$(dirname "$0")/../common.sh"
own_workspace

token="$(jupyter printenv JUPYTER_TOKEN)"
python3 - "$((8888 + PORT_OFFSET))" "$token" <<'PY'
import json, sys, urllib.request
port, token = sys.argv[1:]
body = json.dumps({"type": "notebook"}).encode()
request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/sonda.ipynb", body,
    {"Authorization": "token " + token, "Content-Type": "application/json"}, method="PUT")
with urllib.request.urlopen(request, timeout=20) as answer:
    assert answer.status == 201, f"JupyterLab answered {answer.status} creating a notebook"
PY
probe="$LAB_DIR/workspace/sonda.ipynb"
[ -f "$probe" ] || { echo "apply: a notebook made at JupyterLab's top folder is not in $LAB_DIR/workspace" >&2; exit 1; }
owner="$(stat -c %u "$probe")"
[ "$owner" = "$lab_uid" ] || { echo "apply: JupyterLab wrote $probe as uid $owner, not $lab_uid" >&2; exit 1; }
rm -f "$probe"
echo "apply: JupyterLab's top folder is the lab's workspace/; its files belong to uid $owner" >&2

jupyter uv init --quiet
jupyter uv add --quiet --no-sync scikit-learn joblib
