"""Entrenamiento del modelo (Taller 1). / Model training (Workshop 1).

Las etapas del taller están listas: carga, división, construcción, entrenamiento y validación
de un clasificador de la especie de una flor iris (datos incluidos en scikit-learn).
Falta lo que usted escribe: guardar el modelo para que la API lo use.

The workshop's stages are done: loading, splitting, building, training and validating a
classifier of an iris flower's species (data shipped with scikit-learn). What is missing is
yours to write: saving the model so the API can use it.
"""

from pathlib import Path

from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

# Carpeta donde la API buscará los modelos. / Folder where the API will look for models.
MODELS_DIR = Path(__file__).parent / "models"

# Carga / Load: X = sepal_length, sepal_width, petal_length, petal_width (cm);
# y = 0 setosa, 1 versicolor, 2 virginica.
X, y = load_iris(return_X_y=True)

# División / Split
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)

# Construcción y entrenamiento / Build and train
model = LogisticRegression(max_iter=500)
model.fit(X_train, y_train)

# Validación / Validation
print(f"exactitud / accuracy: {model.score(X_test, y_test):.3f}")

# TODO 1: guarde el modelo entrenado en MODELS_DIR, por ejemplo models/logistic.joblib, con
#         joblib.dump (cree la carpeta primero: MODELS_DIR.mkdir(exist_ok=True)).
#         Save the trained model in MODELS_DIR, for example models/logistic.joblib, with
#         joblib.dump (make the folder first: MODELS_DIR.mkdir(exist_ok=True)).

# BONO / BONUS: entrene un segundo modelo (por ejemplo DecisionTreeClassifier de
#         sklearn.tree) y guárdelo con otro nombre, para que la API deje elegir entre ellos.
#         Train a second model (for example sklearn.tree's DecisionTreeClassifier) and save
#         it under another name, so the API can choose between them.
