#include "store/registry_repository.h"

#include <utility>

#include "core/period.h"
#include "core/utf8.h"
#include "store/migrations.h"
#include "store/sql_helpers.h"

namespace kinet {
namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ';';
    out += item;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t semi = text.find(';');
    std::string_view item = text.substr(0, semi);
    if (!item.empty()) out.emplace_back(item);
    if (semi == std::string_view::npos) break;
    text.remove_prefix(semi + 1);
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status Corrupt(std::string_view table, std::string_view column, std::string_view value) {
  return Internal("the " + std::string(table) + " table holds an unknown " + std::string(column) +
                  " " + Quoted(value));
}

Result<DataStatus> ReadDataStatus(const Row& row, std::size_t i, std::string_view table) {
  std::string text = row.TextOr(i);
  std::optional<DataStatus> s = ParseDataStatus(text);
  if (!s) return Corrupt(table, "data_status", text);
  return *s;
}

// ---- countries -------------------------------------------------------------

constexpr std::string_view kCountryColumns =
    "SELECT id, code, name_en, name_local, region, size_scheme FROM countries";

Country CountryFromRow(const Row& row) {
  Country c;
  c.id = CountryId(row.Int(0).value_or(0));
  c.code = row.TextOr(1);
  c.name_en = row.TextOr(2);
  c.name_local = row.TextOr(3);
  c.region = row.TextOr(4);
  c.size_scheme = row.TextOr(5);
  return c;
}

// ---- cities ----------------------------------------------------------------

constexpr std::string_view kCityColumns =
    "SELECT c.id, c.code, co.code, c.name_en, c.name_local, c.province_en, c.province_local,"
    " c.lat, c.lon, c.time_zone, c.population_persons, c.population_year, c.population_kind,"
    " c.population_source, c.area_km2, c.area_source, c.data_status, c.note"
    " FROM cities c JOIN countries co ON co.id = c.country_id";
constexpr std::string_view kCityOrder = " ORDER BY co.code, c.name_en, c.code";

Result<City> CityFromRow(const Row& row) {
  City c;
  c.id = CityId(row.Int(0).value_or(0));
  c.code = row.TextOr(1);
  c.country_code = row.TextOr(2);
  c.name_en = row.TextOr(3);
  c.name_local = row.TextOr(4);
  c.province_en = row.TextOr(5);
  c.province_local = row.TextOr(6);
  c.lat = row.Double(7);
  c.lon = row.Double(8);
  c.time_zone = row.TextOr(9);
  if (std::optional<std::int64_t> persons = row.Int(10)) {
    Population p;
    p.persons = *persons;
    p.year = static_cast<int>(row.Int(11).value_or(0));
    p.kind = row.TextOr(12);
    p.source = row.TextOr(13);
    c.population = std::move(p);
  }
  c.area_km2 = row.Double(14);
  c.area_source = row.TextOr(15);
  KINET_ASSIGN_OR_RETURN(c.data_status, ReadDataStatus(row, 16, "cities"));
  c.note = row.TextOr(17);
  return c;
}

Result<std::vector<City>> CitiesFromRows(const std::vector<Row>& rows) {
  std::vector<City> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(City c, CityFromRow(row));
    out.push_back(std::move(c));
  }
  return out;
}

// The values of every city column except id, in the order of kCityWrite.
Result<std::vector<Value>> CityValues(Executor& db, const City& city) {
  if (city.code.empty()) return InvalidArgument("the city code is empty", "code");
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> country,
                         IdOfCode(db, "countries", city.country_code));
  if (!country) {
    return InvalidArgument(
        "unknown country code " + Quoted(city.country_code) + " for city " + Quoted(city.code),
        "country_code");
  }
  const std::optional<Population>& p = city.population;
  return std::vector<Value>{
      city.code,
      *country,
      city.name_en,
      city.name_local,
      city.province_en,
      city.province_local,
      OrNull(city.lat),
      OrNull(city.lon),
      city.time_zone,
      p ? Value(p->persons) : Null(),
      p ? Value(std::int64_t{p->year}) : Null(),
      p ? Value(p->kind) : Null(),
      p ? Value(p->source) : Null(),
      OrNull(city.area_km2),
      city.area_source,
      TextValue(DataStatusCode(city.data_status)),
      city.note,
  };
}

