# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.

# Warning flags for the library's own targets.
function(boost_websocketio_warnings target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
        if(BOOST_WEBSOCKETIO_WARNINGS_AS_ERRORS)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
endfunction()

# boost_websocketio_test(NAME <name> SOURCES <files...> LIBRARIES <libs...>
#                        [LABELS <labels...>])
# One Boost.Test executable, registered with CTest.
function(boost_websocketio_test)
    cmake_parse_arguments(T "" "NAME" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBRARIES}
        Boost::unit_test_framework)
    target_compile_definitions(${T_NAME} PRIVATE BOOST_TEST_DYN_LINK)
    boost_websocketio_warnings(${T_NAME})
    add_test(NAME ${T_NAME} COMMAND ${T_NAME} --log_level=test_suite --report_level=short)
    set_tests_properties(${T_NAME} PROPERTIES TIMEOUT 300)
    if(T_LABELS)
        set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
    endif()
endfunction()
