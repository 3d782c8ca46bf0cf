"""Store revisions: ``NNNN_name.py`` is schema version N."""
