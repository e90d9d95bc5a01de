"""导出报送: the submitted form, the unit folders of the submission folder, their manifests and versions."""
