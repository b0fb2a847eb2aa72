#!/bin/sh
# The role the app instances connect as: it may read and write rows, nothing else (no superuser,
# no CREATE, no DDL, no other database). Tables belong to POSTGRES_USER, which only the one-shot
# `migrate` service uses; default privileges grant the app role each table migrations create.
#
# docker-compose.yml mounts this into /docker-entrypoint-initdb.d/ (run once, on an empty data
# directory); tests/cluster runs it against its throwaway cluster before migrating.
#   POSTGRES_USER, POSTGRES_DB          the owner and the database (set by the postgres image)
#   POSTGRES_APP_USER                   the app role (default authstate_app)
#   POSTGRES_APP_PASSWORD               its password (required)
# psql connects as the image's init phase does; PGHOST/PGPORT select another server.
set -eu
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="${POSTGRES_APP_USER:-authstate_app}" -v app_password="$POSTGRES_APP_PASSWORD" \
  -v owner="$POSTGRES_USER" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app_user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'app_password';
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app_user";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_user";
SQL
