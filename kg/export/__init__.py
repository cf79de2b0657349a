"""Exports: RDF serialisations and tables."""
