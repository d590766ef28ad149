#!/usr/bin/env bash
# Services the test suite uses, from Debian's packages: PostgreSQL (the memory stores'
# tests), Redis (the BullMQ queue's tests) and Chromium (the dashboard's browser test).
# Source this file, then call services_install and services_start; it exports the
# variables the tests read.

services_install() {
  local need=()
  command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

services_start() {
  # PostgreSQL: a throwaway cluster on 127.0.0.1:55432, owned by the postgres user
  # (pg_ctl refuses to run as root). A server already answering there is reused.
  local bin data=/tmp/agno-pg-data
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p 55432; then
    rm -rf "$data"
    mkdir -p "$data"
    chown postgres:postgres "$data"
    su postgres -c "$bin/initdb -D $data -A trust -U postgres" >/dev/null
    su postgres -c "$bin/pg_ctl -D $data -o '-c listen_addresses=127.0.0.1 -p 55432 -k /tmp' -l /tmp/agno-pg.log -w start" >/dev/null
  fi
  export PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres PGDATABASE=postgres
  export DATABASE_URL="postgres://postgres@127.0.0.1:55432/postgres"
  export CHROMIUM_PATH=/usr/bin/chromium

  # Redis: a daemon on 127.0.0.1:56379 with an append-only file under /tmp (fsync on every
  # write, so queued jobs survive a restart). A server already answering there is reused.
  local rdata=/tmp/agno-redis-data
  if ! redis-cli -h 127.0.0.1 -p 56379 ping >/dev/null 2>&1; then
    mkdir -p "$rdata"
    redis-server --bind 127.0.0.1 --port 56379 --daemonize yes --dir "$rdata" \
      --appendonly yes --appendfsync always --save '' --protected-mode yes \
      --logfile /tmp/agno-redis.log --pidfile /tmp/agno-redis.pid
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p 56379 ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  fi
  export REDIS_URL=redis://127.0.0.1:56379
}
