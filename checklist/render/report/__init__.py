"""The HTML/PDF audit report. WeasyPrint is imported only inside `pdf.py`'s functions."""
