// SHA-256 (FIPS 180-4) of byte strings: the checksum recorded with every
// import and every stored monitoring block, so a stored number can be traced
// to the exact input bytes it came from.
//
// Written from the FIPS 180-4 specification (§4.1.2, §4.2.2, §5.3.3, §6.2);
// no library is needed for a function this small. Inputs are at most a few
// hundred MB per import, hashed once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kinet {

// Incremental SHA-256: Update() any number of times, then HexDigest() once.
class Sha256 {
 public:
  Sha256();
  void Update(const void* data, std::size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  // The digest as 64 lower-case hex digits. Finishes the hash: call once.
  std::string HexDigest();

 private:
  void Compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// The SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

}  // namespace kinet
