# How scripts/test-labs.sh proves level-0's checks both ways (sourced by bash).

# The scripts/images/NAME.sh whose images the lab pins (its Dockerfile starts FROM python).
images=(python)

# The images `nivel up` builds for the lab; the test removes them (and what they replaced).
built=(level-0-api)

# The reference solutions, in the order a student works. Each line is "SOLUTION EXERCISE...":
# solutions/SOLUTION/ is copied over the student's copy of the lab (an apply.sh there is run
# instead of copied, after `nivel up`), `nivel up` rebuilds what changed, and from then on the
# named exercises pass. Exercises of later lines must still fail.
steps=(
    "model model"                    # train.py saves the model; the Dockerfile runs train.py
    "api serve predict"              # main.py: POST /predict takes a flower, answers its species
    "choose-model choose-model"      # two models in train.py; GET /models and ?model=NAME
)
