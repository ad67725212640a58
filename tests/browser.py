"""Headless Chromium driven through Debian's `chromedriver` (W3C WebDriver over HTTP), and axe-core in it.

The protocol is a handful of JSON requests, so the tests speak it with the standard library rather than a
client library. axe-core is the npm package (`npm install -g axe-core`, as .ci/run does); its script is
injected into each page, which loads nothing from the network.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)
CHROMEDRIVER = shutil.which("chromedriver")


def axe_script() -> Path | None:
    """axe.min.js of the npm package: installed globally, or in node_modules of the checkout."""
    candidates = [Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"]
    npm = shutil.which("npm")
    if npm is not None:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False).stdout.strip()
        if root:
            candidates.append(Path(root) / "axe-core" / "axe.min.js")
    return next((path for path in candidates if path.is_file()), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """One Chromium session: open a page, set the window's width, run script, take a screenshot."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())["value"]

    def open(self, address: str) -> None:
        self._call("POST", "/url", {"url": address})

    def resize(self, width: int, height: int) -> None:
        self._call("POST", "/window/rect", {"width": width, "height": height})

    def run(self, script: str, *args: Any) -> Any:
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script: str, *args: Any) -> Any:
        return self._call("POST", "/execute/async", {"script": script, "args": list(args)})

    def screenshot(self) -> bytes:
        return base64.b64decode(self._call("GET", "/screenshot"))

    def inner_width(self) -> int:
        """The layout viewport's width in CSS pixels (the window's width less its frame)."""
        return int(self.run("return document.documentElement.clientWidth"))

    def set_viewport_width(self, width: int, height: int = 900) -> None:
        """Resize the window so that the page's viewport is `width` CSS pixels wide."""
        self.resize(width, height)
        frame = width - self.inner_width()
        if frame:
            self.resize(width + frame, height)

    def axe(self, script: str) -> list[dict[str, Any]]:
        """The violations axe-core finds on the open page (every rule of its default set)."""
        self.run(script + "\nreturn true;")
        result = self.run_async(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
        )
        assert isinstance(result, list), result
        return result


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium with a fresh profile, through chromedriver; closed on leaving."""
    assert CHROMIUM is not None
    assert CHROMEDRIVER is not None
    port = _free_port()
    driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/status", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        options = {
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--force-device-scale-factor=1",
            ],
        }
        body = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}}
        request = urllib.request.Request(
            base + "/session", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            session = json.loads(response.read())["value"]["sessionId"]
        browser = Browser(f"{base}/session/{session}")
        try:
            yield browser
        finally:
            urllib.request.urlopen(urllib.request.Request(f"{base}/session/{session}", method="DELETE"), timeout=30)
    finally:
        driver.terminate()
        driver.wait(timeout=10)
