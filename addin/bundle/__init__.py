"""Offline install bundles for clerks' PCs without internet (`ziping bundle`): the wheel set
(wheels) and the zips (zips).

Two zips:

- ziping-本机方式-<version>-win_amd64.zip (MODE = local): every wheel needed to install ziping
  on CPython 3.11 and 3.12 for win_amd64 — ziping's own wheel built from this checkout,
  its dependencies from PyPI pinned by constraints.txt — plus the add-in built here, the
  blank template, 安装.cmd and install.py (addin/installer/).
- ziping-服务器方式-<version>.zip (MODE = server): the add-in, 安装.cmd and install.ps1; no
  Python needed on the PC.

`pip download --platform win_amd64` evaluates environment markers for the machine running
it, so Windows-only dependencies (xlwings -> pywin32, click -> colorama, …) would be missing.
The wheel set is therefore closed here: every Requires-Dist of every wheel reached from
ziping (with the extras asked for, e.g. psycopg[binary]) is evaluated against a Windows
environment of that Python version, and what is missing is downloaded, until nothing is.

The zips are deterministic for the same inputs: sorted entries, a fixed timestamp, and the
ziping wheel built with SOURCE_DATE_EPOCH.
"""

from .wheels import BundleError
from .zips import build_bundles

__all__ = ["BundleError", "build_bundles"]
