#!/usr/bin/env python3
"""A pandas baseline for `payrun check`, for docs/benchmarks.md.

It applies the same core rules (wallets.md) with vectorised pandas string
operations: header aliases, wallet normalisation (+88/0088/88, separators,
Bengali digits, invisible spaces, quotes, apostrophe, lost leading zero with
a warning, scientific notation, 011/012, per-provider length), provider
aliases, amount parsing to integer poisha (currency marks, lakh grouping,
/-, at most 2 decimals, no zero/negative/E), whole-taka policy, per-row cap,
duplicate wallets and references, the input SHA-256, an order-stable payouts
digest, and a row-result CSV. It is a yardstick, not a second implementation:
payrun's messages and edge cases are richer.

Usage: python3 bench/validate_baseline.py SHEET [REPORT.csv]
"""

import hashlib
import re
import sys

import pandas as pd

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
BENGALI = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
CAP_POISHA = 50_000 * 100


def fold(h):
    return re.sub(r"[^0-9a-z\u0980-\u09ff]", "", str(h).lower())


def main():
    path = sys.argv[1]
    report = sys.argv[2] if len(sys.argv) > 2 else None
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    if path.lower().endswith(".csv"):
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        df = pd.read_excel(path, dtype=object).fillna("")
        df = df.astype(str)
    cols = {}
    for c in df.columns:
        for field, names in ALIASES.items():
            if fold(c) in names and field not in cols:
                cols[field] = c
    missing = [f for f in ("wallet", "amount", "provider") if f not in cols]
    if missing:
        sys.exit(f"{path}: no column for {missing}; headers: {list(df.columns)}")

    issues = pd.Series("", index=df.index)

    def flag(mask, text):
        nonlocal issues
        issues = issues.where(~mask, issues + text + "; ")

    # Provider.
    prov = (df[cols["provider"]].str.strip().str.lower()
            .str.replace(r"[ _\-.]", "", regex=True).map(PROVIDERS))
    flag(prov.isna(), "unknown provider")

    # Wallet.
    raw = df[cols["wallet"]]
    w = (raw.str.replace(r"[\u00a0\u200b\u200c\u200d\u2060\ufeff]", "", regex=True)
            .str.strip().str.strip("\"'“”‘’").str.lstrip("'"))
    sci = w.str.fullmatch(r"\d(?:[.,]\d+)?[eE][+-]?\d+")
    flag(sci, "scientific notation; the digits are lost")
    w = w.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    w = w.str.translate(BENGALI).str.replace(r"[\s\-.()]", "", regex=True)
    w = w.str.replace(r"^\+?(?:00)?88(?=0)", "", regex=True)
    rocket = prov == "rocket"
    want = rocket.map({True: 12, False: 11})
    lost = w.str.match(r"^1[3-9]") & (w.str.len() == want - 1)
    w = w.where(~lost, "0" + w)
    flag(lost, "warning: lost its leading zero")
    flag(w.str.match(r"^01[12]"), "011/012 not in use")
    mobile_ok = w.str.match(r"^01[3-9]\d{8}")
    ok_len = w.str.fullmatch(r"\d+") & (w.str.len() == want)
    flag(~sci & ~(mobile_ok & ok_len), "bad wallet")
    flag(rocket & (w.str.len() == 11) & mobile_ok, "missing Rocket check digit")

    # Amount.
    a = (df[cols["amount"]].str.translate(BENGALI).str.strip()
         .str.replace(r"^(?:BDT|Tk\.?|৳)\s*", "", regex=True, flags=re.I)
         .str.replace(r"\s*/-$", "", regex=True))
    good = a.str.fullmatch(r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3}|\d+)(?:\.\d{1,2})?")
    flag(~good, "bad amount")
    a = a.where(good, "0").str.replace(",", "", regex=False)
    parts = a.str.split(".", n=1, expand=True)
    taka = parts[0].astype("int64")
    frac = parts[1].fillna("0").str.ljust(2, "0").astype("int64") if parts.shape[1] > 1 else 0
    poisha = taka * 100 + frac
    flag(good & (poisha <= 0), "zero")
    flag(good & (poisha % 100 != 0), "fraction of a taka")
    flag(poisha > CAP_POISHA, "over the cap")

    # Batch checks.
    key = prov.fillna("") + ":" + w
    dup = key.duplicated(keep=False) & prov.notna()
    flag(dup, "same wallet twice")
    if "reference" in cols:
        ref = df[cols["reference"]].str.strip()
        flag((ref != "") & ref.duplicated(keep=False), "same reference twice")

    errors = issues.str.replace(r"warning: lost its leading zero; ", "", regex=False) != ""
    valid = ~errors
    status = pd.Series("ok", index=df.index).where(valid, "invalid")
    status = status.where(~(valid & lost), "warning")

    # Digest: sorted canonical lines of the valid payouts.
    name = df[cols["name"]] if "name" in cols else ""
    refc = df[cols["reference"]] if "reference" in cols else ""
    lines = (refc + "\t" + prov.fillna("") + "\t" + w + "\t" + poisha.astype(str) + "\t" + name)[valid]
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(hashlib.sha256(line.encode()).digest())

    total = int(poisha[valid].sum())
    print(f"rows read {len(df)}, valid {int(valid.sum())}, invalid {int((~valid).sum())}, "
          f"warned {int((valid & lost).sum())}, total {total / 100:.2f}")
    for p in ("bkash", "nagad", "rocket"):
        m = valid & (prov == p)
        print(f"  {p}: {int(m.sum())} rows, {int(poisha[m].sum()) / 100:.2f}")
    print(f"input sha256 {sha}\npayouts digest {h.hexdigest()}")
    if report:
        out = df.copy()
        out["status"] = status
        out["normalized_wallet"] = w
        out["provider_code"] = "EWALLET_" + prov.fillna("").str.upper()
        out["amount_poisha"] = poisha
        out["issues"] = issues
        out.to_csv(report, index=False, encoding="utf-8-sig")
    sys.exit(0 if valid.all() else 2)


if __name__ == "__main__":
    main()
