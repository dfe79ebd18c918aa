// Strongly typed row identifiers. A CityId cannot be passed where a StationId
// is expected, although both are database integers underneath.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace kinet {

template <typename Tag>
struct Id {
  std::int64_t value = 0;
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  // 0 is never a stored id; a default-constructed Id means "not stored yet".
  constexpr bool valid() const { return value > 0; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using CountryId = Id<struct CountryTag>;
using CityId = Id<struct CityTag>;
using OrganisationId = Id<struct OrganisationTag>;
using MemberId = Id<struct MemberTag>;
using UserId = Id<struct UserTag>;
using StationId = Id<struct StationTag>;

}  // namespace kinet

template <typename Tag>
struct std::hash<kinet::Id<Tag>> {
  std::size_t operator()(kinet::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>()(id.value);
  }
};
