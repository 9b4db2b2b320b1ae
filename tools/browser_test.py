"""Real-browser test of the series' widgets and slides: `make test-browser` runs it.

Starts JupyterLab (from .venv, on 127.0.0.1, a free port, a random token; settings, runtime files and
checkpoints in a temporary folder, autosave off, so that nothing is written under notebooks/), then drives
the system Chromium with Playwright, as a reader would:

1. notebooks/10_your_own_handwriting.ipynb: clears the outputs, runs all cells, checks that none failed
   and that every widget rendered, draws a 7 on the drawing pad with the mouse and waits for
   "Read as ..." in the pad's output. Screenshot: build/browser/drawing_pad.png.
2. notebooks/02_convolution.ipynb: the same run, then switches the kernel explorer's kernel from
   "Sobel x" to "Laplacian" and waits for its output image to change. Screenshot:
   build/browser/kernel_explorer.png.
3. The static deck build/slides/02_convolution.slides.html (`make slides`), served from this machine:
   waits for reveal.js and MathJax, presses Space twice and checks that the slide changed each time;
   fails if the deck asked for anything that is not on this machine. Screenshots:
   build/browser/deck_1.png, deck_2.png.
4. RISE: student/03_pooling_and_receptive_fields.ipynb (a copy in build/browser/rise/: RISE saves the
   notebook it presents) in JupyterLab, Alt+R (jupyterlab-rise's slideshow,
   in a panel beside the notebook), then Space twice, the slide changing each time. Screenshots:
   build/browser/rise_1.png, rise_2.png.

On failure: a message, build/browser/failure.png (the page as it was), exit status 1. The server's log and
the browser console are kept in build/browser/ in all cases. Requests that would leave the machine (a
notebook's Colab badge) are blocked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "browser"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root; the page is our own local JupyterLab
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]

# Timeouts in seconds: generous (a busy 2-core machine, TensorFlow imported in each kernel) but bounded.
SERVER_START_S = 120
PAGE_LOAD_S = 120
KERNEL_READY_S = 120
RUN_ALL_S = 420
WIDGET_REACTION_S = 90

# JupyterLab settings for the test session only (a temporary user-settings folder).
LAB_SETTINGS = {
    # Running cells marks a notebook as changed; nothing may save it back over the committed file.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Every cell in the DOM, not only those scrolled into view.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # No news or update checks (no internet here, and no toasts over the page).
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


class BrowserTestFailure(Exception):
    """A check failed; the message says which and what was seen."""


def log(message: str) -> None:
    print(f"[browser-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterLab:
    """A JupyterLab server of this repository for one test run, in its own process group."""

    def __init__(self, workdir: Path, log_path: Path):
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = workdir
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._log_file = None

    def start(self) -> None:
        settings = self.workdir / "user-settings"
        for plugin, values in LAB_SETTINGS.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        for name in ("workspaces", "config", "data", "runtime"):
            (self.workdir / name).mkdir(exist_ok=True)
        python = VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)
        command = [
            str(python), "-m", "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={ROOT}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: kernel state and cell models
            # JupyterLab checkpoints every notebook it opens: into the temporary folder, not notebooks/.
            f"--FileCheckpoints.checkpoint_dir={self.workdir / 'checkpoints'}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        env = dict(os.environ)
        # The user's Jupyter config, data (kernels, trust database) and runtime files stay untouched.
        env["JUPYTER_CONFIG_DIR"] = str(self.workdir / "config")
        env["JUPYTER_DATA_DIR"] = str(self.workdir / "data")
        env["JUPYTER_RUNTIME_DIR"] = str(self.workdir / "runtime")
        env.setdefault("MNIST_CNN_CACHE", str(ROOT / ".cache"))
        self._log_file = open(self.log_path, "w")  # closed in stop()
        log(f"starting JupyterLab on {self.url} (log: {self.log_path.relative_to(ROOT)})")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserTestFailure(f"JupyterLab exited at start (status {self.process.returncode}); "
                                         f"see {self.log_path}:\n{tail(self.log_path)}")
            try:
                with self.api("GET", "/api/status") as response:
                    if response.status == 200:
                        log("JupyterLab answers")
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise BrowserTestFailure(f"JupyterLab did not answer within {SERVER_START_S} s; see {self.log_path}")

    def api(self, method: str, path: str):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        return urllib.request.urlopen(request, timeout=10)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:  # a clean shutdown also shuts its kernels down
                self.api("POST", "/api/shutdown").close()
                self.process.wait(timeout=30)
            except Exception:  # any failure here: fall back to signals
                pass
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:  # the server's process group: the server and the kernels it started
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        log(f"JupyterLab stopped (status {self.process.returncode})")
        if self._log_file:
            self._log_file.close()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# ------------------------------------------------------------------------------------------- notebooks

# Helpers evaluated in the page. They read JupyterLab's own models (exposed as window.jupyterapp).
JS_KERNEL_STATE = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const session = panel && panel.sessionContext;
    const kernel = session && session.session && session.session.kernel;
    return kernel ? `${kernel.status}/${kernel.connectionStatus}` : 'no kernel';
}"""

