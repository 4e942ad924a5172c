"""The anonymisation engine: detectors, pseudonymiser and leak scanner.

Knows nothing about LCSPRs; it is given a register of values and text to clean.
"""
