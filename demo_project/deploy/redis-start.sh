#!/bin/sh
# Start redis-server with the shipped redis.conf and the password from a secret file, so the
# password appears neither on a command line (ps, docker inspect) nor in Redis' environment.
#
#   REDIS_CONF           the config file            (default /usr/local/etc/redis/redis.conf)
#   REDIS_PASSWORD_FILE  a file holding the password (default /run/secrets/redis_password)
#   REDIS_RUN_DIR        where the generated 0600 include file goes (default /tmp)
# Further arguments go to redis-server (tests/cluster adds --port, --bind, --dir).
set -eu
conf="${REDIS_CONF:-/usr/local/etc/redis/redis.conf}"
password_file="${REDIS_PASSWORD_FILE:-/run/secrets/redis_password}"
include="${REDIS_RUN_DIR:-/tmp}/redis-password.conf"
umask 077
printf 'requirepass "%s"\n' "$(cat "$password_file")" > "$include"
exec redis-server "$conf" --include "$include" "$@"
