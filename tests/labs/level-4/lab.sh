# How scripts/test-labs.sh proves level-4's checks both ways (sourced by bash).

# The scripts/images/NAME.sh whose images the lab pins: the Python base of its two Dockerfiles
# and the Prometheus stand-in.
images=(python prometheus)

# The images `nivel up` builds for the lab; the test removes them (and what they replaced).
built=(level-4-jupyter level-4-api)

# The reference solutions, in the order a student works ("SOLUTION EXERCISE...").
steps=(
    "notebook shap-notebook shap-figure"   # shap.ipynb solved, run inside JupyterLab's container
    "metrics metrics"                      # the API instrumented; a few predictions, one scrape
)
