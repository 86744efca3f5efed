# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.

# Driven by CTest: builds and runs a consumer project.
#   -DMODE=install|subdir|fetchcontent -DSRC=<library root>
#   -DBIN=<scratch dir> [-DLIB_BIN=<library build dir>] -DGEN=<generator>
#   [-DCXX=<C++ compiler>]
# install:      cmake --install, then three consumers of the installed tree:
#               find_package(boost_websocketio) (test/cmake_install_test),
#               `pkg-config --cflags --libs boost_websocketio`, and the plain
#               link line README gives (-lboost_websocketio -lssl -lcrypto -lz
#               -pthread).
# subdir, fetchcontent: test/cmake_subdir_test, which checks that the library
#               left the parent's settings alone; here, also that the
#               subproject generated no install rules.
# Every consumer program echoes one message through the library.
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
    set(prefix ${BIN}/prefix)
    run(${CMAKE_COMMAND} --install ${LIB_BIN} --prefix ${prefix})
    run(${CMAKE_COMMAND} -S ${SRC}/test/cmake_install_test -B ${BIN}/build
        -G ${GEN} -DCMAKE_PREFIX_PATH=${prefix})
else()
    set(fetch OFF)
    set(sub ${BIN}/build/boost_websocketio)
    if(MODE STREQUAL "fetchcontent")
        set(fetch ON)
        set(sub ${BIN}/build/_deps/boost_websocketio-build)
    endif()
    run(${CMAKE_COMMAND} -S ${SRC}/test/cmake_subdir_test -B ${BIN}/build
        -G ${GEN} -DUSE_FETCHCONTENT=${fetch} -DWSIO_ROOT=${SRC})
    file(READ ${BIN}/build/CMakeCache.txt cache)
    if(NOT cache MATCHES "\nCMAKE_BUILD_TYPE:STRING=\n")
        message(FATAL_ERROR "the parent's CMAKE_BUILD_TYPE is not empty")
    endif()
    file(READ ${sub}/cmake_install.cmake install_script)
    if(install_script MATCHES "file\\(INSTALL")
        message(FATAL_ERROR "the subproject generated install rules: ${sub}/cmake_install.cmake")
    endif()
endif()
run(${CMAKE_COMMAND} --build ${BIN}/build)
run(${BIN}/build/main)

if(MODE STREQUAL "install")
    if(NOT CXX)
        set(CXX c++)
    endif()
    file(GLOB pcfile ${prefix}/*/pkgconfig/boost_websocketio.pc
        ${prefix}/*/*/pkgconfig/boost_websocketio.pc)
    if(NOT pcfile)
        message(FATAL_ERROR "no boost_websocketio.pc under ${prefix}")
    endif()
    get_filename_component(pcdir ${pcfile} DIRECTORY)
    get_filename_component(libdir ${pcdir} DIRECTORY)
    set(ENV{PKG_CONFIG_PATH} ${pcdir})
    execute_process(COMMAND pkg-config --cflags --libs boost_websocketio
        OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "pkg-config --cflags --libs boost_websocketio failed")
    endif()
    message(STATUS "pkg-config: ${flags}")
    separate_arguments(flags UNIX_COMMAND "${flags}")
    set(main ${SRC}/test/cmake_install_test/main.cpp)
    run(${CXX} -std=c++17 ${main} ${flags} -o ${BIN}/main-pkg-config)
    run(${BIN}/main-pkg-config)
    # By hand, as README says; the include path is the only one to give.
    run(${CXX} -std=c++17 -DBOOST_ASIO_NO_DEPRECATED -I${prefix}/include
        -c ${main} -o ${BIN}/main-plain.o)
    run(${CXX} ${BIN}/main-plain.o -L${libdir} -lboost_websocketio -lssl -lcrypto -lz
        -pthread -o ${BIN}/main-plain)
    run(${BIN}/main-plain)
endif()
