"""
Training an MLP on digits: curves, confusion matrix, mistakes
=============================================================

scikit-learn's 8x8 digits (offline) stand in for MNIST here; the same views
work for MNIST and Fashion-MNIST (``surfaceviz mlp train --dataset mnist``).
"""

# %%
import matplotlib.pyplot as plt

from surfaceviz import MLPClassifier
from surfaceviz.datasets import load_digits_split
from surfaceviz.views import plot_confusion_matrix, plot_misclassified, plot_training_history

X_train, X_test, y_train, y_test = load_digits_split(random_state=0)
clf = MLPClassifier((128,), learning_rate_init=0.1, learning_rate="step", step_size=8,
                    gamma=0.3, dropout=0.1, max_epochs=25, random_state=0)
clf.fit(X_train, y_train, validation_data=(X_test, y_test))

# %%
# Cost (with its L2 share when ``alpha`` > 0) and accuracy per epoch.
plot_training_history(clf, title="digits, 64-128-10", val_label="test")

# %%
# Row-normalised confusion matrix of the test set.
y_pred = clf.predict(X_test)
plot_confusion_matrix(y_test, y_pred, normalize=True)

# %%
# The test digits it got wrong, titled true -> predicted.
plot_misclassified(X_test, y_test, y_pred, image_shape=(8, 8))
plt.show()
