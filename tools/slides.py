"""Slides from the student edition: live in JupyterLab (jupyterlab-rise) and as static reveal.js decks.

Each cell's slide type is derived from the lesson's structure (`slide_types`), never written by hand:
the title and every ``##`` heading start a slide; a ``###`` heading and a cell that would overflow the
slide (by an estimate of its height) start a subslide, but an introduction stays with what it introduces
and a figure with the text after it; the setup section, the collapsed check cells and the exercises'
answer cells are skipped. (A heading always starts its cell: a test holds the lessons to that.)
`tools/student_edition.py` stores the types in the student edition (``metadata.slideshow.slide_type``
of a cell, nothing else of it; and `RISE_SETTINGS` in the notebook's metadata), which is where RISE reads
them: in JupyterLab, Alt+R on a student notebook presents it.

``python tools/slides.py build/slides`` (``make slides``) writes one deck per lesson,
``NN_name.slides.html``, from the student edition with its outputs. A deck loads nothing from the
network: reveal.js, require.js, jQuery and MathJax come from the npm registry at the versions pinned in
tools/slides/package-lock.json (``npm ci``, integrity-checked) and are copied to ``vendor/`` beside the
decks; the template (tools/slides/templates/offline_reveal) leaves out nbconvert's Mermaid and widget
loaders, which would come from CDNs; the Colab badge's image becomes a text link; the widgets' cells and
the exercises' "What to expect" are left out. `remote_urls` lists
what a deck would still load from the network, and the build fails if it lists anything.

``python tools/slides.py --handouts build/slides`` (``make handouts``) prints each deck to a PDF beside it.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from your_turn_cells import CALL  # noqa: E402  (a your-turn cell's check: name = your_turn("NN.x", name))

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "student"
OUT = ROOT / "build" / "slides"
VENDOR_SPEC = ROOT / "tools" / "slides"  # package.json, package-lock.json, templates/
TEMPLATE = "offline_reveal"

# The slide nbconvert lays out is 960 x 700 px; a subslide is filled to about this height (px) before the
# next cell starts a new one (the heights are estimates: `cell_height`).
SLIDE_WIDTH, SLIDE_BUDGET = 960, 640
FIGURE_MAX_HEIGHT = 400  # px: a figure is shown at most this tall (the template's CSS), to leave room for its text
SKIPPED_SECTIONS = {"Setup"}
EXERCISES = "Exercises"
HEADING = re.compile(r"^(#{1,6}) +(.*)")


# ------------------------------------------------------------------------------------------ slide types

def headings(cell) -> list[tuple[int, str]]:
    """(level, title) of each heading in a markdown cell, in order (lines in code fences are not)."""
    if cell.cell_type != "markdown":
        return []
    found, fenced = [], False
    for line in cell.source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append((len(match.group(1)), match.group(2).strip()))
    return found


def heading(cell) -> tuple[int, str]:
    """(level, title) of the heading a markdown cell starts with, else (0, "")."""
    found = headings(cell)
    first = cell.source.splitlines()[0] if cell.source else ""
    return found[0] if found and HEADING.match(first) else (0, "")


def text_height(lines: list[str], line_px: int, chars_per_line: int = 10**6) -> int:
    """Height (px) of ``lines`` at ``line_px`` a line, wrapped at ``chars_per_line``; a blank line is half."""
    return sum(line_px * max(1, math.ceil(len(line) / chars_per_line)) if line.strip() else line_px // 2
               for line in lines)


def png_size(data: str) -> tuple[int, int]:
    """(width, height) in pixels of a base64 PNG, read from its header."""
    head = base64.b64decode(data[:44])
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", head[16:24])


DETAILS = re.compile(r"<details><summary>(.*?)</summary>.*?</details>", re.DOTALL)


def cell_height(cell) -> int:
    """Estimated height (px) of a cell on a slide, at the deck's font sizes.

    Prose 30 px a line, wrapped at 100 characters, a heading 90 px, a collapsed <details> its summary line
    (fitted to the heights Chromium laid out in the decks of 01, 02 and 06); code (16 px type, no prompts)
    20 px a line wrapped at 95 characters, printed output (15 px) 19 px a line; images as drawn, scaled to
    the slide's width and to at most FIGURE_MAX_HEIGHT.
    """
    if cell.cell_type == "markdown":
        lines = DETAILS.sub(r"\1", cell.source).splitlines()
        level, _ = heading(cell)
        return 20 + (90 if level else 0) + text_height(lines[1:] if level else lines, 30, 100)
    height = 24 + text_height(cell.source.splitlines(), 20, 95)
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            width, pixels = png_size(data["image/png"])
            height += min(int(pixels * min(1.0, (SLIDE_WIDTH - 140) / width)), FIGURE_MAX_HEIGHT) + 10
        elif "text/html" in data:
            height += 30 * max(1, data["text/html"].count("<tr"))
        elif output.get("output_type") == "stream" or "text/plain" in data:
            height += text_height((output.get("text", "") or data.get("text/plain", "")).splitlines(), 19)
    return height


def has_image(cell) -> bool:
    return any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def introduces(cell) -> bool:
    """A markdown cell that leads into the cell after it: a your-turn instruction, or text ending in ':'."""
    text = cell.source.strip() if cell.cell_type == "markdown" else ""
    return text.startswith("**Your turn") or text.endswith(":")


def leads_into(cell, following) -> bool:
    """Whether ``following`` (the next shown cell) belongs on ``cell``'s subslide: an introduction with what
    it introduces, a figure with the text right after it (not the next your-turn), a your-turn cell with
    the cell that checks it."""
    if heading(following)[0]:
        return False
    if following.cell_type == "code" and CALL.search(following.source):
        return True
    return introduces(cell) or (has_image(cell) and following.cell_type == "markdown"
                                and not following.source.lstrip().startswith("**Your turn"))


def slide_types(nb) -> list[str]:
    """One reveal.js slide type per cell of ``nb`` ("slide", "subslide", "-" or "skip").

    A cell that starts with a level-1 or level-2 heading starts a slide, one with a level-3 heading a
    subslide. A cell that leads into the next (`leads_into`) makes a group with it; a cell or group that
    would overflow the slide (`cell_height`) starts a new subslide; one taller than a slide stays whole,
    and scrolls.
    """
    types, section = [], ""
    for cell in nb.cells:
        level, title = heading(cell)
        if level in (1, 2):
            section = title
        shown = not ("check" in cell.metadata.get("tags", []) or section in SKIPPED_SECTIONS
                     or (section == EXERCISES and cell.cell_type == "code"))
        types.append(None if shown else "skip")
    shown = [index for index, kind in enumerate(types) if kind is None]
    used = 0
    for position, index in enumerate(shown):
        cell = nb.cells[index]
        before = nb.cells[shown[position - 1]] if position else None
        after = nb.cells[shown[position + 1]] if position + 1 < len(shown) else None
        height = group = cell_height(cell)
        if after is not None and leads_into(cell, after):
            group += cell_height(after)
        level = heading(cell)[0]
        if index == 0 or level in (1, 2):
            types[index] = "slide"
        elif level == 3 or (used + group > SLIDE_BUDGET and not (before is not None and leads_into(before, cell))):
            types[index] = "subslide"
        else:
            types[index] = "-"
        used = height if types[index] in ("slide", "subslide") else used + height
    return types


# jupyterlab-rise reads a notebook's "rise" metadata over its settings: a subslide taller than the screen
# scrolls (its default cuts it off), and the theme is the static decks' (RISE's default, simple, imports
# Google's fonts).
RISE_SETTINGS = {"scroll": True, "theme": "white"}


def with_slide_types(nb):
    """``nb`` with each cell's ``metadata.slideshow.slide_type`` set (cells that continue a slide: none)."""
    for cell, kind in zip(nb.cells, slide_types(nb), strict=True):
        cell.metadata.pop("slideshow", None)
        if kind != "-":
            cell.metadata["slideshow"] = {"slide_type": kind}
    nb.metadata["rise"] = dict(RISE_SETTINGS)
    return nb


