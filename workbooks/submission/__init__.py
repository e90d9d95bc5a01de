"""导出报送: the submission folder — the submitted form (submitted_form), the export into unit folders
(export) with its manifest, lock and journal (manifest, locks), and safe names (safe_paths)."""
