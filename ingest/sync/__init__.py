"""Keeping sources current: `sources.yaml` → polite HTTP fetching → the ordinary ingest functions, with a
durable per-source sync state stored with the graph (see README, "Keeping sources current")."""
