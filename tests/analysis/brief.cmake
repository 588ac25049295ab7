# The HTML brief of `parley report` (parley/analysis/brief.hpp): parsed with pugixml.
parley_add_test(parley_brief_tests unit brief_test.cpp)
target_link_libraries(parley_brief_tests PRIVATE pugixml::pugixml)
