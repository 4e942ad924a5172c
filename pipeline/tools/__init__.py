"""One adapter per outside program or library family: pandoc, WeasyPrint, pikepdf, PDF checks, Word/Excel, docxtpl, zip."""
