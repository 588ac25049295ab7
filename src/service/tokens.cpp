#include "parley/service/tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <vector>

#include "parley/support/error.hpp"

namespace parley::service {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of a base64url character, or -1.
int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::vector<unsigned char> random_bytes(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  if (RAND_bytes(bytes.data(), static_cast<int>(count)) != 1)
    throw Error("the random generator (OpenSSL RAND_bytes) failed");
  return bytes;
}

}  // namespace

static_assert((token_bits + 5) / 6 == token_length);

bool is_well_formed_token(std::string_view text) noexcept {
  if (text.size() != token_length) return false;
  for (const char c : text)
    if (sextet(c) < 0) return false;
  // 256 bits = 42 full characters + 4 bits: the last character's two low bits are padding (0).
  return (sextet(text.back()) & ((1 << (6 * token_length - token_bits)) - 1)) == 0;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  const auto first = token_hash(a);
  const auto second = token_hash(b);
  return CRYPTO_memcmp(first.data(), second.data(), first.size()) == 0;
}

std::string new_token() {
  const auto bytes = random_bytes(token_bits / 8);
  std::string text;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      text += alphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) text += alphabet[(buffer << (6 - bits)) & 0x3f];
  return text;
}

std::string token_hash(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw Error("SHA-256 (OpenSSL EVP_Digest) failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 0xf];
  }
  return text;
}

std::string random_hex(std::size_t count) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  for (const unsigned char byte : random_bytes(count)) {
    text += hex[byte >> 4];
    text += hex[byte & 0xf];
  }
  return text;
}

}  // namespace parley::service
