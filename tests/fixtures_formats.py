"""Builders of the files a researcher downloads — a .docx, a PDF, a government web page, a
任务分工表 — made here from text, so the format tests need no binary fixtures.

Each builder writes the file and returns what a test needs to know about how it was laid
out (for the PDF: the lines it drew)."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from kg.formats.tables import TaskRow

# --- the genre's markers as typed ----------------------------------------------------

SECTION = re.compile(r"^([一二三四五六七八九十]+)、")
GROUP = re.compile(r"^（([一二三四五六七八九十]+|\d+)）\s*")
ITEM = re.compile(r"^(\d{1,2})\.(?!\d)")


def plan_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _front_matter_count(lines: list[str]) -> int:
    """Title, period and status lines: the lines before the first long one."""
    count = 0
    for line in lines:
        if len(line) > 40 or "。" in line:
            break
        count += 1
    return count


# --- .docx ---------------------------------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# One multi-level list, as Word's 定义新的多级列表 makes it: 一、 / （一） / 1., the third
# level never restarting (w:lvlRestart 0), because the genre numbers measures across groups.
PLAN_LIST = f"""
<w:abstractNum {W_NS} w:abstractNumId="50">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>
    <w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>
    <w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/>
    <w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
"""


def add_numbering(document, abstract_xml: str, nums: dict[int, str]) -> None:
    """Add an abstract definition and w:num instances (numId → extra XML inside w:num)."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(abstract_xml)
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema puts every abstractNum before the nums
    else:
        numbering.append(abstract)
    abstract_id = abstract.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}abstractNumId")
    for num_id, extra in nums.items():
        numbering.append(
            parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{extra}</w:num>')
        )


def number_paragraph(paragraph, num_id: int, level: int) -> None:
    from docx.oxml import parse_xml

    properties = paragraph._p.get_or_add_pPr()
    properties.insert(0, parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(text: str, path: Path, numbered: bool = False, table: list[list[str]] | None = None) -> Path:
    """The plan as a .docx, one paragraph a line. With ``numbered``, the 一、 （一） 1.
    markers of the body are Word's automatic numbering, not typed text: the measures of
    groups 一 to 三 are on one w:num and the rest on a second w:num of the same list (as
    Word leaves it after copying), so the numbers must run on across them. ``table`` is
    added after the text, as an attachment."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    if numbered:
        add_numbering(document, PLAN_LIST, {50: "", 51: ""})
    lines = plan_lines(text)
    front = _front_matter_count(lines)
    in_back_matter = False
    groups_seen = 0
    for index, line in enumerate(lines):
        in_back_matter = in_back_matter or line.startswith(("本方案", "注："))
        paragraph = document.add_paragraph()
        if index < front:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Pt(24)
        content = line
        if numbered and not in_back_matter:
            for pattern, level in ((SECTION, 0), (GROUP, 1), (ITEM, 2)):
                match = pattern.match(line)
                if match:
                    if level == 1:
                        groups_seen += 1
                    number_paragraph(paragraph, 50 if groups_seen <= 3 else 51, level)
                    content = line[match.end() :]
                    break
        # Runs split where Word splits them (a change of font), including inside names.
        for start in range(0, len(content), 17):
            paragraph.add_run(content[start : start + 17])
    if table:
        document.add_paragraph("附件")
        add_docx_table(document, table)
    document.save(path)
    return path


def add_docx_table(document, cells: list[list[str]], merged_title: str | None = None):
    columns = len(cells[0])
    rows = len(cells) + (1 if merged_title else 0)
    table = document.add_table(rows=rows, cols=columns)
    offset = 0
    if merged_title:
        title = table.cell(0, 0).merge(table.cell(0, columns - 1))
        title.text = merged_title
        offset = 1
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            cell = table.cell(r + offset, c)
            lines = text.split("\n")
            cell.text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
    return table


def build_docx_table(cells: list[list[str]], path: Path, title: str) -> Path:
    """A 任务分工表 as a .docx holding only the table, with a title row merged across it."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    add_docx_table(document, cells, merged_title=title)
    document.save(path)
    return path


# --- PDF -----------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4
LEFT, RIGHT, TOP, BOTTOM = 80.0, 80.0, 110.0, 90.0
SIZE, LEADING = 12.0, 21.0
FONT = "STSong-Light"
HEADER = "益阳市人民政府办公室"
# Characters a line may not start with (Word's 禁则 for Chinese).
NO_LINE_START = "，。、；：？！）》”’％%"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text: str, first_width: float, width: float) -> list[str]:
    """Greedy wrap by measured width, never starting a line with closing punctuation."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current, used, limit = [], "", 0.0, first_width
    for char in text:
        advance = stringWidth(char, FONT, SIZE)
        if used + advance > limit and current:
            if char in NO_LINE_START and len(current) > 1:
                lines.append(current[:-1])  # carry the last character down with the mark
                current = current[-1]
            else:
                lines.append(current)
                current = ""
            used = stringWidth(current, FONT, SIZE)
            limit = width
        current += char
        used += advance
    if current:
        lines.append(current)
    return lines


def build_pdf(text: str, path: Path, indent: bool = True) -> list[list[str]]:
    """The plan as a PDF set like a 公文: STSong-Light, justified lines, two-character
    first-line indents (none with ``indent=False``), centred title lines, a running header
    益阳市人民政府办公室 and a page number — N — on every page. Returns each paragraph's
    lines as drawn."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_font()
    page = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    page.setTitle("益阳市职业教育高质量发展实施方案")
    width = PAGE_WIDTH - LEFT - RIGHT
    number = 1
    y = PAGE_HEIGHT - TOP

    def furniture() -> None:
        page.setFont(FONT, 10.5)
        page.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 60, HEADER)
        page.line(LEFT, PAGE_HEIGHT - 66, PAGE_WIDTH - RIGHT, PAGE_HEIGHT - 66)
        page.setFont(FONT, 11)
        page.drawCentredString(PAGE_WIDTH / 2, 50, f"— {number} —")

    furniture()
    drawn: list[list[str]] = []
    lines = plan_lines(text)
    front = _front_matter_count(lines)
    for index, paragraph in enumerate(lines):
        if index < front:
            wrapped = [paragraph]
        else:
            wrapped = wrap(paragraph, width - (2 * SIZE if indent else 0), width)
        drawn.append(wrapped)
        for position, line in enumerate(wrapped):
            if y < BOTTOM:
                page.showPage()
                number += 1
                furniture()
                y = PAGE_HEIGHT - TOP
            if index < front:
                page.setFont(FONT, 16 if index == 0 else SIZE)
                page.drawCentredString(PAGE_WIDTH / 2, y, line)
            else:
                x = LEFT + (2 * SIZE if position == 0 and indent else 0)
                available = PAGE_WIDTH - RIGHT - x
                text_object = page.beginText(x, y)
                text_object.setFont(FONT, SIZE)
                if position < len(wrapped) - 1 and len(line) > 1:  # justified, as Word sets it
                    text_object.setCharSpace((available - stringWidth(line, FONT, SIZE)) / (len(line) - 1))
                text_object.textLine(line)
                page.drawText(text_object)
            y -= LEADING if index >= front else 30
    page.showPage()
    page.save()
    return drawn


