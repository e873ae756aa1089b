#!/bin/sh
# `make run`: initializes ./var on first use (Hanoi's units, the admin, the demo accounts) and
# starts the server in the foreground. Stop it with Ctrl-C (SIGINT drains requests cleanly).
set -eu
cd "$(dirname "$0")/.."
DATA="${MOTCUA_DATA_DIR:-./var}"
LISTEN="${MOTCUA_LISTEN:-127.0.0.1:8080}"
DEMO_PASSWORD="motcua-demo"
# The demo's signing keys (docs/signing.md) are sealed under a secret made here once and kept in
# the data directory: acceptable for a demo only. In production MOTCUA_KEY_SECRET comes from the
# service's environment and never lives beside the database.
SECRET_FILE="$DATA/demo-key-secret"
if [ ! -f "$DATA/motcua.db" ]; then
	MOTCUA_ADMIN_PASSWORD="${MOTCUA_ADMIN_PASSWORD:-$DEMO_PASSWORD}" ./build/motcua init --data "$DATA"
	if [ -z "${MOTCUA_KEY_SECRET:-}" ]; then
		(umask 077 && openssl rand -base64 32 >"$SECRET_FILE")
	fi
	if [ -z "${MOTCUA_KEY_SECRET:-}" ]; then
		MOTCUA_KEY_SECRET=$(cat "$SECRET_FILE")
	fi
	MOTCUA_KEY_SECRET="$MOTCUA_KEY_SECRET" MOTCUA_DEMO_PASSWORD="$DEMO_PASSWORD" \
		./build/motcua demo --data "$DATA"
fi
if [ -z "${MOTCUA_KEY_SECRET:-}" ] && [ -f "$SECRET_FILE" ]; then
	MOTCUA_KEY_SECRET=$(cat "$SECRET_FILE")
fi
if [ -n "${MOTCUA_KEY_SECRET:-}" ]; then
	export MOTCUA_KEY_SECRET
fi
cat <<EOM

  motcua — Trung tâm Phục vụ hành chính công thành phố Hà Nội
  URL:     http://$LISTEN/
  API:     http://$LISTEN/api/v1/health
  Demo logins (password "$DEMO_PASSWORD" unless MOTCUA_ADMIN_PASSWORD was set for admin):
    admin               quản trị hệ thống (UBND thành phố)
    quanly.trungtam     quản lý Trung tâm PVHCC
    tiepnhan.hoankiem   cán bộ tiếp nhận, Điểm phục vụ phường Hoàn Kiếm
    tiepnhan.cuanam     cán bộ tiếp nhận, Điểm phục vụ phường Cửa Nam
    tiepnhan.badinh     cán bộ tiếp nhận, Điểm phục vụ phường Ba Đình
    xuly.hoankiem       cán bộ xử lý, UBND phường Hoàn Kiếm
    lanhdao.hoankiem    lãnh đạo (phê duyệt), UBND phường Hoàn Kiếm
    quanly.hoankiem     quản lý, UBND phường Hoàn Kiếm
    xuly.cuanam, lanhdao.cuanam   cán bộ xử lý, lãnh đạo UBND phường Cửa Nam
    tiepnhan.trungtam   cán bộ tiếp nhận hồ sơ trực tuyến, Trung tâm PVHCC
    001190012345        công dân Nguyễn Thị Hằng (hồ sơ của tôi, nộp trực tuyến)
    001085004321        công dân Trần Văn Nam

EOM
exec ./build/motcua serve --data "$DATA" --listen "$LISTEN"
