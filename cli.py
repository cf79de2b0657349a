"""Run policykg from a source checkout: ``python cli.py ask "…"``.

The command line lives in the ``kg`` package (``kg/cli.py``); an installed policykg is
run as ``policykg`` or ``python -m kg``.
"""

from kg.cli import main

if __name__ == "__main__":
    main(prog_name="policykg")
