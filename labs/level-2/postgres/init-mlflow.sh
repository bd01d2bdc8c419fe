# MLflow's backend store lives next to Airflow's metadata, in its own database and role, whose
# password Nivel made for this installation (MLFLOW_DB_PASSWORD; `nivel creds level-2`).
# Postgres's entrypoint runs this once, when the database is first made.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set pw="$MLFLOW_DB_PASSWORD" <<'SQL'
CREATE USER mlflow WITH PASSWORD :'pw';
CREATE DATABASE mlflow OWNER mlflow;
SQL
