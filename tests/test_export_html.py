"""The HTML export and the report page.

The network page is opened from file:// in headless Chromium, driven over the Chrome
DevTools protocol with a small standard-library websocket client: real mouse clicks
(Input.dispatchMouseEvent) on the finance bureau's node and on a measure in the side panel, typing
in the search box, and a screenshot saved to test-artifacts/html-export.png.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kg.export import html, network, report

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
WAIT = 30.0
FINANCE = "https://w3id.org/policykg/id/unit/益阳市-finance"


@pytest.fixture(scope="module")
def page(seed_store) -> bytes:
    return html.html_page(seed_store)


def page_data(page: bytes) -> dict:
    match = re.search(rb'<script type="application/json" id="policykg-data">(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1))


# --- the file itself ---------------------------------------------------------------------


def test_the_page_is_self_contained(page):
    text = page.decode("utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(\s*['\"]?(https?:)?//", text)
    assert "The Cytoscape Consortium" in text  # the vendored library, with its licence header
    assert '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif' in text
    assert "<title>益阳市职业教育高质量发展实施方案 · 部门协作网络" in text
    assert text.count("<script") == 3


def test_the_vendored_library_and_its_licence_ship_with_the_package():
    vendor = Path(html.__file__).parent / "vendor"
    licence = (vendor / "LICENSE-cytoscape.txt").read_text(encoding="utf-8")
    assert "The Cytoscape Consortium" in licence and "Permission is hereby granted, free of charge" in licence
    assert (
        (vendor / "cytoscape.min.js")
        .read_text(encoding="utf-8")
        .startswith("/**\n * Copyright (c) 2016-2026, The Cytoscape Consortium.")
    )


def test_the_inlined_data_keeps_chinese_and_holds_the_panels(page):
    assert b"\\u5e02" not in page  # 市 is written as itself
    data = page_data(page)
    labels = {node["data"]["label"] for node in data["elements"]["nodes"]}
    assert len(labels) == 19 and {"市财政局", "市教育局", "区县（市）人民政府"} <= labels
    finance = data["departments"][FINANCE]
    led = [data["measures"][m["key"]]["number"] for m in finance["measures"] if m["role"] == "lead"]
    joined = [data["measures"][m["key"]]["number"] for m in finance["measures"] if m["role"] != "lead"]
    assert (led, joined) == ([17, 18], [3, 4, 5, 6, 7, 10, 14])
    assert finance["measures"][0]["text"].startswith("17.保障职校教师编制。")
    measure = data["measures"]["a119657992e5/18"]
    assert [(u["label"], u["role"]) for u in measure["units"]][:2] == [
        ("市财政局", "lead"),
        ("市教育局", "participant"),
    ]
    assert [t["value"] for t in measure["targets"]] == ["≥ 30%", "1元", "≥ 10000元/年", "≥ 12000元/年"]
    assert data["counts"] == {"measures": 19, "departments": 19, "assignments": 90}


def test_script_text_cannot_end_the_script_element_early():
    assert html.inline_json({"text": "</script><!--"}) == '{"text":"<\\/script>\\u003c!--"}'
    assert json.loads(html.inline_json({"text": "</script><!--"})) == {"text": "</script><!--"}
    assert html.inline_script("a = '</SCRIPT>'") == "a = '<\\/SCRIPT>'"


def test_same_store_same_page(seed_store, page):
    assert html.html_page(seed_store, "a119657992e5") == page


# --- in Chromium -------------------------------------------------------------------------


class DevTools:
    """A minimal Chrome DevTools protocol client over one websocket (RFC 6455)."""

    def __init__(self, url: str, timeout: float = WAIT):
        match = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        host, port, path = match.group(1), int(match.group(2)), match.group(3)
        self.socket = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.socket.recv(4096)
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        assert b" 101 " in head.split(b"\r\n")[0] and accept in head, head
        self.next_id = 0

    def _read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.socket.recv(65536)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send(self, payload: bytes, opcode: int = 0x1) -> None:
        mask = os.urandom(4)
        length = len(payload)
        header = bytes([0x80 | opcode])
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", length)
        self.socket.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> dict:
        parts = []
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x9:
                self._send(payload, opcode=0xA)
                continue
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the websocket")
            parts.append(payload)
            if first & 0x80:
                return json.loads(b"".join(parts))

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}).encode())
        while True:
            message = self._message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise TimeoutError(f"waited {timeout} s for {expression}")

    def click(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1)
        self.call("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", clickCount=1)

    def close(self) -> None:
        self.socket.close()


def _devtools_port(profile: Path, process: subprocess.Popen) -> int:
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if marker.exists() and marker.read_text().strip():
            return int(marker.read_text().split()[0])
        if process.poll() is not None:
            raise RuntimeError(f"Chromium exited with {process.returncode}")
        time.sleep(0.05)
    raise TimeoutError("Chromium did not open its DevTools port")


def _page_socket(port: int) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=WAIT) as answer:
            pages = [target for target in json.load(answer) if target["type"] == "page"]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.05)
    raise TimeoutError("Chromium opened no page")


@pytest.fixture(scope="module")
def browser(page, tmp_path_factory):
    """The page, opened from file:// in headless Chromium, ready to be driven."""
    if CHROMIUM is None:
        # CI installs Chromium (.ci/run); only a developer's machine without it may skip.
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium fonts-wqy-microhei)")
    folder = tmp_path_factory.mktemp("html-export")
    path = folder / "network.html"
    path.write_bytes(page)
    profile = folder / "profile"
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--window-size=1400,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    devtools = None
    try:
        devtools = DevTools(_page_socket(_devtools_port(profile, process)))
        devtools.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        devtools.call("Page.navigate", url=path.as_uri())
        devtools.wait_for("window.policykgReady === true")
        yield devtools
    finally:
        if devtools is not None:
            devtools.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def rendered_centre(browser, label: str) -> dict:
    """Where the node labelled ``label`` is drawn, in page pixels."""
    return browser.evaluate(f"""(() => {{
      const cy = window.policykg.cy;
      const node = cy.nodes().filter(n => n.data('label') === {json.dumps(label)})[0];
      const box = cy.container().getBoundingClientRect(), at = node.renderedPosition();
      return {{x: box.left + at.x, y: box.top + at.y}};
    }})()""")


