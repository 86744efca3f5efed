//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hybi_encoder
#include "frames.hpp"

using namespace hybi_test;
using wsio::close_code;
using wsio::frame_type;

namespace {

wsio::hybi::codec const server(wsio::hybi::hybi13_draft, {});

std::string
header(frame_type type, std::size_t n)
{
    wsio::frame_header const h = server.make_header(type, n);
    BOOST_TEST(h.suffix_size == 0u);
    return std::string(reinterpret_cast<char const*>(h.prefix),
                       h.prefix_size);
}

std::string
close_frame(close_code code, std::string_view reason = {})
{
    std::string out = "keep";
    BOOST_TEST(server.encode_close(code, reason, out));
    BOOST_TEST(out.substr(0, 4) == "keep");
    return out.substr(4);
}

} // namespace

BOOST_AUTO_TEST_SUITE(frame_headers)

BOOST_AUTO_TEST_CASE(data_headers_use_the_shortest_length_form)
{
    struct
    {
        frame_type type;
        char const* first;
    } const types[] = {{frame_type::text, "81"}, {frame_type::binary, "82"}};
    for (auto const& t : types)
    {
        std::string const b0 = t.first;
        BOOST_TEST(header(t.type, 0) == hex(b0 + "00"));
        BOOST_TEST(header(t.type, 125) == hex(b0 + "7D"));
        BOOST_TEST(header(t.type, 126) == hex(b0 + "7E 00 7E"));
        BOOST_TEST(header(t.type, 65535) == hex(b0 + "7E FF FF"));
        BOOST_TEST(header(t.type, 65536) ==
                   hex(b0 + "7F 00 00 00 00 00 01 00 00"));
    }
}

BOOST_AUTO_TEST_CASE(control_headers_within_125_bytes)
{
    BOOST_TEST(header(frame_type::ping, 0) == hex("89 00"));
    BOOST_TEST(header(frame_type::ping, 125) == hex("89 7D"));
    BOOST_TEST(header(frame_type::pong, 0) == hex("8A 00"));
    BOOST_TEST(header(frame_type::pong, 125) == hex("8A 7D"));
}

BOOST_AUTO_TEST_CASE(rfc6455_section_5_7_server_frames)
{
    std::string out;
    server.encode(frame_type::text, "Hello", out);
    BOOST_TEST(out == hex("81 05 48 65 6c 6c 6f"));
    out.clear();
    server.encode(frame_type::ping, "Hello", out);
    BOOST_TEST(out == hex("89 05 48 65 6c 6c 6f"));
    out.clear();
    server.encode(frame_type::pong, "Hello", out);
    BOOST_TEST(out == hex("8A 05 48 65 6c 6c 6f"));
    BOOST_TEST(header(frame_type::binary, 256) == hex("82 7E 01 00"));
    BOOST_TEST(header(frame_type::binary, 65536) ==
               hex("82 7F 00 00 00 00 00 01 00 00"));
}

BOOST_AUTO_TEST_CASE(large_lengths_use_all_64_bits)
{
    BOOST_TEST(header(frame_type::binary, std::size_t(0x0102030405060708)) ==
               hex("82 7F 01 02 03 04 05 06 07 08"));
}

BOOST_AUTO_TEST_CASE(encoded_frames_decode_back_once_masked)
{
    for (std::size_t n : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 70000u})
    {
        std::string const payload = random_bytes(n, static_cast<unsigned>(n));
        std::string out;
        server.encode(frame_type::binary, payload, out);
        std::size_t const hn = header(frame_type::binary, n).size();
        BOOST_TEST(out.substr(hn) == payload);
        // What a client would send: the same frame with a mask.
        std::string in = out.substr(0, 2);
        in[1] = static_cast<char>(in[1] | 0x80);
        in += out.substr(2, hn - 2);
        key_type const key{1, 2, 3, 4};
        in.append(reinterpret_cast<char const*>(key.data()), 4);
        for (std::size_t i = 0; i < n; ++i)
            in.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
        check(in, {binary(payload)});
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(close_frames)

BOOST_AUTO_TEST_CASE(close_carries_code_and_reason)
{
    BOOST_TEST(close_frame(close_code::normal, "bye") ==
               hex("88 05 03 E8 62 79 65"));
    BOOST_TEST(close_frame(close_code::protocol_error) == hex("88 02 03 EA"));
    BOOST_TEST(close_frame(static_cast<close_code>(4000), "x") ==
               hex("88 03 0F A0 78"));
}

BOOST_AUTO_TEST_CASE(close_without_code_is_empty)
{
    BOOST_TEST(close_frame(close_code::none) == hex("88 00"));
    BOOST_TEST(close_frame(close_code::no_status) == hex("88 00"));
    // The reason cannot travel without a code.
    BOOST_TEST(close_frame(close_code::none, "ignored") == hex("88 00"));
}

BOOST_AUTO_TEST_CASE(codes_that_must_not_be_sent_give_an_empty_close)
{
    BOOST_TEST(close_frame(close_code::abnormal, "x") == hex("88 00"));
    BOOST_TEST(close_frame(close_code::tls_handshake) == hex("88 00"));
}

BOOST_AUTO_TEST_CASE(long_reason_is_cut_at_a_character_boundary)
{
    std::string const ascii(200, 'r');
    std::string f = close_frame(close_code::going_away, ascii);
    BOOST_TEST(f.size() == 2u + 125u);
    BOOST_TEST(f.substr(0, 4) == hex("88 7D 03 E9"));
    BOOST_TEST(f.substr(4) == ascii.substr(0, 123));

    // 122 ASCII bytes then a 3-byte euro sign: byte 123 is inside it.
    std::string const euro = std::string(122, 'a') + "\xe2\x82\xac" + "tail";
    f = close_frame(close_code::normal, euro);
    BOOST_TEST(f.substr(0, 4) == hex("88 7C 03 E8"));
    BOOST_TEST(f.substr(4) == std::string(122, 'a'));

    // 120 ASCII then a 4-byte character ending exactly at byte 124.
    std::string const emoji = std::string(120, 'a') + "\xf0\x9f\x98\x80";
    f = close_frame(close_code::normal, emoji);
    BOOST_TEST(f.substr(4) == std::string(120, 'a'));

    // 123 bytes ending on a whole character: kept whole.
    std::string const exact = std::string(120, 'a') + "\xe2\x82\xac";
    f = close_frame(close_code::normal, exact);
    BOOST_TEST(f.substr(4) == exact);
    BOOST_TEST(wsio::detail::is_valid_utf8(f.substr(4)));
}

BOOST_AUTO_TEST_CASE(encoded_close_decodes_back)
{
    std::string const f = close_frame(close_code::going_away, "shutdown");
    std::string in = f.substr(0, 1);
    in.push_back(static_cast<char>(f[1] | 0x80));
    in += std::string(4, '\0'); // zero mask
    in += f.substr(2);
    check(in, {close(close_code::going_away, "shutdown")});
}

BOOST_AUTO_TEST_SUITE_END()
