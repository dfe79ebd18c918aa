// The sample network (data/sample/*.csv, compiled into the binary): real
// cities with real basic facts, each row marked real or illustrative, that
// `kinet init --sample` loads so the product can be tried at once.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/monitoring.h"
#include "core/network.h"
#include "core/result.h"
#include "store/database.h"

namespace kinet {

struct NetworkData {
  std::vector<Country> countries;
  std::vector<City> cities;
  std::vector<Organisation> organisations;
  std::vector<Member> members;  // city_code set, city_id not
  std::vector<User> users;
  std::vector<Station> stations;  // stations.csv, when given
};

// Parses network files given as {file name → contents}: countries.csv,
// cities.csv, organisations.csv, members.csv, users.csv (layouts in
// data/sample/README.md). Every error names the file, line and column.
// Cities are validated (ValidateCity).
Result<NetworkData> ParseNetworkFiles(const std::map<std::string, std::string_view>& files);

// The sample network compiled into this binary.
Result<NetworkData> BuiltinSampleNetwork();

struct LoadSummary {
  int countries = 0;
  int cities = 0;
  int organisations = 0;
  int members = 0;
  int users = 0;
  int stations = 0;
};

// Stores `data` in one transaction: all of it, or nothing (AlreadyExists when
// a city, organisation or user is already there).
Result<LoadSummary> LoadNetwork(Database& db, const NetworkData& data);

// Loads the sample indicator values after the network: the files of
// data/sample/indicators/ (China Statistical Yearbook values of the 30
// capitals, 2011 marked doubtful; What a Waste 2.0 waste data; see its
// README), each in one transaction, as published values recorded by
// "sample-loader". Synchronises the builtin indicator catalogue first.
// Returns the number of values stored; a refused row is InvalidArgument
// naming it.
Result<int> LoadSampleIndicatorValues(Database& db);

}  // namespace kinet
