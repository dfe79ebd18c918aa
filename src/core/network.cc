#include "core/network.h"

#include <array>
#include <utility>

#include "core/code_table.h"

namespace kinet {
namespace {

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

std::string_view DataStatusCode(DataStatus s) { return CodeOf(kDataStatus, s); }
std::optional<DataStatus> ParseDataStatus(std::string_view s) { return ParseCode(kDataStatus, s); }
std::string_view ModalityCode(Modality m) { return CodeOf(kModality, m); }
std::optional<Modality> ParseModality(std::string_view s) { return ParseCode(kModality, s); }
std::string_view MemberStatusCode(MemberStatus s) { return CodeOf(kMemberStatus, s); }
std::optional<MemberStatus> ParseMemberStatus(std::string_view s) {
  return ParseCode(kMemberStatus, s);
}
std::string_view OrganisationTypeCode(OrganisationType t) { return CodeOf(kOrgType, t); }
std::optional<OrganisationType> ParseOrganisationType(std::string_view s) {
  return ParseCode(kOrgType, s);
}
std::string_view RoleCode(Role r) { return CodeOf(kRole, r); }
std::optional<Role> ParseRole(std::string_view s) { return ParseCode(kRole, s); }
bool RoleNeedsScope(Role r) {
  return r == Role::kNationalCoordinator || r == Role::kCityOfficer || r == Role::kAgencyOfficer;
}

}  // namespace kinet
