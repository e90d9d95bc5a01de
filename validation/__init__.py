"""Pure rules for 项目支出绩效自评表: values, units, profiles, scoring and checks.

No Excel, no files, no network: a record goes in, a Report comes out.
"""

from .engine import check, resolve_profile
from .errors import InputError, ProfileError, RecordError, ZipingError
from .findings import ERROR, INFO, WARNING, Finding
from .profile import Profile, load_profile, profile_from_dict, shipped_names
from .record import Cell, FundRow, Funds, IndicatorRow, Record, Total
from .report import IndicatorReport, Report
from .values.parse import parse_value

__version__ = "0.1.0"

__all__ = [
    "check", "resolve_profile", "Report", "IndicatorReport", "Finding", "ERROR", "WARNING", "INFO",
    "Record", "Cell", "FundRow", "Funds", "IndicatorRow", "Total",
    "Profile", "load_profile", "profile_from_dict", "shipped_names", "parse_value",
    "InputError", "ProfileError", "RecordError", "ZipingError", "__version__",
]
