"""Load test for the inference API: each simulated user asks for predictions with random
flowers. Start a run from the web UI (http://127.0.0.1:8089); the host is already set."""

import random

from locust import HttpUser, between, task


class Student(HttpUser):
    wait_time = between(0.1, 0.5)

    @task(10)
    def predict(self):
        flower = {
            "sepal_length": round(random.uniform(4.3, 7.9), 1),
            "sepal_width": round(random.uniform(2.0, 4.4), 1),
            "petal_length": round(random.uniform(1.0, 6.9), 1),
            "petal_width": round(random.uniform(0.1, 2.5), 1),
        }
        self.client.post("/predict?model=logistic", json=flower, name="/predict")

    @task(1)
    def health(self):
        self.client.get("/health")
