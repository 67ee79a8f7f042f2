#!/usr/bin/env python3
"""Makes samples/statement-demo.xlsx: a merchant-portal statement for the
sandbox demo batch, as an office suite writes it, for `payrun match`.

    cargo run --release -- submit samples/payroll-2026-11.csv --batch demo --sandbox
    python3 samples/make-statement-demo.py payrun-sandbox/ledger.sqlite

It writes a flat ODS (typed cells: date-times, signed amounts, text order
numbers and wallets with their leading zeros, a merged title block) and has
LibreOffice convert it to .xlsx, so the fixture is a real office file. The
statement uses one signed amount column (negative = money out), a charge
column and a running balance, and plants what an auditor must catch:
row 2 of the sheet has no debit, row 3 is debited 10 taka more, row 4 is
reversed after paid, and one order nobody sent is debited. Every debit
carries a Tk 5 charge.
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

FEE = 5.0


def rows_of(ledger):
    c = sqlite3.connect(ledger)
    return c.execute(
        "SELECT p.row_no, p.trade_no, p.wallet, p.amount_poisha FROM payouts p "
        "JOIN batches b ON b.id = p.batch_id WHERE b.label = 'demo' ORDER BY p.row_no"
    ).fetchall()


def text(v):
    return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'


def num(v, style="money"):
    return (f'<table:table-cell table:style-name="{style}" office:value-type="float" '
            f'office:value="{v:.2f}"><text:p>{v:,.2f}</text:p></table:table-cell>')


def when(minute):
    h, m = divmod(minute, 60)
    iso = f"2026-11-28T{10 + h:02d}:{m:02d}:00"
    return (f'<table:table-cell table:style-name="stamp" office:value-type="date" '
            f'office:date-value="{iso}"><text:p>{iso.replace("T", " ")}</text:p></table:table-cell>')


def row(cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def lines(payouts):
    balance = 2_000_000.00
    out = []
    minute = 0
    for i, (row_no, trade, wallet, poisha) in enumerate(payouts):
        amount = poisha / 100
        minute += 1
        trx = f"BK{28110000 + i * 37:08d}"
        if row_no == 2:
            continue  # the debit that never shows up
        debit = amount + 10 if row_no == 3 else amount
        balance -= debit + FEE
        out.append([when(minute), text(trx), text(trade), text(wallet), text("B2C Payout"),
                    num(-debit), num(FEE), text("Success"), num(balance)])
        if row_no == 4:
            balance += amount
            out.append([when(minute + 90), text(trx + "R"), text(trade), text(wallet),
                        text("Payout Reversal"), num(amount), num(0.0), text("Success"),
                        num(balance)])
    balance -= 3_500 + FEE
    out.append([when(minute + 5), text("BK99990001"), text("demo-ffffffffffffffffffff"),
                text("01700000001"), text("B2C Payout"), num(-3_500.0), num(FEE),
                text("Success"), num(balance)])
    return out


def fods(payouts):
    body = [
        row(['<table:table-cell table:number-columns-spanned="9" office:value-type="string">'
             '<text:p>PaySandbox Merchant Portal - Account Statement</text:p></table:table-cell>']),
        row([text("Merchant No"), text("0000000001")]),
        row([text("Period"), text("2026-11-01 to 2026-11-30")]),
        row([text("Opening Balance"), num(2_000_000.00)]),
        row([]),
        row([text(h) for h in ["Transaction Date", "Trx ID", "Merchant Order No", "Receiver",
                                "Description", "Amount (BDT)", "Charge (BDT)", "Status",
                                "Balance (BDT)"]]),
    ]
    body += [row(c) for c in lines(payouts)]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
 <number:date-style style:name="D1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:date-style>
 <style:style style:name="money" style:family="table-cell" style:data-style-name="N2"/>
 <style:style style:name="stamp" style:family="table-cell" style:data-style-name="D1"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Statement">
{chr(10).join(body)}
</table:table></office:spreadsheet></office:body></office:document>
"""


def main():
    ledger = sys.argv[1] if len(sys.argv) > 1 else "payrun-sandbox/ledger.sqlite"
    payouts = rows_of(ledger)
    if len(payouts) != 40:
        sys.exit(f"{ledger}: expected the 40 payouts of batch demo, found {len(payouts)}")
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "statement-demo.fods")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fods(payouts))
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", here, src],
                       check=True)
    print(os.path.join(here, "statement-demo.xlsx"))


if __name__ == "__main__":
    main()
