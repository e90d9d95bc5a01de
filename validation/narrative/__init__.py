"""The narrative 自评报告 as pure data: paragraphs with their heading path (document), the
figures a sentence states with their units (quantities), and the relations a sentence states
in its own words (relations). Readers of .docx/.pdf/.txt live in `reports/`; the rules over
this model live in `validation/rules/report/`."""
