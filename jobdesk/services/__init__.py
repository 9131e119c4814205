"""Use cases, Qt-free. Every write is one transaction and publishes a change-set after commit."""