JS_CELLS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = panel.content.widgets.map((cell, index) => ({cell, index: index + 1}))
        .filter(({cell}) => cell.model.type === 'code' && cell.model.sharedModel.getSource().trim());
    const errors = [];
    for (const {cell, index} of cells) {
        for (const output of cell.model.outputs.toJSON()) {
            if (output.output_type === 'error') {
                errors.push({index, ename: output.ename, evalue: output.evalue,
                             traceback: (output.traceback || []).join('\\n').replace(/\\x1b\\[[0-9;]*m/g, '')});
            }
        }
    }
    return {
        kernel: kernel ? kernel.status : 'none',
        code: cells.length,
        executed: cells.filter(({cell}) => cell.model.executionCount !== null).length,
        errors,
    };
}"""


def open_notebook(context, lab: JupyterLab, notebook: str):
    """A new page showing ``notebook`` (a path under the repository) in JupyterLab, its kernel idle."""
    page = context.new_page()
    page.set_default_timeout(30_000)
    console = OUT / f"console_{Path(notebook).stem}.log"
    console_file = console.open("w")
    page.on("console", lambda msg: console_file.write(f"{msg.type}: {msg.text}\n"))
    page.on("pageerror", lambda exc: console_file.write(f"pageerror: {exc}\n"))
    page.on("close", lambda _: console_file.close())
    log(f"opening {notebook}")
    page.goto(f"{lab.url}/lab/tree/{notebook}?reset&token={lab.token}", timeout=PAGE_LOAD_S * 1000)
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=PAGE_LOAD_S * 1000)
    # Ready: started, connected, and idle for a second (the widget manager's first requests answered).
    started, idle_since = time.monotonic(), None
    while True:
        state = page.evaluate(JS_KERNEL_STATE)
        idle_since = (idle_since or time.monotonic()) if state == "idle/connected" else None
        if idle_since and time.monotonic() - idle_since > 1:
            break
        if time.monotonic() - started > KERNEL_READY_S:
            raise BrowserTestFailure(f"{notebook}: the kernel was not ready within {KERNEL_READY_S} s ({state})")
        time.sleep(0.25)
    log(f"kernel ready after {time.monotonic() - started:.0f} s ({state})")
    return page


def menu(page, menu_label: str, item_label: str) -> None:
    """Click ``menu_label`` in JupyterLab's menu bar, then its item ``item_label``."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})  # notebook focused
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu_label)}$")).click()
    item = page.locator(".lm-Menu-content li.lm-Menu-item").filter(
        has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item_label)}$")))
    item.click()


