"""The ``policykg`` command line: parse options, call the library, format the output.

Imports of the pipeline happen inside the commands, so ``policykg --help`` loads only
click. Every PolicyKGError becomes one ``Error: …`` line and its exit code.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from kg.errors import PolicyKGError, QuestionError
from kg.service import EXPORT_KINDS

EXIT_INTERNAL = 3
ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl")


def _store_option(command):
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=Path),
        help="A store directory, which must exist (`build` creates it). Without it: the default store, "
        "$POLICYKG_STORE or policykg/store in your user data directory, built with the bundled plan when empty.",
    )(command)


def _endpoint_option(command):
    """--endpoint URL and --timeout SECONDS, which reach the command as one argument
    ``endpoint``: a ``kg.remote.Endpoint`` (None without a URL), so that every command
    reading an endpoint has the deadline without passing it on itself."""

    @functools.wraps(command)
    def with_endpoint(*args, endpoint: str | None, timeout: float | None, **kwargs):
        return command(*args, endpoint=_handle_errors(_remote)(endpoint, timeout) if endpoint else None, **kwargs)

    return click.option(
        "--endpoint",
        metavar="URL",
        envvar="POLICYKG_ENDPOINT",
        help="Ask a remote SPARQL 1.1 endpoint instead of the store [env POLICYKG_ENDPOINT]; "
        "credentials from the URL, POLICYKG_ENDPOINT_USER/POLICYKG_ENDPOINT_PASSWORD or ~/.netrc, "
        "sent to that origin only (docs/remote.md).",
    )(_timeout_option(with_endpoint))


def _timeout_option(command):
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True, max=86400),
        metavar="SECONDS",
        help="Give up after SECONDS: on a remote request not complete by then (connecting, headers and body) "
        "[default: 60; env POLICYKG_TIMEOUT]; on the store, on a query (default: none) or on an answer to `ask` "
        "(default: 60).",
    )(command)


def _remote(url: str, timeout: float | None):
    """The endpoint at ``url`` (a StoreError for a URL that is none)."""
    from kg import service

    return service.endpoint(url, timeout)


def _row_options(command):
    """--format of printed rows, and --raw for their csv/tsv cells."""
    command = click.option(
        "--raw",
        is_flag=True,
        help="csv/tsv: write cells as stored, without the leading ' before a cell that starts with = + - @ tab "
        "or CR (which keeps a spreadsheet from running it as a formula); for scripts that read the rows as data.",
    )(command)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(ROW_FORMATS),
        default="table",
        show_default=True,
        help="table (long texts shortened), csv or tsv (with a header; a cell starting with = + - @ tab or CR "
        "gets a leading ', see --raw), json (a list), jsonl (a row a line).",
    )(command)


def _document_option(command):
    return click.option(
        "--document",
        "document_id",
        metavar="ID",
        help="One plan: its id, the start of its id (4 characters or more) or its IRI; default: every plan.",
    )(command)


def _handle_errors(command):
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except QuestionError as error:
            click.echo(f"Error: {error}", err=True)
            if error.suggestions:
                click.echo("Questions policykg understands, for example:", err=True)
                for suggestion in error.suggestions:
                    click.echo(f"  {suggestion}", err=True)
            sys.exit(error.exit_code)
        except PolicyKGError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (| head): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except Exception as error:  # a bug: one line, and the traceback only on request
            if os.environ.get("POLICYKG_DEBUG"):
                raise
            click.echo(
                f"Error: internal error ({type(error).__name__}: {error}); "
                "please report it, and set POLICYKG_DEBUG=1 to see the traceback",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def main() -> None:
    """Turn Chinese policy implementation plans (实施方案) into a knowledge graph and ask it
    who leads what.

    \b
    Exit codes: 0 success; 1 question not understood (or data does not conform);
    2 usage or input error; 3 internal error.
    """
    from kg import service

    # What the library does on its own (building the bundled plan first) is said on stderr.
    service.notice = lambda message: click.echo(f"policykg: {message}", err=True)


# --- build ---------------------------------------------------------------------------


@main.command()
@click.argument("sources", nargs=-1, metavar="[FILE|DIR|GLOB]...")
@_store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the plans' graphs to FILE (.ttl, .nq, .trig or .jsonld).",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Parse in this many processes."
)
@click.option("--force", is_flag=True, help="Rebuild plans the store already holds unchanged.")
@click.option(
    "--tasks",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="TABLE",
    help="The plan's 任务分工表 (.csv, .xlsx or .docx), compared with its text; `validate` reports where they disagree.",
)
@click.option(
    "--validate", "run_validation", is_flag=True, help="Validate the plans just built (as `policykg validate`)."
)
@click.option(
    "--issuer",
    metavar="NAME",
    help="The place that issues every plan of this build (某县, 某市, 某省, 某市某区), instead of the "
    "place read from each plan's title or text; rebuilds the plans.",
)
@click.option(
    "--version-of",
    metavar="ID",
    help="The plan in the store that the plan built revises (its draft, 征求意见稿 …); without it, versions "
    "with the same issuer and title are recognised by their labels. `policykg diff` shows the changes.",
)
@_handle_errors
def build(
    sources: tuple[str, ...],
    store_path: Path | None,
    output: Path | None,
    jobs: int,
    force: bool,
    tasks: Path | None,
    run_validation: bool,
    issuer: str | None,
    version_of: str | None,
) -> None:
    """Parse plans into the store (default: the bundled Yiyang plan).

    SOURCES are files, folders (every .txt, .docx, .pdf and .html below them) or glob
    patterns. Each plan is its own named graph; rebuilding a plan replaces its graph, and
    a plan whose text has not changed is skipped (unless --force). A file that cannot be
    read is reported and skipped: the others are built, and the exit code is 1 (2 when the
    only source fails). With --validate, exits 1 when a plan just built has a violation.
    """
    from kg import service

    paths = service.files(list(sources))
    with _progress(len(paths)) as bar:
        result = service.build(
            paths,
            store_path,
            output=output,
            jobs=jobs,
            force=force,
            tasks=tasks,
            validate=run_validation,
            issuer=issuer,
            version_of=version_of,
            on_progress=lambda _: bar.update(1),
        )
    for summary in result.built:
        for warning in summary.warnings:
            click.echo(f"warning: {warning}", err=True)
    for failure in result.failed:
        click.echo(f"Error: {failure.message}", err=True)
    if len(result.built) <= 5:
        for summary in result.built:
            _print_summary(summary)
    else:
        _print_totals(result.built)
    if result.files > 1 or result.skipped:
        click.echo(
            f"built {len(result.built)}, skipped {len(result.skipped)} unchanged, failed {len(result.failed)} "
            f"of {result.files} file(s) in {result.seconds:.1f} s"
        )
    if output:
        if result.written:
            click.echo(f"wrote {result.written}")
        else:
            click.echo(f"not writing {output}: {len(result.failed)} file(s) failed", err=True)
    for new, old in sorted(result.revises.items())[:5]:
        click.echo(f"version: {_id(new)} revises {_id(old)}; see `policykg diff {_id(new)}`")
    click.echo(f"store: {result.store}")
    if result.report is not None:
        _print_validation(result.report, "text", "violation")
        if not result.report.conforms("violation"):
            sys.exit(1)
    if result.failed:
        sys.exit(1)


def _id(iri: str) -> str:
    from kg.ids import id_of

    return id_of(iri)


def _progress(total: int):
    """A progress bar on a terminal, nothing in a pipe."""
    if total > 1 and sys.stderr.isatty():
        return click.progressbar(length=total, label="building", file=sys.stderr)
    from contextlib import nullcontext

    class _Silent:
        def update(self, _steps: int) -> None:
            pass

    return nullcontext(_Silent())


def _print_totals(built) -> None:
    """What many plans hold together: a line each would bury the failures and warnings."""
    from collections import Counter

    statuses = Counter()
    unresolved = Counter()
    for summary in built:
        statuses.update(dict(summary.statuses))
        unresolved.update(summary.unresolved)
    click.echo(
        f"{len(built)} plans: measures {sum(s.measures for s in built)}; "
        f"assignments {sum(s.assignments for s in built)}; "
        "responsibility: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    )
    if unresolved:
        most = "、".join(f"{name} ×{count}" for name, count in unresolved.most_common(10))
        more = f" and {len(unresolved) - 10} more" if len(unresolved) > 10 else ""
        click.echo(f"  unresolved names: {len(unresolved)} ({most}{more})")
    click.echo("  each plan: `policykg documents`; its units: `policykg query units`")


def _print_summary(summary) -> None:
    period = "-".join(map(str, summary.period)) if summary.period else "no period"
    status = f", {summary.status}" if summary.status else ""
    click.echo(f"{summary.title} ({period}{status})  id {summary.id}")
    groups = f" in {summary.groups} groups" if summary.groups else ""
    unresolved = summary.unresolved
    click.echo(
        f"  measures: {summary.measures}{groups}; departments: {summary.departments}; "
        f"assignments: {summary.assignments}; unresolved: {len(unresolved)}"
        + (f" ({'、'.join(unresolved)})" if unresolved else "")
    )
    statuses = dict(summary.statuses)
    if set(statuses) - {"assigned"}:
        click.echo("  responsibility: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    if summary.suspicious:
        click.echo(
            f"  suspicious units: {len(summary.suspicious)} (not taken as units; check the text): "
            + "; ".join(summary.suspicious)
        )


# --- validate ------------------------------------------------------------------------

FAIL_ON_CHOICES = ("violation", "warning", "info")


def _print_validation(report, output_format: str, fail_on: str) -> None:
    if output_format == "json":
        click.echo(json.dumps(report.as_json(fail_on), ensure_ascii=False, indent=2))
    elif output_format == "ttl":
        click.echo(report.turtle())
    else:
        click.echo(report.text(fail_on))


@main.command()
@_store_option
@_document_option
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "ttl"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default="violation",
    show_default=True,
    help="The lowest severity that makes the exit code 1.",
)
@_handle_errors
def validate(store_path: Path | None, document_id: str | None, output_format: str, fail_on: str) -> None:
    """Check every measure's assignment, the units, targets and terms with the SHACL shapes.

    \b
    Violation  a measure with no lead (none named, only 责任单位, or vague wording),
               the lead repeated among the participants, a unit that is no
               organisation, a measure without its source span
    Warning    a unit the registry does not know, text in a responsibility list that
               is no unit's name (suspicious), a target without a deadline, a
               programme or term defined nowhere
    Info       a measure led from outside the issuing government's departments;
               a measure with co-leads

    Exit 0 when the plans conform at --fail-on, 1 when they do not, 2 when it cannot run.
    """
    from kg import service

    report = service.validate(store_path, document=document_id)
    _print_validation(report, output_format, fail_on)
    if not report.conforms(fail_on):
        sys.exit(1)


# --- ask -----------------------------------------------------------------------------


@main.command()
@click.argument("question")
@_store_option
@_endpoint_option
@_document_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "jsonl", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="table (long texts shortened), json (the answer and its reading), jsonl, csv or tsv "
    "(one row per line, full texts).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show how the question was read: the entities found (the words of the "
    "question each came from and the name matched), the cues, the form chosen and its filters.",
)
@click.option("--show-sparql", is_flag=True, help="Print the SPARQL query that answered, with its bindings.")
@_handle_errors
def ask(
    question: str,
    store_path: Path | None,
    endpoint: str | None,
    document_id: str | None,
    output_format: str,
    explain: bool,
    show_sparql: bool,
) -> None:
    """Ask a question in Chinese or English.

    \b
    Examples:
      policykg ask "财政局牵头哪些任务？"
      policykg ask "财政局参与了什么"
      policykg ask "what does the Finance Bureau lead"
      policykg ask "Which departments are in charge of measure 7?"
      policykg ask "教育局牵头的任务中哪些目标在2023年到期？"
      policykg ask "中职学校生均拨款标准是多少？" --explain
    """
    from kg import service

    try:
        answer = service.ask(question, store_path, endpoint=endpoint, document=document_id, timeout=_timeout_given())
    except KeyboardInterrupt:
        _interrupted()
    if output_format == "json":
        click.echo(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
        return
    if output_format in ("jsonl", "csv", "tsv"):
        if explain:
            _print_explanation(answer, err=True)
        columns = list(dict.fromkeys([*answer.columns, *(key for row in answer.rows for key in row)]))
        _print_rows(columns, answer.rows, output_format)
        return
    if explain:
        _print_explanation(answer)
    if show_sparql:
        click.echo(answer.sparql.rstrip())
        click.echo()
    interpretation = answer.interpretation
    click.echo(f"{interpretation.description}: {len(answer.rows)} row(s) (confidence {interpretation.confidence:.1f})")
    columns = list(answer.columns)
    if len({row.get("plan") for row in answer.rows}) > 1 and "document" not in columns:
        columns.append("document")
    _print_table(columns, answer.rows)


def _print_explanation(answer, err: bool = False) -> None:
    """The reading of a question: entities with their words and spans, cues, form, filters."""
    interpretation = answer.interpretation
    lines = [
        f"question: {_one_line(answer.question)}",
        f"form: {interpretation.form} (confidence {interpretation.confidence:.1f}) — {interpretation.description}",
    ]
    for entity in interpretation.entities:
        span = entity["span"]
        where = f"[{span[0]}:{span[1]}]" if span else ""
        lines.append(
            f"  {entity['kind']}: '{_one_line(entity['written'])}' {where} → {_one_line(entity['matched'])}"
            f" ({_one_line(entity['value'])})"
        )
    if not interpretation.entities:
        lines.append("  (no entity found)")
    lines.append(f"cues: {', '.join(interpretation.cues) or '-'}")
    filters = ", ".join(f"{key}={_one_line(value)}" for key, value in interpretation.parameters.items())
    lines.append(f"filters: {filters or '-'}")
    for line in lines:
        click.echo(line, err=err)
    click.echo(err=err)


def _one_line(value: object) -> str:
    from kg.text import one_line

    return one_line(value if not isinstance(value, list) else " ".join(map(str, value)))


# --- query ---------------------------------------------------------------------------


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for param in params:
        key, equals, value = param.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{param!r} is not key=value", param_hint="--param")
        values[key.strip()] = value
    return values


@main.command()
@click.argument("query_name", required=False, metavar="(FILE.rq | NAME)")
@click.option("-e", "--expression", help="A SPARQL query given on the command line.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the queries in the library and their parameters.")
@click.option("--allow-update", is_flag=True, help="Let a SPARQL UPDATE change the store (refused otherwise).")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let a query call another server (SERVICE), for --timeout seconds or 60 (refused otherwise).",
)
@_store_option
@_endpoint_option
@_document_option
@_row_options
@_handle_errors
def query(
    query_name,
    expression,
    params,
    list_queries,
    allow_update,
    allow_service,
    store_path,
    endpoint,
    document_id,
    output_format,
    raw,
) -> None:
    """Run a library query by NAME, a query file, -e SPARQL, or - (the query on standard input).

    A query on the store stops after --timeout SECONDS if given (exit 2), and at Ctrl-C
    (exit 130). Rows are written as they are read, but for the table format.

    \b
    Examples:
      policykg query --list
      policykg query responsibilities --format csv
      policykg query measure-leads --param number=17
      policykg query measures-led-by --param "unit=Finance Bureau"
      policykg query -e "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    """
    from kg import service

    if list_queries:
        for name, item in service.queries().items():
            parameters = ", ".join(f"{p.name}: {p.type}" for p in item.parameters) or "no parameters"
            click.echo(f"{name}  —  {item.title_en} / {item.title_zh}  ({parameters})")
        return
    if bool(query_name) == bool(expression):
        raise click.UsageError("give a query NAME or FILE.rq, or -e SPARQL (one of them)")
    if query_name == "-":
        query_name, expression = None, click.get_text_stream("stdin").read()
    try:
        table = service.query_rows(
            query_name,
            store_path,
            expression=expression,
            params=_parse_params(params),
            endpoint=endpoint,
            document=document_id,
            allow_update=allow_update,
            allow_service=allow_service,
            timeout=None if endpoint else _timeout_given(),
        )
        if table is None:
            click.echo("update applied")
            return
        _print_rows(table.columns, table.rows, output_format, raw)
    except KeyboardInterrupt:
        _interrupted()


