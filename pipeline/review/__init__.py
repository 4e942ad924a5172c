"""The quality checker's review page (`lcspr review CASE`): a local web app to decide every
redaction finding in a browser. session.py holds the case and its analysis; app.py serves it."""
