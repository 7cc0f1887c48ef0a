#!/usr/bin/env python3
"""Accord's start-up benchmark: time to first paint of the dashboard, and memory when idle,
against an empty Tauri v2 window (bench/empty-window/) measured in the same run.

Both apps are release builds with the same Tauri version, custom-protocol and an embedded
frontend, started under the same Xvfb. The targets: Accord at most 1.3x the baseline's
time and 1.2x its memory (medians).

Method: WebDriver, through tauri-driver and WebKitWebDriver (the tools the end-to-end
tests use, see scripts/e2e). Chosen over polling X11 screenshots because it sees the
page itself: "first paint of the dashboard" means the dashboard's scoreboard is in the
DOM *and* a frame has been rendered with it, which a screenshot cannot tell apart from the
header or a loading message, and WebKit's own timing entries (navigation, first
contentful paint) come along for free to explain where the time goes. Both apps pay the
same WebDriver overhead (launch through WebKitWebDriver, an automation session, the polling
scripts), so the ratio is fair even though the absolute times include it.

One run:
  1. start tauri-driver (on free ports) under the benchmark's Xvfb, with a private HOME;
  2. copy a pristine, already seeded database to $ACCORD_DB (Accord only);
  3. t0, then POST /session (pageLoadStrategy "none"), which makes WebKitWebDriver launch
     the app;
  4. poll (every --poll-ms) a script that, the first time it runs in the app's page, sets
     up a MutationObserver noting when the target first matches and when the next
     animation frame, the one that paints it, starts; it answers once the target is there
     (`[data-testid="scoreboard"]` in Accord, the page's only heading in the baseline).
     First paint = t0 to that frame, by WebKit's clock (performance.timeOrigin is wall
     time). For the baseline, whose heading is in the HTML, it is the first contentful
     paint. If the observer came too late, Accord's own mark of that frame
     (`accord:dashboard-painted`, ui/src/lib/paint-mark.ts) is used, and failing that the
     poll's own answer; each run says which ("first_paint_from"), and the polled time is
     reported too;
  5. wait --idle seconds and then until the app's processes are quiet, then sum PSS and
     RSS (/proc/PID/smaps_rollup) over the app's process and all its descendants
     (WebKitWebProcess, WebKitNetworkProcess);
  6. (Accord only) time a few warm `dashboard` and `today` IPC calls from the page; then
     end the session and stop every process the run started.
Runs go A B, B A, A B ... so both apps share the machine's drift and noise; one warm-up
run of each is discarded first (Accord's also seeds the database by starting on a missing
file; its time is reported as "first launch, seeding").

Usage:  python3 bench/app_start.py [--runs 7] [--idle 3] [--poll-ms 20]
        python3 bench/app_start.py --against /tmp/accord-desktop-before   (two builds, A/B)
Needs:  target/release/accord-desktop  (make app)
        target/release/accord-bench-empty-window
          (cd bench/empty-window && CARGO_TARGET_DIR=../../target cargo build --release)
        Xvfb, WebKitWebDriver, tauri-driver (make deps-e2e)
Writes: bench/results/app_start.json
Exit:   0 if Accord meets both targets (first paint, PSS), 1 if not or on an error,
        2 if a binary or tool is missing, 130 on Ctrl+C
Python 3 standard library only. Builds nothing. Every process it starts is stopped by PID
at the end, on errors and on Ctrl+C too.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "app_start.json"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
if not TARGET.is_absolute():
    TARGET = ROOT / TARGET

TIME_TARGET = 1.3
MEMORY_TARGET = 1.2

APPS = {
    "baseline": {
        "label": "empty Tauri window",
        "binary": TARGET / "release" / "accord-bench-empty-window",
        "build": f"cd {ROOT / 'bench/empty-window'} && CARGO_TARGET_DIR={TARGET} "
        "nice -n 10 cargo build --release",
        "selector": '[data-testid="baseline"]',
        # The heading is in the HTML itself and is all the page shows: its paint is the
        # page's first contentful paint.
        "static_target": True,
    },
    "accord": {
        "label": "Accord",
        "binary": TARGET / "release" / "accord-desktop",
        "build": f"cd {ROOT} && make app",
        "selector": '[data-testid="scoreboard"]',
        # Rendered by the UI once the `dashboard` command has answered: timed by the
        # polling script's MutationObserver.
        "static_target": False,
        "opens_db": True,
    },
}


def compare_with_build(binary: Path) -> None:
    """Makes the baseline another build of Accord (`--against`): an A/B of two builds, run
    interleaved like the empty window so both share the machine's drift, on the same
    seeded database (seeded by the build under test)."""
    APPS["baseline"] = {
        "label": f"Accord, {binary.name}",
        "binary": binary,
        "build": "(the build given with --against)",
        "selector": APPS["accord"]["selector"],
        "static_target": False,
        "opens_db": True,
    }

# The polling script, run through /execute/async (the last argument is the callback).
# The first time it runs in the app's document it sets up `window.__bench`: a
# MutationObserver that notes when the selector first matches and when the next animation
# frame (the one that paints it) starts, and a wrapper around fetch that notes the IPC
# requests. With pageLoadStrategy "none" the script runs while the page loads, so this is
# usually in place before the UI renders; if the target is already there, the poll's own
# frame is the fallback. Answers null until the selector matches; then WebKit's timings.
PAINTED = """
const selector = arguments[0];
const done = arguments[arguments.length - 1];
const now = () => performance.now();
if (location.protocol === 'tauri:' && !window.__bench) {
  const b = window.__bench = {
    installedAt: now(), presentAtInstall: !!document.querySelector(selector),
    seenAt: null, frameAt: null, ipc: [],
  };
  if (!b.presentAtInstall) {
    const observer = new MutationObserver(() => {
      if (b.seenAt !== null || !document.querySelector(selector)) return;
      b.seenAt = now();
      observer.disconnect();
      requestAnimationFrame(() => { b.frameAt = now(); });
    });
    observer.observe(document, { childList: true, subtree: true });
  }
  // Tauri v2 on Linux sends each IPC request with fetch to ipc://localhost/COMMAND: note
  // when each is sent and answered (seen only if this runs before the UI's first calls).
  const fetchBefore = window.fetch;
  window.fetch = function (input, init) {
    const url = String((input && input.url) || input);
    if (!/^(ipc:|http:\\/\\/ipc\\.localhost)/.test(url)) return fetchBefore.apply(this, arguments);
    const call = { command: decodeURIComponent(url.split('/').pop()), sent: now(), answered: null };
    b.ipc.push(call);
    const answer = fetchBefore.apply(this, arguments);
    answer.then(() => { call.answered = now(); }, () => { call.answered = now(); });
    return answer;
  };
}
if (!document.querySelector(selector)) { done(null); return; }
requestAnimationFrame(() => setTimeout(() => {
  const b = window.__bench || {};
  const nav = performance.getEntriesByType('navigation')[0];
  const paints = {};
  for (const p of performance.getEntriesByType('paint')) paints[p.name] = p.startTime;
  done({
    now: now(),
    timeOrigin: performance.timeOrigin,
    navigation: nav ? {
      responseEnd: nav.responseEnd,
      domInteractive: nav.domInteractive,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
    } : null,
    paints,
    mark: (performance.getEntriesByName('accord:dashboard-painted')[0] || {}).startTime ?? null,
    marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
    observer: {
      installedAt: b.installedAt ?? null, presentAtInstall: b.presentAtInstall ?? null,
      seenAt: b.seenAt ?? null, frameAt: b.frameAt ?? null,
    },
    ipc: b.ipc || [],
    dom: document.getElementsByTagName('*').length,
  });
}, 0));
"""

# Times `n` calls of an IPC command from the page, one after the other (milliseconds each).
IPC_TIMING = """
const [command, args, n] = arguments;
const done = arguments[arguments.length - 1];
const invoke = window.__TAURI_INTERNALS__ && window.__TAURI_INTERNALS__.invoke;
if (!invoke) { done({error: 'no __TAURI_INTERNALS__.invoke'}); return; }
(async () => {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const value = await invoke(command, args);
    times.push(performance.now() - t);
    bytes = JSON.stringify(value).length;
  }
  return {times, bytes};
})().then(done, (e) => done({error: String(e && e.message || e)}));
"""


class BenchError(Exception):
    pass


class Interrupted(BaseException):
    """SIGTERM, turned into an exception so that the cleanup in `finally` runs."""


# --- processes --------------------------------------------------------------------------


def become_subreaper() -> None:
    """Makes this process adopt its orphaned descendants (Linux PR_SET_CHILD_SUBREAPER), so
    an app whose launcher died is still found, and stopped, by walking our process tree."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def parent_map() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
    return parents


