//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE core_error
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/error.hpp>

namespace wsio = boost::websocketio;

BOOST_AUTO_TEST_SUITE(error_codes)

BOOST_AUTO_TEST_CASE(category_is_named_and_messages_are_not_empty)
{
    boost::system::error_code ec = wsio::error::unmasked_frame;
    BOOST_TEST(std::string(ec.category().name()) == "boost.websocketio");
    for (int v : {1, 2, 6, 12, 19, 100, 105, 112, 200, 201, 202})
        BOOST_TEST(!wsio::websocketio_category().message(v).empty());
}

BOOST_AUTO_TEST_CASE(framing_errors_map_to_their_close_codes)
{
    using wsio::close_code;
    using wsio::error;
    BOOST_TEST(wsio::to_close_code(error::unmasked_frame) ==
               close_code::protocol_error);
    BOOST_TEST(wsio::to_close_code(error::bad_opcode) ==
               close_code::protocol_error);
    BOOST_TEST(wsio::to_close_code(error::bad_close_code) ==
               close_code::protocol_error);
    BOOST_TEST(wsio::to_close_code(error::bad_utf8) ==
               close_code::invalid_payload);
    BOOST_TEST(wsio::to_close_code(error::bad_close_payload) ==
               close_code::invalid_payload);
    BOOST_TEST(wsio::to_close_code(error::message_too_big) ==
               close_code::too_big);
}

BOOST_AUTO_TEST_CASE(handshake_errors_map_to_http_status)
{
    using wsio::error;
    BOOST_TEST(wsio::to_http_status(error::unsupported_version) == 426u);
    BOOST_TEST(wsio::to_http_status(error::bad_sec_key) == 400u);
    BOOST_TEST(wsio::to_http_status(error::key_no_spaces) == 400u);
    BOOST_TEST(wsio::to_http_status(error::path_mismatch) == 404u);
    BOOST_TEST(wsio::to_http_status(error::origin_rejected) == 403u);
    BOOST_TEST(wsio::to_http_status(error::header_too_large) == 431u);
    BOOST_TEST(wsio::to_http_status(error::not_websocket) == 501u);
}

BOOST_AUTO_TEST_CASE(conditions_group_the_codes)
{
    boost::system::error_code ec = wsio::error::bad_key1;
    BOOST_TEST(ec == wsio::condition::handshake_failed);
    ec = wsio::error::bad_reserved_bits;
    BOOST_TEST(ec == wsio::condition::protocol_violation);
    BOOST_TEST(ec != wsio::condition::handshake_failed);
}

BOOST_AUTO_TEST_CASE(valid_close_codes_follow_rfc6455_7_4)
{
    for (unsigned c : {1000u, 1001u, 1002u, 1003u, 1007u, 1008u, 1009u,
                       1010u, 1011u, 3000u, 3999u, 4000u, 4999u})
        BOOST_TEST(wsio::is_valid_close_code(static_cast<std::uint16_t>(c)));
    for (unsigned c : {0u, 999u, 1004u, 1005u, 1006u, 1015u, 1016u, 1100u,
                       2000u, 2999u, 5000u, 65535u})
        BOOST_TEST(!wsio::is_valid_close_code(static_cast<std::uint16_t>(c)));
}

BOOST_AUTO_TEST_SUITE_END()
