"""The errors policykg raises, and the exit code each one maps to.

Exit codes (documented in the README):

* 0 — success;
* 1 — the data does not conform, or a question was not understood;
* 2 — usage or input error: a file that cannot be read, a bad parameter, a broken store.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_UNDERSTOOD = 1
EXIT_INPUT = 2


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
