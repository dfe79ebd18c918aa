// Fuzz target: the small text parsers of core/ and their option-string
// cousins: periods and dates (core/period.h, ParseValuePeriod), units
// (core/units.h, core/indicator_unit.h), pollutant and averaging codes,
// time zones (core/time_zone.h), --map/--units (ingest/monitoring_reader.h,
// rules/aqi_csv.h) and Excel serial dates.
//
// Input: byte 0 chooses the parser; the rest is the text.
// Invariants: what parses prints in canonical form and parses back to the
// same value; refusals are InvalidArgument with a message (and the field
// where the contract names one); conversions are finite and invertible.
#include <cmath>
#include <cstring>
#include <string>

#include "core/indicator.h"
#include "core/indicator_unit.h"
#include "core/period.h"
#include "core/pollutant.h"
#include "core/time_zone.h"
#include "core/units.h"
#include "fuzz_check.h"
#include "ingest/monitoring_reader.h"
#include "ingest/xlsx_reader.h"
#include "rules/aqi_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size < 1 || size > 4096) return 0;
  const std::string_view text = AsText(data + 1, size - 1);
  switch (data[0] % 10) {
    case 0: {
      Result<Period> p = Period::Parse(text);
      if (!p.ok()) return CheckParseError(p.status()), 0;
      const std::string canonical = p->ToString();
      Result<Period> again = Period::Parse(canonical);
      KINET_FUZZ_CHECK(again.ok() && *again == *p, canonical);
      KINET_FUZZ_CHECK(p->FirstDay() <= p->LastDay(), canonical);
      KINET_FUZZ_CHECK(IsValidDate(p->FirstDay().year, p->FirstDay().month, p->FirstDay().day),
                       canonical);
      KINET_FUZZ_CHECK(p->Next() > *p, canonical);
      break;
    }
    case 1: {
      Result<CivilDate> d = ParseDate(text);
      if (!d.ok()) return CheckParseError(d.status()), 0;
      KINET_FUZZ_CHECK(IsValidDate(d->year, d->month, d->day), FormatDate(*d));
      Result<CivilDate> again = ParseDate(FormatDate(*d));
      KINET_FUZZ_CHECK(again.ok() && *again == *d, FormatDate(*d));
      KINET_FUZZ_CHECK(CivilFromDays(DaysFromCivil(*d)) == *d, FormatDate(*d));
      break;
    }
    case 2: {
      Result<std::string> p = ParseValuePeriod(text);
      if (!p.ok()) return CheckParseError(p.status()), 0;
      Result<std::string> again = ParseValuePeriod(*p);
      KINET_FUZZ_CHECK(again.ok() && *again == *p, *p);
      break;
    }
    case 3: {
      std::optional<Unit> u = ParseUnit(text);
      if (!u) return 0;
      KINET_FUZZ_CHECK(ParseUnit(UnitCode(*u)) == u, std::string(UnitCode(*u)));
      for (Pollutant p : kAqiPollutants) {
        for (Unit to : {Unit::kUgM3, Unit::kMgM3, Unit::kPpb, Unit::kPpm}) {
          Result<double> there = ConvertConcentration(7.5, p, *u, to, kReference25C);
          if (!there.ok()) continue;
          Result<double> back = ConvertConcentration(*there, p, to, *u, kReference25C);
          KINET_FUZZ_CHECK(back.ok() && std::fabs(*back - 7.5) < 1e-9, std::string(UnitCode(to)));
        }
      }
      break;
    }
    case 4: {
      std::optional<IndicatorUnit> u = FindIndicatorUnit(text);
      if (!u) {
        Result<double> r = ConvertIndicatorUnit(1, text, "m2");
        KINET_FUZZ_CHECK(!r.ok(), "an unknown unit converted");
        CheckFieldError(r.status());
        return 0;
      }
      KINET_FUZZ_CHECK(FindIndicatorUnit(u->code).has_value(), std::string(u->code));
      for (const IndicatorUnit& to : IndicatorUnits()) {
        Result<double> r = ConvertIndicatorUnit(3.0, text, to.code);
        if (!r.ok()) {
          CheckFieldError(r.status());
          KINET_FUZZ_CHECK(to.dimension != u->dimension, r.status().ToString());
          continue;
        }
        KINET_FUZZ_CHECK(std::isfinite(*r) && *r > 0, std::string(to.code));
      }
      break;
    }
    case 5: {
      std::optional<Pollutant> p = ParsePollutant(text);
      if (p) KINET_FUZZ_CHECK(ParsePollutant(PollutantCode(*p)) == p, std::string(text));
      std::optional<Averaging> a = ParseAveraging(text);
      if (a) KINET_FUZZ_CHECK(ParseAveraging(AveragingCode(*a)) == a, std::string(text));
      break;
    }
    case 6: {
      Result<TimeZone> z = TimeZone::Locate(text);
      if (!z.ok()) {
        KINET_FUZZ_CHECK(z.status().code() == StatusCode::kNotFound, z.status().ToString());
        return 0;
      }
      for (Seconds utc : {Seconds{0}, Seconds{1685577600}, Seconds{-2208988800}}) {
        const Seconds lst = z->UtcToLocalStandard(utc);
        KINET_FUZZ_CHECK(z->LocalStandardToUtc(lst) == utc, z->name());
      }
      break;
    }
    case 7: {
      Result<ColumnMap> m = ParseColumnMap(text);
      if (!m.ok()) {
        CheckFieldError(m.status());
        KINET_FUZZ_CHECK(m.status().field() == "--map", m.status().ToString());
      }
      Result<std::map<Pollutant, Unit>> u = ParseUnitList(text);
      if (!u.ok()) {
        CheckFieldError(u.status());
        KINET_FUZZ_CHECK(u.status().field() == "--units", u.status().ToString());
      }
      Result<std::vector<AqiUnitOverride>> o = ParseAqiUnitOverrides(text);
      if (!o.ok()) CheckFieldError(o.status());
      break;
    }
    case 8: {
      Result<AqiReportMode> m = ParseAqiReportMode(text);
      if (!m.ok()) CheckParseError(m.status());
      std::optional<MonitoringFormat> f = ParseMonitoringFormat(text);
      if (f) KINET_FUZZ_CHECK(ParseMonitoringFormat(MonitoringFormatCode(*f)) == f, "format");
      break;
    }
    default: {
      double serial = 0;
      if (text.size() < sizeof serial) return 0;
      std::memcpy(&serial, text.data(), sizeof serial);
      std::optional<CivilDate> d = XlsxSerialToDate(serial);
      if (d) KINET_FUZZ_CHECK(IsValidDate(d->year, d->month, d->day), FormatDate(*d));
      break;
    }
  }
  return 0;
}
