"""
A function as contours and as a 3-D surface
===========================================

``plot_function`` draws any z = f(x1, x2) as filled contours with a colour bar
and chosen ticks; ``plot_function_3d`` draws the same function as a plotly
surface you can turn. z = -0.5 x1² + 4 x2² is a saddle: its level curves are
hyperbolas, and the x1 = ±x2/√8 lines are its zero level.
"""

# %%
import matplotlib.pyplot as plt

from surfaceviz import plot_function, plot_function_3d


def saddle(x1, x2):
    return -0.5 * x1**2 + 4 * x2**2


disp = plot_function(saddle, xlim=(-5, 5), ylim=(-3, 3), levels=16, cmap="plasma_r",
                     colorbar_ticks=[-10, 0, 10, 20, 30], colorbar_label="z",
                     contour_lines=True, figsize=(7, 4.5), title="z = -0.5 x1² + 4 x2²")
plt.show()

# %%
# The same function in 3-D, with contour lines projected on the floor.
fig = plot_function_3d(saddle, xlim=(-5, 5), ylim=(-3, 3), cmap="plasma_r",
                       colorbar_label="z", colorbar_ticks=[-10, 0, 10, 20, 30],
                       levels=8, elev=25, azim=-60, width=700, height=550)
fig.show()
