"""ziping — 绩效自评助手: check and score 项目支出绩效自评表 in Excel and from the command line."""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"', (HERE / "validation" / "__init__.py").read_text("utf-8")).group(1)

setup(
    name="ziping",
    version=VERSION,
    description="绩效自评助手：项目支出绩效自评表的 Excel 加载项与命令行校验、计分工具",
    long_description=(HERE / "README.md").read_text("utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=["validation", "validation.*", "workbooks", "workbooks.*", "reports", "reports.*",
                                    "addin", "addin.*",
                                    "portal", "portal.*", "ziping", "ziping.*"]),
    package_data={
        "validation": ["schemas/*.json", "profiles/*.json", "data/*.json"],
        "workbooks": ["samples/*.json", "samples/*.xlsx", "templates/*.xlsx", "data/*.json", "schemas/*.json"],
        "reports": ["templates/*.docx", "data/*.json"],
        "addin": ["ribbon.xml", "files/*", "installer/*"],
        "portal": ["store/migrations/env.py", "store/migrations/script.py.mako", "store/migrations/versions/*.py",
                   "web/templates/*.html", "web/templates/*/*.html", "web/static/*"],
    },
    install_requires=[
        # The VBA runtime inside the add-in and this package must be the same xlwings version.
        "xlwings==0.37.8",
        "openpyxl>=3.1",
        "pandas>=2.1",
        "jsonschema>=4.20",
        "python-calamine>=0.3",
        "typer>=0.12",
        "rich>=13",
        "fastapi>=0.110",
        "uvicorn>=0.29",
        "pyopenvba>=6.5",
        "lxml>=4.9",  # openpyxl edits clerks' workbooks faster with it
        "XlsxWriter>=3.2",  # large new workbooks (reviews, summaries), streamed in constant memory
        "SQLAlchemy>=2.0",
        "alembic>=1.13",
        "argon2-cffi>=23.1",
        "psycopg[binary]>=3.1",
        "Jinja2>=3.1",
        "python-multipart>=0.0.9",
        "python-docx>=1.1",  # 自评报告: read a written one, draft one from a form
        "pypdf>=4",  # 自评报告 as PDF: its text layer
        "packaging>=23",  # ziping bundle: wheel tags and environment markers of the Windows wheel set
    ],
    extras_require={
        "test": ["pytest>=8", "hypothesis>=6.100", "xlwt>=1.3", "httpx>=0.27", "oletools>=0.60", "rustpy-xlsxwriter>=0.8", "pyexcelerate>=0.12",
                 "playwright>=1.50"],
    },
    data_files=[("share/ziping", ["macros.bas"])],
    entry_points={"console_scripts": ["ziping=ziping.cli:run"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "Natural Language :: Chinese (Simplified)",
        "Operating System :: OS Independent",
    ],
)