def run_all_cells(page, notebook: str) -> None:
    """Clear the outputs (so that nothing saved in the file can pass for a result), Run -> Run All Cells,
    wait until every non-empty code cell has run and the kernel is idle; fail on any error output."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    state = page.evaluate(JS_CELLS)
    if state["executed"]:
        raise BrowserTestFailure(f"{notebook}: clearing the outputs left {state['executed']} execution counts")
    log(f"{notebook}: Run -> Run All Cells ({state['code']} code cells)")
    started = time.monotonic()
    menu(page, "Run", "Run All Cells")
    idle_since = None
    while True:
        state = page.evaluate(JS_CELLS)
        if state["errors"]:
            error = state["errors"][0]
            raise BrowserTestFailure(f"{notebook}: cell {error['index']} (counting all cells from 1) raised "
                                     f"{error['ename']}: {error['evalue']}\n{error['traceback'][-3000:]}")
        done = state["executed"] == state["code"] and state["kernel"] == "idle"
        idle_since = (idle_since or time.monotonic()) if done else None
        if idle_since and time.monotonic() - idle_since > 2:  # idle for 2 s: comm messages handled too
            break
        if time.monotonic() - started > RUN_ALL_S:
            raise BrowserTestFailure(f"{notebook}: not finished after {RUN_ALL_S} s: {state['executed']} of "
                                     f"{state['code']} code cells executed, kernel {state['kernel']}")
        time.sleep(0.5)
    log(f"{notebook}: all {state['code']} code cells ran in {time.monotonic() - started:.0f} s, no errors")
    check_rendered_outputs(page, notebook)


def check_rendered_outputs(page, notebook: str) -> None:
    """What the page shows: no traceback, no widget that failed to render; stderr (warnings) is reported."""
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    tracebacks = [text for text in stderr if "Traceback" in text or re.search(r"^\w*Error\b", text, re.MULTILINE)]
    if tracebacks:
        raise BrowserTestFailure(f"{notebook}: an error is shown in an output:\n{tracebacks[0][:3000]}")
    for text in stderr:
        log(f"{notebook}: stderr output (not an error): {text.strip()[:200]!r}")
    outputs = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    for sign in ("Error displaying widget", "Failed to load model class", "Could not create a view"):
        if sign in outputs:
            raise BrowserTestFailure(f"{notebook}: a widget did not render: {sign!r} shown")


# ------------------------------------------------------------------------------------------------ tests

SEVEN = [(75, 65), (215, 65), (125, 235)]  # canvas pixels: a bar, then the diagonal


def test_drawing_pad(page) -> str:
    notebook = "notebooks/10_your_own_handwriting.ipynb"
    run_all_cells(page, notebook)
    pads = page.locator(".jp-OutputArea-output").filter(has=page.locator("canvas")).filter(
        has=page.get_by_role("button", name="Clear"))
    if pads.count() != 1:
        raise BrowserTestFailure(f"{notebook}: expected one drawing pad (a canvas and a Clear button), "
                                 f"found {pads.count()}")
    pad = pads.first
    canvas = pad.locator("canvas")
    if canvas.count() != 1:
        raise BrowserTestFailure(f"{notebook}: expected one canvas in the drawing pad, found {canvas.count()}")
    result = pad.locator(".widget-output")
    if "Read as" in result.inner_text():
        raise BrowserTestFailure(f"{notebook}: the pad's output reads a digit before anything was drawn")
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # let the scrolling settle before reading coordinates
    box = canvas.bounding_box()
    size = int(canvas.get_attribute("width") or 280)
    log(f"drawing a 7 on the {size}x{size} canvas at ({box['x']:.0f}, {box['y']:.0f}), "
        f"{box['width']:.0f}x{box['height']:.0f} on screen")

    def at(point):
        return box["x"] + point[0] * box["width"] / size, box["y"] + point[1] * box["height"] / size

    page.mouse.move(*at(SEVEN[0]))
    page.mouse.down()
    for point in SEVEN[1:]:
        page.mouse.move(*at(point), steps=20)
    page.mouse.up()
    started = time.monotonic()
    try:
        result.get_by_text("Read as").first.wait_for(timeout=WIDGET_REACTION_S * 1000)
        result.locator("img").first.wait_for(timeout=WIDGET_REACTION_S * 1000)
    except Exception as exc:
        raise BrowserTestFailure(f"{notebook}: no 'Read as' in the drawing pad's output within "
                                 f"{WIDGET_REACTION_S} s of drawing; it shows: {result.inner_text()!r}") from exc
    reading = re.search(r"Read as .*", result.inner_text()).group(0)
    log(f"the pad answered in {time.monotonic() - started:.1f} s: {reading!r}")
    ink = canvas.evaluate("""c => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) n += data[i] > 0;
        return n;
    }""")
    if ink < 1000:
        raise BrowserTestFailure(f"{notebook}: the stroke was not drawn on the canvas ({ink} inked pixels)")
    log(f"the canvas shows the stroke ({ink} inked pixels)")
    if not reading.startswith("Read as 7"):
        log(f"note: the drawn 7 was {reading!r} (the pad works; the network read it differently)")
    page.wait_for_timeout(500)  # the figure's image decoded
    pad.screenshot(path=OUT / "drawing_pad.png")
    log(f"screenshot: {(OUT / 'drawing_pad.png').relative_to(ROOT)}")
    return reading


def test_kernel_explorer(page) -> None:
    notebook = "notebooks/02_convolution.ipynb"
    run_all_cells(page, notebook)
    explorers = page.locator(".jp-OutputArea-output .widget-interact")
    if explorers.count() != 1:
        raise BrowserTestFailure(f"{notebook}: expected one kernel explorer (.widget-interact), "
                                 f"found {explorers.count()}")
    explorer = explorers.first
    dropdown = explorer.locator("select")
    image = explorer.locator(".widget-output img")
    try:
        image.first.wait_for(timeout=WIDGET_REACTION_S * 1000)
    except Exception as exc:
        raise BrowserTestFailure(f"{notebook}: the kernel explorer shows no figure: {explorer.inner_text()!r}") from exc
    explorer.scroll_into_view_if_needed()
    chosen = dropdown.evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ")  # labels use nbsp
    if chosen != "Sobel x":
        raise BrowserTestFailure(f"{notebook}: the kernel explorer starts at {chosen!r}, expected 'Sobel x'")
    before = image.first.get_attribute("src")
    log(f"kernel explorer: figure shown for {chosen!r}; choosing 'Laplacian'")
    dropdown.select_option(label="Laplacian")
    started = time.monotonic()
    try:
        page.wait_for_function(
            """([explorer, before]) => {
                const images = explorer.querySelectorAll('.widget-output img');
                return images.length === 1 && images[0].src && images[0].src !== before;
            }""",
            arg=[explorer.element_handle(), before], timeout=WIDGET_REACTION_S * 1000)
    except Exception as exc:
        raise BrowserTestFailure(f"{notebook}: the explorer's figure did not change within {WIDGET_REACTION_S} s "
                                 "of choosing 'Laplacian'") from exc
    log(f"the figure changed after {time.monotonic() - started:.1f} s")
    text = explorer.inner_text()
    if "Cannot read" in text or "Traceback" in text:
        raise BrowserTestFailure(f"{notebook}: the kernel explorer shows an error: {text[:1000]!r}")
    page.wait_for_timeout(500)
    explorer.screenshot(path=OUT / "kernel_explorer.png")
    log(f"screenshot: {(OUT / 'kernel_explorer.png').relative_to(ROOT)}")


def shut_down_kernel(page) -> None:
    """Free the CPU and memory of a notebook's kernel before the next one starts."""
    try:
        page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")  # one notebook at a time
    except Exception as exc:  # the server's shutdown stops it anyway
        log(f"could not shut the kernel down from the page: {exc}")


