//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hixie_factory
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/hixie.hpp>
#include <boost/websocketio/registry.hpp>

#include <string>

namespace wsio = boost::websocketio;
namespace hixie = boost::websocketio::hixie;
namespace http = boost::beast::http;

namespace {

wsio::request_type
upgrade()
{
    wsio::request_type req{http::verb::get, "/demo", 11};
    req.set(http::field::host, "example.com");
    req.set(http::field::upgrade, "WebSocket");
    req.set(http::field::connection, "Upgrade");
    return req;
}

} // namespace

BOOST_AUTO_TEST_SUITE(factory)

BOOST_AUTO_TEST_CASE(factories_name_their_draft_and_have_no_version_token)
{
    auto const f76 = hixie::make_hixie76_factory();
    auto const f75 = hixie::make_hixie75_factory();
    BOOST_TEST(f76->protocol_version() == "hixie-76");
    BOOST_TEST(f75->protocol_version() == "hixie-75");
    BOOST_TEST(f76->version_token().empty());
    BOOST_TEST(f75->version_token().empty());
}

BOOST_AUTO_TEST_CASE(either_key_means_hixie76_and_none_means_hixie75)
{
    auto const f76 = hixie::make_hixie76_factory();
    auto const f75 = hixie::make_hixie75_factory();
    auto const none = upgrade();
    auto key1 = upgrade();
    key1.set("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
    auto key2 = upgrade();
    key2.set("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    auto both = key1;
    both.set("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    for (auto const* r : {&key1, &key2, &both})
    {
        BOOST_TEST(f76->detect(*r));
        BOOST_TEST(!f75->detect(*r));
    }
    BOOST_TEST(!f76->detect(none));
    BOOST_TEST(f75->detect(none));
}

BOOST_AUTO_TEST_CASE(codecs_describe_their_draft)
{
    auto const c76 = hixie::make_hixie76_factory()->create({});
    auto const c75 = hixie::make_hixie75_factory()->create({});
    BOOST_TEST(c76->name() == "websocket-hixie");
    BOOST_TEST(c75->name() == "websocket-hixie");
    BOOST_TEST(c76->protocol_version() == "hixie-76");
    BOOST_TEST(c75->protocol_version() == "hixie-75");
    for (auto const* c : {c76.get(), c75.get()})
    {
        auto const caps = c->capabilities();
        BOOST_TEST(!caps.binary);
        BOOST_TEST(!caps.ping);
        BOOST_TEST(!caps.close_code);
        BOOST_TEST(!caps.fragmentation);
    }
    BOOST_TEST(c76->capabilities().close_frame);
    BOOST_TEST(!c75->capabilities().close_frame);
}

BOOST_AUTO_TEST_CASE(created_codec_honours_the_message_size_limit)
{
    wsio::codec_config cfg;
    cfg.max_message_size = 4;
    auto const c = hixie::make_hixie76_factory()->create(cfg);
    std::string in("\x00hello\xFF", 7);
    auto const r = c->decode(in.data(), in.size());
    BOOST_TEST(r.ec == wsio::error::message_too_big);
    auto const ok = hixie::make_hixie76_factory()->create(cfg);
    std::string small("\x00hell\xFF", 6);
    BOOST_TEST(ok->decode(small.data(), small.size()).payload == "hell");
}

BOOST_AUTO_TEST_CASE(registry_picks_the_right_hixie_draft)
{
    wsio::registry r;
    r.add(hixie::make_hixie76_factory()).add(hixie::make_hixie75_factory());
    auto req = upgrade();
    BOOST_TEST(r.select(req).factory->protocol_version() == "hixie-75");
    req.set("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    BOOST_TEST(r.select(req).factory->protocol_version() == "hixie-76");
    BOOST_TEST(r.supported_versions().empty());
}

BOOST_AUTO_TEST_SUITE_END()