def _timeout_given() -> float | None:
    """The --timeout given, which ``_endpoint_option`` folds into an endpoint's requests:
    a query on the store is given it as its deadline (it has none without)."""
    return click.get_current_context().params.get("timeout")


def _interrupted() -> NoReturn:
    """Leave at once at Ctrl-C, with what was written flushed and one line said: the
    query's thread may still be in Oxigraph, which no exit should wait for (it only reads
    a store opened read-only)."""
    try:
        sys.stdout.flush()
    except OSError:  # the reader went away
        pass
    click.echo("interrupted", err=True)
    os._exit(130)


def _print_rows(columns: list[str], rows: Iterable[dict], output_format: str, raw: bool = False) -> None:
    """``rows`` written as they come (an iterator of a streamed query is taken once, and
    never held whole), but for the table, which is padded to its widest cells."""
    if output_format == "json":  # an array, as json.dumps(rows, indent=2) writes it
        opening = "["
        for row in rows:
            text = json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            click.echo(f"{opening}\n  {text}", nl=False)
            opening = ","
        click.echo("\n]" if opening == "," else "[]")
    elif output_format == "jsonl":
        for row in rows:
            click.echo(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
    elif output_format in ("csv", "tsv"):
        import csv

        from kg.output import csv_line, neutralise

        dialect = csv.excel_tab if output_format == "tsv" else csv.excel
        sys.stdout.write(csv_line(columns, dialect))
        for row in rows:  # csv_line: a CR inside a cell is quoted on every Python
            cells = ["" if row.get(k) is None else (row[k] if raw else neutralise(row[k])) for k in columns]
            sys.stdout.write(csv_line(cells, dialect))
    else:
        _print_table(columns, list(rows))


# --- documents / remove --------------------------------------------------------------


@main.command()
@_store_option
@_row_options
@_handle_errors
def documents(store_path: Path | None, output_format: str, raw: bool) -> None:
    """List the plans in the store: id, title, issuer, period, measures, departments, built at."""
    from kg import service

    table = service.documents(store_path)
    _print_rows(table.columns, table.rows, output_format, raw)


@main.command()
@click.argument("plan", metavar="ID")
@_store_option
@_handle_errors
def remove(plan: str, store_path: Path | None) -> None:
    """Remove a plan (by id or IRI) and its catalog entry from the store."""
    from kg import service

    iri = service.remove(plan, store_path)
    click.echo(f"removed {iri.value}")


# --- push ----------------------------------------------------------------------------


@main.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    envvar="POLICYKG_PUSH_ENDPOINT",
    help="The server's Graph Store Protocol URL (Oxigraph: http://HOST:7878/store; "
    "Fuseki: http://HOST:3030/DATASET/data), or its update URL with --method update.",
)
@click.option(
    "--graph",
    "graph",
    metavar="IRI|ID",
    help="Push only this plan (its IRI or id); default: every plan, the registry and the catalog.",
)
@click.option(
    "--method",
    type=click.Choice(["gsp", "update"]),
    default="gsp",
    show_default=True,
    help="gsp: HTTP PUT of each graph; update: DROP + INSERT DATA through SPARQL UPDATE.",
)
@_timeout_option
@_store_option
@_handle_errors
def push(endpoint: str, graph: str | None, method: str, timeout: float | None, store_path: Path | None) -> None:
    """Copy the store's graphs to a SPARQL server, each replacing the graph of the same name.

    A graph counts as pushed when the server answers 2xx with no HTML page and no error
    document (docs/remote.md). The store is read without its lock: a build may run meanwhile.
    """
    from kg import service

    result = service.push(
        _remote(endpoint, timeout),
        store_path,
        document=graph,
        method=method,
        on_pushed=lambda pushed: click.echo(f"pushed {pushed.triples} triples to <{pushed.graph}>"),
    )
    click.echo(f"endpoint: {result.endpoint}")


