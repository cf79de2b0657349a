"""The HTML export and the report page.

The network page is opened from file:// in headless Chromium, driven over the Chrome
DevTools protocol with a small standard-library websocket client: real mouse clicks
(Input.dispatchMouseEvent) on the finance bureau's node and on a measure in the side panel, typing
in the search box, and a screenshot saved to test-artifacts/html-export.png.

A page of several generated plans is opened too: one plan's title in the heading, a
picker of every plan, the address fragment choosing the plan, every plan (and every plan
together) drawn as the network model builds it, and nothing logged to the console.
"""

import base64
import contextlib
import gzip
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

from kg.export import common, html, network, report

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
WAIT = 30.0
FINANCE = "https://w3id.org/policykg/id/unit/益阳市-finance"


@pytest.fixture(scope="module")
def page(seed_store) -> bytes:
    return html.html_page(seed_store)


def page_data(page: bytes) -> dict:
    """The page's data block: JSON, or gzip in base64."""
    match = re.search(rb'<script type="([^"]+)" id="policykg-data">(.*?)</script>', page, re.DOTALL)
    kind, text = match.groups()
    if kind == b"application/gzip":
        return json.loads(gzip.decompress(base64.b64decode(text)))
    assert kind == b"application/json"
    return json.loads(text)


def read_plan(data: dict, index: int = 0) -> dict:
    """A plan of the page's data, read back as network.js reads it (kg.export.html.page_data)."""
    plan = data["plans"][index]

    def iri(unit: list) -> str:
        return unit[0] if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", unit[0]) else data["unitBase"] + unit[0]

    nodes = [
        {
            "id": iri(data["units"][n[0]]),
            "label": n[3] if len(n) > 3 else data["units"][n[0]][1],
            "led": n[1],
            "joined": n[2],
        }
        for n in plan["nodes"]
    ]
    edges = [
        (nodes[flat[i]]["id"], nodes[flat[i + 1]]["id"], kind, flat[i + 2])
        for kind, flat in ((network.LEADS, plan["leads"]), (network.CO_RESPONSIBLE, plan["shared"]))
        for i in range(0, len(flat), 3)
    ]
    measures = {}
    for number, title, text, assigned, targets, programmes in plan["measures"]:
        measures[f"{plan['id']}/{number}"] = {
            "number": number,
            "title": title,
            "text": text,
            "units": [
                (nodes[assigned[i]]["label"], data["roles"][assigned[i + 1]]) for i in range(0, len(assigned), 2)
            ],
            "targets": [
                (quoted if isinstance(quoted, str) else _utf16_slice(text, *quoted), value, deadline)
                for quoted, value, deadline in targets
            ],
            "programmes": programmes,
        }
    return {
        "id": plan["id"],
        "title": plan["title"],
        "counts": plan["counts"],
        "nodes": nodes,
        "edges": edges,
        "measures": measures,
    }


def _utf16_slice(text: str, start: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * (start + length)].decode("utf-16-le")


def model_edges(graph) -> list[tuple]:
    return sorted(
        (source, target, kind, weight) for source, target, kind, weight in graph.edges(keys=True, data="weight")
    )


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


def test_the_inlined_data_keeps_chinese_and_holds_the_panels(page, seed_store):
    assert b'<script type="application/json" id="policykg-data">' in page  # one plan: plain JSON
    assert b"\\u5e02" not in page  # 市 is written as itself
    data = page_data(page)
    assert len(data["plans"]) == 1
    plan = read_plan(data)
    graph = network.department_network(seed_store)
    assert [node["id"] for node in plan["nodes"]] == list(graph.nodes)
    assert [node["label"] for node in plan["nodes"]] == [label for _, label in graph.nodes(data="label")]
    assert len(plan["nodes"]) == 19 and {"市财政局", "市教育局", "区县（市）人民政府"} <= {
        n["label"] for n in plan["nodes"]
    }
    assert sorted(plan["edges"]) == model_edges(graph) and len(plan["edges"]) == 132
    measures = plan["measures"].values()
    led = [m["number"] for m in measures if ("市财政局", "lead") in m["units"]]
    joined = [m["number"] for m in measures if ("市财政局", "participant") in m["units"]]
    assert (led, joined) == ([17, 18], [3, 4, 5, 6, 7, 10, 14])
    assert plan["measures"]["daf8227113fe/17"]["text"].startswith("17.保障职校教师编制。")
    measure = plan["measures"]["daf8227113fe/18"]
    assert measure["units"][:2] == [("市财政局", "lead"), ("市教育局", "participant")]
    assert [t[1] for t in measure["targets"]] == ["≥ 30%", "1元", "≥ 10000元/年", "≥ 12000元/年"]
    assert measure["targets"][0][0] in measure["text"] and "30%" in measure["targets"][0][0]
    assert plan["counts"] == {"measures": 19, "departments": 19, "assignments": 90}
    # every target of a measure, its text as the targets query gives it
    rows = [row for row in common.targets(seed_store, common.select_plans(seed_store)) if row["measure"] is not None]
    assert sorted(t[0] for m in measures for t in m["targets"]) == sorted(row["text"] for row in rows)
    assert len(rows) == 21


