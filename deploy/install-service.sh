#!/bin/sh
# Installs @NAME@ (unpacked in /opt/@NAME@) as a systemd service running as the dedicated user "srs".
# Run as root: sudo /opt/@NAME@/install-service.sh   (again after an upgrade: keeps /etc/@NAME@/@SHORT@.conf)
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ "$HERE" != "/opt/@NAME@" ]; then
  echo "install-service.sh: unpack the package into /opt first (tar xzf @NAME@-*.tar.gz -C /opt); found in $HERE" >&2
  exit 1
fi
[ "$(id -u)" -eq 0 ] || { echo "install-service.sh: run as root (sudo)" >&2; exit 1; }
if ! getent passwd srs >/dev/null; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group srs
fi
if [ ! -f /etc/@NAME@/@SHORT@.conf ]; then
  install -D -m 644 "$HERE/@SHORT@.conf" /etc/@NAME@/@SHORT@.conf
fi
install -D -m 644 "$HERE/@NAME@.service" /etc/systemd/system/@NAME@.service
systemctl daemon-reload
systemctl enable @NAME@.service
systemctl restart @NAME@.service
systemctl --no-pager --lines=5 status @NAME@.service || true