constexpr std::string_view kCityWriteColumns[] = {
    "code",
    "country_id",
    "name_en",
    "name_local",
    "province_en",
    "province_local",
    "lat",
    "lon",
    "time_zone",
    "population_persons",
    "population_year",
    "population_kind",
    "population_source",
    "area_km2",
    "area_source",
    "data_status",
    "note",
};

Status CityWriteError(const Status& s, const City& city) {
  if (IsUniqueViolation(s)) {
    return AlreadyExists("a city with code " + Quoted(city.code) + " already exists");
  }
  return s;
}

// ---- members ---------------------------------------------------------------

constexpr std::string_view kMemberColumns =
    "SELECT m.id, m.city_id, c.code, m.joined, m.status, m.modalities, m.benefits_accepted,"
    " m.obligations_accepted, m.note, m.data_status"
    " FROM members m JOIN cities c ON c.id = m.city_id";

Result<Member> MemberFromRow(const Row& row) {
  Member m;
  m.id = MemberId(row.Int(0).value_or(0));
  m.city_id = CityId(row.Int(1).value_or(0));
  m.city_code = row.TextOr(2);
  std::string joined = row.TextOr(3);
  Result<CivilDate> date = ParseDate(joined);
  if (!date.ok()) return Corrupt("members", "joined date", joined);
  m.joined = *date;
  std::string status = row.TextOr(4);
  std::optional<MemberStatus> st = ParseMemberStatus(status);
  if (!st) return Corrupt("members", "status", status);
  m.status = *st;
  for (const std::string& code : SplitList(row.TextOr(5))) {
    std::optional<Modality> mod = ParseModality(code);
    if (!mod) return Corrupt("members", "modality", code);
    m.modalities.push_back(*mod);
  }
  m.benefits_accepted = SplitList(row.TextOr(6));
  m.obligations_accepted = SplitList(row.TextOr(7));
  m.note = row.TextOr(8);
  KINET_ASSIGN_OR_RETURN(m.data_status, ReadDataStatus(row, 9, "members"));
  return m;
}

// The id of the member's city: member.city_id when set, else by city_code.
Result<std::int64_t> MemberCityId(Executor& db, const Member& member) {
  std::optional<Row> row;
  if (member.city_id.valid()) {
    KINET_ASSIGN_OR_RETURN(
        row, db.QueryOne("SELECT id FROM cities WHERE id = ?", {Value(member.city_id.value)}));
  } else {
    KINET_ASSIGN_OR_RETURN(row,
                           db.QueryOne("SELECT id FROM cities WHERE code = ?", {member.city_code}));
  }
  if (!row) {
    return InvalidArgument(
        "unknown city " + (member.city_id.valid() ? "id " + std::to_string(member.city_id.value)
                                                  : "code " + Quoted(member.city_code)),
        "city_code");
  }
  return row->Int(0).value_or(0);
}

std::string ModalityList(const std::vector<Modality>& modalities) {
  std::vector<std::string> codes;
  for (Modality m : modalities) codes.emplace_back(ModalityCode(m));
  return JoinList(codes);
}

// ---- organisations ---------------------------------------------------------

constexpr std::string_view kOrganisationColumns =
    "SELECT o.id, o.code, o.acronym, o.name_en, o.name_local, o.type, co.code, o.note,"
    " o.data_status FROM organisations o LEFT JOIN countries co ON co.id = o.country_id";

Result<Organisation> OrganisationFromRow(const Row& row) {
  Organisation o;
  o.id = OrganisationId(row.Int(0).value_or(0));
  o.code = row.TextOr(1);
  o.acronym = row.TextOr(2);
  o.name_en = row.TextOr(3);
  o.name_local = row.TextOr(4);
  std::string type = row.TextOr(5);
  std::optional<OrganisationType> t = ParseOrganisationType(type);
  if (!t) return Corrupt("organisations", "type", type);
  o.type = *t;
  o.country_code = row.TextOr(6);
  o.note = row.TextOr(7);
  KINET_ASSIGN_OR_RETURN(o.data_status, ReadDataStatus(row, 8, "organisations"));
  return o;
}

