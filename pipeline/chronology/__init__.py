"""The agencies' chronologies: readers, dates, the Appendix 10 kinds, the merge, the outputs and the blank template."""
