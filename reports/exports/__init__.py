"""The report as JSON, CSV, Excel (Biểu II.06a) and PDF (Biểu II.06a)."""
