"""主管部门 and 实施单位 by name: found, or created when first named (by an account or an export)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import PortalError
from .models import Department, Unit

MAX_NAME = 200


def clean_name(name: str | None, what: str) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise PortalError(f"{what}名称不能为空。")
    if len(text) > MAX_NAME:
        raise PortalError(f"{what}名称过长（超过 {MAX_NAME} 个字符）：{text[:40]}……")
    return text


def find_department(session: Session, name: str) -> Department | None:
    return session.scalar(select(Department).where(Department.name == clean_name(name, "主管部门")))


def find_unit(session: Session, department: Department, name: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.department_id == department.id, Unit.name == clean_name(name, "实施单位")))


def department_named(session: Session, name: str) -> tuple[Department, bool]:
    """The department of this name, and whether it was created now (flushed, not committed)."""
    found = find_department(session, name)
    if found is not None:
        return found, False
    department = Department(name=clean_name(name, "主管部门"))
    session.add(department)
    session.flush()
    return department, True


def unit_named(session: Session, department: Department, name: str) -> tuple[Unit, bool]:
    found = find_unit(session, department, name)
    if found is not None:
        return found, False
    unit = Unit(department_id=department.id, name=clean_name(name, "实施单位"))
    session.add(unit)
    session.flush()
    return unit, True
