#!/usr/bin/env bash
# earchive: build the Linux bundle, tarball and .deb with PyInstaller (see docs/installers.md).
#
#   build_scripts/build_linux.sh
#
# Needs the project venv (./setup.sh --no-run), PyInstaller (the 'installer' extra, installed
# here when missing), binutils (objdump, PyInstaller's dependency analysis) and dpkg-deb.
# Writes:
#   dist/earchive/                                  the bundle (earchive, earchive-gui, _internal/)
#   dist/earchive-<version>-linux-<arch>.tar.gz     the bundle + .desktop file, icons, INSTALL.txt
#   dist/earchive_<version>_<debarch>.deb           /opt/earchive, /usr/bin links, menu entry, icons
# Environment: PYTHON (default .venv/bin/python); EARCHIVE_DIST and EARCHIVE_WORK replace
# dist/ and build/ (the tests build in a temporary folder, so that test runs never share one);
# EARCHIVE_DEB_COMPRESSION=xz makes a smaller .deb, slowly (default zstd).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY="${PYTHON:-$ROOT/.venv/bin/python}"
DIST="${EARCHIVE_DIST:-$ROOT/dist}"
WORK="${EARCHIVE_WORK:-$ROOT/build}"

[ -x "$PY" ] || { echo "No Python at $PY: run ./setup.sh --no-run first (or set PYTHON)"; exit 1; }
for tool in objdump dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install binutils dpkg"; exit 1; }
done
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "Installing PyInstaller (the 'installer' extra of pyproject.toml)"
  "$PY" -m pip install -q -e '.[gui,installer]'
fi

# One build at a time in the same work folder.
mkdir -p "$WORK" "$DIST"
exec 9>"$WORK/.build_linux.lock"
flock 9

VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(uname -m)
DEBARCH=$(dpkg --print-architecture)
BUNDLE=$DIST/earchive
ICONS=$WORK/pyinstaller/earchive/icons  # made by the spec (build_scripts/make_icons.py)
START=$(date +%s)

echo "== earchive $VERSION: PyInstaller (build_scripts/earchive.spec)"
mkdir -p "$WORK"
# PyInstaller's log goes to a file; warnings that are understood (build_scripts/pyi_warnings.py,
# docs/installers.md) are counted, every other one is printed, so that a real warning is seen.
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK/pyinstaller" build_scripts/earchive.spec > "$WORK/pyinstaller.log" 2>&1; then
  cat "$WORK/pyinstaller.log"
  exit 1
fi
"$PY" build_scripts/pyi_warnings.py "$WORK/pyinstaller.log"

# The menu entry; Exec is a name on the PATH in the .deb, a full path after install-menu-entry.sh.
desktop_file() {  # $1 = Exec command
  cat <<EOF
[Desktop Entry]
Type=Application
Name=earchive
GenericName=E-ARK SIP builder
GenericName[sv]=E-ARK SIP-paketerare
Comment=Build, validate and deliver E-ARK submission packages
Comment[sv]=Bygg, validera och leverera E-ARK-leveranspaket
Exec=$1 %f
Icon=earchive
Terminal=false
Categories=Office;Utility;
Keywords=E-ARK;SIP;archive;RODA;Archivematica;arkiv;
EOF
}

echo "== tarball"
NAME=earchive-$VERSION
STAGE=$WORK/tarball/$NAME
rm -rf "$WORK/tarball" && mkdir -p "$STAGE"
cp -a "$BUNDLE"/. "$STAGE"/
desktop_file earchive-gui > "$STAGE/earchive.desktop"
cp "$ICONS/earchive.png" "$STAGE/earchive.png"
cp resources/icons/earchive.svg "$STAGE/earchive.svg"
cat > "$STAGE/install-menu-entry.sh" <<'EOF'
#!/bin/sh
# Adds earchive to your desktop's application menu (for this user only).
set -e
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor"
mkdir -p "$apps" "$icons/256x256/apps" "$icons/scalable/apps"
cp "$here/earchive.png" "$icons/256x256/apps/earchive.png"
cp "$here/earchive.svg" "$icons/scalable/apps/earchive.svg"
sed "s|^Exec=earchive-gui|Exec=\"$here/earchive-gui\"|" "$here/earchive.desktop" > "$apps/earchive.desktop"
echo "Added $apps/earchive.desktop"
EOF
chmod 755 "$STAGE/install-menu-entry.sh"
cat > "$STAGE/INSTALL.txt" <<EOF
earchive $VERSION for Linux ($ARCH)
================================

