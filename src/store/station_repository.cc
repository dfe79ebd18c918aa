#include "store/station_repository.h"

#include <fmt/format.h>

namespace kinet {
namespace {

constexpr std::string_view kStationColumns =
    "SELECT s.id, s.code, c.code, s.name_en, s.name_local, s.lat, s.lon, s.type, "
    "s.active_from, s.active_to, s.source, s.data_status FROM stations s "
    "JOIN cities c ON c.id = s.city_id";

Result<std::optional<CivilDate>> ReadDate(const Row& row, std::size_t i) {
  if (row.IsNull(i)) return std::optional<CivilDate>();
  Result<CivilDate> d = ParseDate(row.TextOr(i));
  if (!d.ok())
    return Internal(fmt::format("the stations table holds a bad date '{}'", row.TextOr(i)));
  return std::optional<CivilDate>(*d);
}

Result<Station> StationFromRow(const Row& row) {
  Station s;
  s.id = StationId(row.Int(0).value_or(0));
  s.code = row.TextOr(1);
  s.city_code = row.TextOr(2);
  s.name_en = row.TextOr(3);
  s.name_local = row.TextOr(4);
  s.lat = row.Double(5);
  s.lon = row.Double(6);
  std::optional<StationType> type = ParseStationType(row.TextOr(7));
  if (!type)
    return Internal(fmt::format("the stations table holds an unknown type '{}'", row.TextOr(7)));
  s.type = *type;
  KINET_ASSIGN_OR_RETURN(s.active_from, ReadDate(row, 8));
  KINET_ASSIGN_OR_RETURN(s.active_to, ReadDate(row, 9));
  s.source = row.TextOr(10);
  std::optional<DataStatus> status = ParseDataStatus(row.TextOr(11));
  if (!status) {
    return Internal(
        fmt::format("the stations table holds an unknown data_status '{}'", row.TextOr(11)));
  }
  s.data_status = *status;
  return s;
}

Value DateOrNull(const std::optional<CivilDate>& d) { return d ? Value(FormatDate(*d)) : Null(); }

}  // namespace

Result<StationId> StationRepository::Upsert(const Station& station) {
  if (station.code.empty()) return InvalidArgument("a station needs a code", "code");
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> city,
      db_.QueryOne("SELECT id FROM cities WHERE code = ?", {TextValue(station.city_code)}));
  if (!city) {
    return InvalidArgument(
        fmt::format("station {}: no city '{}' is registered", station.code, station.city_code),
        "city_code");
  }
  const std::vector<Value> params = {TextValue(station.code),
                                     city->at(0),
                                     TextValue(station.name_en),
                                     TextValue(station.name_local),
                                     OrNull(station.lat),
                                     OrNull(station.lon),
                                     TextValue(StationTypeCode(station.type)),
                                     DateOrNull(station.active_from),
                                     DateOrNull(station.active_to),
                                     TextValue(station.source),
                                     TextValue(DataStatusCode(station.data_status))};
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("INSERT INTO stations (code, city_id, name_en, name_local, lat, lon, type, "
                "active_from, active_to, source, data_status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (code) DO UPDATE SET city_id = excluded.city_id, "
                "name_en = excluded.name_en, name_local = excluded.name_local, "
                "lat = excluded.lat, lon = excluded.lon, type = excluded.type, "
                "active_from = excluded.active_from, active_to = excluded.active_to, "
                "source = excluded.source, data_status = excluded.data_status RETURNING id",
                params));
  if (rows.size() != 1 || !rows[0].Int(0)) return Internal("station upsert returned no id");
  return StationId(*rows[0].Int(0));
}

Result<Station> StationRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kStationColumns) + " WHERE s.code = ?", {TextValue(code)}));
  if (!row) return NotFound(fmt::format("no station '{}'", code));
  return StationFromRow(*row);
}

Result<std::vector<Station>> StationRepository::List(std::optional<std::string_view> city_code) {
  std::vector<Row> rows;
  if (city_code) {
    KINET_ASSIGN_OR_RETURN(
        rows, db_.Query(std::string(kStationColumns) + " WHERE c.code = ? ORDER BY c.code, s.code",
                        {TextValue(*city_code)}));
  } else {
    KINET_ASSIGN_OR_RETURN(rows,
                           db_.Query(std::string(kStationColumns) + " ORDER BY c.code, s.code"));
  }
  std::vector<Station> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(Station s, StationFromRow(row));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace kinet
