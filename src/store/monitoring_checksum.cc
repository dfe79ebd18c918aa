#include "store/monitoring_checksum.h"

#include <cstdint>
#include <vector>

namespace kinet {

void CityYearChecksum::AddBlock(std::string_view station_code, std::string_view station_type,
                                std::string_view block_checksum) {
  sha_.Update(block_checksum);
  if (!any_ || station_code != last_station_) {
    stations_ += std::string(station_code) + "=" + std::string(station_type) + ";";
    last_station_ = std::string(station_code);
    any_ = true;
  }
}

std::string CityYearChecksum::HexDigest() {
  // The block checksums are fixed-width hex, so the station list that
  // follows cannot be mistaken for one of them.
  sha_.Update("stations:");
  sha_.Update(stations_);
  return sha_.HexDigest();
}

Result<std::optional<std::string>> CityYearInputChecksum(Executor& db, std::string_view city_code,
                                                         int year) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db.Query("SELECT s.code, s.type, b.checksum FROM monitoring_blocks b "
               "JOIN stations s ON s.id = b.station_id "
               "JOIN cities c ON c.id = s.city_id WHERE c.code = ? AND b.year = ? "
               "ORDER BY s.code, b.parameter",
               {TextValue(city_code), Value(std::int64_t{year})}));
  if (rows.empty()) return std::optional<std::string>();
  CityYearChecksum checksum;
  for (const Row& row : rows) checksum.AddBlock(row.TextOr(0), row.TextOr(1), row.TextOr(2));
  return std::optional<std::string>(checksum.HexDigest());
}

}  // namespace kinet
