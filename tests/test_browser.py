"""The app in a real browser: `streamlit run` on a free port, headless Debian Chromium via Selenium.

Run directly (`PYTHONPATH=. python tests/test_browser.py docs`) to take the README screenshots
of the main views at 1440x900.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SEED_CITIES = ["吴忠 Wuzhong", "渭南 Weinan", "怀化 Huaihua", "西安 Xi'an", "Unknown city"]
WIDTH, HEIGHT = 1440, 900
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", f"--window-size={WIDTH},{HEIGHT}"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(workdir: Path, store: Path | None = None, extra_reports: Path | None = None) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a copy of the seeds (plus ``extra_reports``, or on ``store``); yields its URL."""
    shutil.copytree(ROOT / "seeds", workdir / "seeds")
    if extra_reports:
        shutil.copytree(extra_reports, workdir / "seeds", dirs_exist_ok=True)
    port = _free_port()
    env = {**os.environ, "TIMELINE_SEEDS": str(workdir / "seeds"),
           "TIMELINE_STORE": str(store or workdir / "timeline.sqlite")}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"]
    log = open(workdir / "streamlit.log", "wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((workdir / "streamlit.log").read_text(errors="replace"))
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@contextmanager
def chromium(user_data_dir: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={user_data_dir}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    try:
        yield driver
    finally:
        driver.quit()


def lane_labels(driver, timeout: float = 60) -> list[str]:
    """Wait until the Plotly timeline has drawn its lane labels, and return them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        labels = driver.execute_script(
            "return Array.from(document.querySelectorAll('.js-plotly-plot .ytick text')).map(t => t.textContent)")
        if labels:
            return labels
        time.sleep(0.5)
    raise AssertionError("the timeline did not render within the time limit")


def wait_for_text(driver, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in driver.execute_script("return document.body.innerText"):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} did not appear")
        time.sleep(0.5)


def browser_missing() -> str | None:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed"
    return None


@pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")
def test_timeline_renders_a_lane_for_every_seed_city(tmp_path: Path):
    with running_app(tmp_path) as url, chromium(tmp_path / "chromium-profile") as driver:
        driver.get(url)
        labels = lane_labels(driver)
        assert set(SEED_CITIES) <= set(labels)
        driver.save_screenshot(str(tmp_path / "timeline.png"))
        assert (tmp_path / "timeline.png").stat().st_size > 10_000


def _scroll_main(driver, pixels: int) -> None:
    driver.execute_script(f"document.querySelector('[data-testid=\"stMain\"], section.main').scrollBy(0, {pixels})")
    time.sleep(1.5)


def _click_label(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.XPATH, f"//label[contains(., '{text}')]").click()
    time.sleep(3)


def take_screenshots(out: Path) -> None:
    """The README's pictures of the main views at 1440x900: the seeds (at the default zoom and zoomed in), the seeds
    with the real reports, and a generated 100,000-event store."""
    from bench.synthetic import write_synthetic_store

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_app(Path(tmp) / "seeds-app") as url, \
            chromium(Path(tmp) / "profile") as driver:
        driver.get(url)
        lane_labels(driver)
        time.sleep(2)
        driver.save_screenshot(str(out / "timeline.png"))
        # Zoomed in on the seeds' busiest weeks (怀化's reports), as a drag across the chart does.
        driver.execute_script("Plotly.relayout(document.querySelector('.js-plotly-plot'), "
                              "{'xaxis.range': ['2022-10-12', '2022-10-31']})")
        time.sleep(2)
        driver.save_screenshot(str(out / "timeline-zoomed.png"))
        driver.get(f"{url}/?city={quote('怀化')}")
        lane_labels(driver)
        _scroll_main(driver, 560)
        driver.save_screenshot(str(out / "passages.png"))
        driver.get(f"{url}/?view=cities")
        wait_for_text(driver, "Align cities")
        _click_label(driver, "Align cities")
        driver.save_screenshot(str(out / "cities.png"))
        driver.get(f"{url}/?view=report")
        wait_for_text(driver, "Full text")
        driver.execute_script("document.querySelectorAll('mark')[1].scrollIntoView({block: 'center'})")
        time.sleep(1.5)
        driver.save_screenshot(str(out / "report.png"))
        driver.get(f"{url}/?view=reports")
        wait_for_text(driver, "Reports in the timeline")
        time.sleep(2)
        driver.save_screenshot(str(out / "reports.png"))
    with tempfile.TemporaryDirectory() as tmp, _app_with_more_cities(Path(tmp)) as url, \
            chromium(Path(tmp) / "profile") as driver:
        driver.get(url)
        lane_labels(driver)
        time.sleep(2)
        driver.save_screenshot(str(out / "timeline-real-reports.png"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "large.sqlite"
        write_synthetic_store(store, 100_000, 300)
        with running_app(Path(tmp) / "large-app", store) as url, chromium(Path(tmp) / "profile") as driver:
            driver.get(url)
            lane_labels(driver, timeout=120)
            time.sleep(3)
            driver.save_screenshot(str(out / "timeline-100k-events.png"))



BROWSER_SETS = ("covid", "era", "emerg", "chron", "unseen", "soe2", "broad", "mixed")


def _app_with_more_cities(workdir: Path):
    """The seeds plus 112 scraped pages of the real development set (about 60 cities), as a new user would load
    them: a fixed choice of sets, so the pictures measured do not move as sets are added."""
    extra = workdir / "extra"
    for name in BROWSER_SETS:
        shutil.copytree(ROOT / "tests" / "real" / name / "docs", extra, dirs_exist_ok=True)
    return running_app(workdir, extra_reports=extra)


LABELS = """
// The labels a reader sees: drawn (Plotly hides a label that has no room at this zoom) and inside the plot area
// (rows panned out of view are clipped away); how many overlap each other, cover a marker with their characters
// (a label's text has an en space at each end), start in a window.
const gd = document.querySelector('.js-plotly-plot');
const area = gd.querySelector('.draglayer .xy .nsewdrag').getBoundingClientRect();
const inView = b => b.width > 0 && b.top >= area.top - 1 && b.bottom <= area.bottom + 1
  && b.left < area.right && b.right > area.left;
const labels = Array.from(gd.querySelectorAll('.cartesianlayer .barlayer text'))
  .filter(t => t.textContent && getComputedStyle(t).display !== 'none')
  .map(t => t.getBoundingClientRect()).filter(inView);
const markers = Array.from(gd.querySelectorAll('.cartesianlayer .scatterlayer path.point'))
  .map(p => p.getBoundingClientRect()).filter(inView);
const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
const enSpace = 5;
let overlaps = 0, covered = 0;
for (let i = 0; i < labels.length; i++) {
  for (let j = i + 1; j < labels.length; j++) if (meet(labels[i], labels[j])) overlaps++;
  const glyphs = {left: labels[i].left + enSpace, right: labels[i].right - enSpace, top: labels[i].top,
                  bottom: labels[i].bottom};
  covered += markers.filter(m => meet(glyphs, m)).length;
}
const [from, to] = arguments.length ? arguments : [0, area.width];
// Labels starting in the window, its edge tenths left out: a label whose slot a zoom cuts at the plot's edge is
// hidden by Plotly, so a label right at the window's edge may go on zooming in.
const margin = 0.1 * (to - from);
const inWindow = b => b.left >= area.left + from + margin && b.left < area.left + to - margin;
const starting = labels.filter(inWindow).length, marked = markers.filter(inWindow).length;
return {shown: labels.length, overlaps, covered, starting, marked, markers: markers.length};
"""

BUSIEST = """
// An eighth of the plot's width centred on the markers of the busiest eighth, in pixels from the plot's left edge.
const gd = document.querySelector('.js-plotly-plot');
const area = gd.querySelector('.draglayer .xy .nsewdrag').getBoundingClientRect();
const xs = Array.from(gd.querySelectorAll('.cartesianlayer .scatterlayer path.point'))
  .map(p => p.getBoundingClientRect()).filter(b => b.width > 0 && b.top >= area.top && b.bottom <= area.bottom)
  .map(b => (b.left + b.right) / 2 - area.left).sort((a, b) => a - b);
const width = area.width / 8;
let busiest = [];
xs.forEach(x => { const inside = xs.filter(y => y >= x && y < x + width); if (inside.length > busiest.length) busiest = inside; });
const middle = busiest[Math.floor(busiest.length / 2)];
return [middle - width / 2, middle + width / 2];
"""

ZOOM = """
// Zoom on pixels arguments[0] to arguments[1] of the plot, as dragging a box on the chart does (a relayout).
const gd = document.querySelector('.js-plotly-plot'), axis = gd._fullLayout.xaxis;
Plotly.relayout(gd, {'xaxis.range': [axis.p2r(arguments[0]), axis.p2r(arguments[1])]});
"""

WHOLE_PERIOD = """
const gd = document.querySelector('.js-plotly-plot');
Plotly.relayout(gd, {'xaxis.range': gd._fullLayout.xaxis.rangeslider.range.slice()});
"""


@pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")
def test_labels_follow_the_zoom_and_never_overlap_with_the_real_reports(tmp_path: Path):
    """Seeds and the real reports: labels at the default zoom; more of them on zooming in on the busiest period; at
    every zoom none overlaps another label or covers a marker (their boxes in the rendered SVG)."""
    with _app_with_more_cities(tmp_path) as url, chromium(tmp_path / "chromium-profile") as driver:
        driver.get(url)
        assert len(lane_labels(driver)) >= 12  # the rest pan into view
        time.sleep(2)
        seen = {"default zoom": driver.execute_script(LABELS)}
        gained, hidden = [], []
        for step in ("8x", "64x", "512x"):
            window = driver.execute_script(BUSIEST)
            before = driver.execute_script(LABELS, *window)
            driver.execute_script(ZOOM, *window)
            time.sleep(1.5)
            seen[f"zoomed {step} on the busiest period"] = zoomed = driver.execute_script(LABELS)
            print(f"\nzoomed {step}: labels of the period {before['starting']} before "
                  f"({before['marked']} markers), {zoomed['starting']} after")
            gained.append(zoomed["starting"] - before["starting"])
            hidden.append(before["marked"] > before["starting"])
        assert min(gained) >= 0  # labels shown stay shown
        assert sum(gained) > 0 or not any(hidden)  # zooming in reveals labels the period had no room for
        driver.save_screenshot(str(tmp_path / "zoomed.png"))
        driver.execute_script(WHOLE_PERIOD)
        time.sleep(1.5)
        seen["whole period"] = driver.execute_script(LABELS)
        print("\n".join(f"{name}: {counts}" for name, counts in seen.items()))
        assert seen["default zoom"]["shown"] >= 20
        assert all(counts["shown"] and counts["overlaps"] == counts["covered"] == 0 for counts in seen.values())


@pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")
def test_clicking_an_item_opens_its_passage_beside_the_chart(tmp_path: Path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    with running_app(tmp_path) as url, chromium(tmp_path / "chromium-profile") as driver:
        driver.get(url)
        lane_labels(driver)
        time.sleep(2)
        point = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .scatterlayer .points path.point")[0]
        ActionChains(driver).move_to_element(point).click().perform()
        wait_for_text(driver, "Reading 1 of")
        chart, panel = driver.execute_script("""
            const chart = document.querySelector('.js-plotly-plot').getBoundingClientRect();
            const heading = Array.from(document.querySelectorAll('h4')).find(h => h.textContent.startsWith('Reading'));
            return [chart, heading.getBoundingClientRect()];""")
        assert panel["left"] >= chart["right"] - 5 and panel["top"] < chart["bottom"]
        assert "event=" in driver.current_url


@pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")
def test_per_city_view_draws_open_markers_for_uncertain_years(tmp_path: Path):
    with running_app(tmp_path) as url, chromium(tmp_path / "chromium-profile") as driver:
        driver.get(f"{url}/?view=cities")
        wait_for_text(driver, "Align cities")
        time.sleep(3)
        open_markers = driver.execute_script("""
            return Array.from(document.querySelectorAll('.js-plotly-plot .scatterlayer path.point'))
              .filter(p => p.style.fillOpacity === '0' || p.style.fill === 'none' || p.getAttribute('d').includes('M') && getComputedStyle(p).fillOpacity === '0').length""")
        assert open_markers > 0


if __name__ == "__main__":
    take_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
