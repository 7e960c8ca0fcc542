"""Plotly figure builders (spine, trend, ranking, scatter, bivariate legend, program series)."""
