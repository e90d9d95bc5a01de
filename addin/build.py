"""Build the Excel add-in (绩效自评.xlam) and the macro-enabled template (绩效自评模板.xlsm)
without Excel.

The VBA project is never written by hand: pyopenvba creates it from the container Excel
itself would write (`ExcelFile.create_new` for the add-in, `add_vba_project` for the
template built by openpyxl), then adds xlwings' VBA runtime — taken from the installed
xlwings package and stamped with its version, as xlwings' own release build does — and
macros.bas. The ribbon is written as the customUI part with zipfile.

    python -m addin.build            # rebuild the committed files in addin/files/
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from workbooks.writing.package import rewrite

from .xlwings_env import xw

PACKAGE = Path(__file__).resolve().parent
FILES = PACKAGE / "files"
ADDIN_NAME = "绩效自评.xlam"
TEMPLATE_NAME = "绩效自评模板.xlsm"
MACRO_MODULE = "ZipingRibbon"
PROJECT_NAME = "ziping"  # xlwings' config then lives in the "ziping.conf" sheet and ~/.ziping/ziping.conf

# xlwings' VBA runtime for RunPython and RunServerPython (its own ribbon module is left out).
RUNTIME = ("Main.bas", "Config.bas", "Remote.bas", "Utils.bas", "Extensions.bas", "License.bas", "WebHelpers.bas",
           "Dictionary.cls", "IWebAuthenticator.cls", "WebClient.cls", "WebRequest.cls", "WebResponse.cls")

RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_TYPES = {
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ".xlam": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
}


class BuildError(RuntimeError):
    pass


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _module_name(source: str) -> str:
    match = re.search(r'^Attribute VB_Name = "([^"]+)"', source, flags=re.M)
    if not match:
        raise BuildError("VBA module without Attribute VB_Name")
    return match.group(1)


def xlwings_vba_dir() -> Path:
    return Path(xw.__file__).parent / "addin"


def runtime_modules() -> list[tuple[str, str, bool]]:
    """(name, source, is_class) of xlwings' VBA runtime, stamped for this xlwings version."""
    modules = []
    version = xw.__version__
    for filename in RUNTIME:
        source = (xlwings_vba_dir() / filename).read_text("ascii")
        if filename == "Main.bas":
            source = source.replace("-dev.dll", f"-{version}.dll")
            source, stamped = re.subn(r'(Public Const XLWINGS_VERSION As String = )"dev"', rf'\1"{version}"', source)
            source, named = re.subn(r'(Public Const PROJECT_NAME As String = )"xlwings"', rf'\1"{PROJECT_NAME}"', source)
            if not (stamped and named):
                raise BuildError("xlwings Main.bas no longer has the expected constants; check the xlwings version")
        modules.append((_module_name(source), _crlf(source), filename.endswith(".cls")))
    return modules


def macros_path() -> Path:
    for candidate in (PACKAGE.parent / "macros.bas", Path(sys.prefix) / "share" / "ziping" / "macros.bas"):
        if candidate.is_file():
            return candidate
    raise BuildError("找不到 macros.bas。")


def macros_source() -> str:
    data = macros_path().read_bytes()
    if any(byte > 127 for byte in data):
        raise BuildError("macros.bas must be ASCII only")
    return _crlf(data.decode("ascii"))


def ribbon_xml() -> bytes:
    return (PACKAGE / "ribbon.xml").read_bytes()


def finish_package(path: Path) -> None:
    """Add the ribbon part and its package relationship; mark the main part macro-enabled."""
    with zipfile.ZipFile(path) as package:
        rels = ElementTree.fromstring(package.read("_rels/.rels"))
        types = package.read("[Content_Types].xml").decode("utf-8")
    ElementTree.register_namespace("", REL_NS)
    for rel in list(rels):
        if rel.get("Type") == RIBBON_REL_TYPE:
            rels.remove(rel)
    ElementTree.SubElement(rels, f"{{{REL_NS}}}Relationship", {"Id": "rIdZipingRibbon", "Type": RIBBON_REL_TYPE, "Target": RIBBON_PART})
    new_rels = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + ElementTree.tostring(rels)
    main = MAIN_TYPES[path.suffix.lower()]
    types = re.sub(r'(<Override PartName="/xl/workbook.xml" ContentType=")[^"]+(")', rf"\g<1>{main}\g<2>", types)
    if 'Extension="xml"' not in types:
        raise BuildError("container lacks a default content type for .xml parts")
    rewrite(path, {"_rels/.rels": new_rels, "[Content_Types].xml": types.encode("utf-8"), RIBBON_PART: ribbon_xml()})


def _drop_empty_modules(project) -> None:
    from pyopenvba import VBAModuleKind

    """The container Excel writes for a new add-in holds an empty standard module (Module1): a
    reader of the VBA project should find only what the add-in runs."""
    for module in list(project.modules):
        if module.kind == VBAModuleKind.standard and not _has_code(module):
            project.delete_module(module.name)


def _has_code(module) -> bool:
    return any(line.strip() and not line.lstrip().startswith(("Attribute ", "'", "Option "))
               for line in (module.source or "").splitlines())


def _add_modules(excel_file, runtime: bool) -> None:
    from pyopenvba import VBAModuleKind

    project = excel_file.vba_project()
    _drop_empty_modules(project)
    if runtime:
        for name, source, is_class in runtime_modules():
            project.add_module(name, source, kind=VBAModuleKind.other if is_class else VBAModuleKind.standard)
    project.add_module(MACRO_MODULE, macros_source(), kind=VBAModuleKind.standard)


def _deliver(path: Path, out_dir: str | Path, name: str) -> Path:
    """Finish a package built in a scratch folder and copy it to its place."""
    finish_package(path)
    target = Path(out_dir) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


def build_addin(out_dir: str | Path, runtime: bool = True, name: str = ADDIN_NAME) -> Path:
    """The add-in: xlwings' runtime, macros.bas and the 绩效自评 ribbon tab."""
    from pyopenvba import ExcelFile

    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "addin.xlam"
        with ExcelFile.create_new(path) as excel_file:
            _add_modules(excel_file, runtime)
            excel_file.save()
        return _deliver(path, out_dir, name)


def build_macro_template(out_dir: str | Path, year: int, profile: str = "national", projects: int = 1,
                         runtime: bool = True, name: str = TEMPLATE_NAME) -> Path:
    """The template (as `ziping template`) with the VBA and the ribbon in the workbook itself."""
    from pyopenvba import ExcelFile

    from workbooks.writing.template import build_template

    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "template.xlsm"
        build_template(path, projects=projects, year=year, profile=profile)
        with ExcelFile(path) as excel_file:
            excel_file.add_vba_project()
            _add_modules(excel_file, runtime)
            excel_file.save()
        return _deliver(path, out_dir, name)


def build_all(out_dir: str | Path, year: int, profile: str = "national") -> list[Path]:
    return [build_addin(out_dir), build_macro_template(out_dir, year, profile)]


def main() -> None:  # pragma: no cover - maintenance entry point
    from workbooks.writing.build import TEMPLATE_YEAR

    for path in build_all(FILES, TEMPLATE_YEAR):
        print(path)


if __name__ == "__main__":  # pragma: no cover
    main()
