// SHA-256, Ed25519 and canonical JSON for records (include/parley/record/record.hpp), through
// OpenSSL's EVP API.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>

#include "parley/record/record.hpp"
#include "parley/support/error.hpp"
#include "record_internal.hpp"

namespace parley {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  text.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) {
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 15];
  }
  return text;
}

// 2n hex digits as n bytes; nullopt when the text is not that.
std::optional<std::vector<unsigned char>> unhex(const std::string& text, std::size_t size) {
  if (text.size() != 2 * size) return std::nullopt;
  std::vector<unsigned char> bytes(size);
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < size; ++i) {
    const int high = digit(text[2 * i]), low = digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return bytes;
}

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct ContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

// UTF-16 code units of a UTF-8 string, for RFC 8785's key order.
std::u16string utf16(const std::string& text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t code = c;
    std::size_t length = 1;
    if (c >= 0xF0) {
      code = c & 0x07u;
      length = 4;
    } else if (c >= 0xE0) {
      code = c & 0x0Fu;
      length = 3;
    } else if (c >= 0xC0) {
      code = c & 0x1Fu;
      length = 2;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    i += length;
    if (code >= 0x10000) {
      code -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (code >> 10));
      out += static_cast<char16_t>(0xDC00 + (code & 0x3FF));
    } else {
      out += static_cast<char16_t>(code);
    }
  }
  return out;
}

void canonical_string(const std::string& text, std::string& out) {
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// Records nest a few levels; deeper input is refused before the recursion could exhaust the
// stack.
constexpr int kMaxDepth = 64;

void canonical_value(const nlohmann::json& value, std::string& out, int depth = 0) {
  using Type = nlohmann::json::value_t;
  if (depth > kMaxDepth)
    throw Error("canonical JSON: nested more than " + std::to_string(kMaxDepth) + " levels");
  switch (value.type()) {
    case Type::null:
      out += "null";
      return;
    case Type::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Type::number_integer:
    case Type::number_unsigned: {
      // RFC 8785 writes numbers as ECMAScript does: integers up to 2^53 print as themselves.
      const bool small = value.type() == Type::number_unsigned
                             ? value.get<std::uint64_t>() <= (std::uint64_t{1} << 53)
                             : std::llabs(value.get<std::int64_t>()) <= (std::int64_t{1} << 53);
      if (!small)
        throw Error("canonical JSON: the integer " + value.dump() +
                    " is beyond 2^53 (write it as a string)");
      out += value.dump();
      return;
    }
    case Type::number_float:
      throw Error("canonical JSON: the number " + value.dump() +
                  " is not an integer (records write fractions as \"p/q\" strings)");
    case Type::string:
      canonical_string(value.get_ref<const std::string&>(), out);
      return;
    case Type::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        canonical_value(item, out, depth + 1);
      }
      out += ']';
      return;
    }
    case Type::object: {
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      for (auto it = value.begin(); it != value.end(); ++it)
        keys.emplace_back(utf16(it.key()), &it.key());
      std::sort(keys.begin(), keys.end());
      out += '{';
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out += ',';
        canonical_string(*keys[i].second, out);
        out += ':';
        canonical_value(value.at(*keys[i].second), out, depth + 1);
      }
      out += '}';
      return;
    }
    default:
      throw Error("canonical JSON: a value of an unsupported kind");
  }
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw Error("SHA-256 (OpenSSL EVP_Digest) failed");
  return hex(digest.data(), length);
}

std::string canonical_json(std::string_view json_text) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("canonical JSON: not JSON: ") + e.what());
  }
  std::string out;
  canonical_value(value, out);
  return out;
}

SigningKey SigningKey::from_pem_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot read the signing key", "no such file or not readable");
  const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    throw InputError(path, std::nullopt, "signing key",
                     key ? "a private key of another algorithm" : "no PEM private key",
                     "an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519, or "
                     "parley keygen)");
  }
  SigningKey result;
  result.key_ = key;
  return result;
}

SigningKey SigningKey::generate() {
  std::array<unsigned char, 32> seed{};
  if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1)
    throw Error("the system's random generator (OpenSSL RAND_bytes) failed");
  return from_seed_hex(hex(seed.data(), seed.size()));
}

SigningKey SigningKey::from_seed_hex(const std::string& seed_hex) {
  const auto seed = unhex(seed_hex, 32);
  if (!seed) throw Error("an Ed25519 secret key is 64 hex digits");
  EVP_PKEY* key =
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed->data(), seed->size());
  if (!key) throw Error("OpenSSL refused the Ed25519 secret key");
  SigningKey result;
  result.key_ = key;
  return result;
}

SigningKey::SigningKey(SigningKey&& other) noexcept : key_(other.key_) { other.key_ = nullptr; }

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(static_cast<EVP_PKEY*>(key_));
    key_ = other.key_;
    other.key_ = nullptr;
  }
  return *this;
}

SigningKey::~SigningKey() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

std::string SigningKey::public_key_hex() const {
  std::array<unsigned char, 32> bytes{};
  std::size_t size = bytes.size();
  if (EVP_PKEY_get_raw_public_key(static_cast<EVP_PKEY*>(key_), bytes.data(), &size) != 1)
    throw Error("OpenSSL could not give the Ed25519 public key");
  return hex(bytes.data(), size);
}

std::string SigningKey::sign_hex(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  std::array<unsigned char, 64> signature{};
  std::size_t size = signature.size();
  if (!context ||
      EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, static_cast<EVP_PKEY*>(key_)) !=
          1 ||
      EVP_DigestSign(context.get(), signature.data(), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    throw Error("Ed25519 signing (OpenSSL EVP_DigestSign) failed");
  return hex(signature.data(), size);
}

std::string SigningKey::private_pem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), static_cast<EVP_PKEY*>(key_), nullptr, nullptr, 0,
                                       nullptr, nullptr) != 1)
    throw Error("OpenSSL could not write the private key");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool verify_signature(const std::string& public_key_hex, std::string_view message,
                      const std::string& signature_hex) {
  const auto public_key = unhex(public_key_hex, 32);
  const auto signature = unhex(signature_hex, 64);
  if (!public_key || !signature) return false;
  std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, public_key->data(), public_key->size()));
  std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  if (!key || !context ||
      EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return false;
  return EVP_DigestVerify(context.get(), signature->data(), signature->size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1)
    throw Error("the system's random generator (OpenSSL RAND_bytes) failed");
  return hex(buffer.data(), buffer.size());
}

}  // namespace parley
