#include "store/monitoring_repository.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <set>

#include <fmt/format.h>

#include "core/sha256.h"
#include "store/migrations.h"

namespace kinet {
namespace {

constexpr std::string_view kBlockColumns =
    "SELECT s.code, b.parameter, b.year, b.unit, b.time_zone, b.utc_offset_seconds, "
    "b.hour_values, b.flags, b.value_format FROM monitoring_blocks b "
    "JOIN stations s ON s.id = b.station_id";

Result<MonitoringBlock> BlockFromRow(const Row& row) {
  MonitoringBlock b;
  b.station = row.TextOr(0);
  std::optional<Pollutant> p = ParsePollutant(row.TextOr(1));
  if (!p)
    return Internal(
        fmt::format("monitoring_blocks holds an unknown parameter '{}'", row.TextOr(1)));
  b.pollutant = *p;
  b.year = static_cast<int>(row.Int(2).value_or(0));
  std::optional<Unit> unit = ParseUnit(row.TextOr(3));
  if (!unit)
    return Internal(fmt::format("monitoring_blocks holds an unknown unit '{}'", row.TextOr(3)));
  b.unit = *unit;
  b.time_zone = row.TextOr(4);
  b.utc_offset_seconds = row.Int(5).value_or(0);
  const Blob* values = row.BlobAt(6);
  const Blob* flags = row.BlobAt(7);
  if (values == nullptr || flags == nullptr || flags->size() != kBlockHours) {
    return Internal(fmt::format("monitoring block {} {} {} is corrupt", b.station,
                                PollutantCode(b.pollutant), b.year));
  }
  KINET_ASSIGN_OR_RETURN(b.values,
                         DecodeHourValues(*values, static_cast<int>(row.Int(8).value_or(0))));
  b.flags.assign(flags->begin(), flags->end());
  return b;
}

// The double a legacy float32 value stood for: the nearest double to the
// shortest decimal that round-trips to `f` (file comment of the header).
double WidenLegacy(float f) {
  if (std::isnan(f)) return kMissingHour;
  char text[32];
  const std::to_chars_result printed = std::to_chars(text, text + sizeof text, f);
  double out = static_cast<double>(f);
  std::from_chars(text, printed.ptr, out);  // leaves `out` alone on failure (inf)
  return out;
}

std::uint64_t LoadLe(const std::uint8_t* p, int bytes) {
  std::uint64_t bits = 0;
  for (int k = 0; k < bytes; ++k) bits |= static_cast<std::uint64_t>(p[k]) << (8 * k);
  return bits;
}

}  // namespace

Blob EncodeHourValues(const std::vector<double>& values) {
  Blob out(values.size() * 8);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(values[i]);
    for (int k = 0; k < 8; ++k) out[8 * i + k] = static_cast<std::uint8_t>(bits >> (8 * k));
  }
  return out;
}

Blob EncodeHourValuesFloat32(const std::vector<float>& values) {
  Blob out(values.size() * 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(values[i]);
    for (int k = 0; k < 4; ++k) out[4 * i + k] = static_cast<std::uint8_t>(bits >> (8 * k));
  }
  return out;
}

Result<std::vector<double>> DecodeHourValues(const Blob& blob, int format) {
  if (format != kHourValuesFloat32 && format != kHourValuesFloat64) {
    return Internal(fmt::format("an hour_values blob has the unknown value_format {}", format));
  }
  const int width = format == kHourValuesFloat64 ? 8 : 4;
  if (blob.size() != static_cast<std::size_t>(kBlockHours) * width) {
    return Internal(fmt::format("an hour_values blob of format {} has {} bytes, not {}", format,
                                blob.size(), kBlockHours * width));
  }
  std::vector<double> out(kBlockHours);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::uint64_t bits = LoadLe(blob.data() + width * i, width);
    out[i] = width == 8 ? std::bit_cast<double>(bits)
                        : WidenLegacy(std::bit_cast<float>(static_cast<std::uint32_t>(bits)));
  }
  return out;
}

std::string BlockChecksum(const MonitoringBlock& block) {
  Sha256 hash;
  const Blob values = EncodeHourValues(block.values);
  hash.Update(values.data(), values.size());
  hash.Update(block.flags.data(), block.flags.size());
  return hash.HexDigest();
}

Result<std::optional<MonitoringBlock>> MonitoringRepository::FindBlock(std::string_view station,
                                                                       Pollutant pollutant,
                                                                       int year) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(
          std::string(kBlockColumns) + " WHERE s.code = ? AND b.parameter = ? AND b.year = ?",
          {TextValue(station), TextValue(PollutantCode(pollutant)), Value(std::int64_t{year})}));
  if (!row) return std::optional<MonitoringBlock>();
  KINET_ASSIGN_OR_RETURN(MonitoringBlock b, BlockFromRow(*row));
  return std::optional<MonitoringBlock>(std::move(b));
}