Nothing needs to be installed besides this folder: Python, Qt, libmagic and the
schemas are inside.

1. Unpack it anywhere, for example:   mkdir -p ~/Program && tar xzf $NAME-linux-$ARCH.tar.gz -C ~/Program
2. Start the desktop application:     ~/Program/$NAME/earchive-gui
   or the command line:               ~/Program/$NAME/earchive --help
   Try it:                            ~/Program/$NAME/earchive demo --output ~/earchive-demo
3. Optional, a menu entry:            ~/Program/$NAME/install-menu-entry.sh
   Optional, the command on PATH:     ln -s ~/Program/$NAME/earchive ~/.local/bin/earchive

The desktop needs the system's OpenGL/EGL and X11 or Wayland client libraries, as
every desktop has (Debian/Ubuntu: libegl1 libgl1 libxcb1 libxcb-icccm4 libxcb-keysyms1).
On Debian and Ubuntu the .deb package installs the same files under /opt/earchive.
To remove earchive, delete the folder (and ~/.local/share/applications/earchive.desktop).
EOF
TARBALL=$DIST/$NAME-linux-$ARCH.tar.gz
tar -C "$WORK/tarball" -czf "$TARBALL" "$NAME"

echo "== .deb"
DEBROOT=$WORK/deb/earchive_${VERSION}_$DEBARCH
rm -rf "$WORK/deb" && mkdir -p "$DEBROOT/DEBIAN" "$DEBROOT/opt" "$DEBROOT/usr/bin" \
  "$DEBROOT/usr/share/applications" "$DEBROOT/usr/share/icons/hicolor/256x256/apps" \
  "$DEBROOT/usr/share/icons/hicolor/scalable/apps" "$DEBROOT/usr/share/doc/earchive"
cp -a "$BUNDLE" "$DEBROOT/opt/earchive"
ln -s /opt/earchive/earchive "$DEBROOT/usr/bin/earchive"
ln -s /opt/earchive/earchive-gui "$DEBROOT/usr/bin/earchive-gui"
desktop_file earchive-gui > "$DEBROOT/usr/share/applications/earchive.desktop"
cp "$ICONS/earchive.png" "$DEBROOT/usr/share/icons/hicolor/256x256/apps/earchive.png"
cp resources/icons/earchive.svg "$DEBROOT/usr/share/icons/hicolor/scalable/apps/earchive.svg"
cp LICENSE "$DEBROOT/usr/share/doc/earchive/copyright"
DEPENDS=$("$PY" build_scripts/deb_depends.py "$BUNDLE")
INSTALLED_KB=$(du -sk --apparent-size "$DEBROOT" --exclude=DEBIAN | cut -f1)
cat > "$DEBROOT/DEBIAN/control" <<EOF
Package: earchive
Version: $VERSION
Architecture: $DEBARCH
Maintainer: earchive contributors <earchive@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: utils
Priority: optional
Description: build, validate and deliver E-ARK SIP submission packages
 earchive turns records into E-ARK SIP packages (CSIP/SIP 2.2.0 and 2.1.0 =
 FGS Paketstruktur 2.0) for RODA, ETERNA and Archivematica: a desktop
 application (earchive-gui) and a command line (earchive) for batch deliveries.
 Python, Qt and libmagic are bundled under /opt/earchive.
EOF
# Refresh the menu and icon caches when the tools are there (postinst/postrm run as root).
for script in postinst postrm; do
  cat > "$DEBROOT/DEBIAN/$script" <<'EOF'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
exit 0
EOF
  chmod 755 "$DEBROOT/DEBIAN/$script"
done
DEB=$DIST/earchive_${VERSION}_$DEBARCH.deb
# zstd: 50 times faster than xz here, for 70 instead of 50 MB; every dpkg that can install
# this package (glibc 2.36+: Debian 12, Ubuntu 22.10 and later) reads it.
dpkg-deb --root-owner-group "-Z${EARCHIVE_DEB_COMPRESSION:-zstd}" --build "$DEBROOT" "$DEB" >/dev/null

SIZE_MB=$(du -sb "$BUNDLE" | awk '{printf "%.1f", $1 / 1000000}')
echo "== done in $(( $(date +%s) - START )) s"
echo "bundle:  $BUNDLE ($SIZE_MB MB unpacked)"
echo "tarball: $TARBALL ($(du -h "$TARBALL" | cut -f1))"
echo "deb:     $DEB ($(du -h "$DEB" | cut -f1)); Depends: $DEPENDS"
