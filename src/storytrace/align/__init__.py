"""storytrace.align"""
