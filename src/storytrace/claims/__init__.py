"""storytrace.claims"""
