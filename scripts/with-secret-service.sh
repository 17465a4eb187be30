#!/usr/bin/env bash
# Runs CMD inside a private D-Bus session with an unlocked gnome-keyring Secret Service, so the
# OS-keyring tests exercise a real Secret Service. Exits with CMD's status.
#   usage: scripts/with-secret-service.sh CMD [ARG...]
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi
missing=""
command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus"
command -v dbus-send >/dev/null 2>&1 || missing="$missing dbus"
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing="$missing gnome-keyring"
if [ -n "$missing" ]; then
  echo "with-secret-service: missing$missing; install with:" >&2
  echo "  apt-get install -y --no-install-recommends gnome-keyring dbus dbus-x11 libsecret-tools" >&2
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ramwiz-secret-service.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/data" "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
# Tests that find no Secret Service fail instead of skipping when this is set.
export RAMWIZ_REQUIRE_SECRET_SERVICE=1

# The inner script gets CMD as its arguments; its exit status is CMD's.
status=0
# shellcheck disable=SC2016
dbus-run-session -- sh -c '
  printf %s ramwiz-test-keyring | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$XDG_RUNTIME_DIR/gnome-keyring.log" 2>&1 &
  daemon=$!
  stop() { kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null || true; }
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    i=$((i + 1))
    if [ "$i" -ge 50 ] || ! kill -0 "$daemon" 2>/dev/null; then
      echo "with-secret-service: gnome-keyring did not come up within 5 s:" >&2
      cat "$XDG_RUNTIME_DIR/gnome-keyring.log" >&2
      stop
      exit 1
    fi
    sleep 0.1
  done
  status=0
  "$@" || status=$?
  stop
  exit "$status"
' with-secret-service "$@" || status=$?
exit "$status"
