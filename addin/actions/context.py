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
        settings = surface.conf()
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
