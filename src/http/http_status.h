// The one mapping from a Status to an HTTP response (STYLE.md: "one place
// maps Status to HTTP"; docs/api.md "Errors"). Every handler, the request
// dispatcher and the server's own error pages go through here.
#pragma once

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace kinet {

// The HTTP status for `status`:
//   ok 200, invalid_argument 400, unauthenticated 401, permission_denied 403,
//   not_found 404, already_exists 409, conflict 409, failed_precondition 412,
//   resource_exhausted 429 (413 when field is "body": a size limit),
//   unavailable 503, internal 500.
int HttpStatusFor(const Status& status);

// {"error":{"code":"not_found","message":"...","field":null}}. An internal
// error's message is replaced by "internal error" (the detail goes to the log
// only, never to the client).
nlohmann::json ErrorJson(const Status& status);

}  // namespace kinet
