"""Qt widgets, item models and dialogs. Talks to services; never to the database."""
