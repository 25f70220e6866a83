"""Drawing only: pure functions from (Axes or figure, data, options) to artists."""
