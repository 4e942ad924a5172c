"""Monitoring the review's recommendations after publication (framework section 10)."""
