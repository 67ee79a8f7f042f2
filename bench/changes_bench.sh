#!/usr/bin/env bash
# bench/changes_bench.sh [N]: what "changes since the last payroll" adds to
# `payrun check` for an N-row sheet (default 100,000) against a ledger holding
# 3 paid batches of N payouts (1% of wallets and 1 in 7 amounts changed).
# Prints the in-process read + compare times (examples/changes_bench.rs) and
# the whole `payrun check` with and without the ledger, 5 runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
cargo build --release --quiet --example changes_bench --bin payrun
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash bench/sheet.sh "$N" "$work/sheet.csv"
./target/release/examples/changes_bench "$work/ledger.sqlite" "$N" 3
run() { # label, then the command
  local label="$1"; shift
  local times=()
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc)")
  done
  printf '%s: %s\n' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
}
run "check, no ledger (s, sorted)" ./target/release/payrun check "$work/sheet.csv" --report "$work/a.check.csv" --ledger "$work/none.sqlite"
run "check, 3 x $N paid (s, sorted)" ./target/release/payrun check "$work/sheet.csv" --report "$work/b.check.csv" --ledger "$work/ledger.sqlite"
uptime
