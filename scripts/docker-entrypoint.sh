#!/bin/sh
# The Docker image's entry point. The image leaves out the embedded
# PostgreSQL and PGlite that `npm start` falls back to, so without
# DATABASE_URL there is no database: say so plainly instead of failing on a
# missing package. Then run the command (the server, by default) as PID 1,
# so it receives the stop signal itself.
if [ -z "${DATABASE_URL:-}" ]; then
  cat >&2 <<'MESSAGE'
tradegraph: DATABASE_URL is not set. This image has no embedded database; give it a PostgreSQL server:
  docker run -e DATABASE_URL=postgres://user:password@host:5432/tradegraph -p 4000:4000 <image>
or run `docker compose up`, which starts PostgreSQL next to it.
MESSAGE
  exit 64
fi
exec "$@"
