"""Remote SPARQL 1.1 endpoints: run the library's queries there, and push the store's
graphs there.

Any SPARQL 1.1 server answers the same queries as the embedded store: every library
query names its graphs (``GRAPH ?document``, the registry graph), so it does not depend on
how a server builds its default graph. A server is not trusted (docs/remote.md):

* credentials (from the URL, ``POLICYKG_ENDPOINT_USER`` / ``POLICYKG_ENDPOINT_PASSWORD``
  or ``~/.netrc``) go only to the origin — scheme, host and port — they were given for:
  a redirect within it is followed (301, 302, 307 and 308 keep the method and the body,
  303 becomes a GET), one to another origin is refused;
* each request has one deadline (``--timeout``, ``POLICYKG_TIMEOUT``, 60 s) for all of
  it: connecting, the headers and the body;
* what comes back is checked: a SELECT answer is SPARQL JSON results of the right shape,
  a push succeeds on a 2xx answer that is no HTML page and no error document;
* messages never show a secret: URLs lose their user information and the values of
  credential-like query parameters (``redact``), and the secrets known are masked in
  whatever a server sent back.

The exchange is urllib's, through an opener of this module's handlers: policykg builds
each request (a query is always sent as a query, never guessed from its text).
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import json
import math
import netrc
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph

from kg.errors import StoreError

USER_ENV = "POLICYKG_ENDPOINT_USER"
PASSWORD_ENV = "POLICYKG_ENDPOINT_PASSWORD"
TIMEOUT_ENV = "POLICYKG_TIMEOUT"
TIMEOUT = 60  # seconds for a whole request, unless --timeout or POLICYKG_TIMEOUT says otherwise
MAX_TIMEOUT = 86400
ANSWER_ENV = "POLICYKG_MAX_ANSWER_MB"
MAX_ANSWER_MB = 1024  # the most of a server's answer read (a SELECT result is held whole to be checked)

SELECT_TYPES = ("application/sparql-results+json", "application/json")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://)[^\s/@]*@")
# password, passwd, pwd, token, access_token, api_key, apikey, key, secret, auth, and the
# same words after a prefix (client_secret, x-auth, refresh_token).
_SECRET_PARAMETER = re.compile(
    r"([?&;](?:[\w.-]*[_-])?(?:password|passwd|pwd|token|apikey|key|secret|auth)=)[^&;#\s'\"]*", re.IGNORECASE
)
_SAMPLE_BYTES = 80


def redact(url: str) -> str:
    """The URL as messages show it: without user information (http://user:secret@host/ →
    http://host/, and so without a scheme too) and with the values of credential-like
    query parameters masked (?token=… → ?token=***)."""
    scheme = _SCHEME.match(url)
    prefix = scheme.group() if scheme else ""
    authority, slash, rest = url[len(prefix) :].partition("/")
    return _redact_text(prefix + authority.rpartition("@")[2] + slash + rest)


def _redact_text(text: str) -> str:
    """``text`` (an error's reason, a server's words) with the user information and the
    credential-like query parameters of any URL in it masked."""
    return _SECRET_PARAMETER.sub(r"\1***", _USERINFO.sub(r"\1", text))


def _shown(url: str) -> str:
    """How a URL that may be malformed is shown: as ``redact`` shows it, or, when an ``@``
    is left that may end a password mistyped with a ``/``, only what follows the last one."""
    shown = redact(url)
    if "@" in shown:
        scheme = _SCHEME.match(shown)
        shown = (scheme.group() if scheme else "") + shown.rpartition("@")[2]
    return shown


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def header(self) -> str:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


def credentials_for(url: str) -> Credentials | None:
    """User and password for ``url``: from the URL itself, the environment, or ~/.netrc."""
    parts = urllib.parse.urlsplit(url)
    if parts.username:
        return Credentials(urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    if os.environ.get(USER_ENV):
        return Credentials(os.environ[USER_ENV], os.environ.get(PASSWORD_ENV, ""))
    try:
        found = netrc.netrc().authenticators(parts.hostname or "")
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        found = None
    if found:
        login, _, password = found
        return Credentials(login or "", password or "")
    return None


# --- URLs ----------------------------------------------------------------------------------


def _checked(url: str) -> str:
    """``url`` as requests are sent to it: without its user information (sent as a header
    instead), non-ASCII characters of its path and query percent-encoded. A URL that is
    not one (no http:// or https://, a bad port, a malformed IPv6 address) is a StoreError
    that shows it without its secrets."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise StoreError(
            f"{_shown(url)}: an endpoint is an http:// or https:// URL, such as http://127.0.0.1:7878/query"
        )
    if re.search(r"[\x00-\x20\x7f]", url):
        raise StoreError(f"{_shown(url)}: the URL holds a space or a control character; percent-encode it (%20)")
    scheme, _, rest = url.partition("://")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    parts = urllib.parse.urlsplit("http://host" + rest[len(authority) :])  # its path, query and fragment
    if "@" in rest.partition("/")[0][len(authority) :] or "@" in parts.path + parts.fragment:
        raise StoreError(
            f"{_shown(url)}: an '@' outside the host part; write a user name or password with its / ? # @ "
            "percent-encoded (%2F %3F %23 %40), or give them in POLICYKG_ENDPOINT_USER/PASSWORD"
        )
    problem = _host_problem(host)
    if problem:
        raise StoreError(f"{_shown(url)}: {problem}; check the URL")
    return urllib.parse.urlunsplit((scheme.lower(), host, _ascii(parts.path) or "/", _ascii(parts.query), ""))


def _ascii(text: str) -> str:
    """``text`` with its non-ASCII characters percent-encoded, as a request line needs."""
    return re.sub(r"[^\x00-\x7f]+", lambda found: urllib.parse.quote(found.group()), text)


def _host_problem(host_port: str) -> str | None:
    """What is wrong with a URL's ``host[:port]``, or None: urllib would raise on a port
    out of range and send an IPv6 address without brackets to a wrong host."""
    if host_port.startswith("["):
        address, bracket, port = host_port[1:].partition("]")
        try:
            ipaddress.IPv6Address(address)
        except ValueError:
            bracket = ""
        if not bracket or (port and not port.startswith(":")):
            return "the host is not an IPv6 address in brackets, such as http://[::1]:7878/query"
        port = port[1:]
    else:
        host, _, port = host_port.partition(":")
        if ":" in port:
            return "an IPv6 address is written in brackets, such as http://[::1]:7878/query"
        if not host:
            return "the URL names no host"
    if port and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        return "the port is not a number from 1 to 65535"
    return None


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """Scheme, host and port: where credentials given for ``url`` may go."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname or "", port or {"http": 80, "https": 443}.get(scheme)


def _answer_limit() -> int:
    """The most bytes of an answer read: $POLICYKG_MAX_ANSWER_MB, else ``MAX_ANSWER_MB``."""
    written = os.environ.get(ANSWER_ENV, "").strip()
    if not written:
        return MAX_ANSWER_MB << 20
    if not written.isdigit() or int(written) == 0:
        raise StoreError(f"{ANSWER_ENV}={written[:40]!r}: give the most megabytes of an answer to read, a whole number")
    return int(written) << 20


def _timeout(seconds: float | None) -> float:
    """The deadline of each request: ``seconds``, else $POLICYKG_TIMEOUT, else 60."""
    written = str(seconds) if seconds is not None else os.environ.get(TIMEOUT_ENV, "").strip()
    if not written:
        return TIMEOUT
    try:
        value = float(written)
    except ValueError:
        value = math.nan
    if not 0 < value <= MAX_TIMEOUT:
        raise StoreError(
            f"timeout {written[:40]!r}: a timeout is a number of seconds above 0 and at most {MAX_TIMEOUT}; "
            f"check --timeout or {TIMEOUT_ENV}"
        )
    return value


# --- one request, one deadline -----------------------------------------------------------------


class _Deadline:
    """One deadline for a whole exchange: connecting waits at most the time left, and a
    timer shuts down every socket of the exchange when it passes, which ends any read or
    write in progress (a socket timeout alone bounds each read, not the request: a server
    sending a header line every 20 s would never trip a 60 s one)."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds
        self._fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        return self._fired or time.monotonic() >= self.end

    def left(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            fired = self._fired
        if fired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self._fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Shut the connection down under whoever reads or writes it (the plain socket's
    shutdown, also for a TLS socket, whose own would unset its state under the reader)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # closed already, or detached into its TLS socket
        pass


class _Watched:
    """A connection whose sockets its deadline shuts down."""

    def __init__(self, *args, deadline: _Deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline


class _HTTPConnection(_Watched, http.client.HTTPConnection):
    def connect(self) -> None:
        self.timeout = self.deadline.left()
        super().connect()
        self.deadline.watch(self.sock)


class _HTTPSConnection(_Watched, http.client.HTTPSConnection):
    def connect(self) -> None:
        """HTTPSConnection.connect with the socket watched before the TLS handshake, which
        a slow server could otherwise stretch past the deadline."""
        self.timeout = self.deadline.left()
        http.client.HTTPConnection.connect(self)
        self.deadline.watch(self.sock)
        server_hostname = self._tunnel_host or self.host
        self.sock = self._context.wrap_socket(self.sock, server_hostname=server_hostname, do_handshake_on_connect=False)
        self.deadline.watch(self.sock)
        self.sock.do_handshake()


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(self._connection, req)

    def _connection(self, *args, **kwargs) -> _HTTPConnection:
        return _HTTPConnection(*args, deadline=self.deadline, **kwargs)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(self._connection, req, context=self._context)

    def _connection(self, *args, **kwargs) -> _HTTPSConnection:
        return _HTTPSConnection(*args, deadline=self.deadline, **kwargs)


class _CrossOrigin(Exception):
    """A redirect to another origin, which is not followed."""

    def __init__(self, target: str):
        super().__init__(target)
        self.target = target


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect within the request's origin, with its credentials; refuses one to
    another origin, where neither the credentials nor the data (a graph pushed) may go.
    301, 302, 307 and 308 keep the method and the body (a SPARQL query sent by POST would
    be lost as a GET); 303 ("see other") is a GET, as urllib makes it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if _origin(newurl) is None or _origin(newurl) != _origin(req.full_url):
            fp.close()
            raise _CrossOrigin(newurl)
        if code == 303:
            return super().redirect_request(req, fp, code, msg, headers, newurl)
        return urllib.request.Request(
            newurl,
            data=req.data,
            headers=req.headers,
            origin_req_host=req.origin_req_host,
            unverifiable=True,
            method=req.get_method(),
        )


@dataclass(frozen=True)
class _Answer:
    """What a server sent back: status, content type (as sent, '' when none) and body."""

    status: int
    reason: str
    content_type: str
    body: bytes

    @property
    def media_type(self) -> str:
        return self.content_type.partition(";")[0].strip().lower()

    def described(self) -> str:
        """The content type and the first bytes, for a message: one line, every control
        or invisible character escaped."""
        kind = _printable(self.media_type or "no content type")
        if not self.body.strip():
            return f"{kind}, empty"
        start = self.body.strip()[:_SAMPLE_BYTES].decode("utf-8", "replace")
        more = "…" if len(self.body.strip()) > _SAMPLE_BYTES else ""
        return f"{kind} starting '{_printable(start)}{more}'"

    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES or self.body.lstrip()[:14].lower().startswith(
            (b"<!doctype html", b"<html")
        )


def _printable(text: str) -> str:
    """``text`` on one line: control, format and other invisible characters as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# --- endpoints ------------------------------------------------------------------------------


class Endpoint:
    """A SPARQL server's URL (a query endpoint to ``select`` from, or a Graph Store Protocol
    or update endpoint to ``push`` to), with its credentials and the deadline of each
    request, and the most bytes of an answer it reads (``limit``). ``path`` is the URL as
    messages show it."""

    def __init__(self, url: str, timeout: float | None = None):
        url = url.strip()
        self.wire = _checked(url)
        self.path = redact(url)
        self.timeout = _timeout(timeout)
        self.limit = _answer_limit()
        self._credentials = credentials_for(url)
        self._secrets = _secrets(url, self._credentials)

    def select(self, sparql: str) -> tuple[list[str], list[dict]]:
        """Variables and rows of pyoxigraph terms, as the embedded store gives them."""
        answer = self._exchange(
            "POST",
            self.wire,
            urllib.parse.urlencode({"query": sparql}).encode("utf-8"),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/json;q=0.9",
            },
            failing="the endpoint did not answer the query",
        )
        if not 200 <= answer.status < 300:
            raise self._error(
                f"the endpoint answered HTTP {answer.status} {_printable(answer.reason)} ({answer.described()}); "
                "check the query and that the URL is a SPARQL query endpoint"
            )
        return self._solutions(answer)

    def push(self, graph: pyoxigraph.NamedNode, quads: list[pyoxigraph.Quad], method: str = "gsp") -> None:
        """Replace ``graph`` at the server with ``quads``: an HTTP PUT to a Graph Store Protocol
        endpoint (``method="gsp"``), or DROP + INSERT DATA to an update endpoint (``"update"``).
        Success is a 2xx answer that is neither an HTML page nor an error document."""
        triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
        data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        accept = "application/json, text/plain;q=0.9, */*;q=0.1"
        if method == "gsp":
            separator = "&" if "?" in self.wire else "?"
            target = f"{self.wire}{separator}graph={urllib.parse.quote(graph.value, safe='')}"
            headers = {"Content-Type": "application/n-triples", "Accept": accept}
            answer = self._exchange("PUT", target, data, headers, failing="cannot reach the server")
        else:
            update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{data.decode('utf-8')}}} }}"
            headers = {"Content-Type": "application/sparql-update", "Accept": accept}
            answer = self._exchange(
                "POST", self.wire, update.encode("utf-8"), headers, failing="cannot reach the server"
            )
        if not 200 <= answer.status < 300:
            raise self._error(
                f"the server refused graph {graph.value} (HTTP {answer.status} {_printable(answer.reason)}); "
                "check the URL is a Graph Store Protocol endpoint (or use --method update with an update endpoint)"
            )
        failure = "an HTML page" if answer.is_html() else "an error document" if _is_error_document(answer) else None
        if failure:
            raise self._error(
                f"the server answered HTTP {answer.status} with {failure} for graph {graph.value}, not a store's "
                f"reply ({answer.described()}); check the URL is a Graph Store Protocol endpoint "
                "(Oxigraph …/store, Fuseki …/DATASET/data) or, with --method update, an update endpoint"
            )

    def _exchange(self, method: str, url: str, data: bytes, headers: dict[str, str], failing: str) -> _Answer:
        """One request and its whole answer within the deadline; a failure to connect, a
        redirect to another origin, or the deadline passing is a StoreError."""
        request = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": "policykg", **headers})
        if self._credentials:
            request.add_header("Authorization", self._credentials.header())
        with _Deadline(self.timeout) as deadline:
            opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline), _SameOrigin())
            try:
                try:
                    response = opener.open(request)
                except urllib.error.HTTPError as error:  # a status that is no success: its body says why
                    response = error
                limit = self.limit
                with response:
                    body = response.read(limit + 1)
                    answer = _Answer(
                        response.status, str(response.reason), response.headers.get("Content-Type", ""), body
                    )
                if len(body) > limit:  # a hostile or mistaken server would fill the memory until the deadline
                    raise self._error(
                        f"the answer is larger than {limit >> 20} MB ({ANSWER_ENV}); narrow the query, or raise the limit"
                    )
            except _CrossOrigin as redirect:
                target = redact(redirect.target)
                shown = re.match(r"(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*", target).group()
                raise self._error(
                    f"the server redirects to another origin, {shown}; policykg sends credentials and data only to "
                    "the origin given and does not follow it: give that URL as the endpoint if you trust it"
                ) from None
            except (OSError, http.client.HTTPException, ValueError) as error:
                if deadline.expired:
                    raise self._timed_out() from None
                raise self._error(f"{failing} ({_reason(error)}); check the URL and that the server runs") from None
            if deadline.expired:  # a body without a length ends quietly when the socket is shut
                raise self._timed_out()
        return answer

    def _timed_out(self) -> StoreError:
        return self._error(
            f"no complete answer within the timeout of {self.timeout:g} s; check that the server runs, "
            f"or allow it more time with --timeout SECONDS or {TIMEOUT_ENV}"
        )

    def _solutions(self, answer: _Answer) -> tuple[list[str], list[dict]]:
        """The variables and rows of a SPARQL JSON results document, checked: anything else
        (a page, other JSON, a binding that is no RDF term) is a StoreError saying what came."""
        if answer.media_type not in SELECT_TYPES:
            raise self._not_results(answer, "not SPARQL JSON results")
        try:
            document = json.loads(answer.body.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise self._not_results(answer, "not UTF-8 text") from None
        except (ValueError, RecursionError):
            raise self._not_results(answer, "not JSON") from None
        head = document.get("head") if isinstance(document, dict) else None
        results = document.get("results") if isinstance(document, dict) else None
        variables = head.get("vars") if isinstance(head, dict) else None
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if isinstance(document, dict) and "boolean" in document:
            raise self._error(
                "the endpoint answered an ASK result (true or false); only SELECT queries can be run here"
            )
        if not (
            isinstance(variables, list)
            and all(isinstance(name, str) for name in variables)
            and isinstance(bindings, list)
            and all(isinstance(row, dict) for row in bindings)
        ):
            raise self._not_results(answer, "JSON without the head.vars and results.bindings of a SELECT result")
        rows = []
        for row in bindings:
            try:
                rows.append({name: _term(row[name]) if name in row else None for name in variables})
            except ValueError as error:
                raise self._error(
                    f"the endpoint answered a binding that is no RDF term ({error}); check the endpoint's SPARQL "
                    "JSON results"
                ) from None
        return variables, rows

    def _not_results(self, answer: _Answer, what: str) -> StoreError:
        return self._error(
            f"the endpoint's answer is {what} ({answer.described()}); check that the URL is a SPARQL query endpoint"
        )

    def _error(self, detail: str) -> StoreError:
        """A StoreError naming the endpoint, with no secret in it, whatever the server sent."""
        message = f"{self.path}: {_redact_text(detail)}"
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return StoreError(message)


def _secrets(url: str, credentials: Credentials | None) -> list[str]:
    """The secrets a message must not show, as written and as sent: the password, the
    Authorization token and the credential-like query parameters' values (4 characters or
    more: masking a shorter one would garble the message more than it hides)."""
    found = [match.group()[len(match.group(1)) :] for match in _SECRET_PARAMETER.finditer(url)]
    if credentials:
        found += [credentials.password, credentials.header().removeprefix("Basic ")]
    found += [urllib.parse.unquote(value) for value in found] + [urllib.parse.quote(value) for value in found]
    return sorted({value for value in found if len(value) >= 4}, key=len, reverse=True)


def _is_error_document(answer: _Answer) -> bool:
    """A 2xx answer that says it failed: a JSON object with an ``error``, or text starting
    with "error"."""
    text = answer.body.strip()[:_SAMPLE_BYTES].lower()
    if answer.media_type.endswith(("/json", "+json")) and text:
        try:
            document = json.loads(answer.body.decode("utf-8"))
        except (ValueError, RecursionError):
            return True
        return isinstance(document, dict) and ("error" in document or "errors" in document)
    return answer.media_type.startswith("text/") and text.startswith(b"error")


def _term(binding: object) -> pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode:
    """A SPARQL JSON result binding as the pyoxigraph term the embedded store would give;
    ValueError for anything else."""
    if not isinstance(binding, dict) or not isinstance(binding.get("value"), str):
        raise ValueError(f"{_printable(json.dumps(binding, ensure_ascii=False)[:80])}: no string value")
    kind, value = binding.get("type"), binding["value"]
    if kind == "uri":
        return pyoxigraph.NamedNode(value)
    if kind == "bnode":
        try:
            return pyoxigraph.BlankNode(value)
        except ValueError:  # Virtuoso's nodeID://b123: the same label, the same node
            return pyoxigraph.BlankNode("x" + value.encode("utf-8").hex())
    if kind not in ("literal", "typed-literal"):  # typed-literal: SPARQL 1.0's JSON, still sent by Virtuoso
        raise ValueError(f"type {_printable(str(kind)[:40])!r} is none of uri, literal, bnode")
    language, datatype = binding.get("xml:lang"), binding.get("datatype")
    if isinstance(language, str):
        return pyoxigraph.Literal(value, language=language)
    if isinstance(datatype, str):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(datatype))
    return pyoxigraph.Literal(value)


def _reason(error: Exception) -> str:
    """An error's first line, without secrets or control characters, at most 200 characters."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    text = str(reason).strip().splitlines()
    return _printable(_redact_text(text[0] if text else type(error).__name__))[:200]