// ---- users -----------------------------------------------------------------

constexpr std::string_view kUserColumns =
    "SELECT u.id, u.email, u.name, u.role, u.scope, o.code, u.password_hash, u.data_status"
    " FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

Result<User> UserFromRow(const Row& row) {
  User u;
  u.id = UserId(row.Int(0).value_or(0));
  u.email = row.TextOr(1);
  u.name = row.TextOr(2);
  std::string role = row.TextOr(3);
  std::optional<Role> r = ParseRole(role);
  if (!r) return Corrupt("users", "role", role);
  u.role = *r;
  u.scope = row.TextOr(4);
  u.organisation_code = row.TextOr(5);
  u.password_hash = row.TextOr(6);
  KINET_ASSIGN_OR_RETURN(u.data_status, ReadDataStatus(row, 7, "users"));
  return u;
}

template <typename T, typename F>
Result<std::vector<T>> MapRows(const std::vector<Row>& rows, F from_row) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(T item, from_row(row));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

// ---- CountryRepository -----------------------------------------------------

Result<CountryId> CountryRepository::Upsert(const Country& country) {
  if (country.code.empty()) return InvalidArgument("the country code is empty", "code");
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("INSERT INTO countries (code, name_en, name_local, region, size_scheme)"
                   " VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en,"
                   " name_local = excluded.name_local, region = excluded.region,"
                   " size_scheme = excluded.size_scheme"
                   " RETURNING id",
                   {country.code, country.name_en, country.name_local, country.region,
                    country.size_scheme}));
  if (!row) return Internal("upserting country " + Quoted(country.code) + " returned no id");
  return CountryId(row->Int(0).value_or(0));
}

Result<Country> CountryRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kCountryColumns) + " WHERE code = ?", {TextValue(code)}));
  if (!row) return NotFound("no country with code " + Quoted(code));
  return CountryFromRow(*row);
}

Result<std::vector<Country>> CountryRepository::List() {
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows,
                         db_.Query(std::string(kCountryColumns) + " ORDER BY code"));
  std::vector<Country> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(CountryFromRow(row));
  return out;
}

// ---- CityRepository --------------------------------------------------------

Result<CityId> CityRepository::Insert(const City& city) {
  KINET_ASSIGN_OR_RETURN(std::vector<Value> values, CityValues(db_, city));
  std::string columns;
  std::string marks;
  for (std::string_view c : kCityWriteColumns) {
    if (!columns.empty()) {
      columns += ", ";
      marks += ", ";
    }
    columns += c;
    marks += '?';
  }
  Result<std::optional<Row>> row = db_.QueryOne(
      "INSERT INTO cities (" + columns + ") VALUES (" + marks + ") RETURNING id", values);
  if (!row.ok()) return CityWriteError(row.status(), city);
  if (!row->has_value()) return Internal("inserting city " + Quoted(city.code) + " returned no id");
  return CityId((*row)->Int(0).value_or(0));
}

Status CityRepository::Update(const City& city) {
  KINET_ASSIGN_OR_RETURN(std::vector<Value> values, CityValues(db_, city));
  std::string sets;
  for (std::string_view c : kCityWriteColumns) {
    if (!sets.empty()) sets += ", ";
    sets += std::string(c) + " = ?";
  }
  std::string where;
  if (city.id.valid()) {
    where = " WHERE id = ?";
    values.emplace_back(city.id.value);
  } else {
    where = " WHERE code = ?";
    values.emplace_back(city.code);
  }
  Result<std::int64_t> n = db_.Execute("UPDATE cities SET " + sets + where, values);
  if (!n.ok()) return CityWriteError(n.status(), city);
  if (*n == 0) {
    return NotFound("no city " + (city.id.valid() ? "with id " + std::to_string(city.id.value)
                                                  : "with code " + Quoted(city.code)));
  }
  return OkStatus();
}

