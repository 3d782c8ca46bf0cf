"""Web revisions: ``webNNNN_name.py`` is web schema version N."""
