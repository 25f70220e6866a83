"""``surfaceviz.gallery``, the documented import path of :mod:`surfaceviz.figures.gallery`.

The name is the same module object (not a copy), so its attributes, and any
patch of them, are shared.
"""

import sys

from .figures import gallery as _module

sys.modules[__name__] = _module
