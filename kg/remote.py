"""Remote SPARQL 1.1 endpoints: run the library's queries there, and push the store's
graphs there.

Any SPARQL 1.1 server answers the same queries as the embedded store: every library
query names its graphs (``GRAPH ?document``, the registry graph), so it does not depend on
how a server builds its default graph. Credentials come from the environment
(``POLICYKG_ENDPOINT_USER`` / ``POLICYKG_ENDPOINT_PASSWORD``) or from ``~/.netrc``, and
are never printed: URLs in messages are shown without them.
"""

from __future__ import annotations

import base64
import netrc
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph

from kg.errors import StoreError

USER_ENV = "POLICYKG_ENDPOINT_USER"
PASSWORD_ENV = "POLICYKG_ENDPOINT_PASSWORD"
TIMEOUT = 60


def redact(url: str) -> str:
    """The URL without user information: http://user:secret@host/ → http://host/."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        parts = parts._replace(netloc=host)
    return urllib.parse.urlunsplit(parts)


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


def _check_url(url: str) -> str:
    if not re.match(r"https?://", url):
        raise StoreError(f"{redact(url)}: an endpoint is an http:// or https:// URL")
    return url


def _term(binding: dict) -> pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode:
    """A SPARQL JSON result binding as the pyoxigraph term the embedded store would give."""
    kind = binding["type"]
    if kind == "uri":
        return pyoxigraph.NamedNode(binding["value"])
    if kind == "bnode":
        return pyoxigraph.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return pyoxigraph.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return pyoxigraph.Literal(binding["value"], datatype=pyoxigraph.NamedNode(binding["datatype"]))
    return pyoxigraph.Literal(binding["value"])


class Endpoint:
    """A SPARQL 1.1 query endpoint, read through SPARQLWrapper."""

    def __init__(self, url: str):
        self.url = _check_url(url)
        self.path = redact(url)  # what messages show

    def select(self, sparql: str) -> tuple[list[str], list[dict]]:
        """Variables and rows of pyoxigraph terms, as the embedded store gives them."""
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(redact(self.url))
        client.setQuery(sparql)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(TIMEOUT)
        credentials = credentials_for(self.url)
        if credentials:
            client.setCredentials(credentials.user, credentials.password)
        try:
            result = client.queryAndConvert()
        except (SPARQLWrapperException, urllib.error.URLError, OSError, ValueError) as error:
            raise StoreError(
                f"{self.path}: the endpoint did not answer the query ({_reason(error)}); check the URL and that the server runs"
            ) from None
        variables = result["head"]["vars"]
        rows = [
            {name: _term(row[name]) if name in row else None for name in variables}
            for row in result["results"]["bindings"]
        ]
        return variables, rows


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    reason = text[0] if text else type(error).__name__
    return redact(reason)[:200]


def push_graph(url: str, graph: pyoxigraph.NamedNode, quads: list[pyoxigraph.Quad], method: str = "gsp") -> None:
    """Replace ``graph`` at the server with ``quads``: an HTTP PUT to a Graph Store Protocol
    endpoint (``method="gsp"``), or DROP + INSERT DATA to an update endpoint (``"update"``)."""
    _check_url(url)
    triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    if method == "gsp":
        separator = "&" if "?" in url else "?"
        target = f"{redact(url)}{separator}graph={urllib.parse.quote(graph.value, safe='')}"
        request = urllib.request.Request(
            target, data=data, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
    else:
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{data.decode('utf-8')}}} }}"
        request = urllib.request.Request(
            redact(url),
            data=update.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
    credentials = credentials_for(url)
    if credentials:
        request.add_header("Authorization", credentials.header())
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise StoreError(
            f"{redact(url)}: the server refused graph {graph.value} (HTTP {error.code} {error.reason}); "
            "check the URL is a Graph Store Protocol endpoint (or use --method update with an update endpoint)"
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise StoreError(
            f"{redact(url)}: cannot reach the server ({_reason(error)}); check the URL and that the server runs"
        ) from None
