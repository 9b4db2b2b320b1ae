"""A drawing pad for digits (ipycanvas) and the digit drawings shipped with the series (notebook 10).

A drawing is a list of strokes, each a list of ``(x, y)`` points on a 280x280 canvas; ``render``
turns it into the image a pad shows: ``uint8 (280, 280)``, 255 = paper, 0 = ink.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageDraw

CANVAS = 280  # pixels a side: ten times MNIST's 28
INK_WIDTH = 20  # pixels: about as thick, relative to the digit, as MNIST's pen strokes


class Drawing(NamedTuple):
    """One shipped drawing: a name, its intended digit and its strokes."""

    name: str
    label: int
    strokes: list


def render(strokes, size: int = CANVAS, width: int = INK_WIDTH) -> np.ndarray:
    """Strokes (lists of (x, y) points) drawn as round-ended black lines on white: uint8 ``(size, size)``."""
    image = Image.new("L", (size, size), 255)
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [tuple(map(float, p)) for p in stroke]
        if not points or any(len(p) != 2 for p in points):
            raise ValueError(f"a stroke must be a list of (x, y) points; got {stroke!r}")
        if len(points) > 1:
            pen.line(points, fill=0, width=width, joint="curve")
        for x, y in (points[0], points[-1]):  # round ends, and a dot for a single click
            pen.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=0)
    return np.asarray(image)


def shipped_drawings() -> list[Drawing]:
    """The digit drawings shipped with the series, made from simple shapes by tools/make_drawings.py."""
    data = json.loads((Path(__file__).with_name("drawings.json")).read_text())
    return [Drawing(d["name"], d["label"], d["strokes"]) for d in data["drawings"]]


def drawing_pad(on_drawing, size: int = CANVAS):
    """Show a canvas to draw on with the mouse or a finger, and a *Clear* button.

    After every stroke, ``on_drawing(image)`` is called with :func:`render` of all strokes so far, its
    output shown below the pad. Returns the widget, or ``None`` (with a message) where widgets cannot run.
    """
    from helpers.widgets import display_widget, widgets_off

    if widgets_off():
        print("Drawing pad: off here (MNIST_CNN_NO_WIDGETS); the drawings below stand in for it.")
        return None
    try:
        import ipywidgets as widgets
        from ipycanvas import Canvas
    except ImportError as exc:
        print(f"The drawing pad needs {exc.name}, which is not installed; the drawings below stand in for it.")
        return None
    if "google.colab" in sys.modules:  # Colab shows third-party widgets only with its custom manager
        from google.colab import output

        output.enable_custom_widget_manager()
    canvas = Canvas(width=size, height=size, layout=widgets.Layout(border="1px solid #999"))
    canvas.line_width, canvas.line_cap, canvas.line_join = INK_WIDTH, "round", "round"
    result = widgets.Output()
    strokes: list[list[tuple[float, float]]] = []
    pen_down = [False]

    def start(x, y):
        pen_down[0] = True
        strokes.append([(x, y)])

    def move(x, y):
        if pen_down[0]:
            canvas.stroke_line(*strokes[-1][-1], x, y)
            strokes[-1].append((x, y))

    def end(x, y):
        if pen_down[0]:
            move(x, y)
            pen_down[0] = False
            with result:
                result.clear_output(wait=True)
                on_drawing(render(strokes, size))

    def clear(_):
        strokes.clear()
        canvas.clear()
        result.clear_output()

    canvas.on_mouse_down(start)
    canvas.on_mouse_move(move)
    canvas.on_mouse_up(end)
    canvas.on_mouse_out(end)
    canvas.on_touch_start(lambda touches: start(*touches[0]))
    canvas.on_touch_move(lambda touches: move(*touches[0]))
    canvas.on_touch_end(lambda touches: end(*touches[0]))
    button = widgets.Button(description="Clear")
    button.on_click(clear)
    pad = widgets.VBox([widgets.HBox([canvas, button]), result])
    display_widget(pad, "Drawing pad: run this notebook in JupyterLab or Colab to draw your own digit.")
    return pad
