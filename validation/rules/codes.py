"""The one table that assigns rule IDs. Codes are never reused; a retired or renamed code
stays in REDIRECTS so old references keep working.

Families: ZP0 structure of the sheet · ZP1 分值/得分/完成值 cells · ZP2 sums and grade ·
ZP3 funds and execution · ZP4 values and units · ZP5 scoring · ZP6 偏差原因 ·
ZP7 indicator taxonomy · ZP8 cost indicators.
"""

CODES: dict[str, tuple[str, str]] = {
    "ZP001": ("structure", "sheet_not_a_form"),
    "ZP002": ("structure", "workbook_without_forms"),
    "ZP003": ("structure", "form_not_filled"),
    "ZP004": ("structure", "form_incomplete"),
    "ZP005": ("structure", "formula_without_cached_value"),
    "ZP101": ("scores", "score_exceeds_weight"),
    "ZP102": ("scores", "weight_not_positive"),
    "ZP103": ("scores", "score_missing"),
    "ZP104": ("scores", "actual_missing"),
    "ZP105": ("scores", "target_missing"),
    "ZP106": ("scores", "number_unreadable"),
    "ZP201": ("totals", "weights_do_not_sum_to_total"),
    "ZP202": ("totals", "weight_split_differs_from_guidance"),
    "ZP203": ("totals", "total_does_not_add_up"),
    "ZP204": ("totals", "grade_does_not_match_total"),
    "ZP205": ("totals", "execution_weight_differs_from_profile"),
    "ZP301": ("funds", "execution_rate_wrong"),
    "ZP302": ("funds", "execution_score_wrong"),
    "ZP303": ("funds", "execution_rate_on_initial_budget"),
    "ZP304": ("funds", "fund_rows_do_not_add_up"),
    "ZP305": ("funds", "executed_exceeds_budget"),
    "ZP306": ("funds", "budget_missing_or_zero"),
    "ZP401": ("values", "actual_not_quantified"),
    "ZP402": ("values", "unit_missing"),
    "ZP403": ("values", "unit_mismatch"),
    "ZP404": ("values", "unit_magnitude_error"),
    "ZP405": ("values", "percent_above_100"),
    "ZP406": ("values", "target_unparseable"),
    "ZP407": ("values", "actual_unparseable"),
    "ZP408": ("values", "actual_written_as_bound"),
    "ZP409": ("values", "bound_does_not_decide"),
    "ZP410": ("values", "quantity_taken_from_text"),
    "ZP411": ("values", "operator_missing"),
    "ZP501": ("scoring", "score_differs_from_rules"),
    "ZP502": ("scoring", "qualitative_score_outside_band"),
    "ZP503": ("scoring", "target_overachieved"),
    "ZP504": ("scoring", "equality_target_missed"),
    "ZP505": ("scoring", "tier_inferred_from_text"),
    "ZP506": ("scoring", "qualitative_actual_undecidable"),
    "ZP601": ("reasons", "reason_missing"),
    "ZP602": ("reasons", "execution_reason_missing"),
    "ZP701": ("taxonomy", "unknown_level1"),
    "ZP702": ("taxonomy", "unknown_level2"),
    "ZP703": ("taxonomy", "level2_under_wrong_level1"),
    "ZP704": ("taxonomy", "output_indicators_missing"),
    "ZP705": ("taxonomy", "benefit_indicators_missing"),
    "ZP706": ("taxonomy", "name_spelling_normalised"),
    "ZP707": ("taxonomy", "level2_name_used_as_level3"),
    "ZP801": ("cost", "cost_target_with_positive_operator"),
    "ZP802": ("cost", "cost_actual_exceeds_executed"),
    "ZP803": ("cost", "cost_target_exceeds_budget"),
    "ZP804": ("cost", "cost_off_by_power_of_ten"),
}

# Retired or renamed codes -> the code that replaced them.
REDIRECTS: dict[str, str] = {}
