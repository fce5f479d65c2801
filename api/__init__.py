"""Interfaces: REST API (FastAPI), CLI (typer) and the graph browser page. No Cypher, no business rules."""
