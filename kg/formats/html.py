"""A government web page → the plan's text in its article body, one paragraph a line.

Government sites wrap the article in the site's furniture: a menu, a breadcrumb (当前位置),
a share bar (分享到), font-size switches, "打印本页 关闭窗口", related links and a footer
with 主办单位 and 备案号. The article is the element the content-management systems name
(TRS_Editor, pages_content, zoom, Custom_UnionStyle, UCAP-CONTENT, <article> …) or, failing
that, the element whose paragraphs hold the most Chinese text. Inside it, block elements
and <br> end lines; entities are decoded; spaces that HTML source wrapping puts between
Chinese characters are dropped.

lxml's parser stops at 256 levels of nesting and drops what lies deeper. A page nested
deeper than that is read flat instead (``_FlatText``): the text of every element but
those that hold none (scripts, styles, forms …), lines as above, without the choice of
the article — the text is kept, the site's furniture with it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError, shown
from kg.formats.lines import join_cjk_spaces
from kg.formats.tables import TaskTable, caption_of, task_table_from_cells

# Class or id values that content-management systems give the article body (compared in
# lower case).
_ARTICLE_NAMES = {
    "trs_editor",
    "trs_ueditor",
    "trs_editor_view",
    "pages_content",
    "custom_unionstyle",
    "zoom",
    "fontzoom",
    "ucap-content",
    "article",
    "article-content",
    "article_content",
    "articlecontent",
    "article_con",
    "art_con",
    "content",
    "contents",
    "main-content",
    "main_content",
    "xxgk_content",
    "zwnr",
    "zw",
    "zw-con",
    "news_content",
    "newscontent",
    "detail",
    "details",
    "detail-content",
    "view",
    "txt",
    "text",
    "con",
    "wzcon",
    "bt_content",
    "j-fontcontent",
    "ccontent",
    "article-body",
    "articlebody",
    "entry-content",
    "post-content",
}
_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "head",
    "map",
    "audio",
    "video",
    "link",
    "meta",
}
_FURNITURE_TAGS = {"nav", "header", "footer", "aside"}
# Class / id words of the site's furniture: share bars, breadcrumbs, menus, footers, tools.
_FURNITURE = re.compile(
    r"share|fenxiang|bdshare|bshare|jiathis|social|breadcrumb|crumb|dqwz|position|location|^nav|nav$|navbar|"
    r"menu|footer|^foot|copyright|toolbar|^tools?$|print|dayin|close|guanbi|related|xgwz|xglj|xgxx|comment|"
    r"fontsize|font-size|font_size|zihao|qrcode|erweima|^ewm|sidebar|banner|login|search|topbar|top-bar|^skip",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "header",
    "footer",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
}
# A line made only of the page's buttons and switches: 【打印本页】【关闭窗口】, 字号：大 中 小 …
_UI_LINE = re.compile(
    r"(?:打印本页|打印|关闭窗口|关闭|收藏本页|收藏|加入收藏|分享到|分享|字体|字号|默认|大|中|小|扫一扫在手机打开当前页|"
    r"扫一扫|在手机打开|返回顶部|返回|顶部|[【】\[\]：:|丨/\s·])+"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "x-euc-cn", "euc-cn", "cp936"}


def extract_html(path: Path, data: bytes) -> tuple[str, tuple[TaskTable, ...]]:
    """The article's text, and the task tables in it."""
    from lxml import etree
    from lxml import html as lxml_html

    text = _decode(path, data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a declared encoding in a str
    parser = lxml_html.HTMLParser()
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise InputError(f"{shown(path)}: the web page has no content; save the page again (网页，全部)") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):  # nested too deep
        return _flat_text(text), ()
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(element)
    for element in [e for e in root.iter() if isinstance(e.tag, str) and (e.tag.lower() in _DROP_TAGS or _hidden(e))]:
        _remove(element)
    article = _article(root)
    heading = _heading_before(root, article)
    for element in [e for e in article.iter() if e is not article and _furniture(e, inside_article=True)]:
        _remove(element)

    tables: list[TaskTable] = []
    for number, table in enumerate([t for t in article.iter("table") if not _inside_table(t, article)], start=1):
        found = task_table_from_cells(_table_cells(table), f"{path}#table-{number}", caption_of(_lines_before(table)))
        if found is not None and found.rows:
            tables.append(found)
            _remove(table)

    lines = _lines(article)
    if heading and not any(_squash(heading) == _squash(line) for line in lines[:3]):
        lines.insert(0, heading)
    text = "\n".join(lines)
    return (text + "\n" if text else ""), tuple(tables)


