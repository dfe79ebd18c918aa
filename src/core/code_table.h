// Tables of enum values and their stable text codes ("real", "draft",
// "mentor-city" …), as the core vocabularies keep them: one constexpr
// std::array of {value, code} pairs per enum, read both ways here; and code
// sets, the vocabularies kept as codes only (event kinds, assistance themes).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace kinet {

template <typename E, std::size_t N>
using CodeTable = std::array<std::pair<E, std::string_view>, N>;

// The code of `value`; "?" for a value missing from the table (a programming
// error the vocabulary tests catch).
template <typename E, std::size_t N>
constexpr std::string_view CodeOf(const CodeTable<E, N>& table, E value) {
  for (const auto& [e, code] : table) {
    if (e == value) return code;
  }
  return "?";
}

// The value whose code is exactly `code` (case-sensitive), or nullopt.
template <typename E, std::size_t N>
constexpr std::optional<E> ParseCode(const CodeTable<E, N>& table, std::string_view code) {
  for (const auto& [e, c] : table) {
    if (c == code) return e;
  }
  return std::nullopt;
}

template <std::size_t N>
using CodeSet = std::array<std::string_view, N>;

// Whether `code` is one of `codes` (case-sensitive).
template <std::size_t N>
constexpr bool IsCodeIn(const CodeSet<N>& codes, std::string_view code) {
  for (std::string_view c : codes) {
    if (c == code) return true;
  }
  return false;
}

}  // namespace kinet
