#include "http/http_status.h"

namespace kinet {

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kConflict:
      return 409;
    // 412 rather than 409: the request may be fine, the server's state is not
    // (e.g. a database newer than this binary).
    case StatusCode::kFailedPrecondition:
      return 412;
    case StatusCode::kResourceExhausted:
      return status.field() == "body" ? 413 : 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

nlohmann::json ErrorJson(const Status& status) {
  const bool internal = status.code() == StatusCode::kInternal;
  return {
      {"error",
       {{"code", std::string(StatusCodeName(status.code()))},
        {"message", internal ? std::string("internal error") : status.message()},
        {"field", status.field().empty() ? nlohmann::json() : nlohmann::json(status.field())}}}};
}

}  // namespace kinet