def test_the_pages_use_the_network_models_palette_and_fonts():
    """The page and the report name the classes' colours and the fonts without importing
    networkx (kg.export.common, kg.export.report): the same as the network model's."""
    assert common.TYPE_COLOURS == network.TYPE_COLOURS
    assert common.UNKNOWN_TYPE_COLOUR == network.UNKNOWN_TYPE_COLOUR
    assert report.CJK_FONTS == network.CJK_FONTS
    script = (Path(html.__file__).parent / "templates" / "report.js").read_text(encoding="utf-8")
    assert f'var FONTS = "{network.CJK_FONTS}";' in script


def test_script_text_cannot_end_the_script_element_early():
    assert html.inline_json({"text": "</script><!--"}) == '{"text":"<\\/script>\\u003c!--"}'
    assert json.loads(html.inline_json({"text": "</script><!--"})) == {"text": "</script><!--"}
    assert html.inline_script("a = '</SCRIPT>'") == "a = '<\\/SCRIPT>'"


def test_same_store_same_page(seed_store, page):
    assert html.html_page(seed_store, "daf8227113fe") == page


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
        self.events: list[dict] = []  # what the page said meanwhile (console, log, exceptions)

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
            if "method" in message:
                self.events.append(message)

    def complaints(self) -> list[str]:
        """The console errors and warnings, log errors and warnings and uncaught exceptions
        of the page so far (Runtime and Log must be enabled)."""
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in params["args"]))
            elif event["method"] == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(params["entry"].get("text", ""))
            elif event["method"] == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"].get("exception", {}).get("description", params)))
        return found

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


def _need_chromium() -> None:
    if CHROMIUM is None:
        # CI installs Chromium (.ci/run); only a developer's machine without it may skip.
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium fonts-wqy-microhei)")


@contextlib.contextmanager
def chromium(page: bytes, folder: Path, fragment: str = ""):
    """``page``, written to ``folder`` and opened from file:// (with ``fragment``) in
    headless Chromium, console and log recorded from the start, ready to be driven."""
    _need_chromium()
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
        devtools.call("Runtime.enable")
        devtools.call("Log.enable")
        devtools.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        devtools.call("Page.navigate", url=path.as_uri() + fragment)
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


@pytest.fixture(scope="module")
def browser(page, tmp_path_factory):
    """The page, opened from file:// in headless Chromium, ready to be driven."""
    with chromium(page, tmp_path_factory.mktemp("html-export")) as devtools:
        yield devtools


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
    point = element_centre(browser, '#led-measures a[data-measure="daf8227113fe/18"]')
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
    assert report.report_page(seed_store, "daf8227113fe").decode("utf-8") == summary


CHANGSHA_PLAN = "长沙市职业教育提质行动方案\n一、重点任务\n1.加强投入。内容。（市财政局、市教育局，排第一位为牵头单位，下同）\n2.培养教师。内容。（市教育局、市人社局）\n"


