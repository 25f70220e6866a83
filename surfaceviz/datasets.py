"""``surfaceviz.datasets``, the documented import path of :mod:`surfaceviz.data.datasets`.

The name is the same module object (not a copy), so its attributes, and any
patch of them, are shared.
"""

import sys

from .data import datasets as _module

sys.modules[__name__] = _module
