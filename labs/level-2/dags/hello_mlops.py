"""Un primer DAG: dos tareas en orden. Airflow lee esta carpeta cada 30 s (los DAG nuevos
empiezan en pausa; actívelos en la interfaz). / A first DAG: two tasks in order. Airflow reads
this folder every 30 s (new DAGs start paused; switch them on in the UI)."""

from datetime import datetime

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG


def count_rows():
    from sklearn.datasets import load_iris

    print(f"iris has {len(load_iris().data)} rows")


with DAG("hello_mlops", start_date=datetime(2024, 1, 1), schedule=None, catchup=False) as dag:
    hello = BashOperator(task_id="hello", bash_command="echo 'hola, Airflow'")
    rows = PythonOperator(task_id="count_rows", python_callable=count_rows)
    hello >> rows
