"""API de datos del Proyecto 2. / Proyecto 2's data API.

Como la API que el profesor publica para el proyecto: el conjunto de datos está dividido en 10
partes (batches); cada petición a GET /data?group_number=N entrega una porción aleatoria del
batch actual del grupo N, y el batch avanza cada BATCH_MINUTES minutos (5, como en el curso).
Después del último batch responde 400 hasta que GET /restart_data_generation?group_number=N
vuelva a empezar. GET /status dice qué grupos han pedido datos y en qué batch van.
Like the API the instructor publishes for the project: the data set is split into 10 parts
(batches); each request to GET /data?group_number=N returns a random portion of group N's
current batch, and the batch moves on every BATCH_MINUTES minutes (5, as in the course). After
the last batch it answers 400 until GET /restart_data_generation?group_number=N starts over.
GET /status says which groups have asked for data and which batch each is on.

Los datos son las 150 flores de iris (iris.csv), mezcladas una sola vez con una semilla fija,
así cada batch trae varias especies. The data are the 150 iris flowers (iris.csv), shuffled
once with a fixed seed, so each batch holds several species.
"""

import csv
import os
import random
import time

from fastapi import FastAPI, HTTPException, Query

BATCHES = 10
GROUPS = 10
BATCH_SECONDS = float(os.environ.get("BATCH_MINUTES", "5")) * 60

with open(os.path.join(os.path.dirname(__file__), "iris.csv"), newline="") as f:
    ROWS = [
        {k: (v if k == "species" else float(v)) for k, v in row.items()}
        for row in csv.DictReader(f)
    ]
random.Random(42).shuffle(ROWS)
BATCH_SIZE = len(ROWS) // BATCHES

# group number -> {"batch_number", "started" (when that batch began), "requests"}
groups: dict[int, dict] = {}

app = FastAPI(title="Proyecto 2: datos / data")


@app.get("/")
def root():
    return {"Proyecto 2": "Extracción de datos, entrenamiento de modelos. / Data collection, model training."}


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/data")
def data(group_number: int = Query(ge=1, le=GROUPS)):
    now = time.monotonic()
    group = groups.setdefault(group_number, {"batch_number": 1, "started": now, "requests": 0})
    if now - group["started"] >= BATCH_SECONDS:
        group["batch_number"] += 1
        group["started"] = now
    if group["batch_number"] > BATCHES:
        raise HTTPException(400, "Ya se entregaron todos los batches; reinicie con /restart_data_generation. "
                                 "Every batch was handed out; start over with /restart_data_generation.")
    group["requests"] += 1
    first = (group["batch_number"] - 1) * BATCH_SIZE
    batch = ROWS[first:first + BATCH_SIZE]
    portion = random.sample(batch, k=max(1, len(batch) * 2 // 3))
    return {"group_number": group_number, "batch_number": group["batch_number"], "data": portion}


@app.get("/restart_data_generation")
def restart(group_number: int = Query(ge=1, le=GROUPS)):
    groups.pop(group_number, None)
    return {"ok": True, "group_number": group_number}


@app.get("/status")
def status():
    return {"batches": BATCHES, "batch_minutes": BATCH_SECONDS / 60,
            "groups": {str(n): {"batch_number": g["batch_number"], "requests": g["requests"]} for n, g in groups.items()}}
