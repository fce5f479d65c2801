"""sanctions-kg graph layer: domain model, storage and queries. Knows nothing of HTTP or text parsing."""
