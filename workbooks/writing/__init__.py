"""Writing workbooks: the template and its sheets (template, layout, styles, instructions, conf), the
评分表 template, the sample, streamed large workbooks (xlsx_stream), reproducible packages (package),
text that stays text (text_guard), LibreOffice conversions (office)."""
