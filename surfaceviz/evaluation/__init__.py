"""Evaluation: from a model, data and options to a :class:`~surfaceviz.SurfaceGrid`.

The planner (:mod:`.plan`) validates once and decides the lift, the grid, the
response and the bands to refine around; the strategies (:mod:`.evaluate`,
:mod:`.adaptive`, :mod:`.compiled`, :mod:`.backend`) evaluate the plan.
Nothing here imports matplotlib or plotly.
"""
