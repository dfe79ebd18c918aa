// Escaping of text put into the reports' HTML and SVG: everything that comes
// from the data or from a person (names, narratives, sources) goes through
// HtmlEscape, so a narrative containing "<script>" is shown as text.
#pragma once

#include <string>
#include <string_view>

namespace kinet {

// `text` with & < > " ' replaced by entities; safe in element content and in
// quoted attribute values of HTML and SVG.
inline std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace kinet
