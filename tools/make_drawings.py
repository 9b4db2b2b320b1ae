"""Write helpers/drawings.json: the digit drawings notebook 10 uses where no drawing pad can run.

Each drawing is a list of strokes, as the drawing pad records them: polylines of (x, y) points on
the pad's 280x280 canvas, y growing downwards. They are made here from simple shapes (segments and
arcs in a unit box), then placed, scaled and slanted the way people draw on a pad: some large and
centred, some small, off-centre or thin, so that the lesson can show what preparing a drawing
like MNIST's digits changes. Run it again after editing; the JSON is committed.
"""

import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "helpers" / "drawings.json"


def arc(cx, cy, rx, ry, start_deg, end_deg, n=16):
    """Points on an ellipse arc, angles in degrees (0 = right, 90 = down)."""
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in (start_deg + (end_deg - start_deg) * k / (n - 1) for k in range(n))]


#: Each digit's strokes in a unit box: x to the right, y downwards.
SHAPES = {
    "0": [arc(0.5, 0.5, 0.38, 0.5, 0, 360, 28)],
    "1": [[(0.35, 0.15), (0.55, 0.0), (0.55, 1.0)]],
    "2": [arc(0.5, 0.3, 0.38, 0.3, 190, 370, 14) + [(0.1, 1.0), (0.95, 1.0)]],
    "3": [arc(0.45, 0.25, 0.35, 0.25, 200, 450, 16), arc(0.45, 0.73, 0.4, 0.27, 270, 510, 16)],
    "4": [[(0.75, 1.0), (0.75, 0.0), (0.05, 0.68), (1.0, 0.68)]],
    "5": [[(0.9, 0.0), (0.25, 0.0), (0.18, 0.45)] + arc(0.48, 0.7, 0.4, 0.3, 220, 500, 16)],
    "6": [arc(0.5, 0.7, 0.38, 0.3, 0, 360, 20) + [(0.15, 0.55), (0.6, 0.0)]],
    "7": [[(0.05, 0.05), (0.95, 0.05), (0.4, 1.0)]],
    "8": [arc(0.5, 0.25, 0.3, 0.25, 0, 360, 20), arc(0.5, 0.73, 0.38, 0.27, 0, 360, 20)],
    "9": [arc(0.5, 0.3, 0.36, 0.3, 0, 360, 20) + [(0.86, 0.3), (0.8, 1.0)]],
}

#: (name, digit, left, top, width, height, slant): the box on the 280x280 canvas, slant in x per unit of y.
DRAWINGS = [
    ("7, large", "7", 60, 40, 160, 200, 0.0),
    ("3, small, top left", "3", 20, 20, 60, 80, 0.1),
    ("2, off-centre", "2", 150, 90, 110, 140, 0.0),
    ("4, thin and tall", "4", 110, 20, 70, 240, 0.0),
    ("0, wide", "0", 30, 60, 220, 170, 0.0),
    ("9, small, bottom right", "9", 185, 160, 60, 90, -0.1),
    ("1, slanted", "1", 120, 40, 50, 200, 0.25),
    ("5", "5", 80, 60, 120, 160, 0.0),
    ("6, small", "6", 110, 110, 60, 80, 0.0),
    ("8", "8", 90, 40, 100, 200, 0.05),
]


def place(shape, left, top, width, height, slant):
    """Strokes of a unit-box shape placed in a canvas box, rounded to whole pixels as a pad records them."""
    return [[[round(left + width * (x + slant * (y - 0.5))), round(top + height * y)] for x, y in stroke]
            for stroke in shape]


def main() -> None:
    drawings = [{"name": name, "label": int(digit), "strokes": place(SHAPES[digit], *box)}
                for name, digit, *box in DRAWINGS]
    OUT.write_text(json.dumps({"canvas": 280, "drawings": drawings}, separators=(",", ":")) + "\n")
    print(f"{len(drawings)} drawings written to {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
