"""The report in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe`` (JSON messages ending in
NUL on file descriptors 3 and 4), so no websocket client or port is needed.
Every console message, uncaught exception, log entry (CSP violations arrive as
``security`` errors) and DevTools issue is collected; Chromium's own console
log on stderr (``--enable-logging=stderr``) is a second net. A control page
shows the harness does see such problems, so "no problems" means something.

Skips, with the reason, where Chromium is not installed (``.ci/run`` installs
it with apt-get when it can). ``CLEANSE_CHROMIUM`` names another binary;
``CLEANSE_SCREENSHOT_DIR`` keeps the screenshots for a human to look at.
"""

from __future__ import annotations

import base64
import fcntl
import io
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleanse.cli import main as cli_main

CHROMIUM = os.environ.get("CLEANSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium; .ci/run tries): no browser to render in",
)

# The flags that work on this closed network: no background connections, no sandbox as root.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0

ARTICLE = (
    "The harbour reopened on Friday after engineers finished repairs to the sea wall, which had been "
    "breached during last week's storm, and the first ferries left on time.\n\n"
    "Local businesses said they had lost several days of trade but were relieved that the repairs took "
    "less time than the council had first feared.\n\n"
)
# Would set the title and a global if it ever ran (and CSP would complain if it tried).
HOSTILE = '<script>document.title="pwned";window.pwned=1</script><img src=x onerror="window.pwned=2">'
PAGES = {
    "harbour.test/storm.txt": f"Support The Harbour Post!\n\n{ARTICLE}Read more\n",
    "harbour.test/ferries.txt": f"{ARTICLE}Subscribe to our newsletter for the latest news. {HOSTILE}\n",
    "example.org/tram.html": (
        "<!DOCTYPE html><html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li>"
        "<li><a href='/s'>Sport</a></li></ul></nav><article><h1>Tram line extended</h1>"
        "<p>The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
        "that had lasted for almost three years.</p><p>Supporters of the plan say it will cut travel times in half "
        "for thousands of commuters, while critics warn that the cost has already doubled.</p></article>"
        "<footer><p>© 2024 Example Org. All rights reserved.</p></footer></body></html>"
    ),
}


class Chromium:
    """One headless Chromium and a minimal DevTools client over its pipe."""

    def __init__(self, profile: Path, log: Path) -> None:
        to_r, self._w = os.pipe()
        self._r, from_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4; bash moves our ends there.
        a, b = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        self._log = log.open("wb")
        script = f'exec "$0" "$@" 3<&{a} 4>&{b} {a}<&- {b}>&-'
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", script, CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(a, b),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        for fd in (to_r, from_w, a, b):
            os.close(fd)
        self.log_path = log
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []

    def _recv(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._r], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise EOFError(
                    f"Chromium closed the pipe; its log: {self.log_path.read_text(errors='replace')[-2000:]}"
                )
            self._buf += chunk
        message, _, self._buf = self._buf.partition(b"\0")
        result: dict[str, Any] = json.loads(message)
        return result

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._w, data) :]
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._recv(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            self.events.append(self._recv(deadline))

    def open(self, path: Path, *, width: int = 1200, dark: bool = False) -> Tab:
        """Load a file in a fresh tab and wait for its load event."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Audits"):
            self.send(f"{domain}.enable", session=session)
        metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session)
        scheme = {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}
        self.send("Emulation.setEmulatedMedia", {"features": [scheme]}, session)
        self.send("Page.navigate", {"url": path.as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return Tab(self, session)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=15)
        except (OSError, EOFError, TimeoutError, RuntimeError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._r)
            os.close(self._w)
            self._log.close()


class Tab:
    """A loaded page: evaluate expressions, list problems, take screenshots."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    def eval(self, expression: str) -> Any:
        reply = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session)
        assert "exceptionDetails" not in reply, reply
        return reply["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, error log entries and DevTools issues."""
        self.eval("0")  # a round trip, so events raised during load have arrived
        found = []
        for e in self.browser.events:
            if e.get("sessionId") != self.session:
                continue
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: {[a.get('value') for a in params['args']]}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(f"log {params['entry']['source']}: {params['entry']['text']}")
            elif method == "Audits.issueAdded":
                found.append(f"issue: {params['issue']['code']}")
        return found

    def screenshot(self, path: Path) -> bytes:
        reply = self.browser.send(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, self.session
        )
        data = base64.b64decode(reply["data"])
        path.write_bytes(data)
        keep = os.environ.get("CLEANSE_SCREENSHOT_DIR")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(keep) / path.name)
        return data


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    work = tmp_path_factory.mktemp("chromium")
    chromium = Chromium(work / "profile", work / "chromium.log")
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name, text in PAGES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, "utf-8")
    target = root.parent / "report.html"
    code = cli_main(["report", str(root), "-o", str(target), "--no-config"], stdin=io.BytesIO(), stdout=io.StringIO())
    assert code == 0
    return target


