"""The errors policykg raises, and the exit code each one maps to.

Exit codes (documented in the README):

* 0 — success;
* 1 — the data does not conform, or a question was not understood;
* 2 — usage or input error: a file that cannot be read, a bad parameter, a broken store;
  and an error of the environment: a folder without permission, a full disk;
* 3 — a bug: any other exception (``kg.cli`` says so and asks for a report).
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_NOT_UNDERSTOOD = 1
EXIT_INPUT = 2


# What must not reach a message as it is: C0 and C1 controls (a line feed would end the
# line, an ESC start a terminal command), the line and paragraph separators, the bidi
# embeddings, overrides and isolates that reorder the rest of a line, and the lone
# surrogates that stand for the bytes of a file name that are not UTF-8.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown(name: object) -> str:
    """A file or folder name (or a message holding one) as it goes into a one-line
    message: each character of ``_UNSHOWABLE`` escaped as ``repr`` escapes it (``\\n``,
    ``\\x1b``, ``\\u202e``), so that one error is one line and no name can fake another
    line (``Error: …``) or turn the line around. Anything else, Chinese included, is
    left as it is."""
    return _UNSHOWABLE.sub(lambda found: repr(found.group())[1:-1], str(name))


class PolicyKGError(Exception):
    """Base class: every error a user can cause or fix. The message is one line that
    says what went wrong, where, and what to do."""

    exit_code = EXIT_INPUT


class InputError(PolicyKGError):
    """A source document could not be read or is not a plan."""


class StoreError(PolicyKGError):
    """The store could not be opened, read or written."""


class PlanNotFound(PolicyKGError):
    """A plan named by the user (``--document``, ``remove``, ``push --graph``) is not
    where it was looked for. The same message for every command: what was asked for,
    where, and what to do."""

    def __init__(self, reference: str, where: str, plans: int, ambiguous: int = 0):
        self.reference = reference
        if ambiguous:
            detail = f"{ambiguous} plans in {where} have ids starting with {reference!r}; give more of the id"
        else:
            detail = f"no plan {reference!r} in {where} ({plans} plan{'s' if plans != 1 else ''} there)"
        super().__init__(f"{detail}; `policykg documents` lists the plans with their ids")


class QueryError(PolicyKGError):
    """A query file, name or parameter is wrong."""


class QuestionError(PolicyKGError):
    """A question was not understood; ``suggestions`` lists forms that are."""

    exit_code = EXIT_NOT_UNDERSTOOD

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []
