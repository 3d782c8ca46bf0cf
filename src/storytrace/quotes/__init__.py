"""storytrace.quotes"""
