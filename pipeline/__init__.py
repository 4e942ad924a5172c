"""lcspr: the frame every stage uses (context, case, errors, messages, files, stamps) and the folders below.

stages/ one module per CLI stage; case/ reading review.yaml and the case folder; chronology/ the
agencies' chronologies; report/ the report document; tools/ one adapter per outside program.
"""
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
