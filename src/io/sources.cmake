# Reading and writing scenarios: the native YAML format, GENIUS XML, GeniusWeb JSON.
parley_add_area(io
  DEPENDS model
  SOURCES
    load.cpp
    genius_common.cpp
    genius_xml.cpp
    geniusweb_json.cpp
    native_yaml.cpp
  PRIVATE_LIBS pugixml::pugixml yaml-cpp nlohmann_json::nlohmann_json fmt::fmt-header-only)
