// Repositories of the network registry (DESIGN.md §2.4): countries, cities,
// member cities, organisations and users, persisted in the tables of
// migration 0001_registry.sql.
//
// Each repository is a thin, stateless view over an Executor&, so the same
// code runs on a Database (one statement per call, autocommit) or inside a
// Database::Transact callback (several calls, all or nothing). The Executor
// must outlive the repository. Repositories check only what the schema
// enforces (uniqueness, references); the rules of who may change what live in
// src/service/.
//
// Codes are the stable keys across the API: countries by ISO code, cities and
// organisations by slug, users by e-mail; row ids are filled on reads.
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored enumerated value cannot be parsed (a corrupt row).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

class CountryRepository {
 public:
  explicit CountryRepository(Executor& db) : db_(db) {}

  // Inserts the country, or updates every field of the one with the same
  // code. Returns its id. InvalidArgument when the code is empty.
  Result<CountryId> Upsert(const Country& country);
  // The country with `code`; NotFound when there is none.
  Result<Country> FindByCode(std::string_view code);
  // All countries ordered by code.
  Result<std::vector<Country>> List();

 private:
  Executor& db_;
};

class CityRepository {
 public:
  explicit CityRepository(Executor& db) : db_(db) {}

  // Inserts a city (city.id is ignored) and returns its new id.
  // AlreadyExists when the code is taken; InvalidArgument (field
  // "country_code") when the country is not registered, or (field "code")
  // when the code is empty.
  Result<CityId> Insert(const City& city);
  // Replaces every field of the stored city identified by city.id, or by
  // city.code when the id is not set. NotFound when there is no such city;
  // AlreadyExists when a changed code is taken; InvalidArgument as Insert.
  Status Update(const City& city);
  // The city with `code`; NotFound when there is none.
  Result<City> FindByCode(std::string_view code);
  // The cities whose English or local name equals `name`, ignoring case in
  // every script ("ÜRÜMQI" = "Ürümqi", full-width "ＫＩＴＡ" = "ｋｉｔａ";
  // Han has no case): compared after Utf8Lower (core/utf8.h) in the
  // application, so both backends agree (SQLite's lower() is ASCII-only).
  // Reads all cities: a network has hundreds. Ordered as List. Empty when none match; several when
  // names repeat across countries, which is why this is not a single-row lookup.
  Result<std::vector<City>> FindByName(std::string_view name);
  // All cities, or those of `country_code`, ordered by country code, then
  // English name, then code.
  Result<std::vector<City>> List(std::optional<std::string_view> country_code = std::nullopt);

 private:
  Executor& db_;
};

class MemberRepository {
 public:
  explicit MemberRepository(Executor& db) : db_(db) {}

  // Registers the membership of a city (identified by member.city_id, or by
  // member.city_code when the id is not set) and returns its id. A city has
  // at most one membership: AlreadyExists when it has one. InvalidArgument
  // (field "city_code") when the city is not registered.
  Result<MemberId> Insert(const Member& member);
  // Replaces joined date, status, modalities, benefits, obligations, note
  // and data status of the city's membership. NotFound when the city has none.
  Status Update(const Member& member);
  // The membership of the city with `city_code` (city_code filled);
  // NotFound when the city or its membership does not exist.
  Result<Member> FindByCityCode(std::string_view city_code);
  // All memberships, or those with `status`, ordered by city code.
  Result<std::vector<Member>> List(std::optional<MemberStatus> status = std::nullopt);

 private:
  Executor& db_;
};

class OrganisationRepository {
 public:
  explicit OrganisationRepository(Executor& db) : db_(db) {}

  // Inserts an organisation and returns its id. AlreadyExists when the code
  // is taken; InvalidArgument (field "country_code") when a non-empty country
  // code is not registered, or (field "code") when the code is empty.
  Result<OrganisationId> Insert(const Organisation& organisation);
  // The organisation with `code`; NotFound when there is none.
  Result<Organisation> FindByCode(std::string_view code);
  // All organisations ordered by code.
  Result<std::vector<Organisation>> List();

 private:
  Executor& db_;
};

class UserRepository {
 public:
  explicit UserRepository(Executor& db) : db_(db) {}

  // Inserts a user with the e-mail lower-cased (ASCII) and created_at set to
  // now; returns the id. AlreadyExists when the e-mail is taken;
  // InvalidArgument (field "organisation_code") when a non-empty organisation
  // is not registered, or (field "email") when the e-mail is empty.
  Result<UserId> Insert(const User& user);
  // The user with `email`, ignoring ASCII case; NotFound when there is none.
  Result<User> FindByEmail(std::string_view email);
  // All users ordered by e-mail.
  Result<std::vector<User>> List();
  // Replaces the password hash of the user with `email` (an empty hash
  // disables sign-in). NotFound when there is no such user.
  Status UpdatePasswordHash(std::string_view email, std::string_view password_hash);

 private:
  Executor& db_;
};

}  // namespace kinet
