#!/bin/sh
# Installs the Debian packages the test suite uses, when they are missing and we may install them.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v xgettext >/dev/null 2>&1 || missing="$missing gettext"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "not root or no apt-get: missing$missing (browser / message tests will say they skipped)"
fi
