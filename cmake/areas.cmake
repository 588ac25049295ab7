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
