"""Figures: the displays and figure functions users call. Each asks the planner
(:mod:`surfaceviz.evaluation.plan`) for its surfaces and draws through
:mod:`surfaceviz.render`."""
