"""Trains two small classifiers on the iris data set (shipped with scikit-learn) and saves
them as models/<name>.joblib, where the API finds them."""

from pathlib import Path

import joblib
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

MODELS = {
    "logistic": LogisticRegression(max_iter=500),
    "forest": RandomForestClassifier(n_estimators=50, random_state=0),
}

if __name__ == "__main__":
    X, y = load_iris(return_X_y=True)
    out = Path(__file__).parent / "models"
    out.mkdir(exist_ok=True)
    for name, model in MODELS.items():
        model.fit(X, y)
        joblib.dump(model, out / f"{name}.joblib")
        print(f"saved {out / name}.joblib (accuracy on training data {model.score(X, y):.3f})")