def element_centre(browser, selector: str) -> dict:
    return browser.evaluate(f"""(() => {{
      const element = document.querySelector({json.dumps(selector)});
      element.scrollIntoView({{block: 'center'}});
      const box = element.getBoundingClientRect();
      return {{x: box.left + Math.min(box.width / 2, 40), y: box.top + box.height / 2}};
    }})()""")


def test_chromium_draws_the_seed_network_with_chinese_labels(browser, seed_store):
    labels = browser.evaluate("window.policykg.cy.nodes().map(n => n.data('label'))")
    expected = {data["label"] for _, data in network.department_network(seed_store).nodes(data=True)}
    assert set(labels) == expected and len(labels) == 19
    assert browser.evaluate("window.policykg.cy.edges().length") == 132
    size = browser.evaluate(
        "(() => { const b = window.policykg.cy.elements().renderedBoundingBox(); return [b.w, b.h]; })()"
    )
    assert size[0] > 400 and size[1] > 400  # drawn, and not squeezed into a corner
    font = browser.evaluate("window.policykg.cy.nodes()[0].style('font-family')")
    assert "WenQuanYi Micro Hei" in font


def test_clicking_the_finance_bureau_shows_its_measures(browser):
    point = rendered_centre(browser, "市财政局")
    browser.click(point["x"], point["y"])
    browser.wait_for("document.querySelector('#panel h2.department') !== null")
    heading = browser.evaluate("document.querySelector('#panel h2.department').textContent")
    assert heading.startswith("市财政局") and "Finance Bureau" in heading
    led = browser.evaluate("[...document.querySelectorAll('#led-measures li')].map(li => li.dataset.number)")
    joined = browser.evaluate("[...document.querySelectorAll('#joined-measures li')].map(li => li.dataset.number)")
    assert (led, joined) == (["17", "18"], ["3", "4", "5", "6", "7", "10", "14"])
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert "17. 保障职校教师编制" in panel and "18. 强化经费保障" in panel
    assert "建立完善职业院校教师编制管理动态调整机制" in panel  # the source text of measure 17
    assert browser.evaluate("window.policykg.cy.getElementById(" + json.dumps(FINANCE) + ").hasClass('chosen')")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = browser.call("Page.captureScreenshot", format="png")
    (ARTIFACTS / "html-export.png").write_bytes(base64.b64decode(shot["data"]))


def test_clicking_a_measure_in_the_panel_shows_its_units_targets_and_programmes(browser):
    browser.evaluate("window.policykg.showDepartment(" + json.dumps(FINANCE) + ")")
    point = element_centre(browser, '#led-measures a[data-measure="a119657992e5/18"]')
    browser.click(point["x"], point["y"])
    browser.wait_for("document.querySelector('#panel h2.measure') !== null")
    assert browser.evaluate("document.querySelector('#panel h2.measure').textContent") == "18. 强化经费保障"
    units = browser.evaluate("[...document.querySelectorAll('#panel ul.units li')].map(li => li.innerText)")
    assert units[0].endswith("市财政局") and "牵头" in units[0] and len(units) == 4
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert "不低于30%" in panel and "≥ 10000元/年" in panel and "目标 Targets (4)" in panel


def test_the_search_box_finds_departments_and_measures(browser):
    browser.evaluate("(() => { const box = document.getElementById('search'); box.value = ''; box.focus(); })()")
    browser.call("Input.insertText", text="财政")
    browser.wait_for("document.getElementById('panel').innerText.includes('部门 Departments (1)')")
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert "市财政局" in panel and "18. 强化经费保障" in panel


