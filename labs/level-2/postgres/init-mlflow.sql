-- MLflow's backend store lives next to Airflow's metadata, in its own database and role.
CREATE USER mlflow WITH PASSWORD 'mlflow';
CREATE DATABASE mlflow OWNER mlflow;
