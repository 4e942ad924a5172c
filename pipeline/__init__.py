"""lcspr: the stages that build a Local Child Safeguarding Practice Review report."""
