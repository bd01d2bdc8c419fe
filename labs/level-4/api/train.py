"""Entrena el modelo que sirve la API; corre al construir la imagen.
Trains the model the API serves; runs while the image is built.

El mismo problema que el cuaderno de SHAP: la progresión de la diabetes un año después, a
partir de diez medidas (datos incluidos en scikit-learn).
The same problem as the SHAP notebook: diabetes progression one year later, from ten
measurements (data shipped with scikit-learn).
"""

import joblib
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor

# Columnas / columns: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6 (el orden de Patient en main.py).
X, y = load_diabetes(return_X_y=True)
model = RandomForestRegressor(n_estimators=50, random_state=42).fit(X, y)
joblib.dump(model, "model.joblib")
print(f"R² (entrenamiento / training): {model.score(X, y):.3f}")
