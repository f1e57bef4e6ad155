"""The class tree of a hierarchical topic model: IPTC ancestors, parents, the best class."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .features import FloatArray
from .taxonomy import load_taxonomy

#: The class tree: the root classes, per class its child classes (index arrays), and depths.
Tree = tuple[npt.NDArray[np.intp], list[Any], npt.NDArray[np.intp]]


def with_ancestors(labels: list[Any]) -> list[Any]:
    """Add the broader IPTC topics of IPTC labels, named the way the label is written."""
    taxonomy = load_taxonomy()
    out = list(labels)
    for label in labels:
        if isinstance(label, str) and label in taxonomy:
            by_code = label.startswith("medtop:")
            for topic in taxonomy.ancestors(label)[1:]:
                out.append(topic.code if by_code else topic.name)
    return list(dict.fromkeys(out))


def parent_indices(classes: list[Any]) -> list[int]:
    """For each class, the index of its nearest IPTC ancestor among the classes, or -1."""
    taxonomy = load_taxonomy()
    index = {c: i for i, c in enumerate(classes)}
    parents = []
    for label in classes:
        parent = -1
        if isinstance(label, str) and label in taxonomy:
            for topic in taxonomy.ancestors(label)[1:]:
                key = topic.code if label.startswith("medtop:") else topic.name
                if key in index:
                    parent = index[key]
                    break
        parents.append(parent)
    return parents


def topological_order(parents: npt.NDArray[np.int64]) -> list[int]:
    """Class indices ordered so that every parent comes before its children."""
    depth = []
    for k in range(len(parents)):
        d, p = 0, int(parents[k])
        while p >= 0:
            d, p = d + 1, int(parents[p])
        depth.append(d)
    return sorted(range(len(parents)), key=lambda k: depth[k])


def class_tree(parents: npt.NDArray[np.int64]) -> Tree:
    """The root classes, per class its child classes, and each class's depth (roots: 0)."""
    children = [np.flatnonzero(parents == k) for k in range(len(parents))]
    depth = np.zeros(len(parents), dtype=np.intp)
    for k in topological_order(parents):
        if parents[k] >= 0:
            depth[k] = depth[parents[k]] + 1
    return np.flatnonzero(parents < 0), children, depth


def best_class(row: FloatArray, tree: Tree, thresholds: FloatArray) -> int:
    """The best class of one row of scores: the top root, then down while a child passes.

    A child also wins when it ties its parent. A child's score is capped at its parent's, so a
    tie means the child's own evidence is at least as strong as the parent's: the narrower
    label then says more at no cost in confidence. (This is the usual case for a level-1 class
    that only exists as the roll-up of one subtopic's labels.)

    Examples:
        >>> tree = (np.array([0]), [np.array([1]), np.array([], dtype=np.intp)], np.array([0, 1]))
        >>> half = np.array([0.5, 0.5])
        >>> best_class(np.array([0.3, 0.3]), tree, half)  # a tie under the threshold: the child
        1
        >>> best_class(np.array([0.3, 0.2]), tree, half)  # the child is weaker and fails
        0
        >>> best_class(np.array([0.9, 0.6]), tree, half)  # the child passes
        1
    """
    roots, children, _ = tree
    k = int(roots[np.argmax(row[roots])])
    while children[k].size:
        child = int(children[k][np.argmax(row[children[k]])])
        if row[child] < thresholds[child] and row[child] < row[k]:
            break
        k = child
    return k


def path_to(k: int, parents: npt.NDArray[np.int64]) -> list[int]:
    """Class k and its ancestors among the classes, the root first."""
    path = [k]
    while int(parents[path[-1]]) >= 0:
        path.append(int(parents[path[-1]]))
    return path[::-1]
