target_sources(parley_core PRIVATE
  src/io/load.cpp
)
# Each format keeps its own source list.
include(src/io/genius.cmake OPTIONAL)
include(src/io/native.cmake OPTIONAL)