# ------------------------------------------------------------------------------------------------ slides

DECKS = ROOT / "build" / "slides"
DECK = "02_convolution"
RISE_LESSON = ROOT / "student" / "03_pooling_and_receptive_fields.ipynb"
# RISE saves a notebook when its slideshow starts: it presents a copy, so that nothing is written in student/.
RISE_NOTEBOOK = f"build/browser/rise/{RISE_LESSON.name}"
SLIDE_HEIGHT = 700  # px: nbconvert's reveal.js slide
JS_SLIDE = """() => {
    const present = document.querySelector('.reveal .slides > section.present > section.present')
        || document.querySelector('.reveal .slides > section.present');
    return {hash: location.hash, text: present ? present.innerText.slice(0, 80) : ''};
}"""


def advance(page, frame, name: str, times: int = 2) -> list[str]:
    """Press Space ``times`` times in ``frame``'s slideshow; each press must show another slide. Screenshots
    ``name``_1.png ... in build/browser/. Returns the slides' hashes, the first one included."""
    seen = [frame.evaluate(JS_SLIDE)]
    for press in range(1, times + 1):
        page.keyboard.press("Space")
        try:
            frame.wait_for_function(f"() => location.hash !== {json.dumps(seen[-1]['hash'])}", timeout=15_000)
        except Exception as exc:
            raise BrowserTestFailure(f"{name}: Space did not move to another slide (still {seen[-1]})") from exc
        page.wait_for_timeout(800)  # the transition ends
        seen.append(frame.evaluate(JS_SLIDE))
        if seen[-1]["text"] == seen[-2]["text"]:
            raise BrowserTestFailure(f"{name}: slide {seen[-1]['hash']} shows what {seen[-2]['hash']} showed")
        page.screenshot(path=OUT / f"{name}_{press}.png")
        log(f"{name}: slide {seen[-1]['hash']} ({seen[-1]['text'][:40]!r}...); screenshot "
            f"{(OUT / f'{name}_{press}.png').relative_to(ROOT)}")
    return [slide["hash"] for slide in seen]


