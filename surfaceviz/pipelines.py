"""``surfaceviz.pipelines``, the documented import path of :mod:`surfaceviz.data.pipelines`.

The name is the same module object (not a copy), so its attributes, and any
patch of them, are shared.
"""

import sys

from .data import pipelines as _module

sys.modules[__name__] = _module
