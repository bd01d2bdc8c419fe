"""API de inferencia (Taller 1). / Inference API (Workshop 1).

Ya responde en /health y publica su documentación en /docs. Usted le agrega la inferencia.
It already answers on /health and publishes its documentation on /docs. You add inference.

El contrato que revisa `nivel check` / The contract `nivel check` verifies:
- POST /predict recibe / receives
      {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
  y responde con el nombre de la especie / and answers with the species' name:
      {"species": "setosa"}        (setosa, versicolor o/or virginica)
- Bono / bonus: GET /models lista los nombres de los modelos / lists the models' names
      ["logistic", "tree"]
  y POST /predict?model=NOMBRE usa ese modelo; un nombre desconocido responde un error (404).
  and POST /predict?model=NAME uses that model; an unknown name answers an error (404).
"""

from fastapi import FastAPI

app = FastAPI(title="Iris")


@app.get("/health")
def health():
    return {"status": "ok"}


# TODO 3: defina la entrada con pydantic (from pydantic import BaseModel): una clase con los
#         cuatro campos float sepal_length, sepal_width, petal_length y petal_width.
#         Define the input with pydantic (from pydantic import BaseModel): a class with the
#         four float fields sepal_length, sepal_width, petal_length and petal_width.

# TODO 4: cargue el modelo que train.py guardó (joblib.load), una vez, al iniciar.
#         Load the model train.py saved (joblib.load), once, at start.

# TODO 5: declare POST /predict (@app.post("/predict")): reciba la flor, prediga con el
#         modelo y responda {"species": ...} con el nombre de la especie (0 setosa,
#         1 versicolor, 2 virginica).
#         Declare POST /predict: take the flower, predict with the model and answer
#         {"species": ...} with the species' name (0 setosa, 1 versicolor, 2 virginica).

# BONO / BONUS: GET /models y el parámetro ?model= de POST /predict (vea el contrato arriba).
#         GET /models and POST /predict's ?model= parameter (see the contract above).
