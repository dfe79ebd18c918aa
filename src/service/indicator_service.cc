#include "service/indicator_service.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/file.h"
#include "core/indicator_unit.h"
#include "engine/value_checks.h"
#include "ingest/xlsx_reader.h"
#include "ingest/xlsx_writer.h"
#include "rules/indicator_catalogue.h"
#include "store/audit_repository.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

std::string Num(double v) { return fmt::format("{}", v); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The lookups the rows of one import share, made once per import instead of
// once per row: the indicators and cities the file names, and the stored
// series of each (city, indicator, source kind) it touches, kept up to date
// as the rows are recorded. A 600-row upload of one city's monthly series
// read that series (up to 600 values) back for every row before: quadratic.
// Lives inside one transaction (the Executor's), so nothing else writes the
// values it caches.
class RecordLookups {
 public:
  explicit RecordLookups(Executor& ex) : ex_(ex) {}

  // The indicator with `code`, or nullptr when there is none.
  Result<const Indicator*> FindIndicator(const std::string& code) {
    auto it = indicators_.find(code);
    if (it == indicators_.end()) {
      Result<Indicator> ind = IndicatorRepository(ex_).FindByCode(code);
      std::optional<Indicator> found;
      if (ind.ok()) {
        found = std::move(*ind);
      } else if (ind.status().code() != StatusCode::kNotFound) {
        return ind.status();
      }
      it = indicators_.emplace(code, std::move(found)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // The id of the city with exactly `code`, or nullopt.
  Result<std::optional<std::int64_t>> CityId(const std::string& code) {
    auto it = city_ids_.find(code);
    if (it == city_ids_.end()) {
      KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> id,
                             IndicatorValueRepository(ex_).CityId(code));
      it = city_ids_.emplace(code, id).first;
    }
    return it->second;
  }

  // The stored values of (city, indicator, kind) by period.
  using Series = std::map<std::string, IndicatorValue>;
  Result<Series*> SeriesOf(const std::string& city, const std::string& indicator, SourceKind kind) {
    auto key = std::make_tuple(city, indicator, kind);
    auto it = series_.find(key);
    if (it == series_.end()) {
      KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                             IndicatorValueRepository(ex_).ValuesFor(city, indicator, kind));
      Series s;
      for (IndicatorValue& v : values) {
        std::string period = v.period;
        s.emplace(std::move(period), std::move(v));
      }
      it = series_.emplace(std::move(key), std::move(s)).first;
    }
    return &it->second;
  }

  // The permission resource of city `code` (CityResource), remembered.
  Result<Resource> CityResourceOf(const std::string& code);

 private:
  Executor& ex_;
  std::map<std::string, std::optional<Indicator>> indicators_;
  std::map<std::string, std::optional<std::int64_t>> city_ids_;
  std::map<std::tuple<std::string, std::string, SourceKind>, Series> series_;
  std::map<std::string, Result<Resource>> resources_;
};

// Records one value inside `ex` (the rules of the header's file comment),
// with the lookups of the import it belongs to.
Result<UpsertResult> Record(Executor& ex, const ValueInput& in, std::string_view actor,
                            RecordLookups& lookups) {
  if (in.city.empty()) return InvalidArgument("the city is empty", "city");
  KINET_ASSIGN_OR_RETURN(const Indicator* ind, lookups.FindIndicator(in.indicator));
  if (ind == nullptr) {
    return InvalidArgument(fmt::format("unknown indicator '{}'", in.indicator), "indicator");
  }
  KINET_ASSIGN_OR_RETURN(std::string period, ParseValuePeriod(in.period));
  if (!std::isfinite(in.value)) return InvalidArgument("the value is not a number", "value");
  const std::string unit = in.unit.empty() ? ind->unit : in.unit;
  Result<double> converted = ConvertIndicatorUnit(in.value, unit, ind->unit);
  if (!converted.ok()) return InvalidArgument(converted.status().message(), "unit");

  IndicatorValue v;
  v.city_code = in.city;
  v.indicator_code = ind->code;
  v.period = period;
  v.value = *converted;
  v.entered_value = in.value;
  v.entered_unit = std::string(FindIndicatorUnit(unit)->code);
  v.source_kind = in.source_kind;
  v.source = in.source;
  v.note = in.note;
  v.status = in.status;
  v.doubtful = in.doubtful;
  if (std::optional<ValueFlag> f = CheckRange(*ind, v.value)) v.flags.push_back(*f);

  KINET_ASSIGN_OR_RETURN(RecordLookups::Series * series,
                         lookups.SeriesOf(in.city, ind->code, in.source_kind));
  std::vector<SeriesValue> earlier;
  for (const auto& [p, e] : *series) {
    if (p >= period) break;  // the map is ordered by period
    // Same period kind (years with years), strictly before, not doubtful.
    if (p.size() == period.size() && !e.doubtful) earlier.push_back({e.period, e.value});
  }
  if (std::optional<ValueFlag> f = CheckJump(earlier, v.value)) v.flags.push_back(*f);

  KnownValueKeys known;
  if (auto it = series->find(period); it != series->end()) known.old = it->second;
  const std::optional<IndicatorValue>& old = known.old;
  if (old) {
    const bool same = old->value == v.value && old->entered_value == v.entered_value &&
                      old->entered_unit == v.entered_unit && old->source == v.source &&
                      old->note == v.note && old->doubtful == v.doubtful;
    if (same) return UpsertResult{*old, UpsertAction::kUnchanged};
    if (old->status == ValueStatus::kEndorsed || old->status == ValueStatus::kPublished) {
      return Conflict(fmt::format(
          "the {} value of {} for {} in {} is {} ({}); send it back to draft before changing it",
          SourceKindCode(in.source_kind), ind->code, in.city, period, ValueStatusCode(old->status),
          Num(old->value)));
    }
  }
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city_id, lookups.CityId(in.city));
  if (!city_id) return InvalidArgument(fmt::format("unknown city '{}'", in.city), "city");
  known.city_id = *city_id;
  known.indicator_id = ind->id.value;
  KINET_ASSIGN_OR_RETURN(UpsertResult r, IndicatorValueRepository(ex).Upsert(v, actor, known));
  (*series)[period] = r.value;
  return r;
}

// The status before `to` on the forward path.
std::optional<ValueStatus> Predecessor(ValueStatus to) {
  switch (to) {
    case ValueStatus::kSubmitted:
      return ValueStatus::kDraft;
    case ValueStatus::kEndorsed:
      return ValueStatus::kSubmitted;
    case ValueStatus::kPublished:
      return ValueStatus::kEndorsed;
    case ValueStatus::kDraft:
      return std::nullopt;
  }
  return std::nullopt;
}

// A table read from CSV or XLSX: header names and rows of text cells, with
// the location of every cell for messages.
struct ValueRow {
  std::map<std::string, std::string> cells;  // column -> text
  std::optional<double> number;              // the value cell, when the file typed it as a number
  std::string location;                      // "values.csv:12" / "values.xlsx: sheet 1, row 7"
  std::string file;
  int line = 0;                              // CSV line or sheet row
  std::map<std::string, std::string> where;  // column -> "values.xlsx: sheet 1, cell D7"
};

bool IsXlsx(std::string_view name) { return Lower(name).ends_with(".xlsx"); }
bool IsCsv(std::string_view name) { return Lower(name).ends_with(".csv"); }

Status CheckHeader(const std::vector<std::string>& header, std::string_view file) {
  for (std::string_view required : {"city", "indicator", "period", "value"}) {
    bool found = false;
    for (const std::string& h : header) found = found || h == required;
    if (!found) {
      return InvalidArgument(fmt::format("{}: the header lacks the column '{}' (columns: {})", file,
                                         required, fmt::join(ValueFileColumns(), ",")),
                             std::string(required));
    }
  }
  return OkStatus();
}

Result<std::vector<ValueRow>> ReadCsvRows(std::string_view bytes, std::string_view file) {
  CsvReader reader(bytes, std::string(file));
  std::vector<std::string> header, fields;
  KINET_ASSIGN_OR_RETURN(bool any, reader.Next(header));
  if (!any) return InvalidArgument(fmt::format("{}: the file is empty", file));
  for (std::string& h : header) h = Lower(h);
  KINET_RETURN_IF_ERROR(CheckHeader(header, file));
  std::vector<ValueRow> rows;
  while (true) {
    KINET_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    ValueRow row;
    row.location = reader.Where();
    row.file = std::string(file);
    row.line = reader.line();
    if (fields.size() != header.size()) {
      row.cells["__error"] =
          fmt::format("{} fields where the header has {}", fields.size(), header.size());
    }
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) {
      row.cells[header[i]] = fields[i];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<ValueRow>> ReadXlsxRows(std::string_view bytes, std::string_view file) {
  KINET_ASSIGN_OR_RETURN(XlsxSheet sheet, ReadXlsxFirstSheet(bytes, file));
  if (sheet.rows.empty()) return InvalidArgument(fmt::format("{}: the first sheet is empty", file));
  std::vector<std::string> header;
  for (const XlsxCell& c : sheet.rows[0]) header.push_back(Lower(c.text));
  KINET_RETURN_IF_ERROR(CheckHeader(header, file));
  std::vector<ValueRow> rows;
  for (std::size_t r = 1; r < sheet.rows.size(); ++r) {
    const std::vector<XlsxCell>& cells = sheet.rows[r];
    if (cells.empty()) continue;  // a blank row
    ValueRow row;
    row.location = fmt::format("{}: sheet 1, row {}", file, r + 1);
    row.file = std::string(file);
    row.line = static_cast<int>(r + 1);
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) {
      row.cells[header[c]] = cells[c].text;
      row.where[header[c]] = fmt::format("{}: sheet 1, cell {}", file,
                                         XlsxCellName(static_cast<int>(r), static_cast<int>(c)));
      if (header[c] == "value" && cells[c].kind == XlsxCellKind::kNumber) {
        row.number = cells[c].number;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Cell(const ValueRow& row, const std::string& column) {
  auto it = row.cells.find(column);
  return it == row.cells.end() ? std::string() : it->second;
}

// Turns one row into a ValueInput; a refusal names its column.
Result<ValueInput> RowInput(const ValueRow& row, const ImportOptions& options) {
  if (auto it = row.cells.find("__error"); it != row.cells.end()) {
    return InvalidArgument(it->second);
  }
  ValueInput in;
  in.city = Cell(row, "city");
  in.indicator = Cell(row, "indicator");
  in.period = Cell(row, "period");
  for (const char* required : {"city", "indicator", "period", "value"}) {
    if (Cell(row, required).empty()) return InvalidArgument("empty", required);
  }
  if (row.number) {
    in.value = *row.number;
  } else {
    // A decimal number as from_chars reads it (strtod, used before, also
    // took hexadecimal, "0x1A" as 26, and followed the locale), with spaces
    // around it and a leading '+' allowed.
    const std::string text = Cell(row, "value");
    std::string_view digits = text;
    while (!digits.empty() && digits.front() == ' ') digits.remove_prefix(1);
    while (!digits.empty() && digits.back() == ' ') digits.remove_suffix(1);
    const bool plus = !digits.empty() && digits.front() == '+';
    if (plus) digits.remove_prefix(1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), in.value);
    const bool number = !digits.empty() && !(plus && digits.front() == '-') && ec == std::errc() &&
                        end == digits.data() + digits.size() && std::isfinite(in.value);
    if (!number) {
      return InvalidArgument(fmt::format("'{}' is not a number", text), "value");
    }
  }
  in.unit = Cell(row, "unit");
  if (std::string kind = Cell(row, "source_kind"); !kind.empty()) {
    std::optional<SourceKind> k = ParseSourceKind(kind);
    if (!k)
      return InvalidArgument(fmt::format("'{}' is not reported or computed", kind), "source_kind");
    in.source_kind = *k;
  }
  if (std::string status = Cell(row, "status"); !status.empty() && !ParseValueStatus(status)) {
    return InvalidArgument(
        fmt::format("'{}' is not draft, submitted, endorsed or published", status), "status");
  }
  in.source = Cell(row, "source");
  in.note = Cell(row, "note");
  const std::string doubtful = Lower(Cell(row, "doubtful"));
  if (doubtful == "yes" || doubtful == "true" || doubtful == "1") {
    in.doubtful = true;
  } else if (!doubtful.empty() && doubtful != "no" && doubtful != "false" && doubtful != "0") {
    return InvalidArgument(fmt::format("'{}' is not yes or no", doubtful), "doubtful");
  }
  in.status = options.status;
  return in;
}

ImportRowError RowError(const ValueRow& row, const Status& s) {
  ImportRowError e;
  e.column = s.field();
  auto it = row.where.find(e.column);
  e.location = it != row.where.end() ? it->second : row.location;
  e.reason = s.message();
  e.file = row.file;
  e.line = row.line;
  return e;
}

// The permission resource of the city `code`. InvalidArgument (field
// "city") for an unknown city.
Result<Resource> CityResource(Executor& ex, std::string_view code) {
  Result<City> city = CityRepository(ex).FindByCode(code);
  if (!city.ok()) {
    if (city.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("unknown city '{}'", code), "city");
    }
    return city.status();
  }
  return Resource::City(city->country_code, city->code);
}

Result<Resource> RecordLookups::CityResourceOf(const std::string& code) {
  auto it = resources_.find(code);
  if (it == resources_.end()) it = resources_.emplace(code, CityResource(ex_, code)).first;
  return it->second;
}

// OK when `who` may enter values of `city` with `status` (draft, or
// submitted, which needs the right to submit too).
Status MayEnter(RecordLookups& lookups, const Principal& who, const std::string& city,
                ValueStatus status) {
  KINET_ASSIGN_OR_RETURN(Resource on, lookups.CityResourceOf(city));
  KINET_RETURN_IF_ERROR(Require(who, Action::kEnterValue, on));
  if (status != ValueStatus::kDraft) KINET_RETURN_IF_ERROR(Require(who, Action::kSubmitValue, on));
  return OkStatus();
}

// Which unpublished values `who` may read, as the filter the store applies
// in SQL (IndicatorValueQuery::unpublished): nullopt (every value) for the
// secretariat and the operator, the unpublished values of their city for a
// city officer and of their country's cities for a national coordinator
// (Action::kReadUnpublished on the value's city, permissions.h; codes
// compare ignoring ASCII case, as SameScope does), none for anyone else.
std::optional<IndicatorValueQuery::Unpublished> UnpublishedFor(const Principal& who) {
  using Unpublished = IndicatorValueQuery::Unpublished;
  if (Can(who, Action::kReadUnpublished, Resource::None()) ||
      who.kind == Principal::Kind::kOperator) {
    return std::nullopt;
  }
  if (who.signed_in() && who.role == Role::kCityOfficer) {
    return Unpublished{Unpublished::Of::kCity, who.scope};
  }
  if (who.signed_in() && who.role == Role::kNationalCoordinator) {
    return Unpublished{Unpublished::Of::kCountry, who.scope};
  }
  return Unpublished{Unpublished::Of::kNone, ""};  // published only
}

std::string FlagText(const std::vector<ValueFlag>& flags) {
  std::string out;
  for (const ValueFlag& f : flags) out += (out.empty() ? "" : "; ") + f.reason;
  return out;
}

// One exported row, in ValueFileColumns() order.
std::vector<std::string> ExportRow(const IndicatorValue& v, const std::string& unit) {
  return {v.city_code,
          v.indicator_code,
          v.period,
          Num(v.value),
          unit,
          std::string(SourceKindCode(v.source_kind)),
          v.source,
          v.note,
          std::string(ValueStatusCode(v.status)),
          v.doubtful ? "yes" : "",
          FlagText(v.flags)};
}

}  // namespace

std::string ImportRowError::ToString() const {
  if (column.empty()) return fmt::format("{}: {}", location, reason);
  if (location.find(", cell ") != std::string::npos) {
    return fmt::format("{} ({}): {}", location, column, reason);
  }
  return fmt::format("{}: column {}: {}", location, column, reason);
}

const std::vector<std::string>& ValueFileColumns() {
  static const std::vector<std::string> columns = {"city",   "indicator",   "period", "value",
                                                   "unit",   "source_kind", "source", "note",
                                                   "status", "doubtful",    "flags"};
  return columns;
}

Status IndicatorService::SyncBuiltinCatalogue() {
  KINET_ASSIGN_OR_RETURN(IndicatorCatalogue cat, BuiltinIndicatorCatalogue());
  IndicatorRepository quick(db_);
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> digest, quick.BuiltinDigest());
  if (digest && *digest == cat.digest) return OkStatus();
  return db_.Transact([&](Executor& ex) -> Status {
    IndicatorRepository repo(ex);
    for (const Indicator& ind : cat.indicators) {
      KINET_RETURN_IF_ERROR(repo.Upsert(ind).status());
    }
    return repo.SetBuiltinDigest(cat.digest);
  });
}

Result<std::vector<Indicator>> IndicatorService::ListIndicators(std::optional<Theme> theme) {
  return IndicatorRepository(db_).List(theme);
}

Result<Indicator> IndicatorService::FindIndicator(std::string_view code) {
  return IndicatorRepository(db_).FindByCode(code);
}

Result<std::vector<Indicator>> IndicatorService::AddIndicators(std::string_view toml,
                                                               std::string_view source,
                                                               std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(IndicatorCatalogue cat, ParseIndicatorCatalogue(toml, source));
  std::vector<Indicator> added;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    IndicatorRepository repo(ex);
    for (Indicator ind : cat.indicators) {
      ind.builtin = false;
      KINET_ASSIGN_OR_RETURN(Indicator stored, repo.Insert(ind));
      KINET_RETURN_IF_ERROR(
          ex.Execute("INSERT INTO audit_log (actor, action, entity, entity_id, new_value)"
                     " VALUES (?, 'insert', 'indicator', ?, ?)",
                     {TextValue(actor), stored.code, stored.name_en}));
      added.push_back(std::move(stored));
    }
    return OkStatus();
  }));
  return added;
}

