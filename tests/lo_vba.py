"""Run VBA procedures of a workbook in headless LibreOffice (Python-UNO), as a separate process.

    /usr/bin/python3 tests/lo_vba.py FILE call Module.Proc [ARG...]   -> prints the JSON result
    /usr/bin/python3 tests/lo_vba.py FILE modules                     -> prints the module names

LibreOffice compiles a document's whole VBA project; a module it cannot compile (xlwings'
runtime) makes every call return None, so helpers are tested on a build holding macros.bas only.
"""

import contextlib
import json
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

if "/usr/lib/python3/dist-packages" not in sys.path:
    sys.path.append("/usr/lib/python3/dist-packages")
import uno  # noqa: E402
from com.sun.star.beans import PropertyValue  # noqa: E402
from com.sun.star.connection import NoConnectException  # noqa: E402


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


@contextlib.contextmanager
def libreoffice():
    profile = pathlib.Path(tempfile.mkdtemp(prefix="ziping-lo-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                             "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
                             f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 90
        while True:
            try:
                ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                break
            except NoConnectException as exc:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("soffice did not start") from exc
                time.sleep(0.25)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        yield desktop
    finally:
        with contextlib.suppress(Exception):
            if desktop is not None:
                desktop.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv):
    path = pathlib.Path(argv[1]).resolve()
    work = pathlib.Path(tempfile.mkdtemp(prefix="ziping-doc-"))
    copy = work / path.name  # no lock files next to the original
    shutil.copy(path, copy)
    props = [_prop("Hidden", True), _prop("MacroExecutionMode", 4)]
    if copy.suffix.lower() == ".xlam":
        props.append(_prop("FilterName", "Calc MS Excel 2007 VBA XML"))
    try:
        with libreoffice() as desktop:
            doc = desktop.loadComponentFromURL(copy.as_uri(), "_blank", 0, tuple(props))
            if doc is None:
                raise RuntimeError("LibreOffice could not open the document")
            try:
                if argv[2] == "modules":
                    libraries = doc.BasicLibraries
                    libraries.loadLibrary("VBAProject")
                    result = sorted(libraries.getByName("VBAProject").getElementNames())
                else:
                    url = f"vnd.sun.star.script:VBAProject.{argv[3]}?language=Basic&location=document"
                    result, _, _ = doc.getScriptProvider().getScript(url).invoke(tuple(argv[4:]), (), ())
            finally:
                doc.close(True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
