# Signed, replayable records of negotiations (docs/records.md): canonical JSON (RFC 8785), SHA-256
# hash chains, Ed25519 signatures (OpenSSL's EVP API), salted commitments of the preferences
# (the exact numbers of the certify area). The command-line tool loads it from the module
# parley-certify.so, beside certify.
parley_add_area(record
  DEPENDS model io negotiate certify
  SOURCES
    crypto.cpp
    record.cpp
  PRIVATE_LIBS OpenSSL::Crypto nlohmann_json::nlohmann_json)
