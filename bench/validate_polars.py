#!/usr/bin/env python3
"""A polars baseline for `payrun check`, for docs/benchmarks.md (issue 18).

What a data engineer would write instead of payrun: the same core rules as
bench/validate_baseline.py (the pandas one), as polars expressions, run by
polars' multi-threaded engine:

- header aliases (the same table as the pandas baseline);
- provider aliases (bKash/Nagad/Rocket, EWALLET_*, DBBL, Bengali names);
- wallet normalisation (+88/0088/88, separators, Bengali digits, invisible
  spaces, quotes, apostrophe, `1712345678.0`, scientific notation refused,
  lost leading zero restored with a warning, 011/012) and the per-provider
  length (11 digits, 12 for Rocket);
- amounts with grouping (western and lakh), currency marks and `/-`, at most
  2 decimals, to integer poisha; zero and fractions of a taka refused;
- the per-row cap (Tk 50,000);
- duplicate wallets (same provider and wallet) and duplicate references;
- the input file's SHA-256.

It writes a row-result CSV with the sheet's own columns followed by the same
columns payrun adds (row, status, normalized_wallet, provider_code,
amount_poisha, issues), UTF-8 with a BOM. Like the pandas one it is a
yardstick, not a second implementation: it does not compute payrun's
order-stable payouts digest (a SHA-256 per row), clean the text fields,
look for split numbers, hidden rows, totals rows or headers under titles,
and its messages are bare. All of that is work payrun does and this does
not, so the comparison favours polars.

Usage: python3 bench/validate_polars.py SHEET.csv [REPORT.csv]
"""

import hashlib
import re
import sys

import polars as pl

ALIASES = {
    "wallet": {"wallet", "walletid", "walletno", "walletnumber", "mobile", "mobileno",
               "mobilenumber", "accountno", "accountnumber", "account", "phone", "msisdn"},
    "amount": {"amount", "amountbdt", "amounttk", "amounttaka", "taka", "tk", "bdt"},
    "provider": {"waycode", "provider", "method", "channel"},
    "name": {"name", "fullname", "employeename", "payee"},
    "reference": {"reference", "ref", "refno", "employeeid", "empid", "id"},
    "remark": {"remark", "remarks", "note", "notes", "memo"},
}
PROVIDERS = {
    "ewalletbkash": "bkash", "bkash": "bkash", "বিকাশ": "bkash",
    "ewalletnagad": "nagad", "nagad": "nagad", "নগদ": "nagad",
    "ewalletrocket": "rocket", "rocket": "rocket", "dbbl": "rocket", "রকেট": "rocket",
}
BENGALI = [chr(0x09E6 + d) for d in range(10)]
ASCII = [str(d) for d in range(10)]
CAP_POISHA = 50_000 * 100


