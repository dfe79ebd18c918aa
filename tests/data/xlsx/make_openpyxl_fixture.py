#!/usr/bin/python3
"""Writes openpyxl_values.xlsx, the independent fixture of src/ingest/xlsx_test.cc.

Made with python3-openpyxl 3.0.9 (Debian 12), not with libxlsxwriter, so the
reader is tested against a second writer. Re-run to regenerate:
    /usr/bin/python3 tests/data/xlsx/make_openpyxl_fixture.py
"""
import datetime
import os

from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "values"
ws.append(["city", "indicator", "period", "value", "unit", "source", "note"])
ws.append(["beijing", "air.pm10.annual-mean", "2013", 108, "ug/m3",
           "China Statistical Yearbook (NBS)", "北京 PM10"])
ws.append(["beijing", "green.built-up-coverage", "2013", 0.5111, "fraction", "NBS", None])
# Row 4 left empty on purpose; row 5 has a gap in column E.
ws["A5"] = "tianjin"
ws["B5"] = "air.so2.annual-mean"
ws["C5"] = 2014          # a number where a period is expected
ws["D5"] = 49.5
ws["G5"] = True
ws["A6"] = datetime.date(2024, 1, 1)  # a date: stored as serial 45292 with a date style
other = wb.create_sheet("ignored")
other["A1"] = "second sheet, never read"
wb.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "openpyxl_values.xlsx"))
