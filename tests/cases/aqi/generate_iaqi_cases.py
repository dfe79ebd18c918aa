#!/usr/bin/env python3
"""Generates tests/cases/aqi/iaqi_<ruleset>.csv: every breakpoint of every
table, one data-resolution step either side, the top and above it.

The breakpoints below are a second, independent transcription: HJ 633-2012
and HJ 633-2026 from shared/reference/hj633_2012_table1_iaqi_breakpoints.csv
and hj633_2026_table3_iaqi_breakpoints.csv (checked against the official
PDFs), EPA from standards.md §3.1/§3.2 and EPA-454/B-24-002 Table 6, the API
from standards.md §2.1. They are NOT read from standards/aqi/*.toml, so the
cases cross-check the rule set files. Expected values use exact rational
arithmetic (fractions.Fraction), so no floating-point tolerance is involved.
Run: python3 tests/cases/aqi/generate_iaqi_cases.py (rewrites the CSVs).
"""
import csv
import math
import os
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
CN_I = [0, 50, 100, 150, 200, 300, 400, 500]


def contiguous(index, conc):
    return [(F(conc[k]), F(conc[k + 1]), index[k], index[k + 1]) for k in range(len(conc) - 1)]


def epa(il, ih, cl, ch):
    return [(F(str(a)), F(str(b)), c, d) for a, b, c, d in zip(cl, ch, il, ih)]


# name -> list of (pollutant, averaging, segments, step, input_rounding, decimals, above, above_index, source)
def cn2012():
    src = "HJ 633-2012 Table 1"
    return [
        ("SO2", "24h", contiguous(CN_I, [0, 50, 150, 475, 800, 1600, 2100, 2620]), "0.1", "none", 0, "cap", 500, src),
        ("SO2", "1h", contiguous(CN_I[:5], [0, 150, 500, 650, 800]), "0.1", "none", 0, "none", None, src + " (note 2: above 800 no 1h IAQI)"),
        ("NO2", "24h", contiguous(CN_I, [0, 40, 80, 180, 280, 565, 750, 940]), "0.1", "none", 0, "cap", 500, src),
        ("NO2", "1h", contiguous(CN_I, [0, 100, 200, 700, 1200, 2340, 3090, 3840]), "0.1", "none", 0, "cap", 500, src),
        ("PM10", "24h", contiguous(CN_I, [0, 50, 150, 250, 350, 420, 500, 600]), "0.1", "none", 0, "cap", 500, src),
        ("CO", "24h", contiguous(CN_I, [0, 2, 4, 14, 24, 36, 48, 60]), "0.1", "none", 0, "cap", 500, src),
        ("CO", "1h", contiguous(CN_I, [0, 5, 10, 35, 60, 90, 120, 150]), "0.1", "none", 0, "cap", 500, src),
        ("O3", "1h", contiguous(CN_I, [0, 160, 200, 300, 400, 800, 1000, 1200]), "0.1", "none", 0, "cap", 500, src),
        ("O3", "8h", contiguous(CN_I[:6], [0, 100, 160, 215, 265, 800]), "0.1", "none", 0, "none", None, src + " (note 3: above 800 no 8h IAQI)"),
        ("PM2.5", "24h", contiguous(CN_I, [0, 35, 75, 115, 150, 250, 350, 500]), "0.1", "none", 0, "cap", 500, src),
    ]


def cn2026():
    src = "HJ 633-2026 Table 3"
    out = []
    for p, a, segs, _, _, _, above, ai, s in cn2012():
        dec = 1 if p == "CO" else 0
        step = "0.1" if p == "CO" else "1"
        s = s.replace("HJ 633-2012 Table 1", src)
        if p == "PM10":
            segs = contiguous(CN_I, [0, 50, 120, 250, 350, 420, 500, 600])
        if p == "PM2.5":
            segs = contiguous(CN_I, [0, 35, 60, 115, 150, 250, 350, 500])
        if (p, a) == ("SO2", "1h"):
            above, ai, s = "fixed", 200, src + " (note b: above 800 IAQI 200)"
        if (p, a) == ("O3", "8h"):
            above, ai, s = "fixed", 300, src + " (note c: above 800 IAQI 300)"
        out.append((p, a, segs, step, "half-even", dec, above, ai, s + "; §4.2.2 GB/T 8170 rounding"))
    return out


