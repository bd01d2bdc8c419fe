"""Prueba de carga de la API de inferencia. / The inference API's load test.

Locust lee este archivo al arrancar: después de editarlo, reinícielo con
`nivel restart level-3 locust-master locust-worker`. Inicie la prueba desde «Locust»: el host
(http://api:8989) ya está puesto.
Locust reads this file when it starts: after editing it, restart it with
`nivel restart level-3 locust-master locust-worker`. Start the test from «Locust»: the host
(http://api:8989) is already set.

El contrato que revisa `nivel check` / The contract `nivel check` verifies: las peticiones
POST /predict llevan el nombre "/predict" (el que Locust les da si no les pone otro), y la
prueba llega a 10.000 de ellas sin fallas. / the POST /predict requests are named "/predict"
(the name Locust gives them unless you give another), and the test reaches 10,000 of them
with no failures.
"""

from locust import HttpUser, between, task


class Student(HttpUser):
    # Cada usuario simulado espera entre 0,1 y 0,5 s entre peticiones.
    # Each simulated user waits between 0.1 and 0.5 s between requests.
    wait_time = between(0.1, 0.5)

    @task
    def health(self):
        self.client.get("/health")

    # TODO: una tarea que pida predicciones: POST /predict con una flor en JSON (los cuatro
    #       campos de Flower en api/main.py). Dele más peso que a health, por ejemplo
    #       @task(10), y varíe la flor con random.uniform para que no sea siempre la misma.
    #       A task that asks for predictions: POST /predict with a flower as JSON (the four
    #       fields of Flower in api/main.py). Give it more weight than health, say @task(10),
    #       and vary the flower with random.uniform so it is not always the same.
    #
    #   @task(10)
    #   def predict(self):
    #       flower = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
    #       self.client.post("/predict", json=flower)
