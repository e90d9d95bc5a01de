"""Writing workbooks: the template, the sample, streamed large workbooks and LibreOffice conversions."""
