"""Command handlers: each takes parsed arguments and returns an exit code."""
