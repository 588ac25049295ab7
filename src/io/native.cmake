target_sources(parley_core PRIVATE
  src/io/native_yaml.cpp
)
