"""Raw sources to domain objects. Pure parse functions; knows nothing of Neo4j."""