EPA_I = ([0, 51, 101, 151, 201, 301], [50, 100, 150, 200, 300, 500])


def epa2024():
    src = "EPA-454/B-24-002 Table 6"
    il, ih = EPA_I
    return [
        ("O3", "8h", epa(il[:5], ih[:5], [0.000, 0.055, 0.071, 0.086, 0.106], [0.054, 0.070, 0.085, 0.105, 0.200]), "0.001", "truncate", 3, "none", None, src + " (note 2: above 0.200 no 8h index)"),
        ("O3", "1h", epa([101, 151, 201, 301], [150, 200, 300, 500], [0.125, 0.165, 0.205, 0.405], [0.164, 0.204, 0.404, 0.604]), "0.001", "truncate", 3, "extrapolate", None, src + " (note 4: extrapolate above 500)"),
        ("PM2.5", "24h", epa(il, ih, [0.0, 9.1, 35.5, 55.5, 125.5, 225.5], [9.0, 35.4, 55.4, 125.4, 225.4, 325.4]), "0.1", "truncate", 1, "extrapolate", None, src),
        ("PM10", "24h", epa(il, ih, [0, 55, 155, 255, 355, 425], [54, 154, 254, 354, 424, 604]), "1", "truncate", 0, "extrapolate", None, src),
        ("CO", "8h", epa(il, ih, [0.0, 4.5, 9.5, 12.5, 15.5, 30.5], [4.4, 9.4, 12.4, 15.4, 30.4, 50.4]), "0.1", "truncate", 1, "extrapolate", None, src),
        ("SO2", "1h", epa(il[:4], ih[:4], [0, 36, 76, 186], [35, 75, 185, 304]), "1", "truncate", 0, "none", None, src + " (note 3: 1h defines AQI only to 200)"),
        ("SO2", "24h", epa([201, 301], [300, 500], [305, 605], [604, 1004]), "1", "truncate", 0, "extrapolate", None, src + " (note 3: 24h SO2 for AQI 201+)"),
        ("NO2", "1h", epa(il, ih, [0, 54, 101, 361, 650, 1250], [53, 100, 360, 649, 1249, 2049]), "1", "truncate", 0, "extrapolate", None, src),
    ]


def epa2012():
    src = "40 CFR 58 App. G 2012-2024 (standards.md §3.2)"
    il = [0, 51, 101, 151, 201, 301, 401]
    ih = [50, 100, 150, 200, 300, 400, 500]
    return [
        ("O3", "8h", epa(il[:5], ih[:5], [0.000, 0.055, 0.071, 0.086, 0.106], [0.054, 0.070, 0.085, 0.105, 0.200]), "0.001", "truncate", 3, "none", None, src),
        ("O3", "1h", epa([101, 151, 201, 301, 401], [150, 200, 300, 400, 500], [0.125, 0.165, 0.205, 0.405, 0.505], [0.164, 0.204, 0.404, 0.504, 0.604]), "0.001", "truncate", 3, "cap", 500, src),
        ("PM2.5", "24h", epa(il, ih, [0.0, 12.1, 35.5, 55.5, 150.5, 250.5, 350.5], [12.0, 35.4, 55.4, 150.4, 250.4, 350.4, 500.4]), "0.1", "truncate", 1, "cap", 500, src),
        ("PM10", "24h", epa(il, ih, [0, 55, 155, 255, 355, 425, 505], [54, 154, 254, 354, 424, 504, 604]), "1", "truncate", 0, "cap", 500, src),
        ("CO", "8h", epa(il, ih, [0.0, 4.5, 9.5, 12.5, 15.5, 30.5, 40.5], [4.4, 9.4, 12.4, 15.4, 30.4, 40.4, 50.4]), "0.1", "truncate", 1, "cap", 500, src),
        ("SO2", "1h", epa(il[:4], ih[:4], [0, 36, 76, 186], [35, 75, 185, 304]), "1", "truncate", 0, "none", None, src),
        ("SO2", "24h", epa([201, 301, 401], [300, 400, 500], [305, 605, 805], [604, 804, 1004]), "1", "truncate", 0, "cap", 500, src),
        ("NO2", "1h", epa(il, ih, [0, 54, 101, 361, 650, 1250, 1650], [53, 100, 360, 649, 1249, 1649, 2049]), "1", "truncate", 0, "cap", 500, src),
    ]