def descendants(root: int, parents: dict[int, int] | None = None) -> list[int]:
    """`root` and every process below it, parents before children."""
    parents = parent_map() if parents is None else parents
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    order, todo = [], [root]
    while todo:
        pid = todo.pop(0)
        if pid in parents or pid == root:
            order.append(pid)
        todo.extend(sorted(children.get(pid, [])))
    return order


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def process_exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().split(b") ")[-1][:1] != b"Z"
    except OSError:
        return False


def signal_pid(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Started:
    """Every process this benchmark starts; `stop` ends them and all their descendants,
    by PID, children first."""

    def __init__(self) -> None:
        self.popens: list[subprocess.Popen] = []

    def start(self, argv: list[str], **kwargs) -> subprocess.Popen:
        # Own session: Ctrl+C in the terminal reaches only this script, which then stops
        # everything in order instead of leaving WebKit processes behind.
        proc = subprocess.Popen(argv, start_new_session=True, **kwargs)
        self.popens.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen, grace: float = 3.0) -> None:
        if proc not in self.popens:
            return
        tree = descendants(proc.pid)
        for pid in reversed(tree):
            signal_pid(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(alive(p) for p in tree):
            reap_children()
            time.sleep(0.05)
        for pid in reversed(tree):
            if alive(pid):
                signal_pid(pid, signal.SIGKILL)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        reap_children()
        self.popens.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.popens)):
            self.stop(proc)
        # Orphans adopted by this process (see become_subreaper), such as the accessibility
        # bus (at-spi-bus-launcher) that the first GTK app starts and later ones share.
        orphans = descendants(os.getpid())[1:]
        for pid in reversed(orphans):
            signal_pid(pid, signal.SIGTERM)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and any(alive(p) for p in orphans):
            reap_children()
            time.sleep(0.05)
        for pid in orphans:
            if alive(pid):
                signal_pid(pid, signal.SIGKILL)
        reap_children()


