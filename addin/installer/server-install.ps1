# ziping offline installer, server mode (MODE = server). Run by 安装.cmd with Windows
# PowerShell; needs no Python and no admin rights. Arguments (optional, asked for otherwise):
#   安装.cmd <server address> <token>
# It copies the add-in into %APPDATA%\Microsoft\Excel\XLSTART and writes MODE, SERVER_URL and
# AUTH into %USERPROFILE%\.ziping\ziping.conf. Cmdlets and operators only, no .NET calls, so
# it also runs where PowerShell is held to ConstrainedLanguage mode.
# `ziping bundle` saves this file as UTF-8 with a BOM (Windows PowerShell reads a file without
# one in the ANSI code page) and with CRLF line ends.
param(
    [string]$ServerUrl = "",
    [string]$Token = ""
)

$ErrorActionPreference = "Stop"
$Steps = @("填写服务器地址和令牌", "安装 Excel 加载项", "写入用户设置 ziping.conf")
$AddinName = "绩效自评.xlam"
# Keys this installer sets; a key already in the file keeps its line, with the new value.
$Order = @("MODE", "SERVER_URL", "AUTH")

function Step([int]$Number) { Write-Host ("[{0}/{1}] {2}" -f $Number, $Steps.Count, $Steps[$Number - 1]) }
function Detail([string]$Text) { Write-Host ("      " + $Text) }
function Fail([string]$Message) {
    Write-Host ""
    Write-Host ("安装未完成：" + $Message) -ForegroundColor Red
    exit 1
}
trap { Fail $_.Exception.Message }

# xlwings' VBA reads ziping.conf with `Open ... For Input` / `Input #`: the system ANSI code
# page, no BOM, lines "KEY","VALUE" as its `Write #` makes them. -Encoding Default is the ANSI
# code page in Windows PowerShell; the values are checked to be ASCII anyway.
function Line([string]$Key, [string]$Value) { return ('"{0}","{1}"' -f $Key, $Value) }
function Write-Conf([string]$Path, $Lines) {
    $Scratch = $Path + ".tmp"
    Set-Content -LiteralPath $Scratch -Value $Lines -Encoding Default
    Move-Item -LiteralPath $Scratch -Destination $Path -Force
}

# ---- 1 -------------------------------------------------------------------------------------
Step 1
if (-not $ServerUrl) { $ServerUrl = Read-Host "      服务器地址（如 http://10.1.2.3:8000）" }
$ServerUrl = $ServerUrl.Trim().TrimEnd("/")
if ($ServerUrl -notmatch '^https?://[\x21\x23-\x7E]+$') {
    Fail ("服务器地址应以 http:// 或 https:// 开头，如 http://10.1.2.3:8000，不含空格和双引号（收到“{0}”）。" -f $ServerUrl)
}
if (-not $Token) { $Token = Read-Host "      令牌（服务器管理员分配）" }
$Token = $Token.Trim()
if ($Token -notmatch '^[\x21\x23-\x7E]{16,}$') {
    Fail "令牌应为服务器管理员分配的至少 16 个字符（英文字母、数字或符号，不含空格和双引号）。"
}
Detail ("服务器：" + $ServerUrl)

# ---- 2 -------------------------------------------------------------------------------------
Step 2
if (-not $env:APPDATA) { Fail "环境变量 APPDATA 未设置，无法确定 Excel 的启动文件夹。" }
$Source = Join-Path $PSScriptRoot $AddinName
if (-not (Test-Path -LiteralPath $Source)) {
    # an unzip tool that mangled the Chinese file name
    $Found = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter "*.xlam")
    if ($Found.Count -ne 1) { Fail ("安装包中找不到加载项 {0}。请重新解压完整的安装包。" -f $AddinName) }
    $Source = $Found[0].FullName
}
$XlStart = Join-Path $env:APPDATA "Microsoft\Excel\XLSTART"
$Target = Join-Path $XlStart $AddinName
try {
    New-Item -ItemType Directory -Force -Path $XlStart | Out-Null
    Copy-Item -LiteralPath $Source -Destination $Target -Force
} catch {
    Fail ("无法写入 {0}：请先关闭所有 Excel 窗口，再运行 安装.cmd。（{1}）" -f $Target, $_.Exception.Message)
}
Unblock-File -LiteralPath $Target -ErrorAction SilentlyContinue
Detail $Target

