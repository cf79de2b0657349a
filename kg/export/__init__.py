"""Exports: RDF serialisations (rdf.py), tables as CSV, Markdown and XLSX (tables.py,
xlsx.py), networks for Gephi, Cytoscape and Graphviz (the network package: model,
force_layout, writers, graphviz), and self-contained HTML pages (html.py, report.py).
What several of them share — which plans, their titles, the facts they are made of — is
in common.py; a module imports only modules below it (report → html → network → common)."""