# --- export --------------------------------------------------------------------------


@main.command()
@click.argument("kind", type=click.Choice(EXPORT_KINDS), required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write; its suffix chooses the format. Default: standard output (text formats).",
)
@_document_option
@click.option("--all", "all_tables", is_flag=True, help="With an .xlsx output: every table, one sheet each.")
@click.option(
    "--headers",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Table headers in Chinese (序号, 重点任务, 牵头单位 …) or English (measure, title, lead …).",
)
@click.option(
    "--view",
    metavar="KIND",
    help="One kind of a network's edges alone: leads or co-responsible (network), lead or participant (bipartite).",
)
@click.option(
    "--bom/--no-bom",
    default=None,
    help="Start a CSV with a UTF-8 BOM, which Excel needs to show Chinese [default: in a .csv file, not on stdout].",
)
@click.option(
    "--raw",
    is_flag=True,
    help="A CSV table's cells as stored, without the leading ' before a cell that starts with = + - @ tab or CR "
    "(which keeps a spreadsheet from running it as a formula); for scripts that read the CSV as data.",
)
@click.option(
    "--codebook",
    metavar="NAME|FILE",
    help="coding: the codebook whose labels the coders choose from (default: instruments; see `policykg code`).",
)
@_store_option
@_handle_errors
def export(
    kind: str | None,
    output: Path | None,
    document_id: str | None,
    all_tables: bool,
    headers: str,
    view: str | None,
    bom: bool | None,
    raw: bool,
    codebook: str | None,
    store_path: Path | None,
) -> None:
    """Export tables, networks, an HTML page or the RDF graph (KIND), or every table
    (--all -o FILE.xlsx). The output's suffix must suit the kind (turtle → .ttl).

    \b
    responsibilities  the 任务分工表: measure, title, section, lead, participants (joined with ；)
    assignments       one row per measure and unit, with its role (lead or participant)
    targets           measure, text, metric, comparator, value, value_max, unit, basis, baseline, deadline, scope
    glossary          the 名词注释 with the measures their markers stand in
    programmes        each programme or term with the measures that name it
    matrix            departments × measures, L (lead) or P (participant)
                      (tables: .csv, .md or .xlsx; --all puts every table in one workbook)
    network           departments: lead→participant and co-responsibility edges
    bipartite         measures and departments, an edge per assignment with its role
                      (.graphml, .gexf, .cyjs / .json for Cytoscape, .dot, .svg, .png)
    html              one self-contained page to explore the network offline
    coding            the coders' sheet of one plan (.xlsx): a row per clause, its suggested
                      instrument and evidence, coder_a and coder_b to fill (`import-coding`, `agreement`)
    instruments       policy-instrument frequencies and shares by type and sub-instrument
    instrument-matrix instruments × policy elements (clauses)
    turtle, nquads, trig, jsonld   the plans' graphs (N-Quads, TriG and JSON-LD of the
                      whole store also hold the registry and catalog graphs)
    """
    from kg import service

    if all_tables and (output is None or output.suffix.lower() != ".xlsx"):
        raise click.UsageError("--all writes a workbook: give -o FILE.xlsx")
    if kind is None and not all_tables:
        raise click.UsageError("give the KIND to export, or --all -o FILE.xlsx for every table")
    data = service.export(
        kind,
        store_path,
        document=document_id,
        output=output,
        all_tables=all_tables,
        headers=headers,
        bom=bom,
        view=view,
        raw=raw,
        codebook=codebook,
    )
    if output is None:
        click.get_binary_stream("stdout").write(data)
        return
    click.echo(f"wrote {output}")


