"""Calibrated scores: Platt scaling of held-out margins and the best-F1 threshold."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .features import FloatArray


def sigmoid(margins: FloatArray, ab: FloatArray) -> FloatArray:
    """Platt's sigmoid 1 / (1 + exp(-(a * margin + b))), with ab = (a, b)."""
    z = np.clip(ab[0] * margins + ab[1], -50.0, 50.0)
    out: FloatArray = 1.0 / (1.0 + np.exp(-z))
    return out


def platt(margins: FloatArray, target: npt.NDArray[np.bool_]) -> FloatArray:
    """(a, b) of Platt scaling: the sigmoid of a * margin + b that best fits the targets.

    Uses Platt's (1999) smoothed targets, (n+ + 1) / (n+ + 2) and 1 / (n- + 2), so that a few
    held-out examples cannot push a probability to exactly 0 or 1.
    """
    n_pos = int(target.sum())
    n_neg = target.size - n_pos
    t = np.where(target, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))

    # Newton's method on the 2-parameter log-loss, halving steps that do not lower it.
    ab = np.array([1.0, 0.0])

    def loss(ab: FloatArray) -> float:
        z = ab[0] * margins + ab[1]
        return float(np.sum(np.logaddexp(0.0, z) - t * z))  # finite for any z

    current = loss(ab)
    for _ in range(100):
        p = sigmoid(margins, ab)
        grad_z, w = p - t, np.maximum(p * (1.0 - p), 1e-12)
        grad = np.array([grad_z @ margins, grad_z.sum()])
        hess = np.array([[w @ (margins * margins), w @ margins], [w @ margins, w.sum()]])
        hess += 1e-12 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        size = 1.0
        while size > 1e-10 and loss(ab - size * step) > current:
            size /= 2.0
        if size <= 1e-10:
            break
        ab = ab - size * step
        previous, current = current, loss(ab)
        if previous - current < 1e-10 * max(1.0, abs(previous)):
            break
    if not np.all(np.isfinite(ab)) or ab[0] <= 0.0:  # degenerate held-out margins
        return np.array([1.0, 0.0])
    return ab


def best_f1_threshold(scores: FloatArray, target: npt.NDArray[np.bool_]) -> float:
    """The score threshold with the highest F1 on held-out scores (0.5 if none finds a hit).

    The threshold is put halfway between the lowest score kept and the next one below, so that
    it does not sit exactly on one held-out text.
    """
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(target[order])
    n_kept = np.arange(1, scores.size + 1)
    f1 = 2.0 * hits / (n_kept + target.sum())
    i = int(np.argmax(f1))
    if f1[i] <= 0.0:
        return 0.5
    below = scores[order[i + 1]] if i + 1 < scores.size else 0.0
    return float((scores[order[i]] + below) / 2.0)
