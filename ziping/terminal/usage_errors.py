"""Usage errors of `ziping` (a missing argument, an unknown option, a bad value) in Chinese.

typer 0.29 carries its own copy of click (typer._click) whose messages are English f-strings, not
gettext messages, so no catalogue can translate them. They are rebuilt here from what the exception
holds (the option, the parameter, the value typer could not convert and why); a message that is
not recognised becomes a general Chinese one rather than English.
"""

from __future__ import annotations

import re

# typer 0.29 exposes these exception classes only through its copy of click.
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)

from .help_pages import placeholder


class ChineseUsageError(UsageError):
    """A usage error whose message is already Chinese."""


def usage_error_message(error: UsageError) -> str:
    """One Chinese sentence (or two) for a usage error, with where to find help."""
    message = _message(error)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        message += f"用 {ctx.command_path} -h 查看用法。"
    return message


def _message(error: UsageError) -> str:
    if isinstance(error, ChineseUsageError):
        return error.message
    if isinstance(error, NoSuchOption):
        text = f"没有选项“{error.option_name}”。"
        if error.possibilities:
            text += f"您是不是要用{_alternatives(sorted(error.possibilities))}？"
        return text
    if isinstance(error, BadOptionUsage):
        return _option_usage(error)
    if isinstance(error, MissingParameter):
        return f"缺少{_name(error.param)}。" if error.param is not None else "缺少参数。"
    if isinstance(error, BadParameter):
        return _bad_value(error)
    if isinstance(error, BadArgumentUsage):
        count = re.search(r"takes (\d+) values", error.message)
        return f"参数需要 {count.group(1)} 个值。" if count else "参数的个数不对。"
    extra = re.fullmatch(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", error.message, re.S)
    if extra:
        return f"多余的参数：{extra.group(1)}。"
    if error.message.startswith("Missing command"):
        return "缺少命令。"
    unknown = re.fullmatch(r"No such command '(.*?)'\..*", error.message, re.S)
    if unknown:
        return f"没有命令“{unknown.group(1)}”。"
    return "命令行有误。"


def _option_usage(error: BadOptionUsage) -> str:
    option = error.option_name
    if "does not take a value" in error.message:
        return f"选项“{option}”是开关，不带值。"
    count = re.search(r"requires (\d+) arguments", error.message)
    if count:
        return f"选项“{option}”后面需要 {count.group(1)} 个值。"
    if "requires an argument" in error.message:
        return f"选项“{option}”后面需要一个值。"
    return f"选项“{option}”的用法有误。"


def _bad_value(error: BadParameter) -> str:
    param = error.param
    subject = _name(param) if param is not None else "参数"
    problem = _validation_problem(error)
    if problem is None:
        return f"{subject}的值无效。"
    value, reason = problem
    shown = f"“{value}”" if value not in (None, "") else ""
    return f"{subject}的值{shown}无效：{reason}。"


def _validation_problem(error: BadParameter) -> tuple[object, str] | None:
    """The value and why it was refused, from the pydantic error typer converted values with."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        first = errors()[0]
    except (IndexError, TypeError, ValueError):
        return None
    kind, limits, value = first.get("type", ""), first.get("ctx") or {}, first.get("input")
    param = error.param
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than") and None not in (low, high):
        return value, f"应在 {low:g}～{high:g} 之间"
    bounds = {"greater_than_equal": ("ge", "应不小于 {}"), "greater_than": ("gt", "应大于 {}"),
              "less_than_equal": ("le", "应不大于 {}"), "less_than": ("lt", "应小于 {}")}
    if kind in bounds:
        key, text = bounds[kind]
        return value, text.format(limits.get(key, ""))
    if kind.startswith("int_"):
        return value, "应为整数"
    if kind.startswith("float_") or kind.startswith("decimal_"):
        return value, "应为数字"
    if kind.startswith("bool_"):
        return value, "应为 1 或 0"
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", str(limits.get("expected", "")))
        return value, f"应为{_alternatives(choices)}" if choices else "不是可选的值"
    return value, "格式不对"


def _name(param) -> str:
    """参数“文件” or 选项“--to”."""
    if param.param_type_name == "argument":
        return f"参数“{placeholder(param)}”"
    return f"选项“{(param.opts or [placeholder(param)])[0]}”"


def _alternatives(names) -> str:
    return "或".join(f"“{name}”" for name in names)
