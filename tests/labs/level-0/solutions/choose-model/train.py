"""Entrenamiento (Taller 1) con el bono, resuelto: dos modelos en models/<nombre>.joblib.
Training (Workshop 1) with the bonus, solved: two models saved as models/<name>.joblib."""

from pathlib import Path

import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

# Carpeta donde la API buscará los modelos. / Folder where the API will look for models.
MODELS_DIR = Path(__file__).parent / "models"

# Carga / Load: X = sepal_length, sepal_width, petal_length, petal_width (cm);
# y = 0 setosa, 1 versicolor, 2 virginica.
X, y = load_iris(return_X_y=True)

# División / Split
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)

# Construcción, entrenamiento, validación y guardado de cada modelo.
# Build, train, validate and save each model.
MODELS = {
    "logistic": LogisticRegression(max_iter=500),
    "tree": DecisionTreeClassifier(random_state=0),
}
MODELS_DIR.mkdir(exist_ok=True)
for name, model in MODELS.items():
    model.fit(X_train, y_train)
    joblib.dump(model, MODELS_DIR / f"{name}.joblib")
    print(f"{name}: exactitud / accuracy {model.score(X_test, y_test):.3f}, guardado / saved")
