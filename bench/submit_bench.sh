#!/usr/bin/env bash
# Reproduces the "submit: pacing, throughput, re-runs" figures of docs/benchmarks.md:
# median and min-max of $RUNS repetitions, peak RSS of each payrun run, and a Python
# baseline (bench/throughput_baseline.py) for unthrottled throughput.
#
#   bash bench/submit_bench.sh                          # 5 runs, 100,000-row re-run
#   RUNS=3 RERUN_ROWS=20000 bash bench/submit_bench.sh  # quicker
#   SECTIONS=rerun bash bench/submit_bench.sh           # only some of: pacing throughput rerun
#
# Loopback only: every sandbox binds 127.0.0.1 on its own port and is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
RERUN_ROWS=${RERUN_ROWS:-100000}
SECTIONS=${SECTIONS:-pacing throughput rerun}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
PORT0=${PORT0:-8720}
cargo build --release --locked --quiet --bin payrun
B=$PWD/target/release/payrun
export PAYRUN_APP_SECRET=sandbox-secret-0001   # the sandbox's public test secret
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
port=$PORT0

# Sheets: N rows, distinct wallets ending 42 (no sandbox failure rule applies).
sheet() { bash bench/sheet.sh "$1" "$2"; }
for n in 400 2000 5000 20000 "$RERUN_ROWS"; do [[ -f $work/r$n.csv ]] || sheet "$n" "$work/r$n.csv"; done

# sandbox ARGS...: starts a sandbox on the next port, sets URL, waits (at most 10 s) for it.
sandbox() {
    port=$((port + 1))
    "$B" sandbox --bind "127.0.0.1:$port" --instant --balance 1000000000 "$@" \
        >"$work/sandbox-$port.log" 2>&1 &
    pids+=($!)
    URL=http://127.0.0.1:$port
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "sandbox on $port did not start" >&2
    cat "$work/sandbox-$port.log" >&2
    exit 1
}
stop_sandbox() { kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; }
common() { echo --gateway "$URL" --merchant 0000000001 --notify-url http://127.0.0.1:9/x; }

# timed OUT ARGS...: runs ARGS under /usr/bin/time; sets WALL (s) and RSS (KiB); output in OUT.
timed() {
    local out=$1
    shift
    local rc=0
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$out" 2>&1 || rc=$?
    read -r WALL RSS <"$work/time"
    if ((rc != 0)); then
        echo "command failed (exit $rc): $*" >&2
        tail -20 "$out" >&2
        exit 1
    fi
}
# achieved LEDGER LABEL: (payout attempts - 1) / (last - first attempt start), in /s.
achieved() {
    python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n, span = db.execute("""SELECT COUNT(*), (julianday(MAX(a.started_at)) - julianday(MIN(a.started_at))) * 86400
  FROM attempts a JOIN payouts p ON p.id = a.payout_id JOIN batches b ON b.id = p.batch_id
  WHERE a.kind = 'payout' AND b.label = ?""", (sys.argv[2],)).fetchone()
print(f"{(n - 1) / span:.3f} {n}")
PY
}
# stats NAME UNIT VALUES...: median and min-max.
stats() {
    python3 - "$@" <<'PY'
import statistics, sys
name, unit, vals = sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3:]]
print(f"{name:<44} median {statistics.median(vals):>10.3f} {unit:<4} min-max {min(vals):.3f}-{max(vals):.3f}  (n={len(vals)}: {' '.join(sys.argv[3:])})")
PY
}
maxof() { printf '%s\n' "$@" | sort -n | tail -1; }
results=()

echo "payrun submit benchmark: $(date -u +%FT%TZ), nproc=$(nproc), runs=$RUNS, load: $(cut -d' ' -f1-3 /proc/loadavg)"

# (a) Pacing: a sandbox answering after 100 ms; one fresh sandbox and ledger per repetition.
declare -A ratio rss_p
want pacing && for r in $(seq "$RUNS"); do
    sandbox --threads 128 --latency 100ms
    for spec in "20 400 8" "100 2000 16" "500 5000 64"; do
        read -r rate rows conc <<<"$spec"
        timed "$work/p$rate-$r.out" "$B" submit "$work/r$rows.csv" --batch "p$rate" $(common) \
            --ledger "$work/p$r.sqlite" --rate "$rate/s" --burst 1 --concurrency "$conc"
        read -r got n < <(achieved "$work/p$r.sqlite" "p$rate")
        ratio[$rate]+="$(python3 -c "print(f'{$got / $rate:.4f}')") "
        rss_p[$rate]+="$RSS "
        echo "  run $r pacing $rate/s: $n attempts, achieved $got/s, wall ${WALL}s, RSS ${RSS} KiB"
    done
    stop_sandbox