def api2000():
    src = "standards.md §2.1 API table"
    i = [0, 50, 100, 200, 300, 400, 500]
    return [
        ("SO2", "24h", contiguous(i, ["0", "0.050", "0.150", "0.800", "1.600", "2.100", "2.620"]), "0.001", "none", 0, "cap", 500, src + " [C1]"),
        ("NO2", "24h", contiguous(i, ["0", "0.080", "0.120", "0.280", "0.565", "0.750", "0.940"]), "0.001", "none", 0, "cap", 500, src + " [C1]"),
        ("PM10", "24h", contiguous(i, ["0", "0.050", "0.150", "0.350", "0.420", "0.500", "0.600"]), "0.001", "none", 0, "cap", 500, src + " [C2]"),
    ]


RULESETS = {
    "cn-hj633-2012": (cn2012, "ceiling"),
    "cn-hj633-2026": (cn2026, "ceiling"),
    "us-epa-aqi-2024": (epa2024, "half-up"),
    "us-epa-aqi-2012": (epa2012, "half-up"),
    "cn-api-2000": (api2000, "ceiling"),
}


def round_input(c, mode, dec):
    s = c * 10**dec
    if mode == "none":
        return c
    if mode == "truncate":
        r = math.floor(s)
    elif mode == "half-even":
        f = math.floor(s)
        frac = s - f
        r = f + 1 if frac > F(1, 2) else f if frac < F(1, 2) else (f if f % 2 == 0 else f + 1)
    return F(r, 10**dec)


def fmt(x):
    s = f"{float(x):.6f}".rstrip("0").rstrip(".")
    return s if s else "0"


def expected(segs, c, rounding, dec, above, above_index, index_rounding):
    """Returns (iaqi or None, explanation)."""
    rc = round_input(c, rounding, dec)
    note = "" if rc == c else f"{rounding} to {fmt(rc)}; "
    if rc < segs[0][0]:
        return None, note + f"below the first breakpoint {fmt(segs[0][0])}: no index"
    for lo, hi, ilo, ihi in segs:
        if rc <= hi:
            raw = F(ihi - ilo) / (hi - lo) * (rc - lo) + ilo
            break
    else:
        if above == "none":
            return None, note + f"above the top {fmt(segs[-1][1])}: no index"
        if above in ("cap", "fixed"):
            return above_index, note + f"above the top {fmt(segs[-1][1])}: {above} {above_index}"
        lo, hi, ilo, ihi = segs[-1]
        raw = F(ihi - ilo) / (hi - lo) * (rc - lo) + ilo
        note += "above the top: extrapolated; "
    v = math.ceil(raw) if index_rounding == "ceiling" else math.floor(raw + F(1, 2))
    how = "ceiling" if index_rounding == "ceiling" else "half up"
    return v, note + f"{ilo}+({ihi}-{ilo})*({fmt(rc)}-{fmt(lo)})/({fmt(hi)}-{fmt(lo)}) = {float(raw):.4f}, {how}"


def main():
    for name, (tables_fn, index_rounding) in RULESETS.items():
        rows = []
        for p, a, segs, step, rounding, dec, above, ai, src in tables_fn():
            step = F(step)
            points = set()
            for lo, hi, _, _ in segs:
                for x in (lo, hi):
                    points.update({x - step, x, x + step})
                points.add((lo + hi) / 2)
            top = segs[-1][1]
            points.update({top + step, top * 2})
            if rounding != "none":  # data finer than the resolution: rounding matters
                for lo, hi, _, _ in segs:
                    points.update({hi + step * F(4, 10), hi + step * F(1, 2), hi + step * F(6, 10)})
            for x in sorted(points):
                if x < 0:
                    continue
                x = F(fmt(x))  # the value exactly as written in the CSV
                v, why = expected(segs, x, rounding, dec, above, ai, index_rounding)
                rows.append([name, "iaqi", p, a, fmt(x), "" if v is None else str(v), f"{src}: {why}"])
        path = os.path.join(HERE, f"iaqi_{name}.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["ruleset", "mode", "pollutant", "averaging", "concentration", "expected_iaqi", "source"])
            w.writerows(rows)
        print(path, len(rows))


if __name__ == "__main__":
    main()