Result<std::vector<MonitoringBlock>> MonitoringRepository::CityBlocks(std::string_view city_code,
                                                                      int year) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(std::string(kBlockColumns) +
                    " JOIN cities c ON c.id = s.city_id WHERE c.code = ? AND b.year = ? "
                    "ORDER BY s.code, b.parameter",
                {TextValue(city_code), Value(std::int64_t{year})}));
  std::vector<MonitoringBlock> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(MonitoringBlock b, BlockFromRow(row));
    out.push_back(std::move(b));
  }
  return out;
}

Status MonitoringRepository::UpsertBlock(const MonitoringBlock& block, std::int64_t import_id) {
  if (block.values.size() != kBlockHours || block.flags.size() != kBlockHours) {
    return InvalidArgument(fmt::format("a monitoring block holds {} slots", kBlockHours), "values");
  }
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> station,
      db_.QueryOne("SELECT id FROM stations WHERE code = ?", {TextValue(block.station)}));
  if (!station) {
    return InvalidArgument(fmt::format("no station '{}' is registered", block.station), "station");
  }
  const std::vector<Value> params = {station->at(0),
                                     TextValue(PollutantCode(block.pollutant)),
                                     Value(std::int64_t{block.year}),
                                     TextValue(UnitCode(block.unit)),
                                     TextValue(block.time_zone),
                                     Value(block.utc_offset_seconds),
                                     EncodeHourValues(block.values),
                                     Blob(block.flags.begin(), block.flags.end()),
                                     Value(std::int64_t{block.ValueCount()}),
                                     Value(std::int64_t{block.FlaggedCount()}),
                                     import_id > 0 ? Value(import_id) : Null(),
                                     TextValue(BlockChecksum(block)),
                                     TextValue(UtcNowText()),
                                     Value(std::int64_t{kHourValuesFloat64})};
  KINET_RETURN_IF_ERROR(db_.Execute(
      "INSERT INTO monitoring_blocks (station_id, parameter, year, unit, time_zone, "
      "utc_offset_seconds, hour_values, flags, value_count, flagged_count, import_id, checksum, "
      "updated_at, value_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (station_id, parameter, year) DO UPDATE SET unit = excluded.unit, "
      "time_zone = excluded.time_zone, utc_offset_seconds = excluded.utc_offset_seconds, "
      "hour_values = excluded.hour_values, flags = excluded.flags, "
      "value_format = excluded.value_format, "
      "value_count = excluded.value_count, flagged_count = excluded.flagged_count, "
      "import_id = excluded.import_id, checksum = excluded.checksum, "
      "updated_at = excluded.updated_at",
      params));
  return OkStatus();
}

Result<std::vector<BlockSummary>> MonitoringRepository::StationBlocks(std::string_view station) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT s.code, b.parameter, b.year, b.unit, b.time_zone, b.value_count, "
                "b.flagged_count, b.updated_at FROM monitoring_blocks b "
                "JOIN stations s ON s.id = b.station_id WHERE s.code = ? "
                "ORDER BY b.year, b.parameter",
                {TextValue(station)}));
  std::vector<BlockSummary> out;
  for (const Row& row : rows) {
    out.push_back(BlockSummary{row.TextOr(0), row.TextOr(1),
                               static_cast<int>(row.Int(2).value_or(0)), row.TextOr(3),
                               row.TextOr(4), static_cast<int>(row.Int(5).value_or(0)),
                               static_cast<int>(row.Int(6).value_or(0)), row.TextOr(7)});
  }
  return out;
}

Result<std::vector<int>> MonitoringRepository::CityYears(std::string_view city_code) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT DISTINCT b.year FROM monitoring_blocks b "
                "JOIN stations s ON s.id = b.station_id JOIN cities c ON c.id = s.city_id "
                "WHERE c.code = ? ORDER BY b.year",
                {TextValue(city_code)}));
  std::vector<int> out;
  for (const Row& row : rows) out.push_back(static_cast<int>(row.Int(0).value_or(0)));
  return out;
}

Result<std::int64_t> MonitoringRepository::RewriteLegacyBlocks() {
  // One block at a time: a large database holds thousands of legacy blocks.
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> ids,
      db_.Query("SELECT id FROM monitoring_blocks WHERE value_format = ? ORDER BY id",
                {Value(std::int64_t{kHourValuesFloat32})}));
  std::int64_t rewritten = 0;
  for (const Row& id : ids) {
    KINET_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        db_.QueryOne(std::string(kBlockColumns) + " WHERE b.id = ?", {id.at(0)}));
    if (!row) continue;
    KINET_ASSIGN_OR_RETURN(MonitoringBlock block, BlockFromRow(*row));
    KINET_RETURN_IF_ERROR(
        db_.Execute("UPDATE monitoring_blocks SET hour_values = ?, value_format = ?, checksum = ? "
                    "WHERE id = ?",
                    {EncodeHourValues(block.values), Value(std::int64_t{kHourValuesFloat64}),
                     TextValue(BlockChecksum(block)), id.at(0)})
            .status());
    ++rewritten;
  }
  return rewritten;
}

Result<std::int64_t> MonitoringRepository::CountBlocks(int format) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("SELECT COUNT(*) FROM monitoring_blocks WHERE value_format = ?",
                   {Value(std::int64_t{format})}));
  return row ? row->Int(0).value_or(0) : 0;
}

