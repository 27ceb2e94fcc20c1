#!/usr/bin/env bash
# Installs the PostgreSQL server for the SQL back end's tests (tests/PolicyRules.Sql.Tests start a throwaway
# cluster with initdb and pg_ctl) when it is missing. CI runs on a machine that has only the .NET SDK, as root.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
  echo "install-postgres: PostgreSQL server already installed ($(ls -d /usr/lib/postgresql/*/bin | head -n 1))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-postgres: PostgreSQL server missing; run as root, or: sudo apt-get install -y postgresql" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends postgresql
# The Debian package creates and starts a default cluster; the tests start their own, so stop it.
if command -v pg_lsclusters > /dev/null; then
  pg_lsclusters -h | while read -r version name _; do pg_ctlcluster "$version" "$name" stop || true; done
fi
ls /usr/lib/postgresql/*/bin/initdb
