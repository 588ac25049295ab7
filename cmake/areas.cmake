# parley_add_area(NAME DEPENDS <areas below> SOURCES <files in src/NAME/>
#                 [PUBLIC_LIBS <targets>] [PRIVATE_LIBS <targets>])
#
# One static library per area of the engine, parley_<NAME> (alias parley::<NAME>), linked only to
# the areas it names in DEPENDS, which must all be below it (docs/architecture.md;
# scripts/check-layering.py checks both these lists and the #includes). Sources are listed
# explicitly, relative to src/<NAME>/: a renamed or missing file stops the configure step instead
# of dropping out of the build.
function(parley_add_area name)
  cmake_parse_arguments(PARSE_ARGV 1 AREA "" "" "DEPENDS;SOURCES;PUBLIC_LIBS;PRIVATE_LIBS")
  if(AREA_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "parley_add_area(${name}): unexpected arguments ${AREA_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT AREA_SOURCES)
    message(FATAL_ERROR "parley_add_area(${name}): no SOURCES")
  endif()
  set(sources)
  foreach(source IN LISTS AREA_SOURCES)
    set(path ${PROJECT_SOURCE_DIR}/src/${name}/${source})
    if(NOT EXISTS ${path})
      message(FATAL_ERROR "parley_add_area(${name}): source ${path} does not exist "
                          "(renamed or removed? update src/${name}'s source list)")
    endif()
    list(APPEND sources ${path})
  endforeach()
  add_library(parley_${name} STATIC ${sources})
  add_library(parley::${name} ALIAS parley_${name})
  target_include_directories(parley_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  foreach(below IN LISTS AREA_DEPENDS)
    if(NOT TARGET parley_${below})
      message(FATAL_ERROR "parley_add_area(${name}): area '${below}' is not defined before it")
    endif()
    target_link_libraries(parley_${name} PUBLIC parley_${below})
  endforeach()
  target_link_libraries(parley_${name} PUBLIC ${AREA_PUBLIC_LIBS} PRIVATE ${AREA_PRIVATE_LIBS})
  # The Python module links these static libraries into a shared object.
  set_target_properties(parley_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  parley_set_warnings(parley_${name})
endfunction()

# parley_add_module(TARGET FILE <file name without .so> SOURCES <paths> [LIBS <targets>])
#
# A module of the command-line tool (include/parley/support/modules.hpp): a shared library
# <build>/<FILE>.so beside the `parley` executable, which loads it with dlopen only in the commands
# that need it, so that the libraries it links (CBC, Open MPI, SQLite, OpenSSL...) stay out of
# every other command's start-up. Only the functions marked visibility("default") are exported;
# the static parley libraries it links stay private to it (--exclude-libs). The `parley` target
# depends on every module (global property PARLEY_MODULES).
function(parley_add_module target)
  cmake_parse_arguments(PARSE_ARGV 1 MODULE "" "FILE" "SOURCES;LIBS")
  if(MODULE_UNPARSED_ARGUMENTS OR NOT MODULE_FILE OR NOT MODULE_SOURCES)
    message(FATAL_ERROR "parley_add_module(${target} FILE name SOURCES ... [LIBS ...])")
  endif()
  add_library(${target} MODULE ${MODULE_SOURCES})
  target_link_libraries(${target} PRIVATE ${MODULE_LIBS})
  target_link_options(${target} PRIVATE -Wl,--exclude-libs,ALL)
  if(NOT PARLEY_SANITIZE)
    # A missing symbol fails the link, not the dlopen (not with sanitizers: their run-time
    # library is the executable's).
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${MODULE_FILE}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
  parley_set_warnings(${target})
  set_property(GLOBAL APPEND PROPERTY PARLEY_MODULES ${target})
endfunction()