Result<std::int64_t> MonitoringRepository::RecordImport(const MonitoringImportRecord& r) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("INSERT INTO monitoring_imports (file_name, checksum, format, options, rows_read, "
                "values_read, missing_values, flagged_values, changed_values, outcome, "
                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {TextValue(r.file_name), TextValue(r.checksum), TextValue(r.format),
                 TextValue(r.options), Value(r.rows_read), Value(r.values_read),
                 Value(r.missing_values), Value(r.flagged_values), Value(r.changed_values),
                 TextValue(r.changed ? "changed" : "unchanged"), TextValue(UtcNowText())}));
  if (rows.size() != 1 || !rows[0].Int(0)) return Internal("import insert returned no id");
  return *rows[0].Int(0);
}

Result<std::vector<MonitoringImportRecord>> MonitoringRepository::ListImports(int limit) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT id, file_name, checksum, format, options, rows_read, values_read, "
                "missing_values, flagged_values, changed_values, outcome, imported_at "
                "FROM monitoring_imports ORDER BY id DESC LIMIT ?",
                {Value(std::int64_t{limit})}));
  std::vector<MonitoringImportRecord> out;
  for (const Row& row : rows) {
    MonitoringImportRecord r;
    r.id = row.Int(0).value_or(0);
    r.file_name = row.TextOr(1);
    r.checksum = row.TextOr(2);
    r.format = row.TextOr(3);
    r.options = row.TextOr(4);
    r.rows_read = row.Int(5).value_or(0);
    r.values_read = row.Int(6).value_or(0);
    r.missing_values = row.Int(7).value_or(0);
    r.flagged_values = row.Int(8).value_or(0);
    r.changed_values = row.Int(9).value_or(0);
    r.changed = row.TextOr(10) == "changed";
    r.imported_at = row.TextOr(11);
    out.push_back(std::move(r));
  }
  return out;
}

Status AirAssessmentRepository::Replace(std::string_view entity_code, std::string_view period,
                                        const std::vector<AirAssessmentRecord>& records) {
  std::set<std::pair<std::string, std::string>> replaced;  // (level, rule set)
  for (const AirAssessmentRecord& r : records) {
    if (r.level != "city" && r.level != "station") {
      return InvalidArgument(fmt::format("assessment level '{}' is not city or station", r.level),
                             "level");
    }
    replaced.emplace(r.level, r.rule_set_id);
  }
  for (const auto& [level, rule_set] : replaced) {
    KINET_RETURN_IF_ERROR(db_.Execute(
        "DELETE FROM air_assessments WHERE level = ? AND entity_code = ? AND period = ? AND "
        "rule_set_id = ?",
        {TextValue(level), TextValue(entity_code), TextValue(period), TextValue(rule_set)}));
  }
  for (const AirAssessmentRecord& r : records) {
    KINET_RETURN_IF_ERROR(db_.Execute(
        "INSERT INTO air_assessments (level, entity_code, period, pollutant, statistic, value, "
        "valid, data_capture, verdict, rule_set_id, rule_set_version, time_from, time_to, "
        "input_checksum, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {TextValue(r.level), TextValue(entity_code), TextValue(period), TextValue(r.pollutant),
         TextValue(r.statistic), OrNull(r.value), Value(std::int64_t{r.valid ? 1 : 0}),
         OrNull(r.data_capture), TextOrNull(r.verdict), TextValue(r.rule_set_id),
         TextValue(r.rule_set_version), TextValue(r.time_from), TextValue(r.time_to),
         TextValue(r.input_checksum),
         TextValue(r.computed_at.empty() ? UtcNowText() : r.computed_at)}));
  }
  return OkStatus();
}

Result<std::vector<AirAssessmentRecord>> AirAssessmentRepository::Find(std::string_view entity_code,
                                                                       std::string_view period) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT level, entity_code, period, pollutant, statistic, value, valid, "
                "data_capture, verdict, rule_set_id, rule_set_version, time_from, time_to, "
                "input_checksum, computed_at FROM air_assessments "
                "WHERE entity_code = ? AND period = ? ORDER BY rule_set_id, pollutant, statistic",
                {TextValue(entity_code), TextValue(period)}));
  std::vector<AirAssessmentRecord> out;
  for (const Row& row : rows) {
    AirAssessmentRecord r;
    r.level = row.TextOr(0);
    r.entity_code = row.TextOr(1);
    r.period = row.TextOr(2);
    r.pollutant = row.TextOr(3);
    r.statistic = row.TextOr(4);
    r.value = row.Double(5);
    r.valid = row.Int(6).value_or(0) != 0;
    r.data_capture = row.Double(7);
    r.verdict = row.TextOr(8);
    r.rule_set_id = row.TextOr(9);
    r.rule_set_version = row.TextOr(10);
    r.time_from = row.TextOr(11);
    r.time_to = row.TextOr(12);
    r.input_checksum = row.TextOr(13);
    r.computed_at = row.TextOr(14);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kinet
