//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE example_custom_codec
#include <boost/test/unit_test.hpp>

#include "../../example/custom_codec/line_codec.hpp"
#include "raw_client.hpp"

using namespace wsio_test;

namespace {

wsio::options
with_line_codec()
{
    auto codecs = wsio::make_default_registry();
    codecs->add(std::make_shared<line_codec::factory>());
    wsio::options opts;
    opts.codecs = codecs;
    opts.max_message_size = 64;
    return opts;
}

void
echo_all(wsio::server& srv)
{
    srv.on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get();
        s->on_message().connect(
            [raw](wsio::message const& m) { raw->send(m.data, m.type); });
    });
}

std::string const line_upgrade =
    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: "
    "Upgrade\r\nSec-WebSocket-Version: x-line\r\n\r\n";

} // namespace

BOOST_AUTO_TEST_SUITE(custom_codec)

BOOST_AUTO_TEST_CASE(registered_codec_is_selected_and_echoes_lines)
{
    server_fixture f(with_line_codec());
    echo_all(f.server());
    raw_client c(f.port());
    c.send(line_upgrade + "hel");
    BOOST_TEST(c.read_http_header().find("101 Switching Protocols") !=
               std::string::npos);
    c.send("lo \xf0\x9f\x98\x80\nsecond\n");
    BOOST_TEST(c.read_until("\n") == "hello \xf0\x9f\x98\x80\n");
    BOOST_TEST(c.read_until("\n") == "second\n");
}

BOOST_AUTO_TEST_CASE(built_in_drafts_still_work_beside_it)
{
    server_fixture f(with_line_codec());
    echo_all(f.server());
    raw_client c(f.port());
    c.send(hybi_request());
    BOOST_TEST(c.read_http_header().find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") !=
               std::string::npos);
    c.send(client_frame(1, "hi"));
    BOOST_TEST(c.read_frame().payload == "hi");
}

BOOST_AUTO_TEST_CASE(unknown_version_lists_the_custom_token)
{
    server_fixture f(with_line_codec());
    raw_client c(f.port());
    c.send(hybi_request("/", "99"));
    auto const h = c.read_http_header();
    BOOST_TEST(h.find("426") != std::string::npos);
    BOOST_TEST(h.find("Sec-WebSocket-Version: 13, 8, 7, x-line") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(line_over_the_limit_closes_the_connection)
{
    server_fixture f(with_line_codec());
    echo_all(f.server());
    raw_client c(f.port());
    c.send(line_upgrade);
    c.read_http_header();
    c.send(std::string(100, 'x'));
    BOOST_TEST(c.closed_by_peer());
}

BOOST_AUTO_TEST_SUITE_END()
