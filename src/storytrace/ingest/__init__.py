"""storytrace.ingest"""
