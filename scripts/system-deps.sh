#!/usr/bin/env bash
# Debian packages the tests need: LibreOffice Calc and Writer (recalculation, PDF; Writer reads
# .doc/.wps reports and renders drafted 自评报告), poppler (pdfinfo,
# pdftotext), Python-UNO (to run VBA helpers in LibreOffice), a CJK font so that PDFs
# carry the Chinese text, PostgreSQL (the portal's storage tests start their own server
# from /usr/lib/postgresql/<version>/bin as the `postgres` user) and Chromium (the portal's browser
# tests drive /usr/bin/chromium through Playwright). Installs only what is missing.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
compgen -G "/usr/lib/libreoffice/program/libswlo.so" >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
/usr/bin/python3 -c "import sys; sys.path.append('/usr/lib/python3/dist-packages'); import uno" >/dev/null 2>&1 || need+=(python3-uno)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  need+=(fontconfig fonts-wqy-microhei)
fi
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "需要安装 ${need[*]}，但当前不是 root 且没有 sudo。" >&2; exit 2
  fi
fi
echo "安装系统组件：${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