def test_pages_of_a_store_with_two_plans(tmp_path, seed_path):
    from kg import service
    from kg.store import Store

    (tmp_path / "changsha.txt").write_text(CHANGSHA_PLAN, encoding="utf-8")
    store = Store(tmp_path / "store")
    service.build([seed_path, tmp_path / "changsha.txt"], store)
    page = html.html_page(store)
    data = page_data(page)
    assert [plan["title"] for plan in data["plans"]] == [
        "益阳市职业教育高质量发展实施方案",
        "长沙市职业教育提质行动方案",
    ]
    assert '<h1 id="heading">益阳市职业教育高质量发展实施方案</h1>' in page.decode("utf-8")  # one plan's title
    assert len(data["units"]) == 22
    labels = {unit[4] or unit[1] for unit in data["units"]}  # every plan together tells them apart
    assert {"市财政局（益阳市）", "市财政局（长沙市）"} <= labels
    changsha = read_plan(data, 1)
    assert [m["title"] for m in changsha["measures"].values()] == ["加强投入", "培养教师"]
    assert [node["label"] for node in changsha["nodes"]] == ["市教育局", "市财政局", "市人社局"]  # its own network
    assert changsha["counts"] == {"measures": 2, "departments": 3, "assignments": 4}
    assert changsha["measures"][f"{changsha['id']}/1"]["units"] == [("市财政局", "lead"), ("市教育局", "participant")]
    summary = report.report_page(store).decode("utf-8")
    assert "<h1>全部 2 个方案 All 2 plans</h1>" in summary
    sections = re.findall(r'<section class="plan" id="plan-(\w+)">\n<h2>([^<]+)</h2>', summary)
    assert [title for _, title in sections] == ["益阳市职业教育高质量发展实施方案", "长沙市职业教育提质行动方案"]
    last = summary.split('<section class="plan"')[2]
    assert '<div class="count" data-count="measures"><span class="number">2</span>' in last
    assert '<p class="note">没有问题 No results.</p>' in last.split("<h3>校验结果 Validation</h3>")[1]


