"""storytrace.report"""
