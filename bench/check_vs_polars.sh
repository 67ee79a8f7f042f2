#!/usr/bin/env bash
# Issue 18: `payrun check` against polars and pandas on the same work, and
# against the old build (A/B), all in one invocation, alternating.
#
#   bash bench/check_vs_polars.sh [OLD_REF]     # OLD_REF defaults to main
#   RUNS=3 bash bench/check_vs_polars.sh        # fewer rounds
#
# Each round runs, one after the other: payrun (this tree) on the 1M-row
# CSV, payrun (OLD_REF) on it, the polars baseline, the pandas baseline;
# then payrun this tree and OLD_REF on the 100k-row XLSX. Every command runs
# under /usr/bin/time; the table gives the median and min-max of wall time,
# CPU time (user + sys) and peak RSS over the rounds. Then peak RSS of both
# builds at 100k, 500k and 1M rows, and `cmp` of the two builds' row-result
# files (and summaries) on every benchmark sheet.
#
# The old build is compiled from `git archive OLD_REF` in its own target
# directory (target/ab-old), so both binaries come from this invocation.
# polars and pandas are bench-only (pip install polars pandas openpyxl);
# without them their rows are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
OLD_REF=${1:-main}
root=$PWD
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

new_commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- src Cargo.toml Cargo.lock || new_commit="$new_commit+uncommitted"
old_commit=$(git rev-parse --short "$OLD_REF")

echo "== building this tree ($new_commit) and $OLD_REF ($old_commit)"
cargo build --release --locked --quiet --bin payrun --example gen_large
mkdir -p "$out/old-src"
git archive "$OLD_REF" | tar -x -C "$out/old-src"
# git archive dates every file at the commit: touch them, so that cargo
# never takes an earlier OLD_REF's artifacts in target/ab-old for current.
find "$out/old-src" -type f -exec touch {} +
cargo build --release --locked --quiet --bin payrun \
    --manifest-path "$out/old-src/Cargo.toml" --target-dir "$root/target/ab-old"
NEW=$root/target/release/payrun
OLD=$root/target/ab-old/release/payrun

echo "== sheets (deterministic; samples/large is gitignored)"
L=samples/large
for n in 100000 500000 1000000; do
    label=$([[ $n == 1000000 ]] && echo 1m || echo "$((n / 1000))k")
    [[ -f $L/payroll-$label.csv ]] || ./target/release/examples/gen_large "$n" 100000 >/dev/null
done
[[ -f $L/payroll-100k.xlsx ]] || ./target/release/examples/gen_large 100000 100000 >/dev/null
CSV=$L/payroll-1m.csv
XLSX=$L/payroll-100k.xlsx

have_polars=0 have_pandas=0
python3 -c 'import polars' 2>/dev/null && have_polars=1
python3 -c 'import pandas, openpyxl' 2>/dev/null && have_pandas=1

# run NAME CMD...: one timed run, appended to $out/NAME as "wall cpu rss_kb".
run() {
    local name=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$out/t" "$@" >"$out/stdout.$name" 2>"$out/stderr.$name" || true
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out/t" >>"$out/$name"
}

echo "date: $(date -u '+%F %H:%M UTC'), cores: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
    echo "round $r/$RUNS"
    run payrun-csv "$NEW" check "$CSV" --report "$out/new.csv"
    run old-csv "$OLD" check "$CSV" --report "$out/old.csv"
    ((have_polars)) && run polars-csv python3 bench/validate_polars.py "$CSV" "$out/polars.csv"
    ((have_pandas)) && run pandas-csv python3 bench/validate_baseline.py "$CSV" "$out/pandas.csv"
    run payrun-xlsx "$NEW" check "$XLSX" --report "$out/new-x.csv"
    run old-xlsx "$OLD" check "$XLSX" --report "$out/old-x.csv"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# stats NAME: median and min-max of each column.
stats() {
    local f=$out/$1
    [[ -f $f ]] || return 0
    for col in 1 2 3; do
        sort -n -k"$col","$col" "$f" | awk -v c="$col" '{ v[NR] = $c } END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            if (c == 3) printf "%d MB (%d-%d) | ", m / 1024, v[1] / 1024, v[NR] / 1024
            else printf "%.2f s (%.2f-%.2f) | ", m, v[1], v[NR] }'
    done
}
median_wall() { sort -n "$out/$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "| run ($RUNS rounds, alternating) | wall median (min-max) | CPU user+sys median (min-max) | peak RSS median (min-max) |"
echo "|---|---|---|---|"
row() { [[ -f $out/$2 ]] && echo "| $1 | $(stats "$2" | sed 's/ | $//') |"; }
row "\`payrun check\` 1M-row CSV, $new_commit" payrun-csv
row "\`payrun check\` 1M-row CSV, $OLD_REF $old_commit" old-csv
row "polars baseline, 1M-row CSV" polars-csv
row "pandas baseline, 1M-row CSV" pandas-csv
row "\`payrun check\` 100k-row XLSX, $new_commit" payrun-xlsx
row "\`payrun check\` 100k-row XLSX, $OLD_REF $old_commit" old-xlsx
echo
if ((have_polars)); then
    echo "polars ÷ payrun (wall, medians): $(awk -v p="$(median_wall polars-csv)" -v n="$(median_wall payrun-csv)" 'BEGIN { printf "%.2f", p / n }')"
fi
echo "old ÷ new (1M CSV wall, medians): $(awk -v o="$(median_wall old-csv)" -v n="$(median_wall payrun-csv)" 'BEGIN { printf "%.2f", o / n }')"
echo "old ÷ new (100k XLSX wall, medians): $(awk -v o="$(median_wall old-xlsx)" -v n="$(median_wall payrun-xlsx)" 'BEGIN { printf "%.2f", o / n }')"

echo
echo "== peak RSS by sheet size (3 runs each, median)"
for label in 100k 500k 1m; do
    for b in new old; do
        bin=$NEW
        [[ $b == old ]] && bin=$OLD
        : >"$out/rss-$b-$label"
        for _ in 1 2 3; do
            /usr/bin/time -f "%M" -o "$out/t" "$bin" check "$L/payroll-$label.csv" \
                --report "$out/$b-$label.csv" >"$out/sum-$b-$label" 2>/dev/null || true
            cat "$out/t" >>"$out/rss-$b-$label"
        done
    done
    printf '%-5s rows: this tree %4d MB, %s %4d MB\n' "$label" \
        "$(sort -n "$out/rss-new-$label" | sed -n 2p | awk '{ print int($1 / 1024) }')" "$OLD_REF" \
        "$(sort -n "$out/rss-old-$label" | sed -n 2p | awk '{ print int($1 / 1024) }')"
done

echo
echo "== the row-result files of the two builds (cmp)"
same=1
compare() {
    if cmp "$1" "$2"; then echo "identical: $3"; else echo "DIFFERENT: $3"; same=0; fi
}
compare "$out/new.csv" "$out/old.csv" "$CSV (row results)"
compare "$out/new-x.csv" "$out/old-x.csv" "$XLSX (row results)"
for label in 100k 500k 1m; do
    compare "$out/new-$label.csv" "$out/old-$label.csv" "$L/payroll-$label.csv (row results)"
    # The summaries differ only in the report path they name.
    compare <(grep -v 'row results' "$out/sum-new-$label") <(grep -v 'row results' "$out/sum-old-$label") \
        "$L/payroll-$label.csv (printed summary)"
done
((same)) && echo "all identical" || exit 1