done
want pacing && for rate in 20 100 500; do
    results+=("$(stats "pacing $rate/s: achieved / configured" "" ${ratio[$rate]})")
    results+=("$(stats "pacing $rate/s: payrun peak RSS" "KiB" ${rss_p[$rate]})")
done

# (b) + (c) Unthrottled throughput, 20,000 rows, 32 workers, durable ledger; then the Python
# baseline against the same sandbox (fresh tradeNos). One fresh sandbox per repetition.
tp=() tp_rss=() bl=() ratios=()
want throughput && for r in $(seq "$RUNS"); do
    sandbox --threads 64
    timed "$work/u$r.out" "$B" submit "$work/r20000.csv" --batch "u$r" $(common) \
        --ledger "$work/u$r.sqlite" --rate unlimited --concurrency 32 --request-timeout 1s --grace 2s
    t=$(python3 -c "print(f'{20000 / $WALL:.1f}')")
    tp+=("$t") tp_rss+=("$RSS")
    read -r n secs b bad < <(python3 bench/throughput_baseline.py "$work/r20000.csv" "$URL" "PYBL${r}x" 32)
    ((bad == 0)) || echo "  warning: baseline run $r: $bad payouts not answered 0000" >&2
    bl+=("$b")
    ratios+=("$(python3 -c "print(f'{$t / $b:.3f}')")")
    echo "  run $r throughput: payrun ${t}/s (${WALL}s, RSS ${RSS} KiB, $(grep -m1 'This run' "$work/u$r.out" || true)); python baseline ${b}/s (${secs}s, $bad not 0000)"
    stop_sandbox
done
if want throughput; then
    results+=("$(stats "throughput 20,000 rows: payrun payouts/s" "/s" "${tp[@]}")")
    results+=("$(stats "throughput 20,000 rows: payrun peak RSS" "KiB" "${tp_rss[@]}")")
    results+=("$(stats "throughput 20,000 rows: python baseline /s" "/s" "${bl[@]}")")
    results+=("$(stats "throughput: payrun / baseline (per run)" "x" "${ratios[@]}")")
fi

if want rerun; then
    # (d) Re-run of a completed $RERUN_ROWS-row batch: nothing left to send.
    sandbox --threads 64
    timed "$work/big.out" "$B" submit "$work/r$RERUN_ROWS.csv" --batch big $(common) \
        --ledger "$work/big.sqlite" --rate unlimited --concurrency 32 --request-timeout 1s --grace 2s
    echo "  first run of $RERUN_ROWS rows: ${WALL}s, $(python3 -c "print(f'{$RERUN_ROWS / $WALL:.1f}')")/s, RSS ${RSS} KiB"
    results+=("first run $RERUN_ROWS rows (single): ${WALL}s, $(python3 -c "print(f'{$RERUN_ROWS / $WALL:.1f}')")/s, peak RSS ${RSS} KiB")
    # The sandbox's own count of API calls, before and after the re-runs.
    api_requests() {
        python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + "/_sandbox/ledger"))["totals"]["api_requests"])' "$URL"
    }
    before=$(api_requests)
    rr=() rr_rss=() reqs=()
    for r in $(seq "$RUNS"); do
        timed "$work/rerun$r.out" "$B" submit "$work/r$RERUN_ROWS.csv" --batch big $(common) --ledger "$work/big.sqlite"
        line=$(grep -m1 'This run' "$work/rerun$r.out" || true)
        # "This run: N payout requests, Q queries, ...": requests = N + Q.
        req=$(sed -nE 's/.*This run: ([0-9,]+) payout requests?, ([0-9,]+) quer.*/\1 \2/p' <<<"$line" | tr -d , |
            awk '{ print $1 + $2 }')
        rr+=("$WALL") rr_rss+=("$RSS") reqs+=("${req:-?}")
        echo "  re-run $r: ${WALL}s, RSS ${RSS} KiB, ${line:-$(tail -3 "$work/rerun$r.out" | tr '\n' ' ')}"
    done
    after=$(api_requests)
    stop_sandbox
    results+=("$(stats "re-run of $RERUN_ROWS rows: seconds" "s" "${rr[@]}")")
    results+=("$(stats "re-run of $RERUN_ROWS rows: payrun peak RSS" "KiB" "${rr_rss[@]}")")
    results+=("re-run requests per run (payrun's count): ${reqs[*]}; API calls the sandbox received during all re-runs: $((after - before))")
fi

echo
echo "== summary: nproc=$(nproc), runs=$RUNS, $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${results[@]}"