Result<City> CityRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kCityColumns) + " WHERE c.code = ?", {TextValue(code)}));
  if (!row) return NotFound("no city with code " + Quoted(code));
  return CityFromRow(*row);
}

Result<std::vector<City>> CityRepository::FindByName(std::string_view name) {
  // Not SQL lower(): SQLite's folds ASCII only, PostgreSQL's follows the
  // server's locale. One folding, here, for both.
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows,
                         db_.Query(std::string(kCityColumns) + std::string(kCityOrder)));
  KINET_ASSIGN_OR_RETURN(std::vector<City> all, CitiesFromRows(rows));
  const std::string key = Utf8Lower(name);
  std::vector<City> out;
  for (City& c : all) {
    if (Utf8Lower(c.name_en) == key || Utf8Lower(c.name_local) == key) out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<City>> CityRepository::List(std::optional<std::string_view> country_code) {
  std::vector<Row> rows;
  if (country_code) {
    KINET_ASSIGN_OR_RETURN(
        rows, db_.Query(std::string(kCityColumns) + " WHERE co.code = ?" + std::string(kCityOrder),
                        {TextValue(*country_code)}));
  } else {
    KINET_ASSIGN_OR_RETURN(rows, db_.Query(std::string(kCityColumns) + std::string(kCityOrder)));
  }
  return CitiesFromRows(rows);
}

// ---- MemberRepository ------------------------------------------------------

Result<MemberId> MemberRepository::Insert(const Member& member) {
  KINET_ASSIGN_OR_RETURN(std::int64_t city_id, MemberCityId(db_, member));
  Result<std::optional<Row>> row = db_.QueryOne(
      "INSERT INTO members (city_id, joined, status, modalities, benefits_accepted,"
      " obligations_accepted, note, data_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {city_id, FormatDate(member.joined), TextValue(MemberStatusCode(member.status)),
       ModalityList(member.modalities), JoinList(member.benefits_accepted),
       JoinList(member.obligations_accepted), member.note,
       TextValue(DataStatusCode(member.data_status))});
  if (!row.ok()) {
    if (IsUniqueViolation(row.status())) {
      return AlreadyExists(
          "the city " +
          (member.city_code.empty() ? "id " + std::to_string(city_id) : Quoted(member.city_code)) +
          " is already a member");
    }
    return row.status();
  }
  if (!row->has_value()) return Internal("inserting a member returned no id");
  return MemberId((*row)->Int(0).value_or(0));
}

Status MemberRepository::Update(const Member& member) {
  KINET_ASSIGN_OR_RETURN(std::int64_t city_id, MemberCityId(db_, member));
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute("UPDATE members SET joined = ?, status = ?, modalities = ?,"
                  " benefits_accepted = ?, obligations_accepted = ?, note = ?, data_status = ?"
                  " WHERE city_id = ?",
                  {FormatDate(member.joined), TextValue(MemberStatusCode(member.status)),
                   ModalityList(member.modalities), JoinList(member.benefits_accepted),
                   JoinList(member.obligations_accepted), member.note,
                   TextValue(DataStatusCode(member.data_status)), city_id}));
  if (n == 0) return NotFound("the city " + Quoted(member.city_code) + " is not a member");
  return OkStatus();
}

Result<Member> MemberRepository::FindByCityCode(std::string_view city_code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kMemberColumns) + " WHERE c.code = ?", {TextValue(city_code)}));
  if (!row) return NotFound("no membership for city " + Quoted(city_code));
  return MemberFromRow(*row);
}

Result<std::vector<Member>> MemberRepository::List(std::optional<MemberStatus> status) {
  std::vector<Row> rows;
  if (status) {
    KINET_ASSIGN_OR_RETURN(
        rows, db_.Query(std::string(kMemberColumns) + " WHERE m.status = ? ORDER BY c.code",
                        {TextValue(MemberStatusCode(*status))}));
  } else {
    KINET_ASSIGN_OR_RETURN(rows, db_.Query(std::string(kMemberColumns) + " ORDER BY c.code"));
  }
  return MapRows<Member>(rows, MemberFromRow);
}

