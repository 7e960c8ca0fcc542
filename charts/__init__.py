"""Plotly figure builders (spine, trend, ranking, scatter, bivariate legend, program series).

Every figure's template is plotly_white, set here once as plotly's default: a figure takes the default template as
it is built (~0.5 ms), while naming the template in its layout made plotly validate and copy all of it (~11 ms per
figure, issue #19)."""
import plotly.io as pio

pio.templates.default = "plotly_white"