@main.command()
@click.option(
    "--codebook",
    metavar="NAME|FILE",
    help="instruments (Rothwell & Zegveld, the default), elements (policy elements), or a codebook file: "
    "Turtle (SKOS) or CSV with code,parent,label,terms.",
)
@click.option(
    "--unit", type=click.Choice(["clause", "measure"]), default="clause", show_default=True, help="What is coded."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="json: {codebook, rows: [{measure, clause, text, code, code_label, type, score, evidence}]}.",
)
@click.option("--raw", is_flag=True, help="csv: cells as they are, without the leading ' before = + - @.")
@_document_option
@_store_option
@_handle_errors
def code(
    codebook: str | None, unit: str, output_format: str, raw: bool, document_id: str | None, store_path: Path | None
) -> None:
    """Suggest policy-instrument codes for every clause (or measure), with the trigger terms
    that bear each out, and store them in the graph (Web Annotations) for SPARQL, `ask`
    and `export coding`. docs/instruments.md describes the codebooks and the coders' sheet.
    """
    from kg import service

    result = service.code(store_path, document=document_id, codebook=codebook, unit=unit)
    if output_format == "json":
        click.echo(json.dumps(result.record(), ensure_ascii=False, indent=2))
        return
    rows = [{**row, "evidence": _evidence_cell(row)} for row in result.rows]
    columns = (["plan"] if rows and "plan" in rows[0] else []) + service.CODING_COLUMNS
    if output_format == "table":
        rows = [{**row, "text": _cut(str(row["text"]), 30)} for row in rows]
    _print_rows(columns, rows, output_format, raw)