def build_scanned_pdf(path: Path) -> Path:
    """A PDF with no text layer: a page with only drawn shapes, as a scan's image is."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    page.setFillGray(0.85)
    page.rect(60, 60, PAGE_WIDTH - 120, PAGE_HEIGHT - 120, fill=1)
    page.setFillGray(0.2)
    for row in range(30):
        page.rect(90, PAGE_HEIGHT - 120 - row * 22, 380 - (row % 4) * 40, 9, fill=1, stroke=0)
    page.showPage()
    page.save()
    return path


# --- a government web page -----------------------------------------------------------

_PAGE_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="ArticleTitle" content="{title}" />
<title>{title}_政策文件_益阳市人民政府</title>
<link rel="stylesheet" href="/images/common.css" />
<style>.TRS_Editor P{{margin-top:5px;font-family:仿宋_GB2312;font-size:16pt;line-height:1.8}}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<div>统计</div>");</script>
</head>
<body>
<div class="top-bar"><div class="wrap"><span>欢迎访问益阳市人民政府门户网站</span>
  <a href="#">无障碍浏览</a> | <a href="#">长者模式</a> | <a href="#">English</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="益阳市人民政府" /></div>
  <div class="search"><form action="/search"><input type="text" name="q" value="请输入关键字" /><button>搜索</button></form></div></div>
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjyy/">走进益阳</a></li><li><a href="/ztzl/">专题专栏</a></li>
</ul></div>
<div class="main wrap">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 征求意见</div>
  <div class="article-box">
    <h1 class="article-title">{title}</h1>
    <div class="article-info">
      <span>发布时间：2021-09-28 16:42</span><span>来源：益阳市教育局</span><span>浏览次数：1024</span>
      <span class="font-size">字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span>
    </div>
    <div class="bdsharebuttonbox">分享到：<a class="bds_weixin" title="分享到微信">微信</a><a class="bds_tsina" title="分享到新浪微博">微博</a><a class="bds_qzone">QQ空间</a></div>
    <div class="TRS_Editor"><div class="Custom_UnionStyle">
"""

_PAGE_TAIL = """    </div></div>
    <div class="article-tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
    <div class="related"><h3>相关链接</h3><ul><li><a href="#">益阳市教育局2021年工作要点</a></li>
      <li><a href="#">关于做好2021年中等职业学校招生工作的通知</a></li></ul></div>
  </div>
</div>
<div class="footer"><div class="wrap">
  <p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
  <p>主办单位：益阳市人民政府办公室&nbsp;&nbsp;承办单位：益阳市数据资源管理中心</p>
  <p>备案号：湘ICP备05004329号&nbsp;&nbsp;湘公网安备 43090202000125号&nbsp;&nbsp;网站标识码：4309000001</p>
</div></div>
<script type="text/javascript">document.getElementById("zoom");</script>
</body>
</html>
"""


