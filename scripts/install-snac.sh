#!/bin/sh
# Installs snac2 (a small ActivityPub server with a Mastodon client API) from Debian's
# bookworm-backports suite, for the end-to-end tests (test/e2e/snac.test.ts).
#
# The backports entry is derived from the machine's own apt sources: the URIs (and Signed-By key)
# of the entry that serves the `bookworm` suite with the `main` component are copied into a new
# deb822 entry for `bookworm-backports`. No mirror host name is written here, so the script uses
# whatever mirror (or proxy, or snapshot) the machine is already configured for.
#
# Idempotent: does nothing when `snac` is already installed. Needs root (apt-get).
set -eu

if command -v snac >/dev/null 2>&1; then
  echo "install-snac: snac is already installed ($(command -v snac)); nothing to do."
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-snac: run as root (it calls apt-get)." >&2
  exit 1
fi

TARGET=/etc/apt/sources.list.d/leave-platform-bookworm-backports.sources

# deb822 files: print "URIS<TAB>SIGNED_BY" for each stanza whose Suites has `bookworm` and whose
# Components has `main`. Stanzas are separated by blank lines; comment lines are ignored.
from_deb822() {
  awk '
    function flush() {
      if (uris != "" && suites ~ /(^| )bookworm( |$)/ && comps ~ /(^| )main( |$)/ && types ~ /(^| )deb( |$)/)
        printf "%s\t%s\n", uris, signed
      uris = ""; suites = ""; comps = ""; signed = ""; types = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    {
      key = $1; sub(/:$/, "", key); $1 = ""; sub(/^[ \t]+/, "", $0)
      if (key == "URIs") uris = $0
      else if (key == "Suites") suites = $0
      else if (key == "Components") comps = $0
      else if (key == "Signed-By") signed = $0
      else if (key == "Types") types = $0
    }
    END { flush() }
  ' "$@"
}

# One-line format: `deb [options] URI bookworm main ...`.
from_one_line() {
  awk '
    /^[ \t]*deb[ \t]/ {
      i = 2
      if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      uri = $i; suite = $(i + 1)
      main = 0
      for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
      if (suite == "bookworm" && main) printf "%s\t\n", uri
    }
  ' "$@"
}

FOUND=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  [ "$f" = "$TARGET" ] && continue
  FOUND="$(from_deb822 "$f" | head -n 1)"
  [ -n "$FOUND" ] && break
done
if [ -z "$FOUND" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    FOUND="$(from_one_line "$f" | head -n 1)"
    [ -n "$FOUND" ] && break
  done
fi
if [ -z "$FOUND" ]; then
  echo "install-snac: no apt source serves Debian bookworm main on this machine; cannot derive bookworm-backports." >&2
  exit 1
fi

URIS="$(printf '%s' "$FOUND" | cut -f1)"
SIGNED_BY="$(printf '%s' "$FOUND" | cut -f2)"

{
  echo "# Added by leave-platform scripts/install-snac.sh (derived from this machine's bookworm entry)."
  echo "Types: deb"
  echo "URIs: $URIS"
  echo "Suites: bookworm-backports"
  echo "Components: main"
  if [ -n "$SIGNED_BY" ]; then echo "Signed-By: $SIGNED_BY"; fi
} > "$TARGET"
echo "install-snac: wrote $TARGET"

export DEBIAN_FRONTEND=noninteractive
apt-get update
# --no-install-recommends: snac2 recommends a web server (apache2) the tests do not need.
apt-get install -y --no-install-recommends -t bookworm-backports snac2
echo "install-snac: installed $(command -v snac)"
