# The native YAML format (src/io/native_yaml.cpp).
parley_add_test(parley_io_native_tests unit native_test.cpp)
target_link_libraries(parley_io_native_tests PRIVATE yaml-cpp nlohmann_json::nlohmann_json)

# Full JSON Schema validation of examples/*.yaml against docs/scenario.schema.json with Debian's
# python3-jsonschema; exits 77 (skipped, loudly) when python3-jsonschema or python3-yaml is absent.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME parley_io_native_schema
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/validate_examples.py
            ${PROJECT_SOURCE_DIR}/docs/scenario.schema.json ${PROJECT_SOURCE_DIR}/examples)
  set_tests_properties(parley_io_native_schema PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
endif()

# The whole GENIUS / GeniusWeb corpus through to_native and back.
parley_add_test(parley_io_native_corpus_tests corpus native_corpus_test.cpp)
