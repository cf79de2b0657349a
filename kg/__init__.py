"""policykg: Chinese policy implementation plans as a knowledge graph.

The pipeline is the layout: read → structure → extract → registry → build → store, then
query / ask / export. ``kg.api`` holds the Python twins of the command line.
"""
