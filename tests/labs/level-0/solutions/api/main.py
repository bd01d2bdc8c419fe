"""API de inferencia (Taller 1), resuelta. / Inference API (Workshop 1), solved."""

from pathlib import Path

import joblib
from fastapi import FastAPI
from pydantic import BaseModel

SPECIES = ["setosa", "versicolor", "virginica"]

app = FastAPI(title="Iris")
model = joblib.load(Path(__file__).parent / "models" / "logistic.joblib")


class Flower(BaseModel):
    sepal_length: float
    sepal_width: float
    petal_length: float
    petal_width: float


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(flower: Flower):
    row = [[flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]]
    return {"species": SPECIES[int(model.predict(row)[0])]}
