"""清除标记: undo ziping's colours and remove its list sheets — nothing else."""

from __future__ import annotations

from ..marks import MARK_SHEETS, read_marks, restore


def clear_marks(surface, context) -> str:
    restored = restore(surface, read_marks(surface))
    removed = [name for name in MARK_SHEETS if surface.has_sheet(name)]
    for name in removed:
        surface.delete_sheet(name)
    if not restored and not removed:
        return "没有需要清除的标记。"
    sheets = "、".join(f"“{n}”" for n in removed)
    return f"已清除 {restored} 处标记" + (f"，并删除了{sheets}工作表。" if removed else "。")
