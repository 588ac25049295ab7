# GENIUS XML and GeniusWeb JSON readers and writer.
target_sources(parley_core PRIVATE
  src/io/genius_common.cpp
  src/io/genius_xml.cpp
  src/io/geniusweb_json.cpp
)
