#!/usr/bin/env bash
# Exits 0 when GET http://HOST:PORT/PATH answers 200, 1 otherwise. Needs only
# bash (its /dev/tcp), so it works as the container's health check in an image
# without curl and in `make run` on a fresh machine.
#
#   scripts/http-check.sh [PATH] [HOST:PORT]     defaults: /healthz 127.0.0.1:9464
set -euo pipefail
path=${1:-/healthz}
address=${2:-127.0.0.1:9464}
host=${address%:*}
port=${address##*:}
exec 3<>"/dev/tcp/$host/$port"
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$address" >&3
status=""
IFS= read -r -t 5 status <&3 || true
exec 3<&-
case $status in
    "HTTP/1."?" 200 "*) exit 0 ;;
    *) exit 1 ;;
esac
