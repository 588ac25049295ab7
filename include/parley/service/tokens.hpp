// Secret invitation tokens of the mediation service.
//
// A token carries 256 bits from OpenSSL's RAND_bytes (the OS generator), written in base64url
// without padding (43 characters), comfortably above the 128 bits OWASP's session-management
// guidance asks for. The service stores only SHA-256 hashes of tokens, so a copy of the database
// grants no access.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::service {

// Bits of randomness in every token.
inline constexpr int token_bits = 256;

// A fresh random token (base64url, 43 characters). Throws parley::Error when the generator fails.
std::string new_token();

// Characters of a token: 43 (256 bits in base64url without padding).
inline constexpr std::size_t token_length = 43;

// True when `text` could be a token new_token() made: exactly token_length characters of the
// base64url alphabet, the last one carrying 4 bits (its two low bits 0). Anything else (a NUL or
// any other byte, another length) is refused before any lookup.
bool is_well_formed_token(std::string_view text) noexcept;

// Compares two secrets in time independent of where they differ: their SHA-256 hashes, with
// CRYPTO_memcmp (the lengths leak nothing either).
bool secrets_equal(std::string_view a, std::string_view b);

// SHA-256 of the token's bytes, 64 lowercase hex digits.
std::string token_hash(std::string_view token);

// Random hex text of `bytes` random bytes (negotiation ids; not secret).
std::string random_hex(std::size_t bytes);

}  // namespace parley::service
