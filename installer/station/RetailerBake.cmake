# SPDX-License-Identifier: Apache-2.0
# Bakes one retailer into the station package: reads a retailer file (retailers/example.cmake),
# validates every value with the rules of StationConfig (docs/station.md) and writes station.json and
# issuer-ca.pem into an output folder. Used by installer/CMakeLists.txt at configure time and, as a
# script, by the installer test:
#   cmake -DRETAILER=<file> -DOUT=<dir> -P installer/station/RetailerBake.cmake
# Every error is one FATAL_ERROR line naming the file and the variable.

function(perso_retailer_fail file message)
    message(FATAL_ERROR "retailer file ${file}: ${message}")
endfunction()

function(perso_retailer_check_token file name value max_length pattern rule)
    string(LENGTH "${value}" length)
    if(length EQUAL 0)
        perso_retailer_fail("${file}" "${name} is not set")
    endif()
    if(length GREATER max_length OR NOT value MATCHES "^${pattern}+$")
        perso_retailer_fail("${file}" "${name} \"${value}\" must be ${rule}")
    endif()
endfunction()

# perso_bake_retailer(<retailer file> <output folder>): validates, writes the two files and sets
# PERSO_RETAILER_ID, PERSO_ISSUER_HOST, PERSO_ISSUER_PORT, PERSO_ISSUER_SERVER_NAME and
# PERSO_ISSUER_CA (absolute) in the caller's scope.
function(perso_bake_retailer file out_dir)
    get_filename_component(file "${file}" ABSOLUTE)
    if(NOT EXISTS "${file}" OR IS_DIRECTORY "${file}")
        message(FATAL_ERROR "retailer file ${file}: no such file")
    endif()
    foreach(var PERSO_RETAILER_ID PERSO_ISSUER_HOST PERSO_ISSUER_PORT PERSO_ISSUER_SERVER_NAME PERSO_ISSUER_CA)
        unset(${var})
    endforeach()
    include("${file}")

    perso_retailer_check_token("${file}" PERSO_RETAILER_ID "${PERSO_RETAILER_ID}" 32 "[A-Za-z0-9._-]"
        "at most 32 of A-Z a-z 0-9 . _ -")
    perso_retailer_check_token("${file}" PERSO_ISSUER_HOST "${PERSO_ISSUER_HOST}" 253 "[A-Za-z0-9.:-]"
        "a host name or address: at most 253 of A-Z a-z 0-9 . - :")
    if(DEFINED PERSO_ISSUER_SERVER_NAME AND NOT PERSO_ISSUER_SERVER_NAME STREQUAL "")
        perso_retailer_check_token("${file}" PERSO_ISSUER_SERVER_NAME "${PERSO_ISSUER_SERVER_NAME}" 253
            "[A-Za-z0-9.:-]" "a host name: at most 253 of A-Z a-z 0-9 . - :")
    endif()
    if(NOT PERSO_ISSUER_PORT MATCHES "^[0-9]+$" OR PERSO_ISSUER_PORT LESS 1 OR PERSO_ISSUER_PORT GREATER 65535)
        perso_retailer_fail("${file}" "PERSO_ISSUER_PORT \"${PERSO_ISSUER_PORT}\" must be an integer in 1..65535")
    endif()

    if(NOT PERSO_ISSUER_CA)
        perso_retailer_fail("${file}" "PERSO_ISSUER_CA is not set (the issuer's ca/ca.cert.pem)")
    endif()
    get_filename_component(folder "${file}" DIRECTORY)
    get_filename_component(ca "${PERSO_ISSUER_CA}" ABSOLUTE BASE_DIR "${folder}")
    if(NOT EXISTS "${ca}" OR IS_DIRECTORY "${ca}")
        perso_retailer_fail("${file}" "PERSO_ISSUER_CA ${ca}: no such file")
    endif()
    file(SIZE "${ca}" ca_size)
    if(ca_size GREATER 65536)
        perso_retailer_fail("${file}" "PERSO_ISSUER_CA ${ca}: larger than 64 KiB, not a CA certificate")
    endif()
    file(READ "${ca}" pem)
    if(pem MATCHES "PRIVATE KEY-----")
        perso_retailer_fail("${file}" "PERSO_ISSUER_CA ${ca} holds a PRIVATE KEY: give the certificate only")
    endif()
    if(NOT pem MATCHES "-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----")
        perso_retailer_fail("${file}" "PERSO_ISSUER_CA ${ca} is not a PEM certificate (BEGIN CERTIFICATE)")
    endif()

    set(server_name_line "")
    if(PERSO_ISSUER_SERVER_NAME)
        set(server_name_line ",\n        \"serverName\": \"${PERSO_ISSUER_SERVER_NAME}\"")
    endif()
    file(MAKE_DIRECTORY "${out_dir}")
    # The values are restricted to plain ASCII tokens above, so they need no JSON escaping.
    file(WRITE "${out_dir}/station.json.new"
        "{\n"
        "    \"issuer\": {\n"
        "        \"host\": \"${PERSO_ISSUER_HOST}\",\n"
        "        \"port\": ${PERSO_ISSUER_PORT},\n"
        "        \"caFile\": \"/etc/retail-perso/issuer-ca.pem\"${server_name_line}\n"
        "    },\n"
        "    \"retailerId\": \"${PERSO_RETAILER_ID}\"\n"
        "}\n")
    file(COPY_FILE "${out_dir}/station.json.new" "${out_dir}/station.json" ONLY_IF_DIFFERENT)
    file(REMOVE "${out_dir}/station.json.new")
    file(COPY_FILE "${ca}" "${out_dir}/issuer-ca.pem" ONLY_IF_DIFFERENT)

    foreach(var PERSO_RETAILER_ID PERSO_ISSUER_HOST PERSO_ISSUER_PORT PERSO_ISSUER_SERVER_NAME)
        set(${var} "${${var}}" PARENT_SCOPE)
    endforeach()
    set(PERSO_ISSUER_CA "${ca}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
    if(NOT RETAILER OR NOT OUT)
        message(FATAL_ERROR "usage: cmake -DRETAILER=<retailer file> -DOUT=<dir> -P ${CMAKE_CURRENT_LIST_FILE}")
    endif()
    perso_bake_retailer("${RETAILER}" "${OUT}")
    message(STATUS "retailer ${PERSO_RETAILER_ID}: ${OUT}/station.json, ${OUT}/issuer-ca.pem")
endif()
