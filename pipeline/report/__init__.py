"""The report document shared by draft and publish: rendering Markdown to HTML and PDF, and its checks."""
