// UTF-8 text one code point at a time, and the lower-case form in which
// names are compared case-insensitively ("ÜRÜMQI" = "Ürümqi", "ŁÓDŹ" =
// "łódź", full-width "ＫＩＴＡ" = "ｋｉｔａ").
//
// Used by the store to compare city names and to normalise practice search
// text the same way on both backends: SQLite's lower() and LIKE fold ASCII
// only, and PostgreSQL's lower() depends on the server's LC_CTYPE, so the
// application folds before either database sees the text. Names are short
// (tens of bytes) and read a few hundred at a time.
#pragma once

#include <string>
#include <string_view>

namespace kinet {

// Decodes the code point starting at byte `i` of `s` and advances `i` past
// it. Requires i < s.size(). Invalid or truncated sequences decode as
// U+FFFD, consuming one byte, so every input terminates.
char32_t NextCodePoint(std::string_view s, std::size_t& i);

// Appends the UTF-8 encoding of `cp` (a scalar value, at most U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

// The simple lower-case mapping of `c` (UnicodeData.txt field 13, one code
// point to one): glibc's towlower_l in the C.UTF-8 locale, the mapping
// PostgreSQL's lower() applies under a libc UTF-8 locale. Code points
// without a lower-case form are returned unchanged.
char32_t LowerCodePoint(char32_t c);

// `s` with every code point lower-cased by LowerCodePoint (invalid bytes
// become U+FFFD).
std::string Utf8Lower(std::string_view s);

}  // namespace kinet
