"""Rule documentation generated from the registry: `ziping rule ID` and docs/rules.md."""

from __future__ import annotations

from validation.findings import SEVERITY_NAMES
from validation.rules import registry


def rule_text(rule) -> str:
    r = rule.rationale
    return (
        f"{rule.code} {rule.slug}（{SEVERITY_NAMES[rule.severity]}）\n"
        f"{rule.title}\n\n"
        f"检查什么\n  {r.what}\n\n"
        f"为什么\n  {r.why}\n\n"
        f"示例\n  {r.example}\n\n"
        f"如何改正\n  {r.fix}\n"
    )


def rules_markdown() -> str:
    lines = [
        "# 校验规则",
        "",
        "本文件由 `python -m ziping.rule_docs` 根据规则注册表生成，请勿手工修改。",
        "每条规则可在评分口径中调整级别（`rules.severity`）或停用（`rules.disabled`）。",
        "",
        "| 编号 | 名称 | 级别 | 说明 |",
        "|---|---|---|---|",
    ]
    rules = registry()
    for code, rule in rules.items():
        lines.append(f"| [{code}](#{code.lower()}) | `{rule.slug}` | {SEVERITY_NAMES[rule.severity]} | {rule.title} |")
    for code, rule in rules.items():
        r = rule.rationale
        lines += [
            "",
            f"## {code}",
            "",
            f"**{rule.title}** · `{rule.slug}` · {SEVERITY_NAMES[rule.severity]}",
            "",
            f"- **检查什么**：{r.what}",
            f"- **为什么**：{r.why}",
            f"- **示例**：{r.example}",
            f"- **如何改正**：{r.fix}",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/rules.md")
    target.write_text(rules_markdown(), encoding="utf-8")
    print(target)
