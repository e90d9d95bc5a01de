"""Forms built from the figures of the evaluation reports in seeds 000–002."""

FUND_EMPTY = {"initial": None, "annual": None, "executed": None, "weight": "—", "rate": None, "score": "—"}


def form(sheet, project, funds, indicators, total=None, goals_actual="", department="某区人力资源和社会保障局", unit="某区人力资源公共服务中心"):
    return {
        "sheet": sheet, "project": project, "department": department, "unit": unit,
        "funds": {"total": funds, "fiscal": dict(funds, weight="—", rate=None, score="—"), "carryover": FUND_EMPTY, "other": FUND_EMPTY},
        "goals": {"expected": "见项目绩效目标。", "actual": goals_actual},
        "indicators": [
            {"level1": l1, "level2": l2, "name": n, "target": t, "actual": a, "weight": w, "score": s, "reason": r}
            for (l1, l2, n, t, a, w, s, r) in indicators
        ],
        "total": total or {"weight": 100, "score": None},
    }


# Seed 002: 干部人事档案 — 67.18 of 107.3 万元 spent (62.61%), 870 卷 scanned against 400 planned.
ARCHIVES = form(
    "档案", "2022年干部档案管理经费",
    {"initial": 107.3, "annual": 107.3, "executed": 67.18, "weight": 10, "rate": "62.61%", "score": 6.26},
    [
        ("产出指标", "数量指标", "档案扫描数量", "≥400卷", "870卷", 20, 20, "根据工作需要，整理数量转化为扫描数量"),
        (None, "质量指标", "档案整理扫描验收合格率", "=100%", "100%", 15, 15, None),
        (None, "时效指标", "完成时间", "≤12月", "12月", 15, 15, None),
        ("效益指标", "社会效益指标", "干部人事档案管理水平", "稳步提升", "达成年度指标", 20, 20, None),
        (None, "可持续影响指标", "档案信息化水平", "高中低", "高", 10, 10, None),
        ("满意度指标", "服务对象满意度指标", "档案使用人员满意度", ">90%", "98%", 10, 10, None),
    ],
    total={"weight": 100, "score": 96.26},
    goals_actual="实际完成档案扫描870卷；项目资金执行率为62.61%，原因是新冠疫情影响库房装修进度，合同尾款未支付。",
)

# Seed 000: 人事档案数字化 — 1.9万份 × 89元 + 3.7875万份 × 24元 = 260万元, all spent.
DIGITISATION = form(
    "数字化", "流动人员人事档案数字化维护费",
    {"initial": 260, "annual": 260, "executed": 260, "weight": 10, "rate": 1, "score": 10},
    [
        ("产出指标", "数量指标", "新增整本人事档案数字化加工", "≥1.9万份", "19000份", 15, 15, None),
        (None, "数量指标", "归档材料数字化加工", "≥3.7875万份", "37875份", 15, 15, None),
        (None, "质量指标", "数据信息准确率", "≥99%", "99.63%", 10, 10, None),
        ("成本指标", "经济成本指标", "人事档案加工单价", "≤89元/份", "89元/份", 5, 5, None),
        (None, "经济成本指标", "项目总成本", "≤260万元", "2600000元", 5, 5, None),
        ("效益指标", "社会效益指标", "档案管理服务水平", "稳步提升", "达成年度指标", 30, 30, None),
        ("满意度指标", "服务对象满意度指标", "存档人员满意度", "≥95%", "99%", 10, 10, None),
    ],
    total={"weight": 100, "score": 100},
)

# Seed 001: 社保档案影像化 — 31.28 of 31.4 万元 (99.62%), 62.8万页 done.
IMAGING = form(
    "影像化", "河源市社保历史档案影像化项目",
    {"initial": 31.4, "annual": 31.4, "executed": 31.28, "weight": 10, "rate": "99.62%", "score": 9.96},
    [
        ("产出指标", "数量指标", "影像化页数", "≥62.8万页", "628000页", 30, 30, None),
        (None, "时效指标", "档案查阅时间", "≤7个工作日", "3个工作日", 20, 20, None),
        ("效益指标", "社会效益指标", "社保经办服务水平", "稳步提升", "达成年度指标", 30, 30, None),
        ("满意度指标", "服务对象满意度指标", "参保人满意度", "≥90%", "95%", 10, 10, None),
    ],
    total={"weight": 100, "score": 99.96},
)
