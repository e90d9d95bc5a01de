from ..base import Example, Rationale, Rule


class FormNotFilled(Rule):
    slug = "form-not-filled"
    title = "自评表尚未填写"
    severity = "info"
    on_blank = True
    messages = {"default": "工作表“{sheet}”中的自评表尚未填写（项目名称、资金和指标均为空），未做校验。"}
    rationale = Rationale(
        what="表格结构完整但项目名称、项目资金和全部指标都还是空的（例如刚建好的模板）。",
        why="空白表无需校验，逐项报“缺少得分”只会淹没真正的问题。",
        example="新增项目表后尚未填写任何内容。",
        fix="填写项目名称、项目资金和绩效指标后再校验；不需要的空白表可以删除。",
    )
    passing = (Example(),)
    failing = (Example(patch={"@blank": True}, cells=("C3",)),)

    def check(self, ev):
        if ev.blank:
            yield self.finding(ev, ev.record.project.ref or ev.record.origin, sheet=ev.sheet)


RULE = FormNotFilled
