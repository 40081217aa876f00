#!/usr/bin/env bash
# Proves the package works as a user installs it, away from the clone (called once by .ci/run):
#   1. builds, then `npm pack`s the tarball and checks what it holds (dist/leave-platform.js prebuilt, bin, schema; no
#      tests, fixtures, sources or source maps) and prints the listing with its size;
#   2. installs the tarball globally into an empty prefix (`npm install -g --prefix`), which installs the
#      runtime dependencies only: no devDependencies, no build;
#   3. from an empty directory outside the clone runs `leave-platform --version`, `--help`, `inspect` and
#      `import --dry-run` (the README quick start) on a copy of fixtures/twitter-sample.zip;
#   4. installs the clone itself (`npm install -g .`, as the README says, after `npm ci`) into another
#      empty prefix and runs `leave-platform --version` and `inspect` from that directory too.
# The dry run goes through every read but must not reach the internet: it runs in a network namespace of
# its own with no interface up (unshare(1), util-linux), where every lookup fails at once, as offline.
# Needs Linux with unshare allowed (root, or unprivileged user namespaces). Fails loudly, exit 1.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# npm keeps the user's own home (cache, config); only the CLI runs below as a clean user with a home of its own.
npm_home="$HOME"

fail() {
  echo "check-packed-install: FAILED: $*" >&2
  exit 1
}

# Node looks for packages in every node_modules above a file: one above the work directory (a
# /tmp/node_modules left by someone) would supply a dependency the package forgot to declare. Use the
# first temporary directory with none above it.
no_node_modules_above() {
  local d="$1"
  while [[ "$d" != "/" ]]; do
    [[ -e "$d/node_modules" ]] && return 1
    d="$(dirname "$d")"
  done
  [[ ! -e /node_modules ]]
}
base=""
for candidate in "${TMPDIR:-/tmp}" /tmp /var/tmp; do
  candidate="$(cd "$candidate" 2>/dev/null && pwd -P)" || continue
  if no_node_modules_above "$candidate"; then base="$candidate"; break; fi
done
[[ -n "$base" ]] || fail "every temporary directory (\$TMPDIR, /tmp, /var/tmp) has a node_modules above it; set TMPDIR to one that has none"
work="$(mktemp -d "$base/lp-packed.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Runs a command, keeping its output in $work/out and $work/err; on an exit code not in $1 shows both.
run() {
  local allowed="$1"
  shift
  local code=0
  "$@" >"$work/out" 2>"$work/err" || code=$?
  if [[ " $allowed " != *" $code "* ]]; then
    echo "--- stdout of: $*" >&2
    cat "$work/out" >&2
    echo "--- stderr" >&2
    cat "$work/err" >&2
    fail "\`$*\` exited $code (expected: $allowed)"
  fi
}

expect_out() {
  grep -Eq -- "$1" "$work/out" || {
    cat "$work/out" "$work/err" >&2
    fail "output does not match /$1/"
  }
}

# No network for the dry run: a new network namespace (as root), else a new user and network namespace.
if unshare --net true 2>/dev/null; then
  offline=(unshare --net)
elif unshare --user --map-root-user --net true 2>/dev/null; then
  offline=(unshare --user --map-root-user --net)
else
  fail "unshare(1) cannot make a network namespace here; the dry run must not reach the internet"
fi

cd "$root"
echo "== build, then npm pack"
# The build once, explicitly; --ignore-scripts so that pack does not run `prepare` (the same build) again.
run 0 npm run build
run 0 npm pack --ignore-scripts --json --pack-destination "$work"
pack="$work/pack.json"
cp "$work/out" "$pack"

