"""API de inferencia del modelo de diabetes. / The diabetes model's inference API.

Ya predice: POST /predict recibe las diez medidas del conjunto de datos de diabetes de
scikit-learn y responde la progresión estimada. Le falta lo que usted agrega: exportar sus
métricas para que Prometheus las recoja.
It already predicts: POST /predict takes the ten measurements of scikit-learn's diabetes data
set and answers the estimated progression. What is missing is yours to add: exporting its
metrics so Prometheus collects them.

El contrato que revisa `nivel check` / The contract `nivel check` verifies:
- GET /metrics responde en el formato de Prometheus / answers in Prometheus's format;
- entre esas métricas, un histograma de la latencia de las peticiones, en segundos (su nombre
  termina en _seconds), con muestras después de algunas predicciones.
  among them, a histogram of the requests' latency, in seconds (its name ends in _seconds),
  with samples after a few predictions.
prometheus/prometheus.yml ya recoge http://api:8000/metrics cada 5 s (trabajo "api").
prometheus/prometheus.yml already scrapes http://api:8000/metrics every 5 s (job "api").
"""

import joblib
from fastapi import FastAPI
from pydantic import BaseModel

# TODO 2: importe el instrumentador / import the instrumentator:
#         from prometheus_fastapi_instrumentator import Instrumentator

app = FastAPI(title="Diabetes")
model = joblib.load("model.joblib")

# TODO 3: instrumente la aplicación y publique GET /metrics, en una línea:
#         Instrumentator().instrument(app).expose(app)
#         Mide cada petición (su latencia en el histograma http_request_duration_seconds) y
#         responde las métricas en /metrics. Luego `nivel up level-4` y unas predicciones en
#         «API (documentación)».
#         Instrument the app and publish GET /metrics, in one line (above). It measures every
#         request (its latency in the http_request_duration_seconds histogram) and answers the
#         metrics on /metrics. Then `nivel up level-4` and a few predictions in «API (docs)».


class Patient(BaseModel):
    """Las diez medidas, centradas y escaladas como en load_diabetes().
    The ten measurements, centred and scaled as in load_diabetes()."""

    age: float
    sex: float
    bmi: float
    bp: float
    s1: float
    s2: float
    s3: float
    s4: float
    s5: float
    s6: float


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(patient: Patient):
    row = [list(patient.model_dump().values())]
    return {"progression": float(model.predict(row)[0])}
