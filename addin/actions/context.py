"""What an action needs besides the workbook: the scoring profile and where it runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from validation.errors import ZipingError
from validation.profile import Profile, load_profile, shipped_names


class ActionError(ZipingError):
    """An action cannot be carried out; the message is for the clerk."""


@dataclass
class ActionContext:
    profile: Profile
    mode: str = "local"  # "local" (RunPython) or "server"
    settings: dict[str, str] = field(default_factory=dict)  # the workbook's ziping.conf
    extra: dict = field(default_factory=dict)  # what the entry point adds (the server's token, …)

    @classmethod
    def from_book(cls, surface, mode: str = "local", allow_profile_files: bool = True) -> ActionContext:
        # As the add-in's xlwings reads them: the workbook's sheet first, then (on the clerk's own
        # computer only) the user's ziping.conf file; the server never reads a file of its own user.
        settings = {**(user_settings() if mode == "local" else {}), **surface.conf()}
        name = settings.get("PROFILE") or "national"
        if name in shipped_names():
            profile = load_profile(name)
        elif allow_profile_files and name.lower().endswith(".json"):
            import json
            from pathlib import Path

            from validation.profile import profile_from_dict

            try:
                profile = profile_from_dict(json.loads(Path(name).read_text("utf-8")))
            except (OSError, ValueError) as exc:
                raise ActionError(f"ziping.conf 中的评分口径文件无法读取：{name}（{exc}）") from None
        else:
            raise ActionError(f"ziping.conf 中的评分口径“{name}”不存在，可用：{'、'.join(shipped_names())}。")
        return cls(profile, mode, settings)


def user_conf_path():
    """The user's ziping.conf, where the add-in's xlwings looks for it."""
    import os
    import sys
    from pathlib import Path

    if sys.platform == "darwin":
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "ziping.conf"
    return Path(os.environ.get("USERPROFILE") or Path.home()) / ".ziping" / "ziping.conf"


def user_settings() -> dict[str, str]:
    """The user's ziping.conf file, or nothing when there is none or it cannot be read (VBA writes
    it in the system's code page; the installer in that code page too)."""
    from workbooks.writing.conf import read_conf_file

    path = user_conf_path()
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    for encoding in ("utf-8-sig", "mbcs", "gbk"):
        try:
            return read_conf_file(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    return {}
