"""The case folder: the review.yaml schema, loading and checking it, the register, sections and statutory clock."""
