#include "service/sample_network.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/network_service.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

// A temporary SQLite file removed after the test.
class TempDb {
 public:
  TempDb() {
    path_ =
        std::filesystem::temp_directory_path() /
        ("kinet_service_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".db");
    std::filesystem::remove(path_);
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  std::string url() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(SampleNetworkTest, BuiltinSampleParsesAndHasTheRequiredCities) {
  Result<NetworkData> data = BuiltinSampleNetwork();
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  // Issue "Foundation" item 6: the 30 provincial capitals of the yearbook,
  // Kitakyushu, and a dozen other Asia-Pacific cities.
  EXPECT_GE(data->cities.size(), 30u + 1u + 12u);
  int chinese = 0;
  bool kitakyushu = false;
  for (const City& c : data->cities) {
    if (c.country_code == "CN") ++chinese;
    if (c.code == "kitakyushu") kitakyushu = true;
  }
  EXPECT_GE(chinese, 30);
  EXPECT_TRUE(kitakyushu);
  EXPECT_FALSE(data->members.empty());
  EXPECT_FALSE(data->organisations.empty());
}

TEST(SampleNetworkTest, LoadsIntoSqliteAndClassifiesBeijingAsMegacity) {
  TempDb tmp;
  Result<std::unique_ptr<Database>> db = OpenAndMigrate(tmp.url());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  Result<NetworkData> data = BuiltinSampleNetwork();
  ASSERT_TRUE(data.ok());
  Result<LoadSummary> summary = LoadNetwork(**db, *data);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->cities, static_cast<int>(data->cities.size()));

  Result<CityProfile> beijing = NetworkService(**db).FindCity("Beijing");
  ASSERT_TRUE(beijing.ok()) << beijing.status().ToString();
  // data/sample/cities.csv gives Beijing's urban-area resident population as
  // 17.75 million: ≥ 10 000 000 is a megacity under 国发〔2014〕51号.
  ASSERT_TRUE(beijing->size_class.has_value());
  EXPECT_EQ(beijing->size_class->code, "cn-megacity");
  EXPECT_EQ(beijing->country.code, "CN");

  // Loading the same network twice is refused and changes nothing.
  Result<LoadSummary> again = LoadNetwork(**db, *data);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  Result<std::vector<City>> cities = CityRepository(**db).List();
  ASSERT_TRUE(cities.ok());
  EXPECT_EQ(cities->size(), data->cities.size());
}

TEST(SampleNetworkTest, BadRowNamesFileLineAndColumn) {
  std::map<std::string, std::string_view> files = {
      {"countries.csv",
       "code,name_en,name_local,region,size_scheme\nCN,China,中国,East Asia,cn-2014\n"},
      {"cities.csv",
       "id,country,name_en,name_local,province_en,province_local,lat,lon,time_zone,population,"
       "population_year,population_kind,population_source,area_km2,area_source,data_status,note\n"
       "weihai,CN,Weihai,威海,,,37.5,122.1,Asia/Shanghai,,,,,,,real,\n"
       "bad,CN,Bad,坏,,,95,122.1,Asia/Shanghai,,,,,,,real,\n"},
      {"organisations.csv", "id,acronym,name_en,name_local,type,country,note,data_status\n"},
      {"members.csv",
       "city_id,joined,status,modalities,benefits_accepted,obligations_accepted,note,data_"
       "status\n"},
      {"users.csv", "email,name,role,scope,org_id,data_status\n"},
  };
  Result<NetworkData> data = ParseNetworkFiles(files);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(), "cities.csv:3: column lat: latitude 95 is outside -90..90");
  EXPECT_EQ(data.status().field(), "lat");
}

}  // namespace
}  // namespace kinet
