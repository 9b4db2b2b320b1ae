"""Widget wiring for the interactive parts of the lessons (ipywidgets); the computing stays in the lessons.

Where widgets cannot be shown (a static viewer, a test run, or where ``MNIST_CNN_NO_WIDGETS=1``, as when
nbgrader grades a notebook), each function prints one line instead and returns ``None``, so that a
notebook still runs top to bottom.
"""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import TwoSlopeNorm


def widgets_off() -> bool:
    """Whether the environment asks for no widgets (``MNIST_CNN_NO_WIDGETS=1``: nobody is there to use them)."""
    return os.environ.get("MNIST_CNN_NO_WIDGETS", "") not in ("", "0")


def parse_kernel(text: str) -> np.ndarray:
    """``'0 1 0; 1 -4 1; 0 1 0'`` -> a 3x3 array; a clear error for anything else."""
    try:
        kernel = np.array([[float(v) for v in row.split()] for row in text.split(";")])
    except ValueError:
        raise ValueError(f"expected numbers separated by spaces, rows by ';'; got {text!r}") from None
    if kernel.shape != (3, 3):
        raise ValueError(f"expected 3 rows of 3 numbers, rows separated by ';'; got shape {kernel.shape}")
    return kernel


def draw_filtered(image, kernel, output, *, title: str, kernel_name: str) -> np.ndarray:
    """Three panels: ``image`` (h, w) in grey, ``kernel`` and ``output`` on diverging maps. Returns the Axes."""
    fig, axes = plt.subplots(1, 3, figsize=(9, 2.9))
    axes[0].imshow(image, cmap="gray")
    axes[0].set_title(title)
    for ax, array, name in ((axes[1], kernel, f"kernel: {kernel_name}"), (axes[2], output, "output")):
        limit = float(np.abs(array).max()) or 1.0
        shown = ax.imshow(array, cmap="RdBu_r", norm=TwoSlopeNorm(0, -limit, limit))
        ax.set_title(name)
        fig.colorbar(shown, ax=ax, shrink=0.8)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return axes


def kernel_explorer(images, labels, kernels: dict, convolve, first: str | None = None):
    """Controls to pick a digit of ``images`` (n, h, w) uint8 and a kernel (one of ``kernels``, ``first``
    at the start, or a typed 3x3 one) and see ``convolve(image, kernel, padding="same")``.

    Returns the widget, or None where ipywidgets is missing or widgets are off.
    """
    if widgets_off():
        print("Kernel explorer: off here (MNIST_CNN_NO_WIDGETS); the gallery below shows the same.")
        return None
    try:
        import ipywidgets as widgets
    except ImportError as exc:
        print(f"Widgets are not available here ({exc.name} is missing); the gallery below shows the same.")
        return None

    def show(index, kernel_name, custom):
        try:
            kernel = parse_kernel(custom) if kernel_name == "custom" else kernels[kernel_name]
        except ValueError as exc:
            print(f"Cannot read the custom kernel: {exc}")
            return
        image = images[index].astype(float) / 255
        draw_filtered(image, kernel, convolve(image, kernel, padding="same"),
                      title=f"training digit {index} (label {labels[index]})", kernel_name=kernel_name)
        plt.show()

    explorer = widgets.interactive(
        show,
        index=widgets.BoundedIntText(value=0, min=0, max=len(images) - 1, description="digit"),
        kernel_name=widgets.Dropdown(options=[*kernels, "custom"], value=first or list(kernels)[0],
                                     description="kernel"),
        custom=widgets.Text(value="0 1 0; 1 -4 1; 0 1 0", description="custom"),
    )
    display_widget(explorer, "Kernel explorer: run this cell in JupyterLab or Colab to see its controls.")
    return explorer


def display_widget(widget, text: str) -> None:
    """Show ``widget``; viewers that cannot show widgets (GitHub, a printout) show ``text`` instead."""
    from IPython.display import display

    if hasattr(widget, "_repr_mimebundle_"):  # ipywidgets 8
        view = widget._repr_mimebundle_()
        view["text/plain"] = text
        display(view, raw=True)
    else:  # ipywidgets 7, as in Colab
        display(widget)