def reap_children() -> None:
    """Collects adopted orphans that have exited, so they do not linger as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_xvfb(started: Started, log: Path) -> str:
    """Starts Xvfb on a display number it picks itself (-displayfd), returns ":N"."""
    read, write = os.pipe()
    with open(log, "wb") as out:
        started.start(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=(write,),
        )
    os.close(write)
    number = b""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        raise BenchError(f"Xvfb did not start; see {log}")
    return ":" + number.decode().strip()


# --- WebDriver --------------------------------------------------------------------------


def request(url: str, method: str = "GET", body: object = None, timeout: float = 60) -> dict:
    """One WebDriver call. A connection reset before any answer is retried once: tauri-driver
    pools its connections to WebKitWebDriver, which sometimes closes an idle one just as a
    request is sent on it; the request then never reached WebKitWebDriver, so sending it
    again is safe (see `Bench.run` for the one request where that needs checking)."""
    data = None if body is None else json.dumps(body).encode()
    for attempt in (1, 2):
        req = urllib.request.Request(
            url, data=data, method=method, headers={"content-type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                payload = json.loads(res.read() or b"{}")
            break
        except urllib.error.HTTPError as e:
            text = e.read().decode(errors="replace")
            raise BenchError(f"{method} {url}: HTTP {e.code} {text[:500]}") from None
        except ConnectionResetError as e:  # http.client.RemoteDisconnected is one too
            if attempt == 2:
                raise BenchError(f"{method} {url}: {e!r}") from None
        except OSError as e:  # refused, timed out: the driver or the app went away
            raise BenchError(f"{method} {url}: {e!r}") from None
    value = payload.get("value")
    if isinstance(value, dict) and value.get("error"):
        raise BenchError(f"{method} {url}: {value['error']} {value.get('message', '')}")
    return payload


def wait_for_driver(ports: tuple[int, ...], proc: subprocess.Popen, log: Path) -> None:
    """Waits until tauri-driver and WebKitWebDriver both accept connections. Deliberately
    not by asking tauri-driver for /status: that leaves a kept-alive connection in its pool
    to WebKitWebDriver, which WebKitWebDriver sometimes closes just as the next request (the
    new session) is sent on it, and the session then fails with a reset."""
    deadline = time.monotonic() + 20
    waiting = list(ports)
    while waiting:
        if proc.poll() is not None:
            raise BenchError(f"tauri-driver exited ({proc.returncode}); see {log}")
        if time.monotonic() > deadline:
            raise BenchError(f"tauri-driver did not listen on {ports}; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", waiting[0]), timeout=1):
                waiting.pop(0)
        except OSError:
            time.sleep(0.02)


# --- memory -----------------------------------------------------------------------------


def memory_of_tree(root: int) -> dict:
    """PSS and RSS (KiB) of `root` and its descendants, per process and summed."""
    processes = []
    for pid in descendants(root):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = {}
        for line in text.splitlines()[1:]:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                fields[parts[0].rstrip(":")] = int(parts[1])
        if "Rss" not in fields:
            continue  # a kernel thread or a process already gone
        processes.append(
            {
                "pid": pid,
                "name": process_name(pid),
                "pss_kib": fields.get("Pss", 0),
                "rss_kib": fields["Rss"],
                "private_kib": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
            }
        )
    return {
        "pss_kib": sum(p["pss_kib"] for p in processes),
        "rss_kib": sum(p["rss_kib"] for p in processes),
        "processes": processes,
    }


def find_app(driver_pid: int, binary: Path, timeout: float = 10) -> int:
    """The app's PID: the process under tauri-driver running `binary`."""
    wanted = str(binary.resolve())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in descendants(driver_pid)[1:]:
            if process_exe(pid) == wanted:
                return pid
        time.sleep(0.05)
    raise BenchError(f"no process runs {binary} under tauri-driver")


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