Result<IndicatorValue> IndicatorService::RecordValue(const ValueInput& input,
                                                     std::string_view actor) {
  std::optional<IndicatorValue> out;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    RecordLookups lookups(ex);
    KINET_ASSIGN_OR_RETURN(UpsertResult r, Record(ex, input, actor, lookups));
    out = std::move(r.value);
    return OkStatus();
  }));
  return std::move(*out);
}

Result<IndicatorValue> IndicatorService::ChangeStatus(std::string_view city,
                                                      std::string_view indicator,
                                                      std::string_view period,
                                                      SourceKind source_kind, ValueStatus to,
                                                      std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::string p, ParseValuePeriod(period));
  std::optional<IndicatorValue> out;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    IndicatorValueRepository values(ex);
    KINET_ASSIGN_OR_RETURN(std::optional<IndicatorValue> v,
                           values.Find(city, indicator, p, source_kind));
    if (!v) {
      return NotFound(fmt::format("no {} value of {} for {} in {}", SourceKindCode(source_kind),
                                  indicator, city, p));
    }
    if (!IsAllowedTransition(v->status, to)) {
      return Conflict(fmt::format(
          "the value of {} for {} in {} is {}; it cannot become {} (draft → submitted → "
          "endorsed → published; submitted or endorsed may return to draft)",
          indicator, city, p, ValueStatusCode(v->status), ValueStatusCode(to)));
    }
    KINET_ASSIGN_OR_RETURN(
        IndicatorValue moved,
        values.UpdateStatus(city, indicator, p, source_kind, v->status, to, actor));
    out = std::move(moved);
    return OkStatus();
  }));
  return std::move(*out);
}

