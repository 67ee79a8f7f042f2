#!/usr/bin/env python3
"""Writes samples/large/payroll-100k-cf.xlsx: gen_large's 100k-row .xlsx
with two conditional formats that hide (white text) over every data cell,
one on Amount (= 0) and one on every column (< -1), so that `payrun check`
works out each rule on each cell. For docs/benchmarks.md; needs openpyxl.
"""
import os

import openpyxl
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font

LARGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "large")

wb = openpyxl.load_workbook(os.path.join(LARGE, "payroll-100k.xlsx"))
ws = wb.worksheets[0]
white = Font(color="FFFFFF")
ws.conditional_formatting.add("E2:E100001", CellIsRule(operator="equal", formula=["0"], font=white))
ws.conditional_formatting.add("A2:F100001", CellIsRule(operator="lessThan", formula=["-1"], font=white))
wb.save(os.path.join(LARGE, "payroll-100k-cf.xlsx"))
