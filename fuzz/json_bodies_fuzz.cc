// Fuzz target: the request-body decoders of the HTTP API (http/json_codec.h
// and the service/*_json.h shapes the routes decode bodies with).
//
// Input: byte 0 chooses the decoder; the rest is the request body, parsed as
// Call::JsonBody parses it (nlohmann::json without exceptions, an object).
// Invariants: decoders never throw (an escaping exception aborts the
// target); a refusal is InvalidArgument naming the key (field set).
#include <nlohmann/json.hpp>

#include <string>

#include "fuzz_check.h"
#include "http/json_codec.h"
#include "service/assistance_json.h"
#include "service/event_service.h"
#include "service/pilot_json.h"
#include "service/practice_json.h"

namespace kinet::fuzz {
namespace {

template <typename T>
void Expect(const Result<T>& r) {
  if (!r.ok()) CheckFieldError(r.status());
}

}  // namespace
}  // namespace kinet::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size < 1 || size > 64 * 1024) return 0;
  const std::string_view text = AsText(data + 1, size - 1);
  Result<nlohmann::json> object = ParseJsonObject(text, "body");
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  KINET_FUZZ_CHECK(object.ok() == (!body.is_discarded() && body.is_object()),
                   object.ok() ? "accepted" : object.status().ToString());
  if (!object.ok()) {
    CheckParseError(object.status(), "body");
    return 0;
  }
  switch (data[0] % 11) {
    case 0:
      Expect(CityFromJson(body));
      break;
    case 1:
      Expect(NewUserFromJson(body));
      break;
    case 2:
      Expect(ProgrammeFromJson(body));
      break;
    case 3:
      Expect(RequestFromJson(body));
      break;
    case 4:
      Expect(TransitionFromJson(body));
      break;
    case 5:
      Expect(PilotCallFromJson(body));
      break;
    case 6:
      Expect(PilotProjectFromJson(body));
      break;
    case 7:
      Expect(PilotReportFromJson(body));
      break;
    case 8:
      Expect(PracticeFromJson(body));
      break;
    case 9:
      Expect(PracticeAdoptionFromJson(body));
      break;
    default:
      Expect(EventFromJson(body));
      break;
  }
  return 0;
}