def test_an_address_fragment_selects_a_department(browser, page):
    url = browser.evaluate("location.href.split('#')[0]")
    browser.call("Page.navigate", url="about:blank")  # so the page loads afresh, not just scrolls
    browser.wait_for("location.href === 'about:blank'")
    browser.call("Page.navigate", url=url + "#select=" + "市教育局")
    browser.wait_for("window.policykgReady === true && document.querySelector('#panel h2.department') !== null")
    assert browser.evaluate("document.querySelector('#panel h2.department').textContent").startswith("市教育局")
    assert len(browser.evaluate("[...document.querySelectorAll('#led-measures li')]")) == 13


# --- the report ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def summary(seed_store) -> str:
    return report.report_page(seed_store).decode("utf-8")


def test_the_report_counts_the_plan(summary):
    counts = dict(re.findall(r'id="count-(\w+)"><span class="number">(\d+)<', summary))
    assert counts == {"measures": "19", "departments": "19", "assignments": "90", "targets": "21", "programmes": "27"}
    assert "<title>益阳市职业教育高质量发展实施方案 · 概况" in summary


def test_the_report_ranks_departments_by_load_in_a_bar_chart(summary):
    chart = summary[summary.index('<svg class="chart"') :]
    chart = chart[: chart.index("</svg>")]
    bars = re.findall(r'<text x="\d+" y="\d+" text-anchor="end">([^<]+)</text>', chart)
    assert len(bars) == 19 and bars[:5] == ["市教育局", "市财政局", "市委组织部", "市人社局", "市发改委"]
    assert ">13 + 5</text>" in chart and ">2 + 7</text>" in chart
    assert "<script" not in chart


def test_the_report_shows_the_network_picture(summary):
    picture = summary[summary.index('<div class="picture">') :]
    if network.graphviz_available():
        assert picture.startswith('<div class="picture"><svg') and ">市财政局</text>" in picture
    else:
        assert picture.startswith('<div class="picture"><iframe')


def test_without_graphviz_the_report_embeds_the_interactive_network(monkeypatch, seed_store):
    monkeypatch.setattr(network, "graphviz_available", lambda: False)
    picture = report.network_picture(seed_store)
    assert picture.startswith('<div class="picture"><iframe title="department network" srcdoc="&lt;!DOCTYPE html&gt;')
    assert picture.count('"') == 6 and "policykg-data" in picture  # the page is one attribute value


def test_the_report_groups_targets_by_year(summary, seed_store):
    years = re.findall(r'<h3 data-year="(\d*)">', summary)
    assert years == sorted(year for year in years if year) + ([""] if "" in years else [])
    sizes = [int(n) for n in re.findall(r'<h3 data-year="\d*">[^<]*\((\d+)\)</h3>', summary)]
    assert sum(sizes) == 21
    assert '<h3 data-year="2023">2023 年 (' in summary and "专业教师中“双师型”教师占比超过50%" in summary


def test_the_report_shows_the_validation_results(summary, seed_store):
    from kg.validate import validate

    found = validate(seed_store)
    assert f'data-conforms="{str(found.conforms()).lower()}"' in summary
    assert (
        f"{found.count('Violation')} 违规 Violation、{found.count('Warning')} 警告 Warning、{found.count('Info')} 提示 Info"
        in summary
    )
    for result in found.results:
        assert html.html_escape(result.message) in summary
    assert "<summary>文本报告 Text report</summary>" in summary


def test_same_store_same_report(seed_store, summary):
    assert report.report_page(seed_store, "a119657992e5").decode("utf-8") == summary


CHANGSHA_PLAN = "长沙市职业教育提质行动方案\n一、重点任务\n1.加强投入。内容。（市财政局、市教育局，排第一位为牵头单位，下同）\n2.培养教师。内容。（市教育局、市人社局）\n"


def test_pages_of_a_store_with_two_plans(tmp_path, seed_path):
    from kg import service
    from kg.store import Store

    (tmp_path / "changsha.txt").write_text(CHANGSHA_PLAN, encoding="utf-8")
    store = Store(tmp_path / "store")
    service.build([seed_path, tmp_path / "changsha.txt"], store)
    data = page_data(html.html_page(store))
    assert len(data["departments"]) == 22 and len(data["measureOrder"]) == 21
    labels = {d["label"] for d in data["departments"].values()}
    assert {"市财政局（益阳市）", "市财政局（长沙市）"} <= labels
    changsha = [key for key in data["measureOrder"] if not key.startswith("a119657992e5/")]
    assert [data["measures"][key]["title"] for key in changsha] == ["加强投入", "培养教师"]
    summary = report.report_page(store).decode("utf-8")
    assert '<span class="number">21</span><span class="name">任务 measures' in summary
    assert "<th>方案 plan</th>" in summary
    validation = summary.split('<section id="validation">')[1]
    assert "<h3>益阳市职业教育高质量发展实施方案</h3>" in validation
    assert '<h3>长沙市职业教育提质行动方案</h3>\n<p class="note">没有问题 No results.</p>' in validation
