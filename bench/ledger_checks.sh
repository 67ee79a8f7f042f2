#!/usr/bin/env bash
# bench/ledger_checks.sh [N]: what issue 12's checks cost on a ledger of N
# paid payouts (default 100000): the re-run of a finished batch (PRAGMA
# quick_check, the ledger-loss check has nothing to ask), PRAGMA quick_check
# alone, a new label holding N-1 repeated rows (two indexed lookups per row),
# and `submit --adopt` rebuilding the lost ledger (every row asked about).
# Needs a release build: cargo build --release --locked. GRACE (default 1s)
# is the grace period; the engine's query delay is a tenth of it, at most 0.5 s.
set -euo pipefail
N=${1:-100000}
BIN=${BIN:-target/release/payrun}
GRACE=${GRACE:-1s}
DIR=$(mktemp -d)
trap 'kill "${SBX:-0}" 2>/dev/null || true; rm -rf "$DIR"' EXIT
"$(dirname "$0")/sheet.sh" "$N" "$DIR/r.csv"
# One changed row: not the same sheet, so the repeat check runs.
awk -F, 'NR==2{$5=$5+1}1' OFS=, "$DIR/r.csv" >"$DIR/r2.csv"
"$BIN" sandbox --bind 127.0.0.1:0 --instant --balance 1000000000 --max-orders $((3 * N)) >"$DIR/sbx.out" 2>&1 &
SBX=$!
for _ in $(seq 50); do grep -q listening "$DIR/sbx.out" && break; sleep 0.2; done
URL=$(grep -o 'http://[0-9.:]*' "$DIR/sbx.out" | head -1)
run() { "$BIN" submit "$@" --gateway "$URL" --merchant 0000000001 \
    --notify-url http://127.0.0.1:9/x --ledger "$DIR/l.sqlite" --rate unlimited \
    --concurrency 16 --grace "$GRACE" --report "$DIR/rep.xlsx"; }
export PAYRUN_APP_SECRET=sandbox-secret-0001
t() { local s; s=$(date +%s.%N); "$@" >"$DIR/last.out" 2>&1 || true; echo "$(echo "$(date +%s.%N) - $s" | bc) s"; }
echo "first run, $N rows:          $(t run "$DIR/r.csv" --batch big)"
grep -E "This run" "$DIR/last.out" | sed "s/^/  /" || true
echo "re-run (nothing to send):    $(t run "$DIR/r.csv" --batch big)"
echo "PRAGMA quick_check alone:    $(t sqlite3 "$DIR/l.sqlite" 'PRAGMA quick_check')"
echo "new label, $N held:        $(t run "$DIR/r2.csv" --batch big-2)"
echo "  rows listed as held: $(grep -c 'held, the same' "$DIR/last.out" || true)"
rm -f "$DIR/l.sqlite" "$DIR/l.sqlite-wal" "$DIR/l.sqlite-shm" "$DIR/l.sqlite.lock"
echo "lost ledger, --adopt:        $(t run "$DIR/r.csv" --batch big --adopt)"
grep -E 'This run' "$DIR/last.out" | sed 's/^/  /' || true