Result<std::vector<IndicatorValue>> IndicatorService::ChangeStatusAll(
    const IndicatorValueQuery& query, ValueStatus to, std::string_view actor) {
  std::optional<ValueStatus> from = Predecessor(to);
  if (!from) return InvalidArgument("values return to draft one at a time", "status");
  IndicatorValueQuery q = query;
  q.status = *from;
  std::vector<IndicatorValue> moved;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    IndicatorValueRepository values(ex);
    KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> matching, values.List(q));
    if (matching.empty()) {
      return Conflict(fmt::format("no {} value matches, so none can become {}",
                                  ValueStatusCode(*from), ValueStatusCode(to)));
    }
    for (const IndicatorValue& v : matching) {
      KINET_ASSIGN_OR_RETURN(IndicatorValue m,
                             values.UpdateStatus(v.city_code, v.indicator_code, v.period,
                                                 v.source_kind, *from, to, actor));
      moved.push_back(std::move(m));
    }
    return OkStatus();
  }));
  return moved;
}

Result<std::vector<IndicatorValue>> IndicatorService::ListValues(const IndicatorValueQuery& query) {
  return IndicatorValueRepository(db_).List(query);
}

Result<ImportReport> IndicatorService::Import(std::string_view bytes, std::string_view file_name,
                                              const ImportOptions& options) {
  if (options.principal && !options.principal->signed_in()) {
    return Unauthenticated("sign in to import values");
  }
  std::vector<ValueRow> rows;
  if (IsXlsx(file_name)) {
    KINET_ASSIGN_OR_RETURN(rows, ReadXlsxRows(bytes, file_name));
  } else if (IsCsv(file_name)) {
    KINET_ASSIGN_OR_RETURN(rows, ReadCsvRows(bytes, file_name));
  } else {
    return InvalidArgument(fmt::format("{}: import reads .csv or .xlsx files", file_name));
  }
  ImportReport report;
  report.file = std::string(file_name);
  const std::string actor = options.principal ? options.principal->actor() : options.actor;
  report.rows = static_cast<int>(rows.size());
  // A marker status that rolls the transaction back when any row failed.
  const Status refused = InvalidArgument("the file has refused rows");
  Status s = db_.Transact([&](Executor& ex) -> Status {
    RecordLookups lookups(ex);
    for (const ValueRow& row : rows) {
      Result<ValueInput> in = RowInput(row, options);
      if (!in.ok()) {
        report.errors.push_back(RowError(row, in.status()));
        continue;
      }
      if (options.principal) {
        Status allowed = MayEnter(lookups, *options.principal, in->city, options.status);
        if (!allowed.ok()) {
          const StatusCode code = allowed.code();
          if (code != StatusCode::kInvalidArgument && code != StatusCode::kPermissionDenied &&
              code != StatusCode::kUnauthenticated) {
            return allowed;
          }
          report.errors.push_back(RowError(row, Status(code, allowed.message(), "city")));
          continue;
        }
      }
      Result<UpsertResult> r = Record(ex, *in, actor, lookups);
      if (!r.ok()) {
        const StatusCode code = r.status().code();
        if (code != StatusCode::kInvalidArgument && code != StatusCode::kConflict &&
            code != StatusCode::kNotFound) {
          return r.status();  // not about the row: the database failed
        }
        report.errors.push_back(RowError(row, r.status()));
        continue;
      }
      switch (r->action) {
        case UpsertAction::kInserted:
          ++report.inserted;
          break;
        case UpsertAction::kUpdated:
          ++report.updated;
          break;
        case UpsertAction::kUnchanged:
          ++report.unchanged;
          break;
      }
      if (!r->value.flags.empty() && r->action != UpsertAction::kUnchanged) {
        report.flagged.push_back(
            {row.location,
             fmt::format("{}/{}/{}/{}", r->value.city_code, r->value.indicator_code,
                         r->value.period, SourceKindCode(r->value.source_kind)),
             r->value.flags});
      }
    }
    return report.errors.empty() ? OkStatus() : refused;
  });
  if (!s.ok() && !(s == refused)) return s;
  if (!report.errors.empty()) {
    report.inserted = report.updated = report.unchanged = 0;
    report.flagged.clear();
  }
  return report;
}

