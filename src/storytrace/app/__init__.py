"""The workflows behind :mod:`storytrace.api` (analysis of one story; corpus mode)."""
