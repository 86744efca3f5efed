//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hixie_encoder
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/hixie/codec.hpp>

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>

namespace wsio = boost::websocketio;
namespace hixie = boost::websocketio::hixie;
namespace bdata = boost::unit_test::data;

namespace {

std::string
prefix(wsio::frame_header const& h)
{
    return std::string(reinterpret_cast<char const*>(h.prefix),
                       h.prefix_size);
}

std::string
suffix(wsio::frame_header const& h)
{
    return std::string(reinterpret_cast<char const*>(h.suffix),
                       h.suffix_size);
}

struct length_case
{
    std::size_t size;
    std::string header;
};

std::ostream&
operator<<(std::ostream& os, length_case const& c)
{
    return os << c.size;
}

length_case const binary_lengths[] = {
    {0, std::string("\x80\x00", 2)},
    {1, std::string("\x80\x01", 2)},
    {127, std::string("\x80\x7F", 2)},
    {128, std::string("\x80\x81\x00", 3)},
    {16383, std::string("\x80\xFF\x7F", 3)},
    {16384, std::string("\x80\x81\x80\x00", 4)},
    {std::numeric_limits<std::size_t>::max(),
     "\x80\x81\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(encoder)

BOOST_AUTO_TEST_CASE(text_is_wrapped_in_0x00_and_0xFF)
{
    hixie::codec const c(hixie::draft::hixie76);
    std::string out;
    c.encode(wsio::frame_type::text, "hello", out);
    BOOST_TEST(out == std::string("\x00hello\xFF", 7));
    out.clear();
    c.encode(wsio::frame_type::text, "", out);
    BOOST_TEST(out == std::string("\x00\xFF", 2));
    auto const h = c.make_header(wsio::frame_type::text, 1000);
    BOOST_TEST(prefix(h) == std::string("\x00", 1));
    BOOST_TEST(suffix(h) == "\xFF");
}

BOOST_DATA_TEST_CASE(binary_length_is_base128_big_endian,
                     bdata::make(binary_lengths), c)
{
    hixie::codec const codec(hixie::draft::hixie75);
    auto const h = codec.make_header(wsio::frame_type::binary, c.size);
    BOOST_TEST(prefix(h) == c.header);
    BOOST_TEST(h.suffix_size == 0u);
}

BOOST_AUTO_TEST_CASE(encoded_binary_decodes_to_the_same_bytes)
{
    hixie::codec const enc(hixie::draft::hixie76);
    for (std::size_t n : {0u, 5u, 127u, 128u, 300u, 16384u, 70000u})
    {
        std::string payload(n, '\0');
        for (std::size_t i = 0; i < n; ++i)
            payload[i] = static_cast<char>(i * 7);
        std::string wire;
        enc.encode(wsio::frame_type::binary, payload, wire);
        hixie::codec dec(hixie::draft::hixie76);
        auto const r = dec.decode(wire.data(), wire.size());
        BOOST_TEST((r.what == wsio::decode_result::event::message));
        BOOST_TEST((r.type == wsio::frame_type::binary));
        BOOST_TEST(r.consumed == wire.size());
        BOOST_TEST(r.payload == payload);
    }
}

BOOST_AUTO_TEST_CASE(control_types_give_an_empty_header)
{
    hixie::codec const c(hixie::draft::hixie76);
    for (auto t : {wsio::frame_type::ping, wsio::frame_type::pong,
                   wsio::frame_type::close})
    {
        auto const h = c.make_header(t, 0);
        BOOST_TEST(h.prefix_size == 0u);
        BOOST_TEST(h.suffix_size == 0u);
    }
}

BOOST_AUTO_TEST_CASE(both_drafts_share_one_broadcast_key_and_bytes)
{
    // A publish encodes once for every hixie subscriber, either draft.
    hixie::codec const c75(hixie::draft::hixie75);
    hixie::codec const c76(hixie::draft::hixie76);
    for (auto t : {wsio::frame_type::text, wsio::frame_type::binary})
    {
        BOOST_TEST(c75.broadcast_key(t, 5) == 1u);
        BOOST_TEST(c76.broadcast_key(t, 100000) == 1u);
        std::string shared, own75, own76;
        c75.encode_broadcast(t, "hello", shared);
        c75.encode(t, "hello", own75);
        c76.encode(t, "hello", own76);
        BOOST_TEST(shared == own75);
        BOOST_TEST(shared == own76);
    }
}

BOOST_AUTO_TEST_CASE(hixie76_closes_with_0xFF_0x00)
{
    hixie::codec const c(hixie::draft::hixie76);
    std::string out = "x";
    BOOST_TEST(c.encode_close(wsio::close_code::going_away, "bye", out));
    BOOST_TEST(out == std::string("x\xFF\x00", 3));
    out.clear();
    BOOST_TEST(c.encode_close(wsio::close_code::none, {}, out));
    BOOST_TEST(out == std::string("\xFF\x00", 2));
}

BOOST_AUTO_TEST_CASE(hixie75_has_no_closing_frame)
{
    hixie::codec const c(hixie::draft::hixie75);
    std::string out = "x";
    BOOST_TEST(!c.encode_close(wsio::close_code::normal, "bye", out));
    BOOST_TEST(out == "x");
}

BOOST_AUTO_TEST_SUITE_END()
