#!/usr/bin/env bash
# The "faulty gateway must not stall the run" figure of docs/benchmarks.md (issue 15):
# N rows at --rate R with --grace G against a sandbox that answers 5% of requests
# HTTP 503 before processing. Target: the run ends within N/R + G + 10 s.
# Median and min-max of $RUNS repetitions per binary; each repetition has a fresh
# sandbox (its own seed) and ledger on 127.0.0.1.
#
#   bash bench/stall_bench.sh                                   # this tree's release build
#   bash bench/stall_bench.sh OLD_BIN target/release/payrun     # A/B, alternating
#   RUNS=3 ROWS=200 RATE=20 GRACE=60 bash bench/stall_bench.sh  # the issue's first report
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5} ROWS=${ROWS:-400} RATE=${RATE:-20} GRACE=${GRACE:-15} ERROR_RATE=${ERROR_RATE:-0.05}
PORT0=${PORT0:-8960}
if (($# == 0)); then
    cargo build --release --locked --quiet --bin payrun
    set -- target/release/payrun
fi
bins=()
for b in "$@"; do bins+=("$(realpath "$b")"); done
SANDBOX=${bins[-1]}   # the sandbox of the last (newest) build serves every run
export PAYRUN_APP_SECRET=sandbox-secret-0001   # the sandbox's public test secret
work=$(mktemp -d)
sp=
cleanup() {
    [[ -n $sp ]] && { kill "$sp" 2>/dev/null || true; wait "$sp" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT
bash bench/sheet.sh "$ROWS" "$work/rows.csv"
target=$(python3 -c "print($ROWS / $RATE + $GRACE + 10)")
echo "stall benchmark $(date -u +%FT%TZ) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rows=$ROWS rate=$RATE/s grace=${GRACE}s 503 rate=$ERROR_RATE runs=$RUNS target=${target}s"
declare -A walls
port=$PORT0
for r in $(seq "$RUNS"); do
    for i in "${!bins[@]}"; do
        bin=${bins[$i]}
        port=$((port + 1))
        "$SANDBOX" sandbox --bind "127.0.0.1:$port" --instant --balance 1000000000 --threads 32 \
            --error-rate "$ERROR_RATE" --seed "$r" >"$work/sandbox-$port.log" 2>&1 &
        sp=$!
        for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
        d=$work/$i-$r
        mkdir -p "$d"
        rc=0
        /usr/bin/time -f "%e %M" -o "$d/time" "$bin" submit "$work/rows.csv" --batch stall \
            --gateway "http://127.0.0.1:$port" --merchant 0000000001 --notify-url http://127.0.0.1:9/x \
            --ledger "$d/l.sqlite" --rate "$RATE/s" --grace "${GRACE}s" >"$d/out" 2>&1 || rc=$?
        read -r wall rss <"$d/time"
        walls[$i]+="$wall "
        sends=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*), SUM(http_status = 503) FROM attempts WHERE kind = '"'payout'"'").fetchone())' "$d/l.sqlite")
        echo "run $r build $i ($bin): exit $rc, wall ${wall}s, peak RSS ${rss} KiB, (payout attempts, 503s)=$sends; $(grep -m1 'This run' "$d/out" | sed 's/^This run: //')"
        grep -m1 '^Uncertain' "$d/out" || true
        kill "$sp"; wait "$sp" 2>/dev/null || true; sp=
    done
done
echo
for i in "${!bins[@]}"; do
    python3 - "${bins[$i]}" "$target" ${walls[$i]} <<'PY'
import statistics, sys
b, target, vals = sys.argv[1], float(sys.argv[2]), [float(v) for v in sys.argv[3:]]
m = statistics.median(vals)
print(f"{b}: median {m:.1f} s, min-max {min(vals):.1f}-{max(vals):.1f} s (n={len(vals)}: {' '.join(sys.argv[3:])}); target {target:.0f} s: {'met' if m <= target else 'MISSED'}")
PY
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
