# Sourced by .ci/run: the services the integration tests start on 127.0.0.1 themselves come from
# Debian packages: PostgreSQL (checkpoints, run records, the server's queue) and Redis (the
# server's run streams and worker heartbeats). Installed only when missing.
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || command -v initdb > /dev/null || missing+=(postgresql)
command -v redis-server > /dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