def fold(h):
    return re.sub(r"[^0-9a-z\u0980-\u09ff]", "", str(h).lower())


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def with_rules(df, cols):
    """The per-row rules, in stages: each stage's columns are computed once
    (as a data engineer would write it), so later rules reuse them."""
    c = pl.col
    df = df.with_columns(
        _prov=c(cols["provider"]).str.strip_chars().str.to_lowercase()
        .str.replace_all(r"[ _\-.]", "")
        .replace_strict(PROVIDERS, default=None, return_dtype=pl.String),
        _w=c(cols["wallet"]).str.replace_all("[\u00a0\u200b\u200c\u200d\u2060\ufeff]", "")
        .str.strip_chars().str.strip_chars("\"'“”‘’").str.strip_chars_start("'"),
        _a=c(cols["amount"]).str.replace_many(BENGALI, ASCII).str.strip_chars()
        .str.replace(r"(?i)^(?:BDT|Tk\.?|৳)\s*", "").str.replace(r"\s*/-$", ""),
    )
    df = df.with_columns(
        _sci=c("_w").str.contains(r"^\d(?:[.,]\d+)?[eE][+-]?\d+$"),
        _w=c("_w").str.replace(r"^(\d+)\.0+$", "${1}").str.replace_many(BENGALI, ASCII)
        .str.replace_all(r"[\s\-.()]", "")
        .str.replace(r"^\+?(?:00)?88(0)", "${1}"),  # no look-ahead in polars' regex
        _want=pl.when(c("_prov") == "rocket").then(12).otherwise(11),
        _good=c("_a").str.contains(
            r"^(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3}|\d+)(?:\.\d{1,2})?$"),
    )
    df = df.with_columns(
        _lost=c("_w").str.contains(r"^1[3-9]") & (c("_w").str.len_chars() == c("_want") - 1),
        _a=pl.when(c("_good")).then(c("_a")).otherwise(pl.lit("0")).str.replace_all(",", ""),
    )
    df = df.with_columns(
        _w=pl.when(c("_lost")).then(pl.lit("0") + c("_w")).otherwise(c("_w")),
        _poisha=c("_a").str.extract(r"^(\d+)", 1).cast(pl.Int64) * 100
        + c("_a").str.extract(r"\.(\d{1,2})$", 1).fill_null("0").str.pad_end(2, "0")
        .cast(pl.Int64),
    )
    df = df.with_columns(
        _mobile=c("_w").str.contains(r"^01[3-9]\d{8}"),
        _len=c("_w").str.len_chars(),
    )
    good, poisha = c("_good"), c("_poisha")
    pieces = [
        (c("_prov").is_null(), "unknown provider"),
        (c("_sci"), "scientific notation; the digits are lost"),
        (c("_lost"), "warning: lost its leading zero"),
        (c("_w").str.contains(r"^01[12]"), "011/012 not in use"),
        (~c("_sci") & ~(c("_mobile") & c("_w").str.contains(r"^\d+$")
                        & (c("_len") == c("_want"))), "bad wallet"),
        ((c("_prov") == "rocket") & (c("_len") == 11) & c("_mobile"),
         "missing Rocket check digit"),
        (~good, "bad amount"),
        (good & (poisha <= 0), "zero"),
        (good & (poisha % 100 != 0), "fraction of a taka"),
        (poisha > CAP_POISHA, "over the cap"),
    ]
    return df.with_columns(_issues=pl.concat_str(
        [pl.when(m).then(pl.lit(t + "; ")).otherwise(pl.lit("")) for m, t in pieces]))


def main():
    path = sys.argv[1]
    report = sys.argv[2] if len(sys.argv) > 2 else None
    sha = sha256_of(path)
    df = pl.read_csv(path, infer_schema=False, encoding="utf8")
    cols = {}
    for name in df.columns:
        for field, names in ALIASES.items():
            if fold(name) in names and field not in cols:
                cols[field] = name
    missing = [f for f in ("wallet", "amount", "provider") if f not in cols]
    if missing:
        sys.exit(f"{path}: no column for {missing}; headers: {df.columns}")

    df = with_rules(df, cols)
    # Batch checks: the same provider and wallet twice, the same reference twice.
    dup_wallet = pl.struct("_prov", "_w").is_duplicated() & pl.col("_prov").is_not_null()
    batch = [pl.when(dup_wallet).then(pl.lit("same wallet twice; ")).otherwise(pl.lit(""))]
    if "reference" in cols:
        ref = pl.col(cols["reference"]).str.strip_chars()
        batch.append(pl.when((ref != "") & ref.is_duplicated())
                     .then(pl.lit("same reference twice; ")).otherwise(pl.lit("")))
    df = df.with_columns(_issues=pl.concat_str([pl.col("_issues"), *batch]))
    errors = pl.col("_issues").str.replace("warning: lost its leading zero; ", "", literal=True) != ""
    df = df.with_columns(_valid=~errors)
    df = df.with_columns(
        row=pl.int_range(2, pl.len() + 2),
        status=pl.when(~pl.col("_valid")).then(pl.lit("invalid"))
        .when(pl.col("_lost")).then(pl.lit("warning")).otherwise(pl.lit("ok")),
        normalized_wallet=pl.col("_w"),
        provider_code=pl.lit("EWALLET_") + pl.col("_prov").fill_null("").str.to_uppercase(),
        amount_poisha=pl.col("_poisha"),
        issues=pl.col("_issues"),
    )

    valid = df.filter(pl.col("_valid"))
    totals = valid.group_by("_prov").agg(pl.len(), pl.col("_poisha").sum()).sort("_prov")
    n_valid = valid.height
    print(f"rows read {df.height}, valid {n_valid}, invalid {df.height - n_valid}, "
          f"warned {valid.filter(pl.col('_lost')).height}, "
          f"total {valid['_poisha'].sum() / 100:.2f}")
    for p, n, s in totals.iter_rows():
        print(f"  {p}: {n} rows, {s / 100:.2f}")
    print(f"input sha256 {sha}")
    if report:
        df.drop(cs for cs in df.columns if cs.startswith("_")).write_csv(
            report, include_bom=True)
    sys.exit(0 if n_valid == df.height else 2)


if __name__ == "__main__":
    main()
