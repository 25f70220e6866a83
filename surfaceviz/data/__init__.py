"""Data: the bundled datasets and the moons pipelines (also importable as
``surfaceviz.datasets`` and ``surfaceviz.pipelines``)."""
