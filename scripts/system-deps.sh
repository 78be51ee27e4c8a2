#!/bin/sh
# Installs the Debian packages the test suite uses, when they are missing and we may install them:
# chromium (browser tests), gettext (message extraction check), fonts-noto-cjk (without a CJK
# font Chromium draws Chinese pages as boxes, and the PDFs Fupin makes have no Chinese glyphs) and
# Pango (WeasyPrint draws the PDFs with it).
# With the argument `venv`, only Python's venv module (python3-venv) is checked.
set -e
missing=""
if [ "${1:-}" = "venv" ]; then
    "${PYTHON:-python3}" -c "import ensurepip, venv" 2>/dev/null || missing=" python3-venv"
    if [ -n "$missing" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian packages:$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    elif [ -n "$missing" ]; then
        echo "Python's venv module is missing: install python3-venv (apt-get install python3-venv)" >&2
        exit 1
    fi
    exit 0
fi
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v xgettext >/dev/null 2>&1 || missing="$missing gettext"
has_cjk_font() {
    if command -v fc-list >/dev/null 2>&1; then
        [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]
    else
        dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"
    fi
}
has_cjk_font || missing="$missing fonts-noto-cjk"
if command -v ldconfig >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0"; then
    missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "not root or no apt-get: missing$missing (browser / message tests may skip; Chinese may render as boxes)"
fi
