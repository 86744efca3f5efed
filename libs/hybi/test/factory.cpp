//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hybi_factory
#include "frames.hpp"

#include <boost/websocketio/registry.hpp>

using namespace hybi_test;
namespace http = boost::beast::http;

BOOST_AUTO_TEST_SUITE(factories)

BOOST_AUTO_TEST_CASE(factories_name_their_draft_and_version_token)
{
    struct
    {
        std::shared_ptr<wsio::codec_factory const> f;
        char const* version;
        char const* token;
    } const cases[] = {
        {wsio::hybi::make_hybi13_factory(), "hybi-13", "13"},
        {wsio::hybi::make_hybi08_factory(), "hybi-08", "8"},
        {wsio::hybi::make_hybi07_factory(), "hybi-07", "7"},
    };
    for (auto const& c : cases)
    {
        BOOST_TEST_REQUIRE(c.f.get() != nullptr);
        BOOST_TEST(c.f->protocol_version() == c.version);
        BOOST_TEST(c.f->version_token() == c.token);
        wsio::request_type req{http::verb::get, "/", 11};
        BOOST_TEST(!c.f->detect(req));
    }
}

BOOST_AUTO_TEST_CASE(codecs_speak_websocket_with_every_capability)
{
    for (int v = 0; v < 3; ++v)
    {
        auto const& f = factory_for(v);
        auto c = f->create({});
        BOOST_TEST_REQUIRE(c.get() != nullptr);
        BOOST_TEST(c->name() == "websocket");
        BOOST_TEST(c->protocol_version() == f->protocol_version());
        auto const caps = c->capabilities();
        BOOST_TEST(caps.binary);
        BOOST_TEST(caps.ping);
        BOOST_TEST(caps.close_frame);
        BOOST_TEST(caps.close_code);
        BOOST_TEST(caps.fragmentation);
    }
}

BOOST_AUTO_TEST_CASE(created_codecs_honour_the_max_message_size)
{
    wsio::codec_config cfg;
    cfg.max_message_size = 4;
    for (int v = 0; v < 3; ++v)
    {
        auto c = factory_for(v)->create(cfg);
        std::string in = masked(0x2, "1234") + masked(0x2, "12345");
        auto r = c->decode(in.data(), in.size());
        BOOST_TEST((r.what == wsio::decode_result::event::message));
        BOOST_TEST(r.payload == "1234");
        r = c->decode(in.data() + r.consumed, in.size() - r.consumed);
        BOOST_TEST((r.what == wsio::decode_result::event::error));
        BOOST_TEST(r.ec == wsio::error::message_too_big);
        BOOST_TEST(r.code == wsio::close_code::too_big);
    }
}

BOOST_AUTO_TEST_CASE(each_create_gives_an_independent_codec)
{
    auto const f = wsio::hybi::make_hybi13_factory();
    auto a = f->create({});
    auto b = f->create({});
    std::string first = frame(0x01, "ab");
    auto r = a->decode(first.data(), first.size());
    BOOST_TEST((r.what == wsio::decode_result::event::need_more));
    // b has no message in progress: a continuation is an orphan there.
    std::string cont = frame(0x80, "cd");
    r = b->decode(cont.data(), cont.size());
    BOOST_TEST(r.ec == wsio::error::bad_continuation);
    cont = frame(0x80, "cd");
    r = a->decode(cont.data(), cont.size());
    BOOST_TEST(r.payload == "abcd");
}

BOOST_AUTO_TEST_CASE(registry_selects_each_draft_by_its_exact_version)
{
    wsio::registry reg;
    reg.add(wsio::hybi::make_hybi13_factory())
        .add(wsio::hybi::make_hybi08_factory())
        .add(wsio::hybi::make_hybi07_factory());
    BOOST_TEST(reg.supported_versions() == "13, 8, 7");
    struct
    {
        char const* version;
        char const* expected;
    } const cases[] = {{"13", "hybi-13"}, {"8", "hybi-08"}, {"7", "hybi-07"},
                       {"08", nullptr},   {"07", nullptr},  {"12", nullptr}};
    for (auto const& c : cases)
    {
        wsio::request_type req{http::verb::get, "/", 11};
        req.set(http::field::host, "example.com");
        req.set(http::field::upgrade, "websocket");
        req.set(http::field::connection, "Upgrade");
        req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        req.set("Sec-WebSocket-Version", c.version);
        auto const s = reg.select(req);
        if (c.expected)
        {
            BOOST_TEST_REQUIRE(s.factory != nullptr);
            BOOST_TEST(s.factory->protocol_version() == c.expected);
            BOOST_TEST(s.factory->create({})->protocol_version() ==
                       c.expected);
        }
        else
        {
            BOOST_TEST(s.factory == nullptr);
            BOOST_TEST(s.ec == wsio::error::unsupported_version);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
