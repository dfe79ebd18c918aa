#include "core/network.h"

#include <array>
#include <utility>

namespace kinet {
namespace {

template <typename E, std::size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [e, code] : table) {
    if (code == s) return e;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view Code(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, code] : table) {
    if (v == e) return code;
  }
  return "?";
}

constexpr std::array<std::pair<DataStatus, std::string_view>, 2> kDataStatus{{
    {DataStatus::kReal, "real"},
    {DataStatus::kIllustrative, "illustrative"},
}};
constexpr std::array<std::pair<Modality, std::string_view>, 3> kModality{{
    {Modality::kNetwork, "network"},
    {Modality::kWorkshops, "workshops"},
    {Modality::kPilot, "pilot"},
}};
constexpr std::array<std::pair<MemberStatus, std::string_view>, 3> kMemberStatus{{
    {MemberStatus::kActive, "active"},
    {MemberStatus::kSuspended, "suspended"},
    {MemberStatus::kWithdrawn, "withdrawn"},
}};
constexpr std::array<std::pair<OrganisationType, std::string_view>, 8> kOrgType{{
    {OrganisationType::kSecretariat, "secretariat"},
    {OrganisationType::kNationalCoordinator, "national-coordinator"},
    {OrganisationType::kAgency, "agency"},
    {OrganisationType::kInstitute, "institute"},
    {OrganisationType::kCityGovernment, "city-government"},
    {OrganisationType::kNgo, "ngo"},
    {OrganisationType::kUnBody, "un-body"},
    {OrganisationType::kMinistry, "ministry"},
}};
constexpr std::array<std::pair<Role, std::string_view>, 6> kRole{{
    {Role::kSecretariat, "secretariat"},
    {Role::kNationalCoordinator, "national-coordinator"},
    {Role::kCityOfficer, "city-officer"},
    {Role::kAgencyOfficer, "agency-officer"},
    {Role::kExpert, "expert"},
    {Role::kPublic, "public"},
}};

}  // namespace

std::string_view DataStatusCode(DataStatus s) { return Code(kDataStatus, s); }
std::optional<DataStatus> ParseDataStatus(std::string_view s) { return Lookup(kDataStatus, s); }
std::string_view ModalityCode(Modality m) { return Code(kModality, m); }
std::optional<Modality> ParseModality(std::string_view s) { return Lookup(kModality, s); }
std::string_view MemberStatusCode(MemberStatus s) { return Code(kMemberStatus, s); }
std::optional<MemberStatus> ParseMemberStatus(std::string_view s) {
  return Lookup(kMemberStatus, s);
}
std::string_view OrganisationTypeCode(OrganisationType t) { return Code(kOrgType, t); }
std::optional<OrganisationType> ParseOrganisationType(std::string_view s) {
  return Lookup(kOrgType, s);
}
std::string_view RoleCode(Role r) { return Code(kRole, r); }
std::optional<Role> ParseRole(std::string_view s) { return Lookup(kRole, s); }
bool RoleNeedsScope(Role r) {
  return r == Role::kNationalCoordinator || r == Role::kCityOfficer || r == Role::kAgencyOfficer;
}

}  // namespace kinet