def _lines_before(table) -> list[str]:
    """The texts of the (up to two) elements just above a table, nearest last, for its
    caption (<p>附件</p><p>某区…任务分解表</p><table>): the table's siblings, else its parent's."""
    found: list[str] = []
    for element in (table, table.getparent()):
        if element is None:
            break
        for sibling in element.itersiblings(preceding=True):
            text = " ".join(sibling.text_content().split()) if isinstance(sibling.tag, str) else ""
            if text:
                found.insert(0, text)
            if len(found) == 2:
                return found
        if found:
            break
    return found


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        declared = _CHARSET.search(data[:8192])
        name = declared.group(1).decode("ascii").lower() if declared else ""
        name = "gb18030" if name in _GB else name
        candidates = [c for c in dict.fromkeys([name, "utf-8", "gb18030"]) if c]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(f"{shown(path)}: cannot decode the web page as {' or '.join(candidates)}; save it again as UTF-8")


def _remove(element) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or element.get("hidden") is not None


def _names(element) -> list[str]:
    return [*(element.get("class") or "").split(), *([element.get("id")] if element.get("id") else [])]


def _furniture(element, inside_article: bool = False) -> bool:
    if not isinstance(element.tag, str):
        return False
    tag = element.tag.lower()
    if tag in _FURNITURE_TAGS and not (inside_article and tag == "header"):
        return True
    return any(_FURNITURE.search(name) for name in _names(element))


def _cjk_count(element) -> int:
    """Chinese characters in ``element``, leaving out its furniture."""
    total = 0
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if node is element:
            total += len(_CJK.findall(node.text or ""))
            continue
        outside = _in_furniture(node, element)
        if not outside:
            total += len(_CJK.findall(node.tail or ""))  # the tail belongs to the parent
            if not _furniture(node):
                total += len(_CJK.findall(node.text or ""))
    return total


def _in_furniture(node, top) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not top:
        if _furniture(parent):
            return True
        parent = parent.getparent()
    return False


def _depth(element) -> int:
    depth = 0
    while (element := element.getparent()) is not None:
        depth += 1
    return depth


def _article(root):
    """The element that holds the article body."""
    body = root.find("body") if root.find("body") is not None else root
    named = [
        element
        for element in body.iter()
        if isinstance(element.tag, str)
        and not _furniture(element)
        and not _in_furniture(element, root)
        and (element.tag.lower() == "article" or any(name.lower() in _ARTICLE_NAMES for name in _names(element)))
    ]
    # lxml elements are keys here, not their id(): a proxy is only kept while referenced.
    scores = {element: _cjk_count(element) for element in named}
    best_named = None
    if named:
        most = max(scores.values())
        if most:
            # The innermost named element that holds most of the text: TRS_Editor inside a
            # "content" wrapper that also holds the title bar and share buttons.
            holding = [element for element in named if scores[element] >= 0.7 * most]
            best_named = max(holding, key=_depth)

    # Failing that: the element whose <p> children hold the most Chinese text.
    by_parent: dict[object, int] = {}
    for paragraph in body.iter("p"):
        if _in_furniture(paragraph, root):
            continue
        parent = paragraph.getparent()
        by_parent[parent] = by_parent.get(parent, 0) + _cjk_count(paragraph)
    best_dense, dense_count = max(by_parent.items(), key=lambda pair: pair[1], default=(None, 0))
    if best_named is not None and scores[best_named] >= 0.5 * dense_count:
        return best_named
    if best_dense is not None and dense_count:
        return best_dense
    return body