def _evidence_cell(row: dict) -> str:
    """The terms of a suggestion; for a clause that continues another, after its id (承接4.4：示范)."""
    terms = "、".join(dict.fromkeys(e["term"] for e in row["evidence"]))
    sources = {e["clause"] for e in row["evidence"] if "clause" in e}
    return f"承接{row['measure']}.{sources.pop()}：{terms}" if sources else terms


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


@main.command("import-coding")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--codebook", metavar="NAME|FILE", help="The codebook the sheet uses (default: the one it was exported with)."
)
@_document_option
@_store_option
@_handle_errors
def import_coding(sheet: Path, codebook: str | None, document_id: str | None, store_path: Path | None) -> None:
    """Read the coders' codes from a filled-in sheet (`export coding`) into the graph, each
    coder's as their own Web Annotations, beside the suggestions."""
    from kg import service

    result = service.import_coding(sheet, store_path, document=document_id, codebook=codebook)
    coded = ", ".join(f"{coder} {count}" for coder, count in result.coders.items())
    click.echo(f"imported {coded} clause code(s) of plan {_id(result.plan)} ({result.codebook})")


@main.command()
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_handle_errors
def agreement(sheet: Path, output_format: str) -> None:
    """Cohen's κ between the coders of a filled-in sheet, and between each coder and the
    suggestions: overall, per code, and the confusion table."""
    from kg import service

    result = service.agreement(sheet)
    if output_format == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(service.agreement_text(result), nl=False)