# ---- 3 -------------------------------------------------------------------------------------
Step 3
if (-not $env:USERPROFILE) { Fail "环境变量 USERPROFILE 未设置，无法确定用户设置的位置。" }
$ConfDir = Join-Path $env:USERPROFILE ".ziping"
$Conf = Join-Path $ConfDir "ziping.conf"
$Wanted = @{ "MODE" = "server"; "SERVER_URL" = $ServerUrl; "AUTH" = $Token }
try {
    New-Item -ItemType Directory -Force -Path $ConfDir | Out-Null
} catch {
    Fail ("无法建立文件夹 {0}（{1}）。" -f $ConfDir, $_.Exception.Message)
}
if (-not (Test-Path -LiteralPath $Conf)) {
    $Lines = @(foreach ($Key in $Order) { Line $Key $Wanted[$Key] })
    Write-Conf $Conf $Lines
    Detail ("{0}：MODE = server，SERVER_URL = {1}，AUTH = （已写入）" -f $Conf, $ServerUrl)
} else {
    $Parsed = $true
    $Updated = @()
    $Seen = @{}
    $Changes = @()
    foreach ($Raw in @(Get-Content -LiteralPath $Conf -Encoding Default)) {
        $Text = $Raw.Trim()
        if ($Text -eq "") { continue }
        if ($Text -match '^"([^"]*)","([^"]*)"$') {
            $Key = $Matches[1]
            $Value = $Matches[2]
            $Upper = $Key.ToUpper()
            if ($Wanted.ContainsKey($Upper) -and -not $Seen.ContainsKey($Upper)) {
                $Seen[$Upper] = $true
                if ($Value -cne $Wanted[$Upper]) {
                    if ($Upper -eq "AUTH") { $Changes += "AUTH：已更新" } else { $Changes += ("{0}：{1} → {2}" -f $Upper, $Value, $Wanted[$Upper]) }
                    $Value = $Wanted[$Upper]
                }
            }
            $Updated += (Line $Key $Value)
        } else {
            $Parsed = $false
        }
    }
    foreach ($Key in $Order) {
        if (-not $Seen.ContainsKey($Key)) {
            $Updated += (Line $Key $Wanted[$Key])
            if ($Key -eq "AUTH") { $Changes += "AUTH：已写入" } else { $Changes += ("{0}：（无） → {1}" -f $Key, $Wanted[$Key]) }
        }
    }
    if (-not $Parsed) {
        $Proposal = $Conf + ".new"
        Write-Conf $Proposal @(foreach ($Key in $Order) { Line $Key $Wanted[$Key] })
        Detail ("已有的 {0} 格式无法识别，未作改动；本次的设置写在 {1}，请核对后替换。" -f $Conf, $Proposal)
    } elseif ($Changes.Count -eq 0) {
        Detail ("{0} 已有这些设置，保持不变。" -f $Conf)
    } else {
        $Backup = $Conf + ".bak"
        if (Test-Path -LiteralPath $Backup) { $Backup = $Conf + ".bak-" + (Get-Date -Format "yyyyMMdd-HHmmss") }
        Copy-Item -LiteralPath $Conf -Destination $Backup
        Write-Conf $Conf $Updated
        Detail ("已修改 {0}（其余设置保持不变），修改前的文件备份为 {1}：" -f $Conf, $Backup)
        foreach ($Change in $Changes) { Detail ("  " + $Change) }
    }
}

Write-Host ""
Write-Host "安装完成。请重新启动 Excel：功能区中会出现“绩效自评”选项卡。"
Write-Host "注意：早期版本的模板建立的工作簿，其 ziping.conf 工作表中可能有 MODE、SERVER_URL、AUTH 几行，"
Write-Host "      它们优先于这里的设置：请在该工作表中删去这几行。"
exit 0