# --- a store of several plans ------------------------------------------------------------


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """Six generated plans in a store, with the generator's truth about them."""
    from benchmarks.generate import generate
    from kg import service
    from kg.store import Store

    folder = tmp_path_factory.mktemp("several-plans")
    paths = generate(6, folder / "plans", seed=3)
    truth = [json.loads(line) for line in (folder / "plans" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    store = Store(folder / "store")
    service.build(paths, store)
    return store, truth


def test_the_facts_of_one_plan_are_the_same_asked_alone_or_with_every_plan(several):
    """kg.export.common.gather asks each question once for every plan, or limited to the
    one plan (a VALUES block) when there is one: the same facts either way, and the same
    units as the network model counts them."""
    store, _ = several
    plans = common.select_plans(store)
    every = common.gather(store, plans)
    assert list(every.plans) == plans and common.units(store, plans) == every.units
    for plan in plans:
        alone = common.gather(store, [plan])
        assert alone.plans[plan] == every.plans[plan]
        assert common.units(store, [plan]) == every.plans[plan].units
        assert [m.iri for m in every.plans[plan].measures] == list(common.measures(store, [plan]))
        assert every.plans[plan].assignments == len(common.assignments(store, [plan]))
        for name in ("departments-by-load", "programmes", "co-responsibility"):
            limited = common.library_rows(store, name, [plan])
            assert limited == [row for row in common.library_rows(store, name, plans) if row["document"] == plan]


@pytest.fixture(scope="module")
def several_page(several) -> bytes:
    """The page of the six plans, its data gzipped as a large page's is."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html, "COMPRESS_OVER", 0)
        return html.html_page(several[0])


def test_a_page_of_several_plans_holds_each_plans_own_network(several, several_page):
    store, truth = several
    data = page_data(several_page)
    titles = sorted(plan["title"] for plan in truth)
    assert [plan["title"] for plan in data["plans"]] == titles  # as `policykg documents` orders them
    assert [plan["title"] for plan in data["plans"]] == [
        "修水县数字经济核心产业提速实施方案",
        "宁波市和美乡村建设行动方案",
        "宁波市鄞州区支持养老服务高质量发展若干措施",
        "柯桥区关于推动全域旅游发展的实施方案",
        "洛阳市养老服务高质量发展实施方案",
        "象山县现代农业高质量发展专项行动方案",
    ]
    measures_of = {plan["title"]: plan["measure_count"] for plan in truth}
    text = several_page.decode("utf-8")
    assert text.count("<h1") == 1 and '<h1 id="heading">修水县数字经济核心产业提速实施方案</h1>' in text
    assert "<title>修水县数字经济核心产业提速实施方案 · 部门协作网络" in text
    for index, entry in enumerate(data["plans"]):
        plan = read_plan(data, index)
        graph = network.department_network(store, entry["id"])
        assert [node["id"] for node in plan["nodes"]] == list(graph.nodes)
        assert [node["label"] for node in plan["nodes"]] == [label for _, label in graph.nodes(data="label")]
        assert sorted(plan["edges"]) == model_edges(graph)  # every edge between two of the plan's nodes
        assert plan["counts"]["measures"] == len(plan["measures"]) == measures_of[plan["title"]]
        assert plan["counts"]["departments"] == graph.number_of_nodes()
        assert plan["counts"]["assignments"] == sum(len(m["units"]) for m in plan["measures"].values())
        assert all(key.startswith(plan["id"] + "/") for key in plan["measures"])


@pytest.fixture(scope="module")
def several_browser(several_page, tmp_path_factory):
    with chromium(several_page, tmp_path_factory.mktemp("several-html")) as devtools:
        yield devtools


def drawn(browser) -> dict:
    return browser.evaluate("""(() => {
      const cy = window.policykg.cy;
      return {
        heading: document.getElementById('heading').textContent,
        title: document.title,
        labels: cy.nodes().map(n => n.data('label')),
        edges: cy.edges().length,
        loose: cy.edges().filter(e => e.source().empty() || e.target().empty()).length,
        picker: document.getElementById('plan').value,
      };
    })()""")


def test_the_page_of_several_plans_shows_one_plan_and_a_picker_of_all(several, several_page, several_browser):
    store, _ = several
    data = page_data(several_page)
    first = data["plans"][0]
    shown = drawn(several_browser)
    assert (
        shown["heading"] == first["title"] and shown["title"] == first["title"] + " · 部门协作网络 Department network"
    )
    assert shown["picker"] == first["id"]
    graph = network.department_network(store, first["id"])
    assert shown["labels"] == [label for _, label in graph.nodes(data="label")]
    assert shown["edges"] == graph.number_of_edges() and shown["loose"] == 0
    options = several_browser.evaluate(
        "[...document.querySelectorAll('#plan option')].map(o => [o.value, o.textContent])"
    )
    assert options == [[plan["id"], plan["title"]] for plan in data["plans"]]
    assert several_browser.evaluate("document.getElementById('plan-picker').hidden") is False
    panel = several_browser.evaluate("document.getElementById('panel').innerText")
    assert panel.startswith(f"部门 Departments ({graph.number_of_nodes()})")
    assert several_browser.complaints() == []


def test_the_address_fragment_chooses_the_plan(several, several_page, several_browser):
    store, _ = several
    data = page_data(several_page)
    for plan in reversed(data["plans"]):
        several_browser.evaluate(f"location.hash = 'plan={plan['id']}'")
        several_browser.wait_for(f"document.getElementById('heading').textContent === {json.dumps(plan['title'])}")
        shown = drawn(several_browser)
        graph = network.department_network(store, plan["id"])
        assert shown["picker"] == plan["id"] and shown["title"].startswith(plan["title"] + " · ")
        assert shown["labels"] == [label for _, label in graph.nodes(data="label")]
        assert shown["edges"] == graph.number_of_edges() and shown["loose"] == 0
        assert {plan["title"] for plan in data["plans"]} & {shown["heading"]} == {plan["title"]}
    # the picker sets the fragment
    second = data["plans"][1]
    several_browser.evaluate(
        f"(() => {{ const p = document.getElementById('plan'); p.value = {json.dumps(second['id'])};"
        " p.dispatchEvent(new Event('change')); })()"
    )
    several_browser.wait_for(f"document.getElementById('heading').textContent === {json.dumps(second['title'])}")
    assert several_browser.evaluate("location.hash") == f"#plan={second['id']}"
    assert several_browser.complaints() == []


def test_every_plan_together_is_drawn_on_request(several, several_page, several_browser):
    store, _ = several
    data = page_data(several_page)
    several_browser.evaluate("document.getElementById('all-plans').click()")
    several_browser.wait_for("document.getElementById('heading').textContent === '全部 6 个方案 All 6 plans'")
    assert several_browser.evaluate("location.hash") == "#plan=all"
    together = network.department_network(store)  # the network of every plan, as other exports write it
    shown = drawn(several_browser)
    assert sorted(shown["labels"]) == sorted(label for _, label in together.nodes(data="label"))
    assert shown["edges"] == together.number_of_edges() and shown["loose"] == 0
    weights = several_browser.evaluate(
        "window.policykg.cy.edges().map(e => [e.data('source'), e.data('target'), e.data('kind'), e.data('weight')])"
    )
    assert sorted(map(tuple, weights)) == model_edges(together)
    loads = several_browser.evaluate("window.policykg.cy.nodes().map(n => [n.id(), n.data('led'), n.data('joined')])")
    assert sorted(map(tuple, loads)) == sorted((node, d["led"], d["joined"]) for node, d in together.nodes(data=True))
    assert several_browser.evaluate("document.getElementById('plan').disabled") is True
    panel = several_browser.evaluate("document.getElementById('panel').innerText")
    measures = sum(plan["counts"]["measures"] for plan in data["plans"])
    assigned = sum(plan["counts"]["assignments"] for plan in data["plans"])
    assert panel.split("\n\n")[:2] == [
        f"部门 Departments ({together.number_of_nodes()})",
        f"6 个方案 plans · {measures} 项任务 measures · {assigned} 项分工 assignments",
    ]
    several_browser.evaluate("document.getElementById('all-plans').click()")  # and back to the plan
    several_browser.wait_for("window.policykg.view().all === false")
    assert drawn(several_browser)["heading"] in {plan["title"] for plan in data["plans"]}
    assert several_browser.complaints() == []


def test_the_page_lays_out_each_plan_itself(several, several_page, several_browser):
    """The data carries no positions: the page's script lays each plan out (layout.js, the
    network model's force-directed layout step for step) when it first draws it."""
    data = page_data(several_page)
    assert all(len(node) in (3, 4) for plan in data["plans"] for node in plan["nodes"])  # unit, led, joined (+ label)
    for plan in data["plans"]:
        several_browser.evaluate(f"window.policykg.showPlan({json.dumps(plan['id'])})")
        placed = several_browser.evaluate(f"window.policykg.positions({json.dumps(plan['id'])})")
        drawn_at = several_browser.evaluate(
            "(() => { const found = {}; window.policykg.cy.nodes().forEach(n => { "
            "found[n.id()] = [n.position('x'), n.position('y')]; }); return found; })()"
        )
        ids = [read_plan(data, data["plans"].index(plan))["nodes"][i]["id"] for i in range(len(plan["nodes"]))]
        assert sorted(placed) == sorted(ids) == sorted(drawn_at)
        assert all(drawn_at[node] == placed[node] for node in ids)  # Cytoscape draws where the layout puts them
        coordinates = [value for point in placed.values() for value in point]
        assert max(abs(value) for value in coordinates) == pytest.approx(
            500, abs=0.01
        )  # scaled to the box, as the model's
        points = list(placed.values())
        closest = min(
            ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1 :]
        )
        assert closest > 20  # pushed apart, not piled up
    # the same plan, laid out afresh, lands on the same picture
    again = several_browser.evaluate(
        "(() => { const plan = window.policykg.data.plans[0]; const before = window.policykg.positions(plan.id);"
        " plan.positions = null; const after = window.policykg.positions(plan.id);"
        " return JSON.stringify(before) === JSON.stringify(after); })()"
    )
    assert again is True
    assert several_browser.complaints() == []


def test_a_fragment_chooses_a_plan_and_opens_a_department(several, several_page, several_browser):
    store, _ = several
    data = page_data(several_page)
    plan = read_plan(data, 3)
    busiest = max(plan["nodes"], key=lambda node: (node["led"], node["joined"]))
    url = several_browser.evaluate("location.href.split('#')[0]")
    several_browser.call("Page.navigate", url="about:blank")
    several_browser.wait_for("location.href === 'about:blank'")
    several_browser.call("Page.navigate", url=f"{url}#plan={plan['id']}&select={busiest['label']}")
    several_browser.wait_for("window.policykgReady === true && document.querySelector('#panel h2.department') !== null")
    assert drawn(several_browser)["heading"] == plan["title"]
    assert several_browser.evaluate("document.querySelector('#panel h2.department').dataset.unit") == busiest["id"]
    led = several_browser.evaluate("[...document.querySelectorAll('#led-measures li')].map(li => li.dataset.number)")
    expected = [str(m["number"]) for m in plan["measures"].values() if (busiest["label"], "lead") in m["units"]]
    assert led == expected and len(led) == busiest["led"]
    # a measure key of another plan draws that plan
    other = read_plan(data, 0)
    key = next(iter(other["measures"]))
    several_browser.evaluate(f"window.policykg.select({json.dumps(key)})")
    assert drawn(several_browser)["heading"] == other["title"]
    assert several_browser.evaluate("document.querySelector('#panel h2.measure').dataset.measure") == key
    assert several_browser.complaints() == []


@pytest.fixture(scope="module")
def several_report(several) -> str:
    return report.report_page(several[0]).decode("utf-8")


def report_networks(summary: str) -> dict:
    """The networks block of a report of several plans, each plan's read back as report.js reads it."""
    block = re.search(r'<script type="application/json" id="policykg-networks">(.*?)</script>', summary, re.DOTALL)
    data = json.loads(block.group(1))
    return {
        plan_id: {
            "labels": [data["labels"][node[0]] for node in plan["nodes"]],
            "colours": [data["colours"][node[1]] for node in plan["nodes"]],
            "loads": [(node[2], node[3]) for node in plan["nodes"]],
            "edges": sorted(
                (plan["nodes"][flat[i]], plan["nodes"][flat[i + 1]], kind, flat[i + 2])
                for kind, flat in ((network.LEADS, plan["leads"]), (network.CO_RESPONSIBLE, plan["shared"]))
                for i in range(0, len(flat), 3)
            ),
            "pairs": sorted(
                (flat[i], flat[i + 1], kind, flat[i + 2])
                for kind, flat in ((network.LEADS, plan["leads"]), (network.CO_RESPONSIBLE, plan["shared"]))
                for i in range(0, len(flat), 3)
            ),
        }
        for plan_id, plan in data["plans"].items()
    }


def test_the_report_of_several_plans_has_an_overview_and_a_section_per_plan(several, several_report):
    store, truth = several
    summary = several_report
    titles = sorted(plan["title"] for plan in truth)
    assert summary.count("<h1>") == 1 and "<h1>全部 6 个方案 All 6 plans</h1>" in summary
    rows = re.findall(
        r'<tr data-plan="(\w+)"><td><a href="#plan-\1">([^<]+)</a></td>((?:<td class="number">\d+</td>)+)', summary
    )
    assert [title for _, title, _ in rows] == titles
    sections = summary.split('<section class="plan"')[1:]
    assert len(sections) == 6
    measures_of = {plan["title"]: plan["measure_count"] for plan in truth}
    networks = report_networks(summary)
    assert list(networks) == [plan_id for plan_id, _, _ in rows]
    for (plan_id, title, cells), section in zip(rows, sections):
        numbers = [int(n) for n in re.findall(r"\d+", cells)]
        assert section.startswith(f' id="plan-{plan_id}">\n<h2>{title}</h2>')
        assert numbers[0] == measures_of[title]
        assert dict(re.findall(r'data-count="(\w+)"><span class="number">(\d+)<', section)) == dict(
            zip(report.COUNT_NAMES, map(str, numbers))
        )
        # the network the section's picture is drawn from: the network model's, node for node
        graph = network.department_network(store, plan_id)
        assert f'<div class="picture" data-plan="{plan_id}">' in section
        drawn = networks[plan_id]
        assert (
            drawn["labels"] == [label for _, label in graph.nodes(data="label")] and len(drawn["labels"]) == numbers[1]
        )
        assert drawn["colours"] == [colour for _, colour in graph.nodes(data="colour")]
        assert drawn["loads"] == [(data["led"], data["joined"]) for _, data in graph.nodes(data=True)]
        order = list(graph.nodes)
        assert drawn["pairs"] == sorted(
            (order.index(source), order.index(target), kind, weight)
            for source, target, kind, weight in graph.edges(keys=True, data="weight")
        )
        assert "<h3>校验结果 Validation</h3>" in section and "data-conforms=" in section
    unvalidated = report.report_page(store, validation=False).decode("utf-8")
    assert "data-conforms=" not in unvalidated and unvalidated.count("未校验 Not validated") == 6
    assert report_networks(unvalidated) == networks


def test_chromium_draws_each_plans_network_in_the_report(several, several_report, tmp_path):
    store, _ = several
    with chromium(several_report.encode("utf-8"), tmp_path) as browser:
        browser.evaluate("window.policykgReport.drawAll()")
        pictures = browser.evaluate("""[...document.querySelectorAll('.picture[data-plan]')].map(p => ({
          plan: p.dataset.plan,
          circles: p.querySelectorAll('svg.network circle').length,
          titles: [...p.querySelectorAll('svg.network circle title')].map(t => t.textContent),
          labels: [...p.querySelectorAll('svg.network text')].map(t => t.textContent),
          box: (() => { const b = p.querySelector('svg.network').getBoundingClientRect(); return [b.width, b.height]; })(),
          leads: p.querySelectorAll('svg.network path.leads').length,
        }))""")
        assert browser.complaints() == []
    assert len(pictures) == 6
    for picture in pictures:
        graph = network.department_network(store, picture["plan"])
        assert picture["circles"] == graph.number_of_nodes()
        assert picture["labels"] == [
            label for _, label in graph.nodes(data="label")
        ]  # Chinese, as the model names them
        assert picture["titles"] == [
            f"{d['label']}: 牵头 {d['led']}, 参与 {d['joined']}" for _, d in graph.nodes(data=True)
        ]
        assert picture["box"][0] > 400 and picture["box"][1] > 400
        assert picture["leads"] >= 1


def test_a_page_of_fifty_plans_is_small_and_shows_one_plan(tmp_path):
    """Fifty plans, as the benchmark times them (benchmarks/html_export.py); here, size and
    content, and the page in Chromium: one plan's title, a picker of fifty, no console errors."""
    from benchmarks.generate import generate
    from kg import service
    from kg.store import Store

    paths = generate(50, tmp_path / "plans", seed=11)
    with Store(tmp_path / "store") as store:
        service.build(paths, store)
        page = html.html_page(store)
        summary = report.report_page(store, validation=False)
    titles = sorted(
        json.loads(line)["title"] for line in (tmp_path / "plans" / "truth.jsonl").read_text("utf-8").splitlines()
    )
    assert len(page) < 1_500_000 and len(summary) < 1_500_000
    assert b'<script type="application/gzip" id="policykg-data">' in page
    data = page_data(page)
    assert [plan["title"] for plan in data["plans"]] == titles
    assert re.findall(r'<h1 id="heading">([^<]*)</h1>', page.decode("utf-8")) == [titles[0]]
    truth = [json.loads(line) for line in (tmp_path / "plans" / "truth.jsonl").read_text("utf-8").splitlines()]
    assert sum(len(plan["measures"]) for plan in data["plans"]) == sum(plan["measure_count"] for plan in truth)
    # exactly the fifty plans, each with its own counts, in the page and in the report's overview
    assert len(data["plans"]) == len({plan["id"] for plan in data["plans"]}) == 50
    assert sorted((plan["title"], plan["counts"]["measures"]) for plan in data["plans"]) == sorted(
        (plan["title"], plan["measure_count"]) for plan in truth
    )
    for plan in data["plans"]:
        assert plan["counts"] == {
            "measures": len(plan["measures"]),
            "departments": len(plan["nodes"]),
            "assignments": sum(len(measure[3]) // 2 for measure in plan["measures"]),
        }
    text = summary.decode("utf-8")
    rows = re.findall(
        r'<tr data-plan="(\w+)"><td><a href="#plan-\1">[^<]+</a></td>((?:<td class="number">\d+</td>)+)', text
    )
    assert [plan_id for plan_id, _ in rows] == [plan["id"] for plan in data["plans"]]
    for (_, cells), plan in zip(rows, data["plans"]):
        measures, departments, assignments, *_ = map(int, re.findall(r"\d+", cells))
        assert {"measures": measures, "departments": departments, "assignments": assignments} == plan["counts"]
    assert list(report_networks(text)) == [plan["id"] for plan in data["plans"]]
    with chromium(page, tmp_path) as browser:
        assert drawn(browser)["heading"] == titles[0]
        assert browser.evaluate("document.querySelectorAll('#plan option').length") == 50
        assert browser.complaints() == []