def _heading_before(root, article) -> str | None:
    """The page's title heading (h1, else an element named title) when it stands before
    the article and outside it: some pages give the plan's title only there."""
    position = {element: index for index, element in enumerate(root.iter())}
    inside = set(article.iter())
    candidates = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (
            element.tag.lower() == "h1"
            or any(name.lower() in ("title", "article-title", "bt", "tit") for name in _names(element))
        )
        and element not in inside
        and position[element] < position[article]
        and not _furniture(element)
        and not _in_furniture(element, root)
    ]
    for element in candidates:
        text = join_cjk_spaces(" ".join(element.text_content().split())).strip()
        if _CJK.search(text) and len(text) <= 80:
            return text
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _inside_table(table, top) -> bool:
    """Whether ``table`` is nested in another table within ``top``."""
    owner = _owner_table(table)
    return owner is not None and any(owner is element for element in top.iter())


def _owner_table(element):
    parent = element.getparent()
    while parent is not None and not (isinstance(parent.tag, str) and parent.tag.lower() == "table"):
        parent = parent.getparent()
    return parent


def _table_cells(table) -> list[list[str]]:
    """The table as a grid, spans filled in (a merged cell's text in each of its places)."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text of a cell above, rows it still covers)
    for row in [tr for tr in table.iter("tr") if _owner_table(tr) is table]:
        cells: list[str] = []

        def fill_from_above(cells: list[str] = cells) -> None:
            while len(cells) in pending:
                text, rows_left = pending.pop(len(cells))
                if rows_left > 1:
                    pending[len(cells)] = (text, rows_left - 1)
                cells.append(text)

        for cell in [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]:
            fill_from_above()
            text = "\n".join(_lines(cell))
            down = _int(cell.get("rowspan"), 1)
            for _ in range(_int(cell.get("colspan"), 1)):
                if down > 1:
                    pending[len(cells)] = (text, down - 1)
                cells.append(text)
        fill_from_above()
        grid.append(cells)
    return grid


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value or default), 1)
    except ValueError:
        return default


class _Lines:
    """Text gathered into lines: whitespace as HTML shows it, and no line of the page's
    buttons and switches (``_UI_LINE``)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._current: list[str] = []

    def add(self, text: str) -> None:
        self._current.append(text)

    def end_line(self) -> None:
        line = join_cjk_spaces(re.sub(r"[ \t\r\n\f]+", " ", "".join(self._current)))
        self._current.clear()
        line = line.strip(" \t\u00a0\u3000")
        if line and not _UI_LINE.fullmatch(line):
            self.lines.append(line)

    def finish(self) -> list[str]:
        self.end_line()
        return self.lines


def _lines(element) -> list[str]:
    """Text of ``element``: block elements and <br> end lines; whitespace as HTML shows it."""
    writer = _Lines()

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if tag == "br" or block:
            writer.end_line()
        if tag != "br":
            writer.add(node.text or "")
            for child in node:
                if isinstance(child.tag, str):
                    walk(child)
                writer.add(child.tail or "")
        if block:
            writer.end_line()

    walk(element)
    return writer.finish()


# Elements that have no end tag: never open, so never to be closed.
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _flat_text(page: str) -> str:
    """The text of a page read flat (``_FlatText``), one paragraph a line."""
    reader = _FlatText()
    reader.feed(page)
    reader.close()
    lines = reader.writer.finish()
    return "\n".join(lines) + "\n" if lines else ""


class _FlatText(HTMLParser):
    """The text of a page read as a stream of tags, with no tree and so no limit to its
    depth: block elements and <br> end lines; the text inside the elements that hold none
    (``_DROP_TAGS``) is left out. An end tag closes the open element of its name and those
    opened inside it, as a browser does with tags left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.writer = _Lines()
        self._dropping: list[str] = []  # the open elements whose text is left out

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self.writer.end_line()
        if tag == "body":
            self._dropping.clear()  # a <head> left open ends here
        elif tag in _DROP_TAGS and tag not in _VOID_TAGS:
            self._dropping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._dropping:
            while self._dropping.pop() != tag:  # the last one of its name, and those inside it
                pass
        if tag in _BLOCK_TAGS:
            self.writer.end_line()

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self.writer.add(data)
