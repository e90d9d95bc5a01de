"""What reviewers see and decide: the dashboard, the table of forms, one form in detail
(dashboard, forms_table, form_detail, over common), the scope of each user (scope) and the
decisions, approve and return (actions).

Every function takes the session, the user who asks, and what they ask for; every one reads
through scope (`current_forms`, `scope_filter`), so a 主管部门审核人 sees its own department
only, a 财政局管理员 everything, a 填报人 its own unit, and an object outside the scope is simply
not there (None, an empty list). Only the current version of each submission (the latest export)
counts in totals and lists; earlier versions appear in a form's history.

The figures are those of `ziping summary` (workbooks.review.summary.units_frame), to the same rounding:
平均分 is the mean of 总分（计算）, else 总分（填报）; 执行率 is Σ全年执行数 ÷ Σ全年预算数 over the forms
having both; sums are exact (math.fsum), so the order rows arrive in cannot change a figure.
Results are plain dataclasses (`jsonable` turns them into JSON-ready dicts), never ORM objects.
"""
