#!/usr/bin/env python3
"""Python baseline for payrun's unthrottled submit throughput.

Sends one payout per sheet row to a payrun sandbox with requests and a
ThreadPoolExecutor(32): no ledger, no retries, no queries. Each payout is signed
with the gateway recipe (docs/gateway.md, "Signing"): every field except sign,
keys sorted, key=value joined with no separator, the secret appended, MD5 as
lowercase hex. All values are strings, timestamp included (ms).

    throughput_baseline.py SHEET.csv BASE_URL TRADENO_PREFIX [WORKERS]

Prints one line: "<payouts> <seconds> <payouts/s> <non-0000 answers>".
"""
import csv
import hashlib
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

SECRET = "sandbox-secret-0001"
MERCHANT = "0000000001"
NOTIFY = "http://127.0.0.1:9/x"
WAY = {"bkash": "EWALLET_BKASH", "nagad": "EWALLET_NAGAD", "rocket": "EWALLET_ROCKET"}


def sign(fields):
    s = "".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "sign" and fields[k] != "")
    return hashlib.md5((s + SECRET).encode()).hexdigest()


def main():
    sheet, base, prefix = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 32
    with open(sheet, newline="") as f:
        rows = list(csv.DictReader(f))
    url = base + "/v1/paypro/payout"
    local = threading.local()

    def send(i_row):
        i, row = i_row
        s = getattr(local, "s", None)
        if s is None:
            s = local.s = requests.Session()
        fields = {
            "tradeNo": f"{prefix}{i:07d}",
            "amount": str(int(row["amount"])),
            "walletId": row["wallet"],
            "wayCode": WAY[row["provider"]],
            "notifyUrl": NOTIFY,
            "timestamp": str(int(time.time() * 1000)),
        }
        fields["sign"] = sign(fields)
        r = s.post(url, data=json.dumps(fields), timeout=10,
                   headers={"merchantNo": MERCHANT, "Content-Type": "application/json"})
        body = r.json()
        status = (body.get("data") or {}).get("status")
        return body.get("code") == "0000" and status == "0000"

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        ok = sum(ex.map(send, enumerate(rows)))
    dt = time.perf_counter() - t0
    print(f"{len(rows)} {dt:.3f} {len(rows) / dt:.1f} {len(rows) - ok}")


if __name__ == "__main__":
    main()
