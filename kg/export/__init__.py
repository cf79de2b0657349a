"""Exports: RDF serialisations (rdf.py), tables as CSV, Markdown and XLSX (tables.py,
xlsx.py), networks for Gephi, Cytoscape and Graphviz (network.py), and self-contained
HTML pages (html.py, report.py)."""