def test_static_deck(context, blocked: list) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from slides import remote_urls, serve

    lessons = sorted(path.stem for path in (ROOT / "student").glob("[0-9][0-9]_*.ipynb"))
    missing = [lesson for lesson in lessons if not (DECKS / f"{lesson}.slides.html").exists()]
    if missing:
        raise BrowserTestFailure(f"no deck in {DECKS.relative_to(ROOT)} for {missing}: run make slides first")
    for path in [DECKS / f"{lesson}.slides.html" for lesson in lessons] + sorted(DECKS.glob("vendor/**/*.css")):
        if found := remote_urls(path.read_text()):
            raise BrowserTestFailure(f"{path.relative_to(ROOT)} would load from the network: {found}")
    log(f"{len(lessons)} decks in {DECKS.relative_to(ROOT)}: no script, stylesheet, font or image from the network")
    deck = DECKS / f"{DECK}.slides.html"
    server = serve(DECKS)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector's shape
    missing = []  # a file the deck asks for that is not in build/slides (MathJax loads its parts as it goes)
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    try:
        before = len(blocked)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{deck.name}", timeout=PAGE_LOAD_S * 1000)
        page.wait_for_selector(".reveal.ready", timeout=60_000)
        page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=60_000)
        page.wait_for_timeout(1000)
        heights = page.evaluate("""() => { const style = document.createElement('style');
            style.textContent = '.reveal .slides section { display: block !important; }';
            document.head.appendChild(style);
            const heights = Array.from(document.querySelectorAll('.reveal .slides > section > section'))
                .map(s => s.scrollHeight);
            style.remove();
            return heights; }""")
        tall = [h for h in heights if h > SLIDE_HEIGHT]
        log(f"deck {deck.name}: {len(heights)} subslides, {len(tall)} taller than {SLIDE_HEIGHT} px "
            f"(they scroll; tallest {max(heights)} px)")
        page.locator(".reveal").click(position={"x": 300, "y": 300})
        hashes = advance(page, page.main_frame, "deck")
        page.wait_for_function("() => MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running")
        formulas, typeset = page.evaluate("""() => [document.querySelectorAll('script[type^="math/tex"]').length,
                                               document.querySelectorAll('.MathJax_CHTML').length]""")
        if typeset != formulas or not formulas:
            raise BrowserTestFailure(f"deck {deck.name}: MathJax typeset {typeset} of its {formulas} formulas")
        if len(blocked) > before:
            raise BrowserTestFailure(f"deck {deck.name} asked for what is not on this machine: "
                                     f"{sorted(set(blocked[before:]))}")
        if missing:
            raise BrowserTestFailure(f"deck {deck.name} asked for files that are not there: {sorted(set(missing))}")
        log(f"deck {deck.name}: slides {' -> '.join(hashes)}, all {typeset} formulas typeset, "
            "no request left the machine")
    finally:
        page.close()
        server.shutdown()