def _console_lines(browser: Chromium, page: Path) -> list[str]:
    """Chromium's own console log on stderr, for one page."""
    text = browser.log_path.read_text(errors="replace")
    return [line for line in text.splitlines() if ":CONSOLE" in line and page.name in line]


def test_the_harness_sees_console_errors_and_csp_violations(browser: Chromium, tmp_path: Path) -> None:
    # A page that logs an error, throws, and tries an inline script and an image its CSP forbids.
    noisy = tmp_path / "noisy.html"
    noisy.write_text('<!DOCTYPE html><title>n</title><script>console.error("boom"); missing();</script>', "utf-8")
    locked = tmp_path / "locked.html"
    locked.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        '<title>l</title><script>document.title="ran"</script><img src="http://example.invalid/x.png">',
        "utf-8",
    )
    problems = browser.open(noisy).problems()
    assert any("boom" in p for p in problems) and any(p.startswith("exception") for p in problems), problems
    tab = browser.open(locked)
    problems = tab.problems()
    assert tab.eval("document.title") == "l"
    assert any("Content Security Policy" in p for p in problems), problems
    assert any("boom" in line for line in _console_lines(browser, noisy))


def test_report_renders_its_chart_without_console_errors(browser: Chromium, report: Path, tmp_path: Path) -> None:
    tab = browser.open(report)
    assert tab.eval("document.title") == "cleanse report"
    codes = tab.eval("[...document.querySelectorAll('#rules tr[data-code]')].map(r => r.dataset.code)")
    bars = tab.eval("[...document.querySelectorAll('svg.chart rect.bar')].map(r => r.getBoundingClientRect().width)")
    assert len(codes) >= 4 and len(bars) == len(codes), (codes, bars)
    assert all(w > 0 for w in bars) and bars == sorted(bars, reverse=True), bars
    # The widest bar spans a good part of the page: the chart is drawn at a readable size.
    assert max(bars) > 200, bars
    assert tab.eval("document.querySelectorAll('#examples mark').length") >= len(codes)
    assert tab.eval("getComputedStyle(document.querySelector('mark')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert tab.eval("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    png = tab.screenshot(tmp_path / "report-light.png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    assert tab.problems() == []
    assert _console_lines(browser, report) == []


def test_scraped_script_is_shown_as_text_and_never_runs(browser: Chromium, report: Path) -> None:
    tab = browser.open(report)
    assert tab.eval("document.title") == "cleanse report"
    assert tab.eval("typeof window.pwned") == "undefined"
    assert tab.eval("document.querySelectorAll('script, img').length") == 0
    marks = tab.eval("[...document.querySelectorAll('mark')].map(m => m.textContent)")
    assert any(HOSTILE in m for m in marks), marks
    assert tab.problems() == []


def test_narrow_screens_and_dark_mode(browser: Chromium, report: Path, tmp_path: Path) -> None:
    narrow = browser.open(report, width=390)
    assert narrow.eval("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert narrow.eval("document.querySelector('svg.chart').getBoundingClientRect().width <= window.innerWidth")
    dark = browser.open(report, dark=True)
    light_bg = browser.open(report).eval("getComputedStyle(document.body).backgroundColor")
    dark_bg = dark.eval("getComputedStyle(document.body).backgroundColor")
    luminance = sum(int(v) for v in dark_bg[dark_bg.index("(") + 1 : -1].split(",")[:3])
    assert dark_bg != light_bg and luminance < 150, dark_bg
    dark.screenshot(tmp_path / "report-dark.png")
    assert dark.problems() == [] and narrow.problems() == []


def test_the_pages_that_lost_the_most_show_kept_beside_dropped(browser: Chromium, report: Path) -> None:
    tab = browser.open(report)
    cells = tab.eval(
        "[...document.querySelectorAll('#page-1 .side p')].map(p => { const r = p.getBoundingClientRect();"
        " return [p.className, Math.round(r.left), Math.round(r.top), Math.round(r.width)] })"
    )
    kept = [c for c in cells if c[0] == "kept"]
    dropped = [c for c in cells if c[0] == "dropped"]
    assert kept and dropped, cells
    # Two columns of one width: kept text on the left, dropped text on the right...
    assert len({c[1] for c in kept}) == 1 and len({c[1] for c in dropped}) == 1 and kept[0][1] < dropped[0][1]
    assert abs(kept[0][3] - dropped[0][3]) <= 1
    # ...and each block's row lines up across both, in page order.
    rows = list(zip(cells[::2], cells[1::2], strict=True))
    assert all(left[2] == right[2] for left, right in rows)
    assert [top for (_, _, top, _), _ in rows] == sorted(top for (_, _, top, _), _ in rows)
    assert tab.problems() == []
