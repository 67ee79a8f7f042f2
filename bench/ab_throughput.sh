#!/usr/bin/env bash
# A/B throughput of two payrun builds, alternating, so that both see the same
# machine load: 20,000 rows, --rate unlimited, 32 workers, the durable ledger,
# a fresh sandbox (from the NEW build) and ledger per run, on 127.0.0.1.
# payrun's own CPU time (user + sys) is printed beside the wall time: it is
# far less moved by other work on a shared machine than the wall time is.
#
#   git worktree add /tmp/old 4fc4eb7 && (cd /tmp/old && cargo build --release --bin payrun)
#   cargo build --release --bin payrun
#   bash bench/ab_throughput.sh /tmp/old/target/release/payrun target/release/payrun 4
set -euo pipefail
OLD=$(realpath "$1") NEW=$(realpath "$2") RUNS=${3:-4} PORT0=${PORT0:-8900}
export PAYRUN_APP_SECRET=sandbox-secret-0001   # the sandbox's public test secret
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$(dirname "$0")/sheet.sh" 20000 "$work/r20k.csv"
port=$PORT0
echo "A/B $(date -u +%FT%TZ) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
    for side in old new; do
        bin=$OLD; [[ $side == new ]] && bin=$NEW
        port=$((port + 1))
        "$NEW" sandbox --bind "127.0.0.1:$port" --instant --balance 1000000000 --threads 64 >/dev/null 2>&1 &
        sp=$!
        for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
        d=$work/$side-$r
        mkdir -p "$d"
        # A home of its own per run: the ports repeat from one invocation to
        # the next, and a batch's mark in ~/.local/share/payrun from an
        # earlier run at the same address makes a new ledger ask the gateway
        # about every payout first (as it must after a lost ledger).
        HOME=$d /usr/bin/time -f "%e %M %U %S" -o "$d/time" "$bin" submit "$work/r20k.csv" --batch u \
            --gateway "http://127.0.0.1:$port" --merchant 0000000001 --notify-url http://127.0.0.1:9/x \
            --ledger "$d/l.sqlite" --rate unlimited --concurrency 32 --request-timeout 1s --grace 2s >"$d/out" 2>&1
        read -r wall rss usr sys <"$d/time"
        cpu=$(python3 -c "print(f'{$usr + $sys:.2f}')")
        echo "run $r $side: wall ${wall}s, peak RSS ${rss} KiB, cpu ${cpu}s, $(grep -m1 'This run' "$d/out" | sed 's/.*; //')"
        kill "$sp"; wait "$sp" 2>/dev/null || true
    done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
