# The model: issues and outcome spaces, utilities, scenarios, the shared preferences vocabulary
# (parley::build_party) and descriptions.
parley_add_area(model
  DEPENDS support
  SOURCES
    issue.cpp
    outcome.cpp
    utility.cpp
    weight_set.cpp
    scenario.cpp
    preferences.cpp
    uncertainty.cpp
    describe.cpp
  PRIVATE_LIBS fmt::fmt-header-only nlohmann_json::nlohmann_json)
