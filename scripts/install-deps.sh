#!/bin/sh
# Installs the Debian packages that building, running and testing motcua need; with the argument
# "fuzz", also clang-14 and its runtime libraries (libFuzzer, the sanitizers) for `make fuzz`.
# Idempotent: when every package is present it does nothing; when one is missing it
# runs `apt-get update` first (a fresh machine's package lists may be empty).
set -eu

PKGS="build-essential cmake ninja-build pkg-config clang \
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libsodium-dev libutf8proc-dev \
libcmocka-dev libmagic-dev libcairo2-dev libpango1.0-dev libqrencode-dev libxlsxwriter-dev \
libcurl4-openssl-dev libcjose-dev libssl-dev openssl \
fonts-noto-core fonts-dejavu-core poppler-utils zbar-tools unzip \
nodejs wrk curl ca-certificates chromium faketime \
postgresql-15 libpq-dev postgresql-client-15 haproxy python3-aiosmtpd"
if [ "${1:-}" = "fuzz" ]; then
	PKGS="$PKGS clang-14 libclang-rt-14-dev"
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

# npm ships inside nodesource's nodejs; Debian's own nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

if [ -z "$missing" ]; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
