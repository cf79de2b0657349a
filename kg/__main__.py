"""``python -m kg``: the policykg command line."""

from kg.cli import main

main(prog_name="policykg")
