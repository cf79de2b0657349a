"""policykg as a library: the functions behind every command, with the command's options.

    from kg import api

    store = api.open_store("/tmp/store")
    api.build(["plan.txt"], store)                   # → BuildResult (built, skipped, failed)
    api.ask("区财政局牵头哪些任务？", store).rows       # → Answer (rows, sparql, interpretation)
    api.query("measure-leads", store, params={"number": 17}).rows
    api.export("responsibilities", store, output="tasks.xlsx")
    store.close()

Each function is ``kg.service``'s: see there for the arguments. (They live in
``kg.service``, not ``kg/__init__.py``, because the stages they call are modules named
like the commands: ``kg.build``, ``kg.ask``, ``kg.query``.)
"""

from __future__ import annotations

from kg import service
from kg.service import *  # noqa: F403 - the API is the service's functions, listed in service.__all__

__all__ = service.__all__
