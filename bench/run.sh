#!/usr/bin/env bash
# Reproduces docs/benchmarks.md: wall time (median, min-max of 5 runs) and
# peak RSS of `payrun check` on the generated large sheets, and of the pandas
# baseline when pandas is installed.
#
#   bench/run.sh            # all
#   RUNS=3 bench/run.sh     # fewer runs
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
cargo build --release --quiet --bin payrun --example gen_large
[[ -f samples/large/payroll-1m.csv && -f samples/large/payroll-100k.xlsx ]] ||
    ./target/release/examples/gen_large
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs "$@" $RUNS times; prints median and min-max wall seconds and the peak RSS.
measure() {
    local label=$1
    shift
    local times=() cpus=() rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M %U %S" -o "$out/t" "$@" >/dev/null 2>"$out/err" || true
        read -r t m u s <"$out/t"
        times+=("$t")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
        ((m > rss)) && rss=$m
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(echo "$sorted" | sed -n "$(((RUNS + 1) / 2))p")
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    printf '%-36s median %5.2f s (min %s, max %s)  CPU %5.2f s  peak RSS %d MB\n' \
        "$label" "$median" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)" "$cpu" $((rss / 1024))
}

echo "date: $(date -u +%F), cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "payrun check 1M-row CSV" ./target/release/payrun check samples/large/payroll-1m.csv --report "$out/r.csv"
measure "payrun check 100k-row XLSX" ./target/release/payrun check samples/large/payroll-100k.xlsx --report "$out/r.csv"
measure "payrun check 100k XLSX, XLSX report" ./target/release/payrun check samples/large/payroll-100k.xlsx --report "$out/r.xlsx"
if python3 -c 'import pandas, openpyxl' 2>/dev/null; then
    measure "pandas baseline 1M-row CSV" python3 bench/validate_baseline.py samples/large/payroll-1m.csv "$out/p.csv"
    measure "pandas baseline 100k-row XLSX" python3 bench/validate_baseline.py samples/large/payroll-100k.xlsx "$out/p.csv"
else
    echo "pandas/openpyxl not installed: no baseline"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
