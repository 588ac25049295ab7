target_sources(parley_core PRIVATE
  src/model/error.cpp
  src/model/issue.cpp
  src/model/outcome.cpp
  src/model/utility.cpp
  src/model/scenario.cpp
  src/model/preferences.cpp
)
target_sources(parley_core PRIVATE src/model/describe.cpp)
