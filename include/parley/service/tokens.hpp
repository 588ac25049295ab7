// Secret invitation tokens of the mediation service.
//
// A token carries 256 bits from OpenSSL's RAND_bytes (the OS generator), written in base64url
// without padding (43 characters), comfortably above the 128 bits OWASP's session-management
// guidance asks for. The service stores only SHA-256 hashes of tokens, so a copy of the database
// grants no access.
#pragma once

#include <string>
#include <string_view>

namespace parley::service {

// Bits of randomness in every token.
inline constexpr int token_bits = 256;

// A fresh random token (base64url, 43 characters). Throws parley::Error when the generator fails.
std::string new_token();

// SHA-256 of the token's bytes, 64 lowercase hex digits.
std::string token_hash(std::string_view token);

// Random hex text of `bytes` random bytes (negotiation ids; not secret).
std::string random_hex(std::size_t bytes);

}  // namespace parley::service
