"""Helpers every layer shares: atomic files, labels, optional imports, progress
bars, validation and warnings that point at the user's line."""
