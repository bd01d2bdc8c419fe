# The table the student creates in adminer's «SQL command» (TODO 3 a), with psql in the
# database's container; the API, rebuilt with TODO 3 b done, writes to it.
. "$(dirname "$0")/../common.sh"
docker exec "$(container db)" psql -q -U mlops -d mlops -v ON_ERROR_STOP=1 -c "
    CREATE TABLE predictions (id serial PRIMARY KEY, created_at timestamptz NOT NULL
      DEFAULT now(), sepal_length real, sepal_width real, petal_length real,
      petal_width real, species text, model_version text);"
echo "apply: the table predictions exists" >&2