std::string ValueCsvHeaderLine() { return CsvLine(ValueFileColumns()) + "\n"; }

std::string ValueCsvLine(const IndicatorValue& value, const std::string& unit) {
  return CsvLine(ExportRow(value, unit)) + "\n";
}

Result<std::string> IndicatorService::ExportCsv(const IndicatorValueQuery& query) {
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values, ListValues(query));
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> indicators, ListIndicators());
  std::map<std::string, std::string> units;
  for (const Indicator& i : indicators) units[i.code] = i.unit;
  std::string out = ValueCsvHeaderLine();
  for (const IndicatorValue& v : values) out += ValueCsvLine(v, units[v.indicator_code]);
  return out;
}

Result<int> IndicatorService::ExportFile(const IndicatorValueQuery& query,
                                         const std::string& path) {
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values, ListValues(query));
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> indicators, ListIndicators());
  std::map<std::string, std::string> units;
  for (const Indicator& i : indicators) units[i.code] = i.unit;
  if (IsXlsx(path)) {
    std::vector<std::vector<XlsxOutCell>> rows;
    std::vector<XlsxOutCell> header;
    for (const std::string& c : ValueFileColumns()) header.emplace_back(c);
    rows.push_back(std::move(header));
    for (const IndicatorValue& v : values) {
      std::vector<XlsxOutCell> row;
      for (std::string& cell : ExportRow(v, units[v.indicator_code])) row.emplace_back(cell);
      // The value as a number, so spreadsheets compute with it, unless 15
      // significant digits (what a spreadsheet keeps) would change it: then as
      // its exact text, so export -> import round-trips.
      if (std::strtod(fmt::format("{:.15g}", v.value).c_str(), nullptr) == v.value) {
        row[3] = v.value;
      }
      rows.push_back(std::move(row));
    }
    KINET_RETURN_IF_ERROR(WriteXlsx(path, "values", rows));
  } else if (IsCsv(path)) {
    std::string out = CsvLine(ValueFileColumns()) + "\n";
    for (const IndicatorValue& v : values) {
      out += CsvLine(ExportRow(v, units[v.indicator_code])) + "\n";
    }
    KINET_RETURN_IF_ERROR(WriteFileAtomic(path, out));
  } else {
    return InvalidArgument(fmt::format("{}: export writes .csv or .xlsx files", path), "out");
  }
  return static_cast<int>(values.size());
}

