"""storytrace.provenance"""