# --- one run ----------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, started: Started, work: Path, display: str):
        self.args = args
        self.started = started
        self.work = work
        self.display = display
        self.home = work / "home"
        self.home.mkdir()
        self.db = work / "accord.sqlite3"
        self.pristine = work / "pristine"
        self.pristine.mkdir()
        self.driver_bin = shutil.which("tauri-driver") or str(
            Path.home() / ".cargo/bin/tauri-driver"
        )
        self.native_driver = shutil.which("WebKitWebDriver") or "WebKitWebDriver"

    def env(self) -> dict:
        env = dict(os.environ)
        # A private home: no saved window state or WebKit data from outside the benchmark,
        # the same for both apps; shared by all runs, as a user's home is between launches.
        env.update(
            DISPLAY=self.display,
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local/share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local/state"),
            ACCORD_DB=str(self.db),
        )
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def reset_db(self, seeded: bool) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        if seeded:
            for suffix in ("", "-wal"):
                src = self.pristine / f"accord.sqlite3{suffix}"
                if src.exists():
                    shutil.copy2(src, f"{self.db}{suffix}")

    def keep_seeded_db(self) -> None:
        for suffix in ("", "-wal"):
            src = Path(f"{self.db}{suffix}")
            if src.exists():
                shutil.copy2(src, self.pristine / f"accord.sqlite3{suffix}")
        if not (self.pristine / "accord.sqlite3").exists():
            raise BenchError("Accord's first run left no database to copy")

    @staticmethod
    def painted_in_page(page: dict, app: dict) -> tuple[float | None, str]:
        """When the target was painted, in ms since navigation by WebKit's clock, and how
        that is known; None when only the poll saw it."""
        observer = page["observer"]
        if observer["frameAt"] is not None:
            return observer["frameAt"], "observer"
        # The UI's own mark of the frame that first paints the dashboard (same clock, same
        # moment as the observer's; there in every run, where the observer often came late).
        if page.get("mark") is not None:
            return page["mark"], "page mark"
        fcp = page["paints"].get("first-contentful-paint")
        if app["static_target"] and fcp is not None:
            return fcp, "first-contentful-paint"
        return None, "poll"

    def run(self, name: str, index: int, seeded: bool = True, probe: bool = True) -> dict:
        app = APPS[name]
        if app.get("opens_db"):
            self.reset_db(seeded)
        port, native_port = free_port(), free_port()
        base = f"http://127.0.0.1:{port}"
        log = self.work / f"driver-{name}-{index}.log"
        with open(log, "wb") as out:
            driver = self.started.start(
                [
                    self.driver_bin,
                    "--port",
                    str(port),
                    "--native-port",
                    str(native_port),
                    "--native-driver",
                    self.native_driver,
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env(),
            )
        session = None
        try:
            wait_for_driver((native_port, port), driver, log)
            load_before = os.getloadavg()[0]
            caps = {
                "capabilities": {
                    "alwaysMatch": {
                        "tauri:options": {"application": str(app["binary"]), "args": []},
                        # Scripts run at once, not after the page has loaded, so the polling
                        # script is in place before the UI has rendered anything.
                        "pageLoadStrategy": "none",
                    }
                }
            }
            t0 = time.perf_counter()
            wall0 = time.time()
            res = request(f"{base}/session", "POST", caps, timeout=self.args.timeout)
            t_session = time.perf_counter()
            session = res.get("sessionId") or res["value"]["sessionId"]
            url = f"{base}/session/{session}"

            polls = 0
            page = None
            deadline = t0 + self.args.timeout
            while page is None:
                if time.perf_counter() > deadline:
                    raise BenchError(
                        f"{name}: {app['selector']} not painted in {self.args.timeout} s"
                    )
                polls += 1
                try:
                    page = request(
                        f"{url}/execute/async",
                        "POST",
                        {"script": PAINTED, "args": [app["selector"]]},
                        timeout=self.args.timeout,
                    )["value"]
                except BenchError as e:
                    # A poll sent to the blank page the window opens with is cut short
                    # when the app's page replaces it: poll that page instead.
                    if "no such frame" not in str(e):
                        raise
                if page is None:
                    time.sleep(self.args.poll_ms / 1000)
            t_paint = time.perf_counter()

            app_pid = find_app(driver.pid, app["binary"])
            # Idle: --idle seconds after first paint, and then until the whole tree uses
            # less than --quiet-cores for half a second. Under Xvfb WebKit composites in
            # software (llvmpipe), so a scrollable page's overlay scrollbar, which shows on
            # load and then fades, keeps a core busy for a few seconds; memory is read once
            # that is over, and the CPU time it took is reported.
            time.sleep(self.args.idle)
            memory_at_idle = memory_of_tree(app_pid)
            hz = os.sysconf("SC_CLK_TCK")
            busy_from = cpu_ticks(descendants(app_pid))
            quiet_deadline = time.perf_counter() + self.args.quiet_timeout
            while True:
                tree = descendants(app_pid)
                ticks0 = cpu_ticks(tree)
                time.sleep(0.5)
                idle_cpu = (cpu_ticks(tree) - ticks0) / hz / 0.5
                if idle_cpu < self.args.quiet_cores or time.perf_counter() > quiet_deadline:
                    break
            quiet_after_s = time.perf_counter() - t_paint
            busy_cpu_s = (cpu_ticks(descendants(app_pid)) - busy_from) / hz
            memory = memory_of_tree(app_pid)

            ipc = {}
            if name == "accord" and probe:
                for command, args in (("dashboard", {"asOfDate": None}), ("today", {})):
                    ipc[command] = request(
                        f"{url}/execute/async",
                        "POST",
                        {"script": IPC_TIMING, "args": [command, args, 5]},
                        timeout=self.args.timeout,
                    )["value"]

            # WebKit's clock is the wall clock too: when navigation started, after our t0.
            nav_start_ms = page["timeOrigin"] - wall0 * 1000
            painted, how = self.painted_in_page(page, app)
            polled_ms = (t_paint - t0) * 1000
            nav = page["navigation"] or {}
            result = {
                "app": name,
                "index": index,
                "seeded_db": seeded,
                # From the launch request to the frame that shows the target, by WebKit's
                # clock; the poll that saw it only confirms it (and comes later by its own
                # round trip), so it is the fallback when the page could not time it.
                "first_paint_ms": nav_start_ms + painted if painted is not None else polled_ms,
                "first_paint_from": how,
                "first_paint_polled_ms": polled_ms,
                "session_ms": (t_session - t0) * 1000,
                "polls": polls,
                "page": {
                    "navigation_start_ms": nav_start_ms,
                    "since_navigation": {
                        "response_end": nav.get("responseEnd"),
                        "dom_interactive": nav.get("domInteractive"),
                        "dom_content_loaded": nav.get("domContentLoaded"),
                        "load": nav.get("load"),
                        "first_contentful_paint": page["paints"].get("first-contentful-paint"),
                        "target_painted": painted,
                        "target_in_dom": page["observer"]["seenAt"],
                        "observer_installed": page["observer"]["installedAt"],
                        "confirmed_by_poll": page["now"],
                    },
                    "ipc": page["ipc"],
                    "marks": page.get("marks", []),
                    "dom_elements": page["dom"],
                },
                "pss_mib": memory["pss_kib"] / 1024,
                "rss_mib": memory["rss_kib"] / 1024,
                "processes": memory["processes"],
                "idle_cpu_cores": idle_cpu,
                "quiet_after_s": quiet_after_s,
                "cpu_s_after_idle": busy_cpu_s,
                "at_idle": {
                    "after_s": self.args.idle,
                    "pss_mib": memory_at_idle["pss_kib"] / 1024,
                    "rss_mib": memory_at_idle["rss_kib"] / 1024,
                },
                "loadavg_1min": load_before,
            }
            if ipc:
                result["ipc_repeated"] = ipc
            return result
        finally:
            if session is not None:
                try:
                    request(f"{base}/session/{session}", "DELETE", timeout=10)
                except (OSError, BenchError):
                    pass
            self.started.stop(driver)


# --- report -----------------------------------------------------------------------------


def median_of(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise_app(mine: list[dict]) -> dict:
    since = [r["page"]["since_navigation"] for r in mine]
    summary = {
        "runs": len(mine),
        "first_paint_ms": median_of(r["first_paint_ms"] for r in mine),
        "first_paint_ms_min": min(r["first_paint_ms"] for r in mine),
        "first_paint_ms_max": max(r["first_paint_ms"] for r in mine),
        "first_paint_from": {
            how: sum(r["first_paint_from"] == how for r in mine)
            for how in sorted({r["first_paint_from"] for r in mine})
        },
        "first_paint_polled_ms": median_of(r["first_paint_polled_ms"] for r in mine),
        "session_ms": median_of(r["session_ms"] for r in mine),
        "navigation_start_ms": median_of(r["page"]["navigation_start_ms"] for r in mine),
        "since_navigation_ms": {
            key: median_of(s[key] for s in since)
            for key in ("dom_content_loaded", "first_contentful_paint", "target_in_dom",
                        "target_painted")
        },
        "pss_mib": median_of(r["pss_mib"] for r in mine),
        "rss_mib": median_of(r["rss_mib"] for r in mine),
        "idle_cpu_cores": median_of(r["idle_cpu_cores"] for r in mine),
        "quiet_after_s": median_of(r["quiet_after_s"] for r in mine),
        "cpu_s_after_idle": median_of(r["cpu_s_after_idle"] for r in mine),
        "pss_mib_at_idle": median_of(r["at_idle"]["pss_mib"] for r in mine),
        "rss_mib_at_idle": median_of(r["at_idle"]["rss_mib"] for r in mine),
    }
    # Memory by kind of process (the app itself, WebKitWebProcess, WebKitNetworkProcess).
    kinds: dict[str, list[float]] = {}
    for r in mine:
        per_run: dict[str, float] = {}
        for p in r["processes"]:
            per_run[p["name"]] = per_run.get(p["name"], 0) + p["pss_kib"] / 1024
        for kind, mib in per_run.items():
            kinds.setdefault(kind, []).append(mib)
    summary["pss_mib_by_process"] = {k: statistics.median(v) for k, v in kinds.items()}
    # Each IPC command's first call by the page, when the polling script saw it: when it
    # was sent and answered, in ms since navigation.
    first_calls: dict[str, list[tuple[float, float]]] = {}
    for r in mine:
        seen = set()
        for call in r["page"]["ipc"]:
            if call["command"] in seen or call["answered"] is None:
                continue
            seen.add(call["command"])
            first_calls.setdefault(call["command"], []).append((call["sent"], call["answered"]))
    summary["first_ipc_since_navigation_ms"] = {
        command: {
            "runs_seen": len(v),
            "sent": statistics.median(a for a, _ in v),
            "answered": statistics.median(b for _, b in v),
            "took": statistics.median(b - a for a, b in v),
        }
        for command, v in first_calls.items()
    }
    probes = [r["ipc_repeated"] for r in mine if r.get("ipc_repeated")]
    if probes:
        summary["ipc_repeated_ms"] = {
            command: median_of(
                t for probe in probes for t in probe.get(command, {}).get("times", [])
            )
            for command in probes[0]
        }
    return summary


def summarise(runs: list[dict]) -> dict:
    summary = {name: summarise_app([r for r in runs if r["app"] == name]) for name in APPS}
    base, accord = summary["baseline"], summary["accord"]

    def ratio(key: str) -> float:
        return accord[key] / base[key]

    summary["ratios"] = {
        "first_paint": ratio("first_paint_ms"),
        "first_paint_polled": ratio("first_paint_polled_ms"),
        "pss": ratio("pss_mib"),
        "rss": ratio("rss_mib"),
    }
    # The same ratio within each A/B pair (the two runs next to each other in time), then
    # the median: less at the mercy of a slow launch in one app's runs only. Launching
    # WebKit is most of both times, and on a busy machine its noise can move the ratio of
    # the medians by several tenths from one invocation to the next.
    pairs = {}
    for r in runs:
        pairs.setdefault(r["index"], {})[r["app"]] = r
    paired = [p for p in pairs.values() if len(p) == 2]
    summary["paired_ratios"] = {
        "first_paint": median_of(
            p["accord"]["first_paint_ms"] / p["baseline"]["first_paint_ms"] for p in paired
        ),
        "pss": median_of(p["accord"]["pss_mib"] / p["baseline"]["pss_mib"] for p in paired),
    }
    # Fastest against fastest: the closest this machine came to an uncontended start.
    summary["ratios"]["first_paint_fastest"] = (
        accord["first_paint_ms_min"] / base["first_paint_ms_min"]
    )
    summary["pass"] = {
        "first_paint": summary["ratios"]["first_paint"] <= TIME_TARGET,
        "memory_pss": summary["ratios"]["pss"] <= MEMORY_TARGET,
        "memory_rss": summary["ratios"]["rss"] <= MEMORY_TARGET,
    }
    return summary


def print_table(summary: dict) -> None:
    base, accord = summary["baseline"], summary["accord"]
    ratios, ok = summary["ratios"], summary["pass"]
    rows = [
        ("first paint (ms)", "first_paint_ms", ratios["first_paint"], TIME_TARGET,
         ok["first_paint"]),
        ("  as polled (ms)", "first_paint_polled_ms", ratios["first_paint_polled"], TIME_TARGET,
         ratios["first_paint_polled"] <= TIME_TARGET),
        ("memory PSS (MiB)", "pss_mib", ratios["pss"], MEMORY_TARGET, ok["memory_pss"]),
        ("memory RSS (MiB)", "rss_mib", ratios["rss"], MEMORY_TARGET, ok["memory_rss"]),
    ]
    print()
    print(f"medians of {accord['runs']} runs of each (baseline: {APPS['baseline']['label']})")
    if APPS["baseline"].get("opens_db"):
        print("(an A/B of two builds: the targets are for the empty window, not this baseline)")
    header = f"{'':18} {'baseline':>9} {'Accord':>9} {'ratio':>6} {'target':>7}  result"
    print(header)
    print("-" * len(header))
    for what, key, r, target, passed in rows:
        print(
            f"{what:18} {base[key]:9.0f} {accord[key]:9.0f} {r:6.2f} {'<= ' + str(target):>7}  "
            f"{'pass' if passed else 'FAIL'}"
        )
    paired = summary["paired_ratios"]
    print(
        f"median of the per-pair ratios: first paint {paired['first_paint']:.2f}, "
        f"PSS {paired['pss']:.2f}; fastest runs: {base['first_paint_ms_min']:.0f} and "
        f"{accord['first_paint_ms_min']:.0f} ms, ratio {ratios['first_paint_fastest']:.2f}"
    )
    print()
    print("where the time goes (medians; ms after the launch request, then after navigation):")
    for name in APPS:
        s = summary[name]
        n = s["since_navigation_ms"]
        parts = [
            f"session {s['session_ms']:.0f}",
            f"navigation {s['navigation_start_ms']:.0f}",
        ]
        for key, label in (("dom_content_loaded", "DOMContentLoaded"),
                           ("first_contentful_paint", "first contentful paint"),
                           ("target_in_dom", "target in DOM"),
                           ("target_painted", "target painted")):
            if n.get(key) is not None:
                parts.append(f"{label} +{n[key]:.0f}")
        print(f"  {APPS[name]['label']:19} " + ", ".join(parts))
        memory = ", ".join(f"{k} {v:.0f}" for k, v in sorted(s["pss_mib_by_process"].items()))
        print(f"  {'':19} PSS MiB by process: {memory}")
        print(
            f"  {'':19} quiet {s['quiet_after_s']:.1f} s after first paint "
            f"({s['cpu_s_after_idle']:.1f} CPU s after the first seconds); "
            f"PSS then {s['pss_mib']:.0f} MiB, before {s['pss_mib_at_idle']:.0f}"
        )
    for command, t in accord["first_ipc_since_navigation_ms"].items():
        print(
            f"  Accord's first `{command}` call: sent +{t['sent']:.0f}, answered "
            f"+{t['answered']:.0f}, {t['took']:.0f} ms (seen in {t['runs_seen']} of "
            f"{accord['runs']} runs)"
        )
    if accord.get("ipc_repeated_ms"):
        calls = ", ".join(f"{c} {ms:.1f}" for c, ms in accord["ipc_repeated_ms"].items())
        print(f"  Accord IPC once warm, ms per call: {calls}")
    if summary.get("accord_first_launch_ms") is not None:
        print(
            f"  Accord's first launch, seeding a new database: "
            f"{summary['accord_first_launch_ms']:.0f} ms (one run, not in the medians)"
        )


def environment() -> dict:
    def version(argv: list[str]) -> str:
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    def locked(lock: Path, crate: str) -> str:
        try:
            text = lock.read_text()
        except OSError:
            return "?"
        marker = f'name = "{crate}"\nversion = "'
        at = text.find(marker)
        return text[at + len(marker) : text.find('"', at + len(marker))] if at >= 0 else "?"

    return {
        # The app is built from the working tree, which may have uncommitted changes.
        "git": version(["git", "-C", str(ROOT), "describe", "--always", "--dirty"]),
        "machine": platform.machine(),
        "kernel": platform.release(),
        "cpus": os.cpu_count(),
        "webkitgtk": version(["dpkg-query", "-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]),
        "tauri_accord": locked(ROOT / "Cargo.lock", "tauri"),
        "tauri_baseline": locked(ROOT / "bench/empty-window/Cargo.lock", "tauri"),
        "binaries": {
            name: {
                "path": str(app["binary"]),
                "bytes": app["binary"].stat().st_size,
                "built": time.strftime(
                    "%Y-%m-%dT%H:%M:%S", time.localtime(app["binary"].stat().st_mtime)
                ),
            }
            for name, app in APPS.items()
        },
        "ui_dist_bytes": sum(
            p.stat().st_size for p in (ROOT / "ui/dist").rglob("*") if p.is_file()
        )
        if (ROOT / "ui/dist").is_dir()
        else None,
    }


# --- main -------------------------------------------------------------------------------


def check_tools() -> None:
    missing = []
    for name, app in APPS.items():
        if not app["binary"].is_file():
            missing.append(f"{app['binary']} is missing; build it with:\n    {app['build']}")
    for tool in ("Xvfb", "WebKitWebDriver"):
        if not shutil.which(tool):
            missing.append(f"{tool} is missing; install it with: make deps-e2e")
    if not (shutil.which("tauri-driver") or (Path.home() / ".cargo/bin/tauri-driver").exists()):
        missing.append("tauri-driver is missing; install it with: make deps-e2e")
    if missing:
        raise BenchError("\n".join(missing))
    # The app embeds ui/dist when it is compiled: a newer ui/dist is not what it shows.
    dist = ROOT / "ui/dist"
    built = APPS["accord"]["binary"].stat().st_mtime
    if dist.is_dir() and any(p.stat().st_mtime > built for p in dist.rglob("*") if p.is_file()):
        print(
            "warning: ui/dist is newer than accord-desktop; rebuild with `make app` to "
            "measure the current UI",
            file=sys.stderr,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each app")
    parser.add_argument("--idle", type=float, default=3.0, help="seconds after first paint")
    parser.add_argument("--quiet-cores", type=float, default=0.05,
                        help="CPU use (cores) below which the app counts as idle")
    parser.add_argument("--quiet-timeout", type=float, default=15,
                        help="seconds to wait for that after --idle")
    parser.add_argument("--poll-ms", type=float, default=20, help="pause between polls")
    parser.add_argument("--timeout", type=float, default=60, help="seconds allowed per run")
    parser.add_argument("--no-warmup", action="store_true",
                        help="skip the baseline's warm-up run (Accord's always runs: it seeds "
                        "the database)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--against", type=Path, metavar="BINARY",
                        help="compare with this other build of accord-desktop instead of "
                        "the empty window (copy the old build aside before rebuilding)")
    args = parser.parse_args()
    if args.against:
        compare_with_build(args.against.resolve())

    def on_term(signum, frame):
        raise Interrupted()

    # Ctrl+C raises KeyboardInterrupt even if this was started with SIGINT ignored (as
    # background jobs of a script are), so the cleanup in `finally` always runs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)

    try:
        check_tools()
    except BenchError as e:
        print(e, file=sys.stderr)
        return 2

    become_subreaper()
    started = Started()
    work = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    runs: list[dict] = []
    first_launch = None
    failed = False
    try:
        display = start_xvfb(started, work / "xvfb.log")
        print(f"Xvfb on {display}; work folder {work}", file=sys.stderr)
        bench = Bench(args, started, work, display)

        # Warm-up: fills the page cache for both binaries and WebKit; Accord's starts on a
        # missing database, which it seeds, and that database is the pristine copy for all
        # measured runs (so the schema is exactly the one this binary expects).
        warm = bench.run("accord", 0, seeded=False, probe=False)
        first_launch = warm["first_paint_ms"]
        bench.keep_seeded_db()
        print(f"  warm-up accord (seeding): {first_launch:7.0f} ms", file=sys.stderr)
        if not args.no_warmup:
            w = bench.run("baseline", 0)
            print(f"  warm-up baseline:         {w['first_paint_ms']:7.0f} ms", file=sys.stderr)

        order = []
        for i in range(args.runs):
            pair = ["baseline", "accord"] if i % 2 == 0 else ["accord", "baseline"]
            order.extend((name, i + 1) for name in pair)
        for name, i in order:
            r = bench.run(name, i)
            runs.append(r)
            print(
                f"  run {i:2} {name:8} first paint {r['first_paint_ms']:7.0f} ms  "
                f"PSS {r['pss_mib']:6.1f} MiB  RSS {r['rss_mib']:6.1f} MiB  "
                f"quiet after {r['quiet_after_s']:4.1f} s  load {r['loadavg_1min']:.1f}",
                file=sys.stderr,
            )
    except KeyboardInterrupt:
        print("interrupted; stopping everything this benchmark started", file=sys.stderr)
        return 130
    except Interrupted:
        print("terminated; stopping everything this benchmark started", file=sys.stderr)
        return 143
    except BenchError as e:
        failed = True
        print(f"error: {e}", file=sys.stderr)
        logs = sorted(work.glob("driver-*.log"), key=lambda p: p.stat().st_mtime)
        for log in logs[-1:]:
            print(f"--- {log} (last lines) ---", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        return 1
    finally:
        # A second Ctrl+C must not cut the cleanup short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        started.stop_all()
        if failed:
            print(f"logs kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    summary = summarise(runs)
    summary["accord_first_launch_ms"] = first_launch
    print_table(summary)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "what": "Accord start to first paint of the dashboard, and memory when idle, "
        f"against the baseline: {APPS['baseline']['label']}",
        "method": "tauri-driver + WebKitWebDriver under Xvfb; see bench/app_start.py",
        "targets": {"first_paint_ratio": TIME_TARGET, "memory_ratio": MEMORY_TARGET},
        "settings": {
            "runs": args.runs,
            "idle_s": args.idle,
            "quiet_cores": args.quiet_cores,
            "quiet_timeout_s": args.quiet_timeout,
            "poll_ms": args.poll_ms,
            "warmup": not args.no_warmup,
        },
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "environment": environment(),
        "summary": summary,
        "runs": runs,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"\nwrote {shown}")
    return 0 if all(summary["pass"][k] for k in ("first_paint", "memory_pss")) else 1


if __name__ == "__main__":
    sys.exit(main())