namespace {

// IndicatorService::Compare over the values the store reads with
// `unpublished` as the visibility filter (nullopt: every value). A value the
// reader may not see is not read, so its period compares only the other
// kind, without a difference, or is left out when both are hidden.
Result<std::vector<ValueComparison>> CompareValues(
    IndicatorService& service, std::string_view city, std::string_view indicator,
    std::optional<std::string> period,
    std::optional<IndicatorValueQuery::Unpublished> unpublished) {
  KINET_RETURN_IF_ERROR(service.FindIndicator(indicator).status());
  IndicatorValueQuery q;
  q.city_code = std::string(city);
  q.indicator_code = std::string(indicator);
  q.unpublished = std::move(unpublished);
  if (period) {
    KINET_ASSIGN_OR_RETURN(std::string p, ParseValuePeriod(*period));
    q.from = p;
    q.to = p;
  }
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values, service.ListValues(q));
  std::map<std::string, ValueComparison> by_period;
  for (IndicatorValue& v : values) {
    if (period && v.period != *period) continue;
    ValueComparison& c = by_period[v.period];
    c.period = v.period;
    (v.source_kind == SourceKind::kReported ? c.reported : c.computed) = std::move(v);
  }
  std::vector<ValueComparison> out;
  for (auto& [p, c] : by_period) {
    if (c.reported && c.computed) {
      c.difference = c.computed->value - c.reported->value;
      if (c.reported->value != 0) {
        c.relative_difference_percent = 100.0 * *c.difference / std::fabs(c.reported->value);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Result<std::vector<ValueComparison>> IndicatorService::Compare(std::string_view city,
                                                               std::string_view indicator,
                                                               std::optional<std::string> period) {
  return CompareValues(*this, city, indicator, std::move(period), std::nullopt);
}

// ---- on behalf of a principal ----

namespace {

Status ValidateIndicatorFields(const Indicator& ind) {
  if (ind.code.empty()) return InvalidArgument("the indicator needs a code", "code");
  for (char c : ind.code) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (!ok) {
      return InvalidArgument(
          fmt::format("code '{}' may hold only a-z, 0-9, '.', '-' and '_'", ind.code), "code");
    }
  }
  if (ind.name_en.empty()) return InvalidArgument("the indicator needs name_en", "name_en");
  if (!FindIndicatorUnit(ind.unit)) {
    return InvalidArgument(fmt::format("unknown unit '{}'", ind.unit), "unit");
  }
  if (ind.valid_min && ind.valid_max && *ind.valid_min > *ind.valid_max) {
    return InvalidArgument("valid_min is above valid_max", "valid_min");
  }
  return OkStatus();
}

Status AuditIndicator(Executor& ex, std::string_view actor, std::string_view action,
                      const Indicator& ind) {
  AuditEntry e;
  e.actor = std::string(actor);
  e.action = std::string(action);
  e.entity = "indicator";
  e.entity_id = ind.code;
  e.new_value = ind.name_en;
  return AuditRepository(ex).Record(e);
}

// The action a status change needs (the header's comment on ChangeStatus).
Action StatusAction(ValueStatus to) {
  switch (to) {
    case ValueStatus::kSubmitted:
    case ValueStatus::kDraft:
      return Action::kSubmitValue;
    case ValueStatus::kEndorsed:
      return Action::kEndorseValue;
    case ValueStatus::kPublished:
      return Action::kPublishValue;
  }
  return Action::kPublishValue;
}

}  // namespace

Result<Indicator> IndicatorService::CreateIndicator(const Principal& who, Indicator indicator) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageCatalogue, Resource::None()));
  if (std::optional<IndicatorUnit> u = FindIndicatorUnit(indicator.unit)) {
    indicator.unit = std::string(u->code);
  }
  KINET_RETURN_IF_ERROR(ValidateIndicatorFields(indicator));
  indicator.builtin = false;
  std::optional<Indicator> out;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    KINET_ASSIGN_OR_RETURN(Indicator stored, IndicatorRepository(ex).Insert(indicator));
    KINET_RETURN_IF_ERROR(AuditIndicator(ex, who.actor(), "insert", stored));
    out = std::move(stored);
    return OkStatus();
  }));
  return std::move(*out);
}

