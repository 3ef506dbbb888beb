"""Application services: what one use case does across storage and alerts,
in one transaction (store an analysed article: dedup decision, event merge,
change record, outbox rows)."""
