// Account identities and the anonymous public.
//
// Records name the account that wrote them: an e-mail address, or
// "cli:<name>" for the operator at the command line (Principal::actor()).
// Those names are for the people who work in KINet; the anonymous public
// reads published data without them (docs/api.md "Privacy"). The fields
// below are the one list of where they appear, in JSON keys and in export
// columns alike, so that the API (http/api_routes.cc, Call::Json) and the
// table exports (report/table_export.cc) withhold the same things and a new
// record type only has to use one of these names.
//
// Names given for publication stay public: a practice's contacts, an
// event's participants and the owners of its follow-up actions, the body
// that set a target (set_by).
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace kinet {

inline constexpr std::array<std::string_view, 8> kAccountIdentityFields = {
    "actor",        // request history, audit
    "assessor",     // pilot ratings
    "author",       // pilot progress reports
    "created_by",   // requests, pilot calls and projects, practices
    "decided_by",   // request decisions, pilot report approvals
    "recorded_by",  // practice adoptions
    "reviewer",     // practice reviews
    "updated_by",   // values, targets, practices, events, narratives ...
};

// True when a JSON key or an export column named `name` holds an account
// identity.
constexpr bool IsAccountIdentityField(std::string_view name) {
  return std::find(kAccountIdentityFields.begin(), kAccountIdentityFields.end(), name) !=
         kAccountIdentityFields.end();
}

}  // namespace kinet