Result<Indicator> IndicatorService::UpdateIndicator(const Principal& who, std::string_view code,
                                                    Indicator indicator) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageCatalogue, Resource::None()));
  if (!indicator.code.empty() && indicator.code != code) {
    return InvalidArgument(
        fmt::format("the code '{}' differs from the path's '{}'", indicator.code, code), "code");
  }
  indicator.code = std::string(code);
  if (std::optional<IndicatorUnit> u = FindIndicatorUnit(indicator.unit)) {
    indicator.unit = std::string(u->code);
  }
  KINET_RETURN_IF_ERROR(ValidateIndicatorFields(indicator));
  std::optional<Indicator> out;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    IndicatorRepository repo(ex);
    KINET_ASSIGN_OR_RETURN(Indicator old, repo.FindByCode(code));
    if (old.builtin) {
      return Conflict(fmt::format(
          "{} is a builtin indicator; change standards/indicators/catalogue.toml instead", code));
    }
    indicator.builtin = false;
    KINET_ASSIGN_OR_RETURN(Indicator stored, repo.Upsert(indicator));
    KINET_RETURN_IF_ERROR(AuditIndicator(ex, who.actor(), "update", stored));
    out = std::move(stored);
    return OkStatus();
  }));
  return std::move(*out);
}

Result<IndicatorValue> IndicatorService::RecordValue(const Principal& who, ValueInput input) {
  input.status = ValueStatus::kDraft;
  std::optional<IndicatorValue> out;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& ex) -> Status {
    if (input.city.empty()) return InvalidArgument("the city is empty", "city");
    RecordLookups lookups(ex);
    KINET_RETURN_IF_ERROR(MayEnter(lookups, who, input.city, input.status));
    KINET_ASSIGN_OR_RETURN(UpsertResult r, Record(ex, input, who.actor(), lookups));
    out = std::move(r.value);
    return OkStatus();
  }));
  return std::move(*out);
}

