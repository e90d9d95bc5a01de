"""What the reviewer queries share: the current version's alias, Chinese names of severities and
events, limits, the query error, the score a form counts with, and results made JSON-ready."""

from __future__ import annotations

import math
from dataclasses import asdict, is_dataclass
from datetime import datetime


from ..errors import PortalError
from ..models import (SubmissionVersion)

V = SubmissionVersion

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
EVENT_NAMES = {"submitted": "报送", "resubmitted": "重新报送", "returned": "退回", "approved": "通过"}
MAX_PAGE_SIZE = 200
MAX_SEARCH = 100


class QueryError(PortalError):
    """A filter or sort the forms table does not know (a bad query string): the page shows the message."""


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def score_of(computed: float | None, reported: float | None) -> float | None:
    """总分（计算）, else 总分（填报） (as workbooks.review.summary does for 平均分)."""
    return computed if _present(computed) else (reported if _present(reported) else None)


def jsonable(value):
    """A result of this module (or of actions) as JSON-ready dicts, lists and strings."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
