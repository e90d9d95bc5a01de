#!/usr/bin/env bash
# Set everything up and run the main job on the shipped sample (nine real forms):
# build the sample, check it, score it, export it, summarise it, review the submissions;
# then check a 评分表 and make a blank 评分表 template; draft the 自评报告 and check them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
z=.venv/bin/ziping
out=demo-output
rm -rf "$out"
mkdir -p "$out"
sample="$out/九张自评表.xlsx"
scored="$out/九张自评表-已计分.xlsx"

echo "== 1. 生成示例工作簿（北京丰台 2024 年九张公开自评表，按原表转录）"
$z sample "$sample"
echo
echo "== 2. 校验"
set +e
$z check "$sample"
$z check --json "$sample" > "$out/校验结果.json"
echo
echo "== 3. 计算得分（空白单元格按规则填入；与规则不同的填报值只提示、不覆盖）"
$z score "$sample" -o "$scored"
echo
echo "== 4. 导出报送（有错误的表不导出）"
$z export "$scored" --to "$out/报送"
echo
echo "== 5. 汇总"
$z summary "$scored" -o "$out/汇总.xlsx"
echo
echo "== 6. 审核报送文件夹"
$z review "$out/报送" -o "$out/审核结果.xlsx"
echo
echo "== 7. 评分表（种子资料中的档案数字化项目绩效评价指标体系及评分表）和空白评分表模板"
cp workbooks/samples/fengtai-dangan-score-table-2024.xlsx "$out/评分表.xlsx"
$z check "$out/评分表.xlsx"
$z template "$out/评分表模板.xlsx" --kind score-table --force
echo
echo "== 8. 自评报告：由自评表起草（每个项目一份 Word 文档），与自评表核对；再核对一份公开的真实报告（广东河源）"
$z report draft "$scored" --out "$out/自评报告草稿"
$z report check "$out"/自评报告草稿/*.docx --form "$scored" > "$out/自评报告核对.txt"
tail -n 1 "$out/自评报告核对.txt"
$z report check tests/realreports/a02-guangdong-heyuan-shebao-dangan.txt
set -e
echo
here=$(pwd)
echo "结果都在 $here/$out/："
echo "  示例工作簿        $out/九张自评表.xlsx"
echo "  校验结果（JSON）  $out/校验结果.json"
echo "  计分后的工作簿    $out/九张自评表-已计分.xlsx"
echo "  报送文件夹        $out/报送/（年度/主管部门/实施单位/项目名称.xlsx，有 LibreOffice 时另有 PDF，每个单位一个 manifest.json）"
echo "  汇总              $out/汇总.xlsx"
echo "  审核结果          $out/审核结果.xlsx"
echo "  评分表            $out/评分表.xlsx（校验结果见上），空白模板 $out/评分表模板.xlsx"
echo "  自评报告草稿      $out/自评报告草稿/（黄色“【请填写：…】”处需补写），与自评表的核对结果 $out/自评报告核对.txt"
