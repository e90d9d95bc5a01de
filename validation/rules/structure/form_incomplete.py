from ..base import Example, Rationale, Rule

_PARTS = {
    "funds": "“项目资金”部分（年度资金总额行）",
    "indicators": "“绩效指标”部分（一级/二级/三级指标表头及指标行）",
    "total": "“总分”行",
}


class FormIncomplete(Rule):
    slug = "form-incomplete"
    title = "自评表缺少组成部分"
    severity = "error"
    messages = {"default": "自评表缺少{part}，无法完整校验和计分。"}
    rationale = Rationale(
        what="找到了自评表，但缺少项目资金、绩效指标或总分行中的某一部分。",
        why="缺少资金部分无法计算预算执行率得分；缺少指标或总分行则无法核对分值与总分。",
        example="表中有“项目名称”和指标表，但删除了“年度资金总额”行。",
        fix="按官方样表补齐“项目资金（万元）”“绩效指标”“总分”各部分，表头文字保持不变。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"funds.total": None}, cells=("A3",)),
        Example(patch={"indicators": ()}, cells=("A3",)),
    )

    def check(self, ev):
        record = ev.record
        anchor = record.origin or record.project.ref
        if record.funds.total is None:
            yield self.finding(ev, anchor, part=_PARTS["funds"])
        if not record.indicators:
            yield self.finding(ev, anchor, part=_PARTS["indicators"])
        if record.total.label.ref is None and record.total.score.ref is None:
            yield self.finding(ev, anchor, part=_PARTS["total"])


RULE = FormIncomplete
