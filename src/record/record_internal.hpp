// Internal to the record area.
#pragma once

#include <string>

namespace parley {

// `bytes` bytes from the system's random generator (OpenSSL RAND_bytes), as hex digits.
std::string random_hex(std::size_t bytes);

}  // namespace parley
