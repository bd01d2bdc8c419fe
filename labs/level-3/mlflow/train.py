"""Entrena el modelo del laboratorio y lo registra en MLflow como `iris`.
Trains the lab's model and registers it in MLflow as `iris`.

Lo corre el servicio `train` al iniciar el laboratorio. Hace las veces del modelo que usted
registró en el Proyecto 2: la API no lo trae en su imagen, lo toma del registro de MLflow.
Si `iris` ya tiene versiones no hace nada, así que reiniciar el laboratorio no agrega otras.
The `train` service runs it when the lab starts. It stands for the model you registered in
Proyecto 2: the API does not carry it in its image, it takes it from MLflow's registry. If
`iris` already has versions it does nothing, so restarting the lab adds no more.
"""

import mlflow
from mlflow import MlflowClient
from mlflow.models import infer_signature
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

NAME = "iris"

versions = MlflowClient().search_model_versions(f"name='{NAME}'")
if versions:
    print(f"{NAME} ya tiene {len(versions)} versión(es) / already has {len(versions)} version(s)")
    raise SystemExit(0)

# Columnas / columns: sepal_length, sepal_width, petal_length, petal_width (en cm / in cm).
X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
mlflow.set_experiment("iris")
with mlflow.start_run(run_name="regresion-logistica"):
    model = LogisticRegression(max_iter=500).fit(X_train, y_train)
    accuracy = model.score(X_test, y_test)
    mlflow.log_param("max_iter", 500)
    mlflow.log_metric("accuracy", accuracy)
    info = mlflow.sklearn.log_model(
        model,
        name="model",
        registered_model_name=NAME,
        signature=infer_signature(X_test, model.predict(X_test)),
    )
print(f"{NAME} versión / version {info.registered_model_version}, accuracy {accuracy:.3f}")
