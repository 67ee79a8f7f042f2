#!/usr/bin/env bash
# A/B pacing of two payrun builds, alternating, so that both see the same
# machine load: achieved ÷ configured payout-request rate against a sandbox
# (from the NEW build) answering after 100 ms, at 100/s (2,000 rows, 16
# workers) and 500/s (5,000 rows, 64 workers), a fresh ledger per run.
# The rate is read from the ledger's own attempt timestamps.
#
#   bash bench/ab_pacing.sh /tmp/old/target/release/payrun target/release/payrun 2
set -euo pipefail
OLD=$(realpath "$1") NEW=$(realpath "$2") RUNS=${3:-2} PORT=${PORT:-8950}
export PAYRUN_APP_SECRET=sandbox-secret-0001   # the sandbox's public test secret
work=$(mktemp -d)
trap 'kill $sp 2>/dev/null || true; rm -rf "$work"' EXIT
bash "$(dirname "$0")/sheet.sh" 2000 "$work/r2000.csv"
bash "$(dirname "$0")/sheet.sh" 5000 "$work/r5000.csv"
"$NEW" sandbox --bind "127.0.0.1:$PORT" --instant --balance 1000000000 --threads 128 --latency 100ms >/dev/null 2>&1 &
sp=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
rate_of() {
    python3 - "$1" <<'PY'
import sqlite3, sys
from datetime import datetime
c = sqlite3.connect(sys.argv[1])
ts = sorted(datetime.fromisoformat(r[0].replace("Z", "+00:00")) for r in
            c.execute("SELECT started_at FROM attempts WHERE kind = 'payout'"))
print(f"{(len(ts) - 1) / (ts[-1] - ts[0]).total_seconds():.1f}")
PY
}
echo "A/B pacing $(date -u +%FT%TZ) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
n=0
for r in $(seq "$RUNS"); do
    for spec in "100 16 r2000" "500 64 r5000"; do
        read -r rate conc sheet <<<"$spec"
        for side in old new; do
            bin=$OLD; [[ $side == new ]] && bin=$NEW
            n=$((n + 1)); l=$work/$side-$n.sqlite
            "$bin" submit "$work/$sheet.csv" --batch "p$n" --gateway "http://127.0.0.1:$PORT" \
                --merchant 0000000001 --notify-url http://127.0.0.1:9/x --ledger "$l" \
                --rate "$rate/s" --burst 1 --concurrency "$conc" >/dev/null 2>&1 || true
            got=$(rate_of "$l")
            echo "run $r $side ${rate}/s: achieved ${got}/s, ratio $(python3 -c "print(f'{$got/$rate:.3f}')")"
        done
    done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
