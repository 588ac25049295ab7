# Certificates: exact proofs of the analysis's claims (docs/certificates.md). GMP for exact
# rationals, OpenSSL for the SHA-256 of the scenario files. The command-line tool loads this area
# from the module parley-certify.so (apps/parley), so that GMP stays out of its start-up.
find_package(OpenSSL REQUIRED)
pkg_check_modules(GMPXX REQUIRED IMPORTED_TARGET gmpxx)
parley_add_area(certify
  DEPENDS model io analysis
  SOURCES
    exact_model.cpp
    prover.cpp
    certify.cpp
  PUBLIC_LIBS PkgConfig::GMPXX
  PRIVATE_LIBS OpenSSL::Crypto nlohmann_json::nlohmann_json)