Result<std::vector<IndicatorValue>> IndicatorService::ListValues(const Principal& who,
                                                                 const IndicatorValueQuery& query) {
  IndicatorValueQuery visible = query;
  visible.unpublished = UnpublishedFor(who);
  return ListValues(visible);
}

Result<IndicatorValuePage> IndicatorService::ListValuesPage(const Principal& who,
                                                            IndicatorValueQuery query,
                                                            std::int64_t offset,
                                                            std::int64_t limit) {
  query.unpublished = UnpublishedFor(who);
  return IndicatorValueRepository(db_).ListPage(query, offset, limit);
}

Result<std::vector<IndicatorValue>> IndicatorService::ChangeStatus(
    const Principal& who, const ValueStatusChange& change) {
  if (change.indicator.has_value() != change.period.has_value()) {
    return InvalidArgument("give both indicator and period for one value, or neither",
                           change.indicator ? "period" : "indicator");
  }
  Action action = StatusAction(change.to);
  if (change.city) {
    KINET_ASSIGN_OR_RETURN(Resource on, CityResource(db_, *change.city));
    if (change.to == ValueStatus::kDraft && Can(who, Action::kEndorseValue, on)) {
      action = Action::kEndorseValue;  // the coordinator sends a value back
    }
    KINET_RETURN_IF_ERROR(Require(who, action, on));
  } else {
    KINET_RETURN_IF_ERROR(Require(who, action, Resource::None()));
  }
  if (change.indicator) {
    if (!change.city) return InvalidArgument("one value needs its city", "city");
    KINET_ASSIGN_OR_RETURN(
        IndicatorValue moved,
        ChangeStatus(*change.city, *change.indicator, *change.period,
                     change.source_kind.value_or(SourceKind::kReported), change.to, who.actor()));
    return std::vector<IndicatorValue>{std::move(moved)};
  }
  IndicatorValueQuery q;
  q.city_code = change.city;
  q.from = change.from;
  q.to = change.to_period;
  q.source_kind = change.source_kind;
  return ChangeStatusAll(q, change.to, who.actor());
}

Result<std::vector<ValueComparison>> IndicatorService::Compare(const Principal& who,
                                                               std::string_view city,
                                                               std::string_view indicator,
                                                               std::optional<std::string> period) {
  return CompareValues(*this, city, indicator, std::move(period), UnpublishedFor(who));
}

}  // namespace kinet
