#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: `docker-compose config -q` parses the file,
# checks it against the compose schema and interpolates variables, and needs no daemon for that.
#
# Uses `docker-compose` from PATH when there is one. Otherwise (Debian/Ubuntu only) it fetches
# Debian's docker-compose package (1.29.2 on bookworm) and the python3-* packages it needs that are
# not installed yet with `apt-get download`, unpacks them with `dpkg -x` into a cache directory and
# runs them on the system's /usr/bin/python3. Nothing is installed system-wide; the cache is reused.
#
#   tools/validate-compose.sh [compose-file]      (default: docker-compose.yml at the repo root)
#   COMPOSE_VALIDATE_CACHE=/some/dir              cache location (default /tmp/mooring-docker-compose)
#
# ComposeFileTest runs it in the build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$root/docker-compose.yml}"
cache="${COMPOSE_VALIDATE_CACHE:-/tmp/mooring-docker-compose}"

shown="$file"
project="$(cd "$(dirname "$file")" && pwd)"
# The file needs the .env that tools/init.sh writes (its env_file, its master key and database
# password). Without one, validate a copy beside a .env of dummy values, made as init makes it.
if [ ! -e "$project/.env" ]; then
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    cp "$file" "$scratch/docker-compose.yml"
    printf 'MOORING_MASTER_KEY=%s\nMOORING_DATABASE_PASSWORD=%s\n' \
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= validate-only > "$scratch/.env"
    file="$scratch/docker-compose.yml"
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Prints the command (one word per line) that runs docker-compose.
find_compose() {
    if command -v docker-compose >/dev/null 2>&1; then
        command -v docker-compose
        return
    fi
    local unpacked="$cache/root"
    if [ ! -e "$cache/.done" ]; then
        if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
            echo "validate-compose: no docker-compose on PATH and no apt-get/dpkg to fetch one" >&2
            exit 2
        fi
        # apt-get download needs package lists; fetch them once if this machine has none.
        if ! apt-cache show docker-compose >/dev/null 2>&1; then
            as_root apt-get update -qq >&2
        fi
        rm -rf "$cache" && mkdir -p "$cache/debs"
        [ -x /usr/bin/python3 ] || as_root apt-get install -y -qq python3 >&2
        # docker-compose plus every python3-* package it needs (recursively) that is not installed.
        local needed=(docker-compose) pkg
        while read -r pkg; do
            if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
                needed+=("$pkg")
            fi
        done < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
                    --no-breaks --no-replaces --no-enhances docker-compose \
                 | sed -nE 's/^ *[|]?(Pre)?Depends: <?(python3-[^ :>]+).*/\2/p' | sort -u)
        echo "validate-compose: fetching ${needed[*]}" >&2
        # -o APT::Sandbox::User=root: the cache dir may not be readable by apt's _apt user
        (cd "$cache/debs" && apt-get download -qq -o APT::Sandbox::User=root "${needed[@]}" >&2)
        for deb in "$cache"/debs/*.deb; do
            dpkg -x "$deb" "$unpacked"
        done
        touch "$cache/.done"
    fi
    local bin="$unpacked/usr/bin/docker-compose"
    [ -e "$bin" ] || bin="$unpacked/usr/libexec/docker/cli-plugins/docker-compose"
    if head -c 64 "$bin" | grep -q python; then
        # Debian's Python build of 1.29.x: run its package with the system python and the
        # unpacked dist-packages first on the path.
        # python3-distutils (compose imports it) unpacks to usr/lib/python3.X, not dist-packages.
        local path="$unpacked/usr/lib/python3/dist-packages" dir
        for dir in "$unpacked"/usr/lib/python3.*; do
            [ -d "$dir" ] && path="$path:$dir"
        done
        echo env
        echo "PYTHONPATH=$path${PYTHONPATH:+:$PYTHONPATH}"
        echo /usr/bin/python3
        echo -m
        echo compose
    else
        echo "$bin"
    fi
}

found="$(find_compose)"
mapfile -t compose <<<"$found"

echo "validate-compose: $("${compose[@]}" version --short 2>/dev/null || "${compose[@]}" version | head -1)"
# --project-directory: resolve `build: .` and relative paths against the file's own folder
"${compose[@]}" -f "$file" --project-directory "$(dirname "$file")" config -q
echo "validate-compose: $shown is valid"
