# System tests through the real pcscd and vpcd driver, callable from any tests/ area (included by
# tests/CMakeLists.txt before the areas). scripts/pcscd-vpcd.sh brings pcscd up as the ctest fixture
# "pcscd" (reusing one that already runs) and takes down only what it started, even when a test
# failed. Tests that use pcscd take RESOURCE_LOCK pcscd: they share the two vpcd ports, and some of
# them restart pcscd.
set(PERSO_PCSCD_SCRIPT ${PROJECT_SOURCE_DIR}/scripts/pcscd-vpcd.sh)
set(PERSO_PCSCD_RUNDIR ${CMAKE_BINARY_DIR}/pcscd-run)
set(PERSO_SYSTEM_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})

# The fixture, defined once however many areas add system tests.
if(NOT TEST system.pcscd.start)
    add_test(NAME system.pcscd.start COMMAND ${PERSO_PCSCD_SCRIPT} start ${PERSO_PCSCD_RUNDIR})
    set_tests_properties(system.pcscd.start PROPERTIES FIXTURES_SETUP pcscd LABELS system TIMEOUT 60)
    add_test(NAME system.pcscd.stop COMMAND ${PERSO_PCSCD_SCRIPT} stop ${PERSO_PCSCD_RUNDIR})
    set_tests_properties(system.pcscd.stop PROPERTIES FIXTURES_CLEANUP pcscd LABELS system TIMEOUT 60)
endif()

# perso_add_system_test(<name> SOURCES <files...> [LIBS <targets...>])
# A Qt Test suite (perso_add_qtest) that needs pcscd: label "system", the "pcscd" fixture and lock,
# the vpcd link and the helpers of tests/system (CardThread.h, RawPcsc.h, SystemCard.h; on the include
# path from any folder), PERSO_PCSCD_SCRIPT and PERSO_PCSCD_RUNDIR defined.
function(perso_add_system_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    set(helpers ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/CardThread.h ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/RawPcsc.h
        ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/SystemCard.h)
    perso_add_qtest(${name} SOURCES ${ARG_SOURCES} ${helpers}
        LIBS perso::vpcd Qt6::Network PkgConfig::PCSCLITE ${ARG_LIBS})
    if(NOT TARGET ${name})
        return()
    endif()
    target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_FUNCTION_LIST_DIR})
    target_compile_definitions(${name} PRIVATE
        PERSO_PCSCD_SCRIPT="${PERSO_PCSCD_SCRIPT}" PERSO_PCSCD_RUNDIR="${PERSO_PCSCD_RUNDIR}")
    set_tests_properties(${name} PROPERTIES
        LABELS system FIXTURES_REQUIRED pcscd RESOURCE_LOCK pcscd TIMEOUT 180)
endfunction()
