from ..base import Example, Rationale, Rule

_FUND_COLUMNS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数", "weight": "分值", "rate": "执行率", "score": "得分"}


class NumberUnreadable(Rule):
    slug = "number-unreadable"
    title = "数值无法识别"
    severity = "error"
    messages = {"default": "{what}“{found}”不是数值：{expected}。"}
    rationale = Rationale(
        what="分值、得分、资金金额或执行率单元格里写的不是数值。",
        why="这些单元格参与计算；写成文字（如“二十”“约十万”）时无法相加、无法核对。",
        example="分值写成“二十”，全年执行数写成“一百万”。",
        fix="改为阿拉伯数字：资金以万元为单位（如“9.82”），执行率写百分比（如“100%”）。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.0.weight": "二十"}, cells=("G13",)),
        Example(patch={"funds.total.executed": "一百万"}, cells=("F6",)),
    )

    def check(self, ev):
        for row_name, amounts in ev.funds.rows.items():
            for column, amount in amounts.items():
                if amount.problem:
                    what = f"{ev.funds.labels[row_name]}的{_FUND_COLUMNS[column]}"
                    yield self.finding(ev, amount.cell.ref, what=what, found=amount.cell.text, expected=amount.problem)
        for result in ev.filled:
            for amount, label in ((result.weight, "分值"), (result.score_reported, "得分")):
                if amount.problem:
                    yield self.finding(ev, amount.cell.ref, what=f"第{result.row.row}行{label}",
                                       found=amount.cell.text, expected="请填写阿拉伯数字")
        total = ev.total_reported
        if total.problem:
            yield self.finding(ev, total.cell.ref, what="总分", found=total.cell.text, expected="请填写阿拉伯数字")


RULE = NumberUnreadable