DIFF_FORMATS = ("text", "json", "csv", "html")


@main.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIFF_FORMATS),
    default=None,
    help="text (default), json, csv, or html (a side-by-side page; default file diff.html). Default: from -o's suffix.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of standard output."
)
@click.option("--raw", is_flag=True, help="csv: cells as they are, without the leading ' before = + - @.")
@_store_option
@_handle_errors
def diff(
    old: str, new: str | None, output_format: str | None, output: Path | None, raw: bool, store_path: Path | None
) -> None:
    """What changed from one version of a plan to another: measures added, removed,
    renumbered, moved or reworded, leads and participants changed, targets, programmes and
    cited documents added, removed or changed.

    OLD and NEW are plan files or plans in the store (id, IRI or a start of an id). With
    OLD alone, the stored plan is compared with the version it revises (see `build
    --version-of`). Measures are paired by their content, not their numbers.
    """
    from kg import service

    chosen = output_format or service.diff_format(output)
    if chosen == "html" and output is None:
        output = Path("diff.html")
    result = service.diff(old, new, store_path, output=output, format=chosen, raw=raw)
    if output is None:
        click.get_binary_stream("stdout").write(service.diff_bytes(result, chosen, raw=raw))
        return
    click.echo(f"wrote {output} ({len(result.changes)} change(s))")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write.",
)
@_document_option
@click.option(
    "--validation/--no-validation",
    default=True,
    show_default=True,
    help="Include the validation results (about 0.1 s a plan).",
)
@_store_option
@_handle_errors
def report(output: Path, document_id: str | None, validation: bool, store_path: Path | None) -> None:
    """A one-page summary of a plan: counts, departments ranked by load, the network,
    targets by year and the validation results."""
    from kg import service

    service.report(store_path, document=document_id, output=output, validation=validation)
    click.echo(f"wrote {output}")


# --- output helpers ------------------------------------------------------------------


def _print_table(columns: list[str], rows: list[dict]) -> None:
    from kg.text import text_table

    if rows:
        click.echo(text_table(columns, rows))


if __name__ == "__main__":  # pragma: no cover
    main()
