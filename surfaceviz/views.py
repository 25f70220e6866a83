"""``surfaceviz.views``, the documented import path of :mod:`surfaceviz.figures.views`.

The name is the same module object (not a copy), so its attributes, and any
patch of them, are shared.
"""

import sys

from .figures import views as _module

sys.modules[__name__] = _module
