@echo off
rem ziping offline installer, server mode: runs install.ps1 with Windows PowerShell.
rem ASCII only on purpose; Chinese output comes from install.ps1. Needs no Python and no
rem admin rights. Optional arguments: server address and token (otherwise asked for).
setlocal EnableExtensions
chcp 65001 >nul
set "ZP_HERE=%~dp0"
if not exist "%ZP_HERE%install.ps1" goto not_extracted
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%ZP_HERE%install.ps1" %*
set "ZP_RC=%ERRORLEVEL%"
goto done

:not_extracted
powershell.exe -NoProfile -Command "Write-Host ([regex]::Unescape('@NOT_EXTRACTED@'))"
set "ZP_RC=1"
goto done

:done
echo.
pause
exit /b %ZP_RC%
