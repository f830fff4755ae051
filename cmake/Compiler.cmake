# Project-wide compile options, attached through the interface target perso_build_flags so that
# nothing is set directory-wide. Every target of the project links it.
add_library(perso_build_flags INTERFACE)
add_library(perso::build_flags ALIAS perso_build_flags)

target_compile_options(perso_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wformat=2
    $<$<BOOL:${PERSO_WERROR}>:-Werror>
    # Hardening, as a distribution would build it.
    -fstack-protector-strong
    $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
target_compile_definitions(perso_build_flags INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_STRICT_ITERATORS)
target_link_options(perso_build_flags INTERFACE -Wl,-z,relro,-z,now)

if(PERSO_SANITIZE OR PERSO_FUZZ)
    target_compile_options(perso_build_flags INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(perso_build_flags INTERFACE -fsanitize=address,undefined)
endif()

if(PERSO_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "PERSO_FUZZ needs clang (libFuzzer); use the 'fuzz' preset")
    endif()
    # Instrument every library for coverage; only fuzz targets link the libFuzzer main.
    target_compile_options(perso_build_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()

# GCC 12 at -O3 (Release) reports -Wstringop-overflow inside std::vector's growth paths when the
# allocator is Botan's secure_allocator (it cannot see the allocation size): false positives, in the
# demo's and the packages' Release builds only. The warning stays on for every other configuration
# (the ci preset builds RelWithDebInfo with -Werror) and for other compilers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(perso_build_flags INTERFACE $<$<CONFIG:Release>:-Wno-stringop-overflow>)
endif()
