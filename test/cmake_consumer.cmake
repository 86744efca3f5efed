# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.

# Driven by CTest: builds and runs a consumer project.
#   -DMODE=install|subdir|fetchcontent -DSRC=<library root>
#   -DBIN=<scratch dir> [-DLIB_BIN=<library build dir>] -DGEN=<generator>
cmake_minimum_required(VERSION 3.16)

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}")
    endif()
endfunction()

file(REMOVE_RECURSE ${BIN})
file(MAKE_DIRECTORY ${BIN})
if(MODE STREQUAL "install")
    run(${CMAKE_COMMAND} --install ${LIB_BIN} --prefix ${BIN}/prefix)
    run(${CMAKE_COMMAND} -S ${SRC}/test/cmake_install_test -B ${BIN}/build
        -G ${GEN} -DCMAKE_PREFIX_PATH=${BIN}/prefix)
else()
    set(fetch OFF)
    if(MODE STREQUAL "fetchcontent")
        set(fetch ON)
    endif()
    run(${CMAKE_COMMAND} -S ${SRC}/test/cmake_subdir_test -B ${BIN}/build
        -G ${GEN} -DUSE_FETCHCONTENT=${fetch} -DWSIO_ROOT=${SRC})
endif()
run(${CMAKE_COMMAND} --build ${BIN}/build)
run(${BIN}/build/main)
