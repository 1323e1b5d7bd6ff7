#!/usr/bin/env bash
# Model-checks the record protocol (model/protocol.pml, docs/protocol-model.md) with spin:
#  1. the protocol with the engine's fix for issue 11 defect 1: every state is explored and no
#     invariant fails;
#  2. the same model with the fix taken out (-DNO_FIX): spin must find the double execution,
#     which shows that the invariants have teeth. Its trail is printed.
#  3. the script-free protocol designed for format 3 (-DIFEQ, issue 12): every state, no
#     invariant violated; and with the orphan takeover reusing the MULTI's token
#     (-DIFEQ -DSTALE_TOKEN) spin must find the token going back.
# Needs spin and a C compiler (.ci/run installs spin from Debian's package when missing).
# Takes about twenty seconds on two cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v spin >/dev/null || { echo "spin is missing: apt-get install -y spin" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/protocol.pml" "$work/"
cd "$work"

# Exhaustive safety search: assertions and invalid end states; no never claim.
verify() {
  spin -a "$@" protocol.pml >/dev/null
  cc -O2 -w -DSAFETY -DNOCLAIM -DCOLLAPSE -o pan pan.c
  ./pan -m1000000 >pan.out 2>&1 || true
}

# Every state explored and no invariant violated, or the trail and exit 1.
holds() {
  start=$(date +%s)
  verify "$@"
  grep -E "states, stored|errors:" pan.out
  if ! grep -q "errors: 0" pan.out || grep -q "Search not completed" pan.out; then
    cat pan.out
    echo "== the trail:"
    spin -t "$@" protocol.pml | grep -v '^\s*$' | head -60
    echo "model check FAILED: an invariant of the record protocol does not hold" >&2
    exit 1
  fi
  echo "   all states explored, no invariant violated ($(($(date +%s) - start)) s)"
}

echo "== spin: the record protocol with the fix"
holds

echo "== spin: the same model without the fix (-DNO_FIX) must show the double execution"
verify -DNO_FIX
if ! grep -q "assertion violated" pan.out; then
  cat pan.out
  echo "model check FAILED: without the fix spin no longer finds defect 1; the model lost" \
    "its teeth" >&2
  exit 1
fi
grep "assertion violated" pan.out
spin -t -DNO_FIX protocol.pml | grep -E '^\s*t=|assert' | sed 's/^ */   /'

echo "== spin: the IFEQ protocol designed for format 3 (-DIFEQ)"
holds -DIFEQ

echo "== spin: the IFEQ protocol, the orphan taken over with the MULTI's token, must go back"
verify -DIFEQ -DSTALE_TOKEN
if ! grep -q "assertion violated (mytok\[w\]>lastClaim)" pan.out; then
  cat pan.out
  echo "model check FAILED: with -DSTALE_TOKEN spin no longer finds the token going back" >&2
  exit 1
fi
grep "assertion violated" pan.out
echo "== model check passed"
