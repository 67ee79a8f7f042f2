#!/usr/bin/env bash
# A/B of two payrun builds against a gateway with a quota that answers over
# it with HTTP 429 and `Retry-After: 1` (the sandbox: --rate-limit 50
# --throttle-with 429): 1,000 rows, payrun asked for 100/s with 16 workers,
# a fresh sandbox and ledger per run, alternating. Prints the wall time and,
# from the ledger, the payout requests sent, how many were answered 429, and
# the payouts paid. A build that honours Retry-After sends fewer refused
# requests; what it costs in time is the figure.
#
#   bash bench/ab_retry_after.sh /tmp/old/target/release/payrun target/release/payrun 2
set -euo pipefail
OLD=$(realpath "$1") NEW=$(realpath "$2") RUNS=${3:-2} PORT0=${PORT0:-8980}
export PAYRUN_APP_SECRET=sandbox-secret-0001   # the sandbox's public test secret
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$(dirname "$0")/sheet.sh" 1000 "$work/r1000.csv"
counts() {
    python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sent = c.execute("SELECT count(*) FROM attempts WHERE kind = 'payout'").fetchone()[0]
refused = c.execute("SELECT count(*) FROM attempts WHERE kind = 'payout' AND http_status = 429").fetchone()[0]
queries = c.execute("SELECT count(*) FROM attempts WHERE kind = 'query'").fetchone()[0]
paid = c.execute("SELECT count(*) FROM payouts WHERE state = 'paid'").fetchone()[0]
print(f"payout requests {sent} ({refused} answered 429), queries {queries}, paid {paid}")
PY
}
echo "A/B Retry-After $(date -u +%FT%TZ) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
port=$PORT0
for r in $(seq "$RUNS"); do
    for side in old new; do
        bin=$OLD; [[ $side == new ]] && bin=$NEW
        port=$((port + 1))
        "$NEW" sandbox --bind "127.0.0.1:$port" --instant --balance 1000000000 --threads 32 \
            --rate-limit 50 --throttle-with 429 >/dev/null 2>&1 &
        sp=$!
        for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
        l=$work/$side-$r.sqlite
        start=$(date +%s.%N)
        "$bin" submit "$work/r1000.csv" --batch "ra$r" --gateway "http://127.0.0.1:$port" \
            --merchant 0000000001 --notify-url http://127.0.0.1:9/x --ledger "$l" \
            --rate 100/s --concurrency 16 --grace 2s >"$work/$side-$r.out" 2>&1 || true
        end=$(date +%s.%N)
        kill "$sp" 2>/dev/null || true; wait "$sp" 2>/dev/null || true
        echo "run $r $side: wall $(python3 -c "print(f'{$end-$start:.1f}')") s, $(counts "$l")"
    done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
