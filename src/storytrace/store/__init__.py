"""storytrace.store"""
