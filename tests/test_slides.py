"""Slides (tools/slides.py): the slide types derived from each lesson's structure and stored in the student
edition for RISE, and what a static deck would load from the network. The decks themselves are built by
`make slides` and opened in Chromium by the browser lane (`make test-browser`)."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import slides  # noqa: E402

EDITION = sorted((ROOT / "student").glob("[0-9][0-9]_*.ipynb"))
WORKED = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module", params=[p.name for p in EDITION])
def lesson(request):
    return nbformat.read(ROOT / "student" / request.param, as_version=4)


def stored(nb) -> list[str]:
    return [cell.metadata.get("slideshow", {}).get("slide_type", "-") for cell in nb.cells]


def test_the_student_edition_stores_the_derived_types_and_nothing_else(lesson):
    assert stored(lesson) == slides.slide_types(lesson)
    for cell in lesson.cells:
        assert set(cell.metadata.get("slideshow", {"slide_type": "-"})) == {"slide_type"}
    assert lesson.metadata["rise"] == slides.RISE_SETTINGS


def test_the_worked_notebooks_carry_no_slide_metadata():
    for path in WORKED:
        nb = nbformat.read(path, as_version=4)
        assert not any("slideshow" in cell.metadata for cell in nb.cells), path.name
        assert "rise" not in nb.metadata, path.name


def test_a_heading_always_starts_its_cell():
    for path in WORKED:
        for cell in nbformat.read(path, as_version=4).cells:
            inside = [(level, title) for level, title in slides.headings(cell) if level <= 3]
            assert len(inside) <= 1 and (not inside or slides.heading(cell)[0]), \
                f"{path.name}: split the cell before {inside[-1][1]!r} (a slide starts at a cell)"


def test_sections_start_slides_and_plumbing_is_skipped(lesson):
    types = slides.slide_types(lesson)
    assert types[0] == "slide"
    section = ""
    for cell, kind in zip(lesson.cells, types, strict=True):
        level, title = slides.heading(cell)
        if level in (1, 2):
            section = title
        if "check" in cell.metadata.get("tags", []):
            assert kind == "skip", "a check cell is shown"
        elif section == "Setup":
            assert kind == "skip", "a setup cell is shown"
        elif section == "Exercises" and cell.cell_type == "code":
            assert kind == "skip", "an exercise's answer cell is shown"
        elif level in (1, 2):
            assert kind == "slide", f"{title!r} does not start a slide"
        elif level == 3:
            assert kind == "subslide", f"{title!r} does not start a subslide"
        else:
            assert kind != "skip", f"lesson content is skipped: {cell.source[:60]!r}"
    assert types.count("slide") >= 5, "a lesson has at least its title, a section, Summary, Exercises, reading"


def test_introductions_and_figures_keep_their_company(lesson):
    shown = [(cell, kind) for cell, kind in zip(lesson.cells, slides.slide_types(lesson), strict=True)
             if kind != "skip"]
    for (before, _), (cell, kind) in zip(shown, shown[1:], strict=False):
        if slides.leads_into(before, cell):
            assert kind == "-", f"{cell.source[:60]!r} is split from {before.source[-60:]!r}, which leads into it"


def test_subslides_fit_unless_what_they_hold_belongs_together(lesson):
    height, cells, previous, joined = 0, 0, None, 0
    for cell, kind in zip(lesson.cells, slides.slide_types(lesson), strict=True):
        if kind == "skip":
            continue
        if kind in ("slide", "subslide"):
            height, cells = 0, 0
        elif height + slides.cell_height(cell) > slides.SLIDE_BUDGET:  # only where the cell belongs with the last
            assert slides.leads_into(previous, cell), \
                f"a subslide of {cells + 1} cells is {height + slides.cell_height(cell)} px tall"
            joined += 1
        height, cells, previous = height + slides.cell_height(cell), cells + 1, cell
    assert joined <= 8, f"{joined} subslides overflow because what they hold belongs together"


def test_exercises_share_a_subslide_while_they_fit():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_markdown_cell("## Exercises\nAnswer them.\n\n**09.1** First."),
        nbformat.v4.new_code_cell('answer = ...\ncheck("09.1", answer)'),
        nbformat.v4.new_markdown_cell("**09.2** Second."),
        nbformat.v4.new_markdown_cell("**09.3** Third.\n" + "A long line of text.\n" * 30),
        nbformat.v4.new_markdown_cell("## Further reading\n- a book"),
    ])
    assert slides.slide_types(nb) == ["slide", "slide", "skip", "-", "subslide", "slide"]


def test_a_heading_inside_a_code_fence_is_not_a_heading():
    cell = nbformat.v4.new_markdown_cell("Text\n```\n## not a heading\n```\n## Real one")
    assert slides.headings(cell) == [(2, "Real one")]


def test_png_size_reads_the_header():
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (37, 11)).save(buffer, format="PNG")
    assert slides.png_size(base64.b64encode(buffer.getvalue()).decode()) == (37, 11)
    with pytest.raises(ValueError, match="not a PNG"):
        slides.png_size(base64.b64encode(b"GIF89a" + bytes(40)).decode())


@pytest.mark.parametrize("text, url", [
    ('<script src="https://cdn.example/require.js"></script>', "https://cdn.example/require.js"),
    ("<img src='//cdn.example/a.png'>", "//cdn.example/a.png"),
    ('<link rel="stylesheet" href="https://cdn.example/reveal.css">', "https://cdn.example/reveal.css"),
    ("body { background: url('https://cdn.example/bg.png') }", "https://cdn.example/bg.png"),
    ('@import "https://fonts.example/css?family=Lato";', "https://fonts.example/css?family=Lato"),
    ("<script type=module>import mermaid from 'https://cdn.example/m.mjs';</script>", "https://cdn.example/m.mjs"),
    ('require({waitSeconds: 15}, ["https://unpkg.example/reveal.js"], f)', '"https://unpkg.example/reveal.js"'),
])
def test_remote_urls_finds_what_a_page_would_load(text, url):
    assert slides.remote_urls(text) == [url]


def test_remote_urls_leaves_links_and_local_files_alone():
    page = ('<a href="https://colab.research.google.com/x">Open in Colab</a> <script src="vendor/r.js"></script>'
            '<img src="data:image/png;base64,AAAA"> <link href="vendor/reveal.css" rel="stylesheet">'
            ' url(./fonts/a.woff) require({waitSeconds: 15}, ["vendor/reveal.js/dist/reveal.js"], f)')
    assert slides.remote_urls(page) == []


def test_a_deck_leaves_out_what_to_expect_and_widgets():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "# T\n**01.5** (Open) Try.\n<details><summary>What to expect</summary>\n42\n</details>"),
        nbformat.v4.new_code_cell("pad = drawing_pad()", outputs=[nbformat.v4.new_output(
            "display_data", data={slides.WIDGET: {"model_id": "x"}, "text/plain": "Box()"})]),
    ])
    deck = slides.deck_notebook(nb)
    assert [cell.source for cell in deck.cells] == ["# T\n**01.5** (Open) Try."]


def test_a_deck_shows_the_colab_badge_as_a_text_link():
    badge = ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
             "(https://colab.research.google.com/github/o/r/blob/main/student/00.ipynb)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# Title\n\n{badge}\n\n![a](https://x.org/a.png)")])
    text = slides.deck_notebook(nb).cells[0].source
    assert "[Open In Colab](https://colab.research.google.com/github/o/r/blob/main/student/00.ipynb)" in text
    assert "[a](https://x.org/a.png)" in text and "![" not in text
