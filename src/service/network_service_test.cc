#include "service/network_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/sample_network.h"
#include "store/migrations.h"

namespace kinet {
namespace {

class NetworkServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("kinet_netsvc_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    Result<std::unique_ptr<Database>> db = OpenAndMigrate(path_.string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    Result<NetworkData> data = BuiltinSampleNetwork();
    ASSERT_TRUE(data.ok());
    ASSERT_TRUE(LoadNetwork(*db_, *data).ok());
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  City Weihai2() {
    City c;
    c.code = "test-city";
    c.country_code = "cn";
    c.name_en = "Test City";
    c.name_local = "测试市";
    c.lat = 37.5;
    c.lon = 122.1;
    c.time_zone = "Asia/Shanghai";
    c.population = Population{650'000, 2020, "urban-resident", "hand-made test value"};
    return c;
  }
  std::filesystem::path path_;
  std::unique_ptr<Database> db_;
};

TEST_F(NetworkServiceTest, AddCityComputesSizeClassAndNormalisesCountry) {
  NetworkService service(*db_);
  Result<CityProfile> p = service.AddCity(Weihai2());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->city.country_code, "CN");
  // 650 000 urban residents: 500 000 ≤ x < 1 000 000 is medium (国发〔2014〕51号).
  ASSERT_TRUE(p->size_class.has_value());
  EXPECT_EQ(p->size_class->code, "cn-medium");
  EXPECT_FALSE(p->membership.has_value());
  // Found again by code, English and local name.
  EXPECT_TRUE(service.FindCity("test-city").ok());
  EXPECT_TRUE(service.FindCity("TEST CITY").ok());
  EXPECT_TRUE(service.FindCity("测试市").ok());
}

TEST_F(NetworkServiceTest, AddCityRefusesBadInputNamingTheField) {
  NetworkService service(*db_);
  City c = Weihai2();
  c.time_zone = "Asia/Atlantis";
  Result<CityProfile> r = service.AddCity(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "time_zone");

  c = Weihai2();
  c.code = "Bad Code";
  EXPECT_EQ(service.AddCity(c).status().field(), "code");

  c = Weihai2();
  c.country_code = "ZZ";
  r = service.AddCity(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "country_code");

  c = Weihai2();
  c.code = "beijing";  // taken by the sample
  EXPECT_EQ(service.AddCity(c).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(NetworkServiceTest, ListsFilterByCountryAndMembers) {
  NetworkService service(*db_);
  Result<std::vector<CityProfile>> cn = service.ListCities(std::string("cn"));
  ASSERT_TRUE(cn.ok());
  for (const CityProfile& p : *cn) EXPECT_EQ(p.city.country_code, "CN");
  EXPECT_EQ(service.ListCities(std::string("ZZ")).status().code(), StatusCode::kNotFound);

  Result<std::vector<CityProfile>> members = service.ListMembers();
  ASSERT_TRUE(members.ok());
  ASSERT_FALSE(members->empty());
  for (const CityProfile& p : *members) EXPECT_TRUE(p.membership.has_value());
  Result<CityProfile> k = service.FindMember("kitakyushu");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->country.code, "JP");
}

TEST_F(NetworkServiceTest, UnknownCityIsNotFound) {
  Result<CityProfile> r = NetworkService(*db_).FindCity("atlantis");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kinet
