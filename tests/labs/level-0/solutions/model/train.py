"""Entrenamiento del modelo (Taller 1), resuelto: el modelo queda en models/logistic.joblib.
Model training (Workshop 1), solved: the model is saved as models/logistic.joblib."""

from pathlib import Path

import joblib
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

# Guardado / Saving
MODELS_DIR.mkdir(exist_ok=True)
joblib.dump(model, MODELS_DIR / "logistic.joblib")
print(f"guardado / saved {MODELS_DIR / 'logistic.joblib'}")
