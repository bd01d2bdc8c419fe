# The student runs the completed notebook in JupyterLab (Run All, then save); nbconvert runs it
# with the same kernel and saves its outputs in place. The API, not rebuilt and not restarted,
# then serves the model the notebook saved in the shared volume.
. "$(dirname "$0")/../common.sh"
own_workspace
jupyter jupyter nbconvert --to notebook --execute --inplace entrenar.ipynb
