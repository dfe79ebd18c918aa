#include "engine/city_size.h"

#include <array>

namespace kinet {
namespace {

struct Tier {
  std::int64_t lower;  // inclusive
  CitySizeClass cls;
};

// 国发〔2014〕51号, measured on 城区常住人口 (standards.md §10.2).
constexpr std::array<Tier, 7> kChina2014{{
    {0, {"cn-small-2", "Small city, type II", "Ⅱ型小城市"}},
    {200'000, {"cn-small-1", "Small city, type I", "Ⅰ型小城市"}},
    {500'000, {"cn-medium", "Medium-sized city", "中等城市"}},
    {1'000'000, {"cn-large-2", "Large city, type II", "Ⅱ型大城市"}},
    {3'000'000, {"cn-large-1", "Large city, type I", "Ⅰ型大城市"}},
    {5'000'000, {"cn-super-large", "Super-large city", "特大城市"}},
    {10'000'000, {"cn-megacity", "Megacity", "超大城市"}},
}};

// UN DESA, World Urbanization Prospects: The 2018 Revision, size classes of
// urban settlements.
constexpr std::array<Tier, 5> kGeneric{{
    {0, {"un-under-500k", "City of fewer than 500 000", "50万人以下城市"}},
    {500'000, {"un-500k-1m", "City of 500 000 to 1 million", "50万至100万人城市"}},
    {1'000'000, {"un-1m-5m", "City of 1 to 5 million", "100万至500万人城市"}},
    {5'000'000, {"un-5m-10m", "City of 5 to 10 million", "500万至1000万人城市"}},
    {10'000'000, {"un-megacity", "Megacity (10 million or more)", "1000万人以上特大城市"}},
}};

template <std::size_t N>
CitySizeClass Classify(const std::array<Tier, N>& tiers, std::int64_t population) {
  CitySizeClass result = tiers[0].cls;
  for (const Tier& t : tiers) {
    if (population >= t.lower) result = t.cls;
  }
  return result;
}

}  // namespace

std::optional<CitySizeClass> ClassifyCitySize(std::string_view scheme, std::int64_t population,
                                              std::string_view population_kind) {
  if (population <= 0) return std::nullopt;
  if (scheme == "cn-2014") {
    if (population_kind != "urban-resident") return std::nullopt;
    return Classify(kChina2014, population);
  }
  if (scheme == "generic") return Classify(kGeneric, population);
  return std::nullopt;
}

std::optional<CitySizeClass> FindCitySizeClass(std::string_view code) {
  for (const Tier& t : kChina2014) {
    if (t.cls.code == code) return t.cls;
  }
  for (const Tier& t : kGeneric) {
    if (t.cls.code == code) return t.cls;
  }
  return std::nullopt;
}

}  // namespace kinet