# The listing and its size, and what must (not) be in it.
node - "$pack" <<'EOF'
const fs = require('node:fs');
const [info] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const paths = info.files.map((f) => f.path);
for (const f of info.files) console.log(`${String(f.size).padStart(8)}  ${f.path}`);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`${info.filename}: ${info.entryCount} files, ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked`);
const problems = [];
for (const needed of ['package.json', 'README.md', 'bin/leave-platform.js', 'dist/leave-platform.js', 'schema/model.schema.json', 'schema/batch.schema.json']) {
  if (!paths.includes(needed)) problems.push(`missing ${needed}`);
}
// dist/ ships as the one bundle the bin loads (scripts/bundle.mjs), not tsc's module tree.
const unwanted = /^(src|test|fixtures|bench|scripts|\.ci|\.tmp|node_modules)\/|^dist\/(?!leave-platform\.js$)|\.map$|\.ts$|^tsconfig|^vitest/;
for (const p of paths) if (unwanted.test(p)) problems.push(`should not ship ${p}`);
if (problems.length) {
  console.error(`check-packed-install: FAILED: the package holds the wrong files:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
EOF
tarball="$work/$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename)' "$pack")"
[[ -f "$tarball" ]] || fail "npm pack wrote no $tarball"

echo "== npm install -g --prefix (empty) $(basename "$tarball")"
prefix="$work/prefix"
mkdir -p "$prefix"
run 0 npm install -g --prefix "$prefix" --no-audit --no-fund "$tarball"
installed="$prefix/lib/node_modules/leave-platform"
[[ -x "$prefix/bin/leave-platform" ]] || fail "no $prefix/bin/leave-platform after the install"
[[ -f "$installed/dist/leave-platform.js" ]] || fail "the installed package has no dist/leave-platform.js (it must ship prebuilt)"
[[ ! -e "$installed/node_modules/typescript" ]] || fail "a devDependency (typescript) was installed"

echo "== run from an empty directory outside the clone"
elsewhere="$work/Downloads"
mkdir -p "$elsewhere"
cp "$root/fixtures/twitter-sample.zip" "$elsewhere/"
cd "$elsewhere"
# A clean user: its own home, no state or config from the machine, no testing options.
export HOME="$work/home" XDG_STATE_HOME="$work/home/state" XDG_CONFIG_HOME="$work/home/config" NO_COLOR=1
unset LEAVE_PLATFORM_CONNECT_TO LEAVE_PLATFORM_ALLOW_PRIVATE_NETWORK LEAVE_PLATFORM_ALLOW_HTTP LEAVE_PLATFORM_TOKEN
export PATH="$prefix/bin:$PATH"
[[ "$(command -v leave-platform)" == "$prefix/bin/leave-platform" ]] || fail "leave-platform on PATH is $(command -v leave-platform), not the installed one"

version="$(node -p 'require(process.argv[1]).version' "$root/package.json")"
run 0 leave-platform --version
[[ "$(cat "$work/out")" == "$version" ]] || fail "--version printed '$(cat "$work/out")', not $version"
echo "leave-platform --version: $version"

run 0 leave-platform --help
expect_out '^Usage: leave-platform'
expect_out 'inspect'
expect_out 'import'
echo "leave-platform --help: ok"

run 0 leave-platform inspect twitter-sample.zip
expect_out '^Platform: +twitter'
expect_out '^Contacts: +39'
echo "leave-platform inspect twitter-sample.zip: ok"

# The manifest's schema ships in the package and is found from the bundle: a wrong field is named, exit 2.
printf '%s\n' '{"version":1,"rows":[{"id":"a","archives":["twitter-sample.zip"],"to":"me@example.social","postz":true}]}' > manifest.json
run 2 "${offline[@]}" leave-platform batch manifest.json --dry-run
grep -Eq 'row a, field postz: is not a field' "$work/err" || { cat "$work/out" "$work/err" >&2; fail "batch did not name the manifest's wrong field"; }
echo "leave-platform batch (a manifest with a wrong field): ok"

# Exit 3 is allowed: offline, contacts whose servers cannot be reached are a run left incomplete.
run "0 3" "${offline[@]}" leave-platform import twitter-sample.zip --dry-run --report plan.html
expect_out 'nothing was sent'
[[ -s plan.html ]] || fail "import --dry-run --report plan.html wrote no report"
echo "leave-platform import twitter-sample.zip --dry-run (no network): ok"

echo "== npm install -g . (the clone, after npm ci) into another empty prefix"
cd "$root"
clone_prefix="$work/clone-prefix"
mkdir -p "$clone_prefix"
# `prepare` builds again here (npm runs it for a folder install); the clone's node_modules serve it.
run 0 env HOME="$npm_home" npm install -g --prefix "$clone_prefix" --no-audit --no-fund .
cd "$elsewhere"
run 0 "$clone_prefix/bin/leave-platform" --version
[[ "$(cat "$work/out")" == "$version" ]] || fail "the clone install's --version printed '$(cat "$work/out")', not $version"
run 0 "$clone_prefix/bin/leave-platform" inspect twitter-sample.zip
expect_out '^Contacts: +39'
echo "npm install -g . from the clone: ok"

echo "check-packed-install: the packed package installs and runs from anywhere."
