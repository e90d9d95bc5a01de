@echo off
rem ziping offline installer, local mode. ASCII only on purpose: every Chinese line comes
rem from install.py or a UTF-8 text file shown after "chcp 65001".
rem Finds a 64-bit CPython 3.12 or 3.11 (py launcher first, then python.exe on PATH) and runs
rem install.py with it. Per user: no admin rights needed.
setlocal EnableExtensions
chcp 65001 >nul
set "ZP_HERE=%~dp0"
if not exist "%ZP_HERE%install.py" goto not_extracted
set "ZP_PY="
call :try_py 3.12
if not defined ZP_PY call :try_py 3.11
if not defined ZP_PY call :try_path
if not defined ZP_PY goto no_python
%ZP_PY% "%ZP_HERE%install.py" %*
set "ZP_RC=%ERRORLEVEL%"
goto done

:try_py
py -%1 -c "import struct, sys; sys.exit(0 if struct.calcsize('P') == 8 else 1)" >nul 2>&1
if not errorlevel 1 set "ZP_PY=py -%1"
exit /b 0

:try_path
python -c "import struct, sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) and struct.calcsize('P') == 8 else 1)" >nul 2>&1
if not errorlevel 1 set "ZP_PY=python"
exit /b 0

:no_python
type "%ZP_HERE%no-python.txt"
set "ZP_RC=1"
goto done

:not_extracted
powershell.exe -NoProfile -Command "Write-Host ([regex]::Unescape('@NOT_EXTRACTED@'))"
set "ZP_RC=1"
goto done

:done
echo.
pause
exit /b %ZP_RC%
