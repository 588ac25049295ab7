target_sources(parley_core PRIVATE
  src/io/load.cpp
)