# ------------------------------------------------------------------------------------------ static decks

IMAGE_LINK = re.compile(r"\[!\[([^\]]*)\]\((https?://[^)\s]+)\)\]\((https?://[^)\s]+)\)")
REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\((https?://[^)\s]+)\)")
# What a page loads: src/srcset/data attributes, <link href>, CSS url() and @import, ES module imports, and
# the script paths handed to require.js.
LOADS = [
    re.compile(r"""\b(?:src|srcset|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE),
    re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", re.IGNORECASE),
    re.compile(r"""@import\s+["']((?:https?:)?//[^"']+)""", re.IGNORECASE),
    re.compile(r"""\bimport\b[^;'"]*\bfrom\s*["']((?:https?:)?//[^"']+)""", re.IGNORECASE),
    re.compile(r"""require\(\s*\{[^}]*\}\s*,\s*\[([^\]]*https?://[^\]]*)\]""", re.IGNORECASE),
]


def remote_urls(text: str) -> list[str]:
    """The network URLs that an HTML page or stylesheet ``text`` would load (links to follow are not)."""
    return sorted({match.group(1).strip() for pattern in LOADS for match in pattern.finditer(text)})


EXPECTATIONS = re.compile(r"\n*<details><summary>What to expect.*?</details>", re.DOTALL)
WIDGET = "application/vnd.jupyter.widget-view+json"


def deck_notebook(nb):
    """``nb`` as a static deck shows it: remote images in the text as text links; no exercise's "What to
    expect" (a model answer in the graded course); no cell whose output is a widget (a static deck runs
    none); then the slide types, derived from what is left."""
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = REMOTE_IMAGE.sub(r"[\1](\2)", IMAGE_LINK.sub(r"[\1](\3)", cell.source))
            cell.source = EXPECTATIONS.sub("", cell.source).strip()
            if not cell.source:
                continue
        elif any(WIDGET in output.get("data", {}) for output in cell.get("outputs", [])):
            continue
        cells.append(cell)
    nb.cells = cells
    return with_slide_types(nb)


# MathJax 2 without what the decks never load (its unpacked sources, tests, other fonts and renderers).
MATHJAX_PARTS = ["MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                 "extensions", "jax/input",
                 "jax/element", "jax/output/CommonHTML", "jax/output/PreviewHTML", "fonts/HTML-CSS/TeX/woff",
                 "localization/en"]
VENDOR_PARTS = {
    "reveal.js": ["dist/reveal.css", "dist/reveal.js", "dist/theme/white.css", "dist/theme/fonts/source-sans-pro",
                  "plugin/notes", "LICENSE"],
    "requirejs": ["require.js", "README.md"],
    "jquery": ["dist/jquery.min.js", "LICENSE.txt"],
    "mathjax": MATHJAX_PARTS,
}


def install_vendor(out: Path) -> Path:
    """What the decks load, from the npm registry (``npm ci`` on the pinned lock file), in ``out/vendor``."""
    lock = VENDOR_SPEC / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes() + (VENDOR_SPEC / "package.json").read_bytes()).hexdigest()[:16]
    vendor, stamp = out / "vendor", out / "vendor" / f".installed-{digest}"
    if stamp.exists():
        return vendor
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("make slides needs npm (Node.js) to fetch reveal.js and MathJax from the npm registry: "
                         "install Node.js (Debian: apt-get install npm) and run it again.")
    work = out / ".npm"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(VENDOR_SPEC / name, work / name)
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=work, check=True)
    shutil.rmtree(vendor, ignore_errors=True)
    for package, parts in VENDOR_PARTS.items():
        for part in parts:
            source, target = work / "node_modules" / package / part, vendor / package / part
            target.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    shutil.rmtree(work)
    stamp.touch()
    return vendor


def exporter():
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.update(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(VENDOR_SPEC / "templates")],
        reveal_url_prefix="vendor/reveal.js",
        reveal_theme="white",  # its fonts are reveal.js's own files (simple, the RISE default, imports Google's)
        reveal_scroll=True,  # a subslide taller than the screen scrolls rather than being cut off
        reveal_number="c/t",
        require_js_url="vendor/requirejs/require.js",
        jquery_url="vendor/jquery/dist/jquery.min.js",
        mathjax_url="vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        font_awesome_url="",
        exclude_anchor_links=True,
        exclude_input_prompt=True,  # the slide's width goes to the code and its output
        exclude_output_prompt=True,
    )
    return SlidesExporter(config=config)


def build(out: Path = OUT, edition: Path = EDITION, lessons: list[str] | None = None) -> list[Path]:
    """Write ``out/NN_name.slides.html`` for each lesson of ``edition`` (all, or those named) and the vendor files."""
    vendor = install_vendor(out)
    for stylesheet in vendor.rglob("*.css"):
        if found := remote_urls(stylesheet.read_text()):
            raise SystemExit(f"{stylesheet} would load from the network: {found}")
    export, written = exporter(), []
    for path in sorted(edition.glob("[0-9][0-9]_*.ipynb")):
        if lessons and not any(path.name.startswith(lesson) for lesson in lessons):
            continue
        html, _ = export.from_notebook_node(deck_notebook(nbformat.read(path, as_version=4)))
        if found := remote_urls(html):
            raise SystemExit(f"the deck of {path.name} would load from the network: {found}")
        target = out / f"{path.stem}.slides.html"
        target.write_text(html)
        written.append(target)
    return written


def serve(directory: Path):
    """A static file server for ``directory`` on 127.0.0.1 (a free port), in a thread; ``.shutdown()`` it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def print_handouts(out: Path = OUT, chromium: str = "/usr/bin/chromium") -> list[Path]:
    """Print each deck in ``out`` to ``NN_name.pdf`` beside it (reveal.js's print mode, one page a subslide,
    in Chromium by Playwright); fails if a deck asks for anything that is not on this machine, or not in ``out``."""
    from browser_test import CHROMIUM_ARGS  # the flags a root, offline, headless Chromium needs
    from playwright.sync_api import sync_playwright

    server = serve(out)
    local, remote, missing, written = f"http://127.0.0.1:{server.server_address[1]}/", [], [], []

    def keep_local(route):
        if route.request.url.startswith((local, "data:")):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route("**/*", keep_local)
            page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
            for deck in sorted(out.glob("[0-9][0-9]_*.slides.html")):
                page.goto(f"{local}{deck.name}?print-pdf")
                # the template starts reveal.js once MathJax and the fonts are done; then it lays out the pages
                page.wait_for_selector(".reveal.ready .pdf-page", state="attached", timeout=120_000)
                page.wait_for_timeout(500)
                formulas, typeset = page.evaluate("""() => [
                    document.querySelectorAll('script[type^="math/tex"]').length,
                    document.querySelectorAll('.MathJax_CHTML').length]""")
                if remote or missing or typeset != formulas:
                    raise SystemExit(f"{deck.name}: {typeset} of {formulas} formulas typeset; asked for what is not "
                                     f"on this machine: {sorted(set(remote))}, or not in {out}: {sorted(set(missing))}")
                target = out / deck.name.replace(".slides.html", ".pdf")
                page.pdf(path=target, prefer_css_page_size=True, print_background=True)
                written.append(target)
            browser.close()
    finally:
        server.shutdown()
    return written


if __name__ == "__main__":
    if sys.argv[1:2] == ["--handouts"]:
        started = time.monotonic()
        target = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
        pdfs = print_handouts(target, *sys.argv[3:4])
        size = sum(p.stat().st_size for p in pdfs) / 1e6
        print(f"handouts: {len(pdfs)} PDFs in {target} ({size:.0f} MB) in {time.monotonic() - started:.0f} s")
        sys.exit(0)
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    decks = build(target, lessons=sys.argv[2:])
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) / 1e6
    print(f"slides: {len(decks)} decks in {target} ({size:.0f} MB with vendor/), nothing loaded from the network")
