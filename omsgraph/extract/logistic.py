"""The logistic score the fitted pair scorers share (chemical–disease, gene–disease).

>>> round(probability(-1.0, {"title": 2.0}, {"title": 1.0, "unseen": 1.0}), 4)
0.7311
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import chain, repeat
from operator import mul


def probability(bias: float, weights: Mapping[str, float], features: Mapping[str, float]) -> float:
    """1 / (1 + e^-(bias + Σ weight × value)); features without a weight count nothing."""
    # fsum: exact, so the score cannot depend on the order the features were added in (some come
    # from sets, whose order changes with the process's hash seed); map/mul keep the loop in C
    score = math.fsum(chain((bias,), map(mul, map(weights.get, features, repeat(0.0)), features.values())))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
