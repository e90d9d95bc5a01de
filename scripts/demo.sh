#!/usr/bin/env bash
# Set everything up and run the main job on the shipped sample (nine real forms).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
sample=workbooks/samples/fengtai-2024.xlsx
out=demo-output
mkdir -p "$out"
echo "== 校验示例工作簿：$sample（北京丰台九张公开自评表）"
set +e
.venv/bin/ziping check "$sample"
code=$?
.venv/bin/ziping check --json "$sample" > "$out/check.json"
set -e
echo
echo "退出码 $code（0 无错误，1 有错误，2 有文件无法读取）。"
echo "JSON 报告：$(pwd)/$out/check.json"
