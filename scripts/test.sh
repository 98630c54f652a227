#!/usr/bin/env bash
# Runs every GridWatch test: unit, contract, API (real PostgreSQL) and import tests.
# On a fresh machine, as root, it first installs what the tests need from Debian's packages:
# PostGIS for the local PostgreSQL (the resolver is checked against ST_Covers), and Chromium for
# the wall's browser tests (Playwright drives /usr/bin/chromium and downloads no browser).
set -euo pipefail
cd "$(dirname "$0")/.."

pg_major=$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version_num' 2>/dev/null | cut -c1-2 || true)
if [ -n "${pg_major}" ] && ! psql -h 127.0.0.1 -U postgres -Atc \
    "SELECT 1 FROM pg_available_extensions WHERE name='postgis'" 2>/dev/null | grep -q 1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing PostGIS for PostgreSQL ${pg_major} (needed by ResolverMatchesPostgisTest)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "postgresql-${pg_major}-postgis-3" >/dev/null
  else
    echo "PostGIS is missing on the local PostgreSQL: run 'sudo apt-get install postgresql-${pg_major}-postgis-3'" >&2
  fi
fi

if [ ! -x /usr/bin/chromium ] && [ -z "${GRIDWATCH_TEST_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium (needed by the wall's browser tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' (or set GRIDWATCH_TEST_CHROMIUM)" >&2
  fi
fi

exec mvn -B verify "$@"