def _html_text(text: str) -> str:
    """Escape as a site's editor does: quotes and dashes as named entities."""
    escaped = html.escape(text, quote=False)
    return escaped.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("—", "&mdash;")


def _source_wrapped(text: str) -> str:
    """Break the HTML source between two Chinese characters every 40 or so characters, as
    editors do: the browser shows no break there, and neither must the reader."""
    out, since = [], 0
    for index, char in enumerate(text):
        out.append(char)
        since += 1
        following = text[index + 1 : index + 2]
        if since >= 40 and "\u4e00" <= char <= "\u9fff" and "\u4e00" <= following <= "\u9fff":
            out.append("\n      ")
            since = 0
    return "".join(out)


def build_html(text: str, path: Path, charset: str = "utf-8") -> Path:
    """The plan as a page of a government site: menu, breadcrumb, share bar, print and
    close buttons, related links and a footer with 主办单位 and 备案号 around the article,
    which sits in a TRS_Editor div. The notes are one <p> with <br> between the lines."""
    lines = plan_lines(text)
    front = _front_matter_count(lines)
    title = lines[0]
    body = []
    notes: list[str] = []
    for index, line in enumerate(lines):
        if notes or line == "注：":
            notes.append(line)
            continue
        if index < front:
            body.append(f'<p style="text-align: center"><strong>{_html_text(line)}</strong></p>')
            continue
        content = _source_wrapped(_html_text(line))
        # The editor splits runs of differently styled text into spans.
        if "（市" in content:
            head, _, units = content.rpartition("（市")
            content = f'{head}<span style="font-family: 楷体_GB2312">（市{units}</span>'
        indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if index % 2 else "\u3000\u3000"
        body.append(f'<p style="text-indent: 2em">{indent}{content}</p>')
    if notes:
        body.append("<p>" + "<br />\n".join(_html_text(line) for line in notes) + "</p>")
    page = _PAGE_HEAD.format(title=title, charset=charset) + "\n".join(body) + "\n" + _PAGE_TAIL
    path.write_bytes(page.encode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset))
    return path


# --- task tables ---------------------------------------------------------------------

TABLE_TITLE = "益阳市职业教育高质量发展重点任务分工表"
TABLE_HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
# Row 2's lead differs from the plan below (市财政局, where the plan says 市教育局), and row 4
# has no measure in the plan: the two disagreements the tests plant.
TABLE_ROWS = (
    TaskRow(1, "全面加强党的建设", ("市委组织部",), ("市委宣传部", "市委教育工委"), "长期坚持"),
    TaskRow(2, "坚持正确办学方向", ("市财政局",), ("市人社局",), "2022年底"),
    TaskRow(3, "强化中职教育基础地位", ("市教育局",), ("区县（市）人民政府", "市发改委"), "2022年12月"),
    TaskRow(4, "建设高水平职教集团", ("市教育局", "市工信局"), ("市财政局", "各区县（市）人民政府"), None),
)
TABLE_PLAN = """益阳市职业教育重点任务实施方案
一、重点任务
1.全面加强党的建设。加强职业院校党组织建设。（市委组织部、市委宣传部、市委教育工委，排第一位为牵头单位，下同）
2.坚持正确办学方向。推动思想政治教育与技术技能培养融合统一。（市教育局、市人力资源和社会保障局）
3.强化中职教育基础地位。到2022年底，全市所有中职学校达标。（市教育局、区县（市）人民政府、市发改委）
"""


def table_cells(rows=TABLE_ROWS) -> list[list[str]]:
    """The rows as cells, the way people fill them in: units joined by 、 or ，, a lead
    cell with two units on two lines, an empty deadline."""
    cells = [list(TABLE_HEADER)]
    for row in rows:
        lead = "\n".join(row.lead) if len(row.lead) > 1 else "、".join(row.lead)
        participants = "，".join(row.participants) if row.number == 4 else "、".join(row.participants)
        cells.append([str(row.number), row.task, lead, participants, row.deadline or ""])
    return cells


def build_csv_table(path: Path, encoding: str = "gb18030") -> Path:
    """The table as Excel saves CSV on a Chinese Windows: GB18030, CRLF line ends."""
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows(table_cells())
    return path


def build_xlsx_table(path: Path) -> Path:
    """The table as an .xlsx: a title row merged across the columns, 序号 as numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务分工"
    sheet.append([TABLE_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TABLE_HEADER))
    for index, row in enumerate(table_cells()):
        sheet.append([int(row[0]) if index and row[0].isdigit() else row[0], *row[1:]])
    workbook.save(path)
    return path
