#!/usr/bin/env bash
# The one preparation step before `docker compose up`: writes .env (a copy of .env.example) with a
# fresh random master key and database password, owner-only. Idempotent: an existing .env is never
# touched, because its master key is what decrypts every stored token.
#
#   tools/init.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env_file="$root/.env"

if [ -e "$env_file" ]; then
    if grep -qE '^MOORING_MASTER_KEY=.+' "$env_file"; then
        echo "init: $env_file exists and is kept as it is (back it up: its master key decrypts the stored tokens)"
        exit 0
    fi
    echo "init: $env_file exists but sets no MOORING_MASTER_KEY; add one (openssl rand -base64 32) or move the file away and run again" >&2
    exit 1
fi

random_base64() {
    head -c "$1" /dev/urandom | base64 | tr -d '\n'
}

umask 077
draft="$(mktemp "$root/.env.XXXXXX")"
trap 'rm -f "$draft"' EXIT
sed -e "s|^MOORING_MASTER_KEY=.*|MOORING_MASTER_KEY=$(random_base64 32)|" \
    -e "s|^MOORING_DATABASE_PASSWORD=.*|MOORING_DATABASE_PASSWORD=$(random_base64 24 | tr '+/' '-_')|" \
    "$root/.env.example" > "$draft"
# a hard link fails when .env appeared meanwhile: two runs at once cannot both write one
ln "$draft" "$env_file"
echo "init: wrote $env_file with a new master key and database password (back it up); next: docker compose up --build"
