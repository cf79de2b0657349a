#!/usr/bin/env bash
# Past one machine: load a policykg corpus into Virtuoso (Debian virtuoso-opensource) from
# the N-Quads export and run the whole query library there, comparing every answer with
# the embedded store's. A documented, scripted check — not part of the test suite.
#
#   bash benchmarks/virtuoso_check.sh [N_PLANS]      (as root: it installs Debian packages)
#
# Exit 0 when every library query gives the same rows on Virtuoso as on the store.
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${1:-20}
work=$(mktemp -d)
trap 'kill "$(cat "$work/virtuoso.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v virtuoso-t >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null
fi
python=${PYTHON:-python3}

# A corpus, built into a store and exported as N-Quads (the registry and catalog included).
"$python" - "$work" "$plans" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, ".")
from benchmarks.generate import generate
generate(int(sys.argv[2]), Path(sys.argv[1]) / "plans", seed=3)
PY
"$python" -m kg build "$work/plans" --store "$work/store" >/dev/null
"$python" -m kg export nquads -o "$work/corpus.nq" --store "$work/store" >/dev/null

# A throw-away Virtuoso: its own folder and ports, loading from that folder.
port=$((20000 + RANDOM % 20000))
cat > "$work/virtuoso.ini" <<INI
[Database]
DatabaseFile = $work/virtuoso.db
TransactionFile = $work/virtuoso.trx
ErrorLogFile = $work/virtuoso.log
[Parameters]
ServerPort = $((port + 1))
DirsAllowed = ., $work
NumberOfBuffers = 100000
MaxDirtyBuffers = 60000
[HTTPServer]
ServerPort = $port
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
INI
(cd "$work" && virtuoso-t +configfile "$work/virtuoso.ini" +foreground >/dev/null 2>&1 & echo $! > "$work/virtuoso.pid")
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/sparql?query=ASK%7B%7D" >/dev/null && break
  sleep 0.5
done
isql=$(command -v isql-vt || command -v isql)
"$isql" "$((port + 1))" dba dba exec="ld_dir('$work', 'corpus.nq', 'http://localhost/default'); rdf_loader_run(); checkpoint;" >/dev/null

# Every library query, on the store and on Virtuoso.
"$python" - "$work/store" "http://127.0.0.1:$port/sparql" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, ".")
from kg import query as library
from kg.remote import Endpoint
from kg.store import Store
from tests.test_queries import EXPECTED_ROWS

store, endpoint = Store(Path(sys.argv[1])), Endpoint(sys.argv[2])
different = []
for name in sorted(EXPECTED_ROWS):
    sparql = library.load(name).bind(EXPECTED_ROWS[name][0])
    local, remote = library.run(store, sparql), library.run(endpoint, sparql)
    same = sorted(map(repr, local[1])) == sorted(map(repr, remote[1]))
    print(f"{'same' if same else 'DIFFERENT':9} {name} ({len(local[1])} rows)")
    if not same:
        different.append(name)
        only_local = sorted(set(map(repr, local[1])) - set(map(repr, remote[1])))
        only_remote = sorted(set(map(repr, remote[1])) - set(map(repr, local[1])))
        print(f"    store only ({len(only_local)}): {only_local[:1]}")
        print(f"    Virtuoso only ({len(only_remote)}): {only_remote[:1]}")
sys.exit(1 if different else 0)
PY
