#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (if not running) and gives the postgres user a password for
# TCP logins on 127.0.0.1. Idempotent; used by .ci/run and by developers.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver *main"; then
  pg_createcluster "$ver" main >/dev/null
fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
su postgres -c "cd / && psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