// ---- OrganisationRepository ------------------------------------------------

Result<OrganisationId> OrganisationRepository::Insert(const Organisation& organisation) {
  const Organisation& o = organisation;
  if (o.code.empty()) return InvalidArgument("the organisation code is empty", "code");
  Value country = Null();
  if (!o.country_code.empty()) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> id,
                           IdOfCode(db_, "countries", o.country_code));
    if (!id) {
      return InvalidArgument(
          "unknown country code " + Quoted(o.country_code) + " for organisation " + Quoted(o.code),
          "country_code");
    }
    country = *id;
  }
  Result<std::optional<Row>> row = db_.QueryOne(
      "INSERT INTO organisations (code, acronym, name_en, name_local, type, country_id, note,"
      " data_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {o.code, o.acronym, o.name_en, o.name_local, TextValue(OrganisationTypeCode(o.type)), country,
       o.note, TextValue(DataStatusCode(o.data_status))});
  if (!row.ok()) {
    if (IsUniqueViolation(row.status())) {
      return AlreadyExists("an organisation with code " + Quoted(o.code) + " already exists");
    }
    return row.status();
  }
  if (!row->has_value()) return Internal("inserting an organisation returned no id");
  return OrganisationId((*row)->Int(0).value_or(0));
}

Result<Organisation> OrganisationRepository::FindByCode(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kOrganisationColumns) + " WHERE o.code = ?", {TextValue(code)}));
  if (!row) return NotFound("no organisation with code " + Quoted(code));
  return OrganisationFromRow(*row);
}

Result<std::vector<Organisation>> OrganisationRepository::List() {
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows,
                         db_.Query(std::string(kOrganisationColumns) + " ORDER BY o.code"));
  return MapRows<Organisation>(rows, OrganisationFromRow);
}

// ---- UserRepository --------------------------------------------------------

Result<UserId> UserRepository::Insert(const User& user) {
  const std::string email = AsciiLower(user.email);
  if (email.empty()) return InvalidArgument("the e-mail address is empty", "email");
  Value organisation = Null();
  if (!user.organisation_code.empty()) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> id,
                           IdOfCode(db_, "organisations", user.organisation_code));
    if (!id) {
      return InvalidArgument("unknown organisation code " + Quoted(user.organisation_code),
                             "organisation_code");
    }
    organisation = *id;
  }
  Result<std::optional<Row>> row = db_.QueryOne(
      "INSERT INTO users (email, name, role, scope, organisation_id, password_hash, data_status,"
      " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {email, user.name, TextValue(RoleCode(user.role)), user.scope, organisation,
       user.password_hash, TextValue(DataStatusCode(user.data_status)), UtcNowText()});
  if (!row.ok()) {
    if (IsUniqueViolation(row.status())) {
      return AlreadyExists("a user with e-mail " + Quoted(email) + " already exists");
    }
    return row.status();
  }
  if (!row->has_value()) return Internal("inserting a user returned no id");
  return UserId((*row)->Int(0).value_or(0));
}

Result<User> UserRepository::FindByEmail(std::string_view email) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kUserColumns) + " WHERE u.email = ?", {AsciiLower(email)}));
  if (!row) return NotFound("no user with e-mail " + Quoted(email));
  return UserFromRow(*row);
}

Result<std::vector<User>> UserRepository::List() {
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows,
                         db_.Query(std::string(kUserColumns) + " ORDER BY u.email"));
  return MapRows<User>(rows, UserFromRow);
}

Status UserRepository::UpdatePasswordHash(std::string_view email, std::string_view password_hash) {
  KINET_ASSIGN_OR_RETURN(std::int64_t n,
                         db_.Execute("UPDATE users SET password_hash = ? WHERE email = ?",
                                     {TextValue(password_hash), AsciiLower(email)}));
  if (n == 0) return NotFound("no user with e-mail " + Quoted(email));
  return OkStatus();
}

}  // namespace kinet
