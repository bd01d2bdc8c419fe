"""A first DAG: two tasks in order. Edit it, or add your own files to this folder: Airflow
picks them up within a minute (new DAGs start paused; switch them on in the web UI)."""

from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator


def count_rows():
    from sklearn.datasets import load_iris

    print(f"iris has {len(load_iris().data)} rows")


with DAG("hello_mlops", start_date=datetime(2024, 1, 1), schedule=None, catchup=False) as dag:
    hello = BashOperator(task_id="hello", bash_command="echo 'hola, Airflow'")
    rows = PythonOperator(task_id="count_rows", python_callable=count_rows)
    hello >> rows
