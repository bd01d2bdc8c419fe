# How scripts/test-labs.sh proves level-1's checks both ways (sourced by bash).

# The scripts/images/NAME.sh whose images the lab pins (both Dockerfiles start FROM python).
# The optional `tfx` profile's image (tensorflow/tfx:1.12.0) has no stand-in and is not run.
images=(python)

# The images `nivel up` builds for the lab; the test removes them (and what they replaced).
built=(level-1-jupyter level-1-api)

# JupyterLab runs as ${UID:-1000}:${GID:-1000} (compose.yaml). Run by a user other than root,
# the test passes that user's ids, as the lab's .env would, so what Jupyter writes in the lab
# folder is theirs and the cleanup can remove it. Run as root, it keeps the default 1000 (the
# non-root case a student's Linux host has) and the solutions' apply.sh hand the workspace
# folder to uid 1000, as a student's own folder is theirs.
if [ "$(id -u)" -ne 0 ]; then
    export UID
    GID="$(id -g)"
    export GID
fi

# The reference solutions, in the order a student works (see tests/labs/level-0/lab.sh).
steps=(
    "uv-project uv-project"          # uv init; uv add scikit-learn joblib, in JupyterLab's terminal
    "shared-model shared-model"      # compose: a models volume in both services; run the notebook
    "prediction-log prediction-log"  # compose: a logs volume in the API; predict; recreate
)