def test_rise(page) -> None:
    """The live slideshow: Alt+R on a student notebook opens jupyterlab-rise's panel; Space advances it."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")  # command mode, where Alt+R is bound
    page.keyboard.press("Alt+r")
    started, frame = time.monotonic(), None
    while frame is None:  # the panel's iframe may load more than once: poll for the one that is ready
        for candidate in (f for f in page.frames if "/rise/" in f.url and not f.is_detached()):
            try:
                if candidate.evaluate("() => !!document.querySelector('.reveal.ready')"):
                    frame = candidate
            except Exception:  # navigated away meanwhile
                continue
        if frame is None and time.monotonic() - started > PAGE_LOAD_S:
            raise BrowserTestFailure(f"{RISE_NOTEBOOK}: Alt+R showed no RISE slideshow within {PAGE_LOAD_S} s")
        time.sleep(0.5)
    page.wait_for_timeout(1000)
    log(f"RISE: slideshow ready {time.monotonic() - started:.0f} s after Alt+R "
        f"({frame.url.split('/rise/', 1)[1].split('#')[0]})")
    cells = frame.evaluate("() => document.querySelectorAll('.jp-Cell').length")
    frame.locator(".reveal .slides").click(position={"x": 200, "y": 150}, force=True)  # focus the slideshow
    hashes = advance(page, frame, "rise")
    log(f"RISE: slides {' -> '.join(hashes)} ({cells} cells in the page)")


# ------------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                        help="the Chromium executable (default: /usr/bin/chromium)")
    parser.add_argument("--headed", action="store_true", help="show the browser window (needs a display)")
    parser.add_argument("--slides-only", action="store_true", help="only the static deck and RISE (3 and 4)")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        print(f"browser test: no Chromium at {args.chromium}", file=sys.stderr)
        return 1
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("browser test: Playwright is not installed (make test-browser installs it)", file=sys.stderr)
        return 1

    OUT.mkdir(parents=True, exist_ok=True)
    for stale in ("drawing_pad.png", "kernel_explorer.png", "failure.png", "deck_1.png", "deck_2.png",
                  "rise_1.png", "rise_2.png"):
        (OUT / stale).unlink(missing_ok=True)
    started = time.monotonic()
    failure = None
    with tempfile.TemporaryDirectory(prefix="browser-test-") as tmp:
        lab = JupyterLab(Path(tmp), OUT / "jupyterlab.log")
        try:
            lab.start()
            run_tests(lab, args.chromium, Path(tmp) / "chromium-profile", headed=args.headed,
                      slides_only=args.slides_only)
        except BrowserTestFailure as exc:
            failure = str(exc)
        except Exception as exc:  # Playwright timeouts and the like: the same report
            failure = f"{type(exc).__name__}: {exc}"
        finally:
            lab.stop()
        saved = [path for path in re.findall(r"Saving file at (\S+)", lab.log_path.read_text(errors="replace"))
                 if path != f"/{RISE_NOTEBOOK}"]  # RISE's save of its copy
        if saved and not failure:  # autosave is off: a save here would overwrite committed notebooks
            failure = f"JupyterLab saved {saved}"
    if failure:
        print(f"\nBROWSER TEST FAILED: {failure}", file=sys.stderr)
        return 1
    log(f"passed in {time.monotonic() - started:.0f} s")
    return 0


def run_tests(lab: JupyterLab, chromium: str, profile: Path, headed: bool = False, slides_only: bool = False) -> None:
    """The deck, then the notebooks, in a fresh Chromium profile; on failure, a screenshot of the page."""
    from playwright.sync_api import sync_playwright

    page = None
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=not headed, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1600}, timeout=60_000)
        blocked = []
        context.route("**/*", lambda route: keep_local(route, blocked))
        try:
            log(f"Chromium started ({chromium})")
            test_static_deck(context, blocked)
            (ROOT / RISE_NOTEBOOK).parent.mkdir(parents=True, exist_ok=True)
            for name in (RISE_LESSON.name, "jupytext.toml"):  # the edition's jupytext.toml: no pairing
                shutil.copy(RISE_LESSON.parent / name, (ROOT / RISE_NOTEBOOK).parent / name)
            for notebook, test in (("notebooks/10_your_own_handwriting.ipynb", test_drawing_pad),
                                   ("notebooks/02_convolution.ipynb", test_kernel_explorer),
                                   (RISE_NOTEBOOK, test_rise)):
                if slides_only and test is not test_rise:
                    continue
                page = open_notebook(context, lab, notebook)
                test(page)
                shut_down_kernel(page)
                page.close()
                page = None
        except Exception:
            if page is not None and not page.is_closed():
                try:
                    page.screenshot(path=OUT / "failure.png")
                    log(f"screenshot of the failing page: {(OUT / 'failure.png').relative_to(ROOT)}")
                except Exception as exc:  # the original failure matters more
                    log(f"no failure screenshot: {exc}")
            raise
        finally:
            context.close()
            if blocked:
                log(f"blocked {len(blocked)} request(s) that would leave this machine: {sorted(set(blocked))[:5]}")


def keep_local(route, blocked: list) -> None:
    """Let requests to the local JupyterLab through, abort the rest (a notebook's badge, a font from a CDN):
    the test must not depend on, or wait for, the internet."""
    if urllib.parse.urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        blocked.append(urllib.parse.urlsplit(route.request.url).hostname)
        route.abort()


if __name__ == "__main__":
    sys.exit(main())
