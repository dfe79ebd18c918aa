#include "store/monitoring_checksum.h"

#include <cstdint>
#include <vector>

#include "core/sha256.h"

namespace kinet {

Result<std::optional<std::string>> CityYearInputChecksum(Executor& db, std::string_view city_code,
                                                         int year) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db.Query("SELECT b.checksum FROM monitoring_blocks b JOIN stations s ON s.id = b.station_id "
               "JOIN cities c ON c.id = s.city_id WHERE c.code = ? AND b.year = ? "
               "ORDER BY s.code, b.parameter",
               {TextValue(city_code), Value(std::int64_t{year})}));
  if (rows.empty()) return std::optional<std::string>();
  Sha256 checksum;
  for (const Row& row : rows) checksum.Update(row.TextOr(0));
  return std::optional<std::string>(checksum.HexDigest());
}

}  // namespace kinet
