//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hybi_decoder
#include "frames.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>

#include <cstring>
#include <limits>

using namespace hybi_test;
namespace bdata = boost::unit_test::data;
using wsio::close_code;
using wsio::error;
using event_kind = wsio::decode_result::event;

namespace {

std::string const hello = "Hello";

wsio::codec_config
limit(std::size_t n)
{
    wsio::codec_config cfg;
    cfg.max_message_size = n;
    return cfg;
}

std::unique_ptr<wsio::codec>
make_codec(wsio::codec_config const& cfg = {})
{
    return wsio::hybi::make_hybi13_factory()->create(cfg);
}

std::string
repeat(char c, std::size_t n)
{
    return std::string(n, c);
}

// Whether `view` lies inside `buffer` (compared as addresses).
bool
points_into(std::string_view view, std::string const& buffer)
{
    auto const v = reinterpret_cast<std::uintptr_t>(view.data());
    auto const b = reinterpret_cast<std::uintptr_t>(buffer.data());
    return v >= b && v + view.size() <= b + buffer.size();
}

// `count` masked one-byte continuation fragments of 'x'; the first is a
// text frame, the last has FIN.
std::string
one_byte_fragments(std::size_t count, bool last_has_fin)
{
    std::string const first = frame(0x01, "x");
    std::string const middle = frame(0x00, "x");
    std::string const last = frame(0x80, "x");
    std::string s;
    s.reserve(count * middle.size());
    s += first;
    for (std::size_t i = 2; i < count; ++i)
        s += middle;
    s += last_has_fin ? last : middle;
    return s;
}

} // namespace

// RFC 6455 section 5.7, byte for byte.
BOOST_AUTO_TEST_SUITE(rfc6455_section_5_7_examples)

BOOST_AUTO_TEST_CASE(unmasked_single_frame_text_closes_with_1002)
{
    check(hex("81 05 48 65 6c 6c 6f"),
          {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_CASE(masked_single_frame_text_decodes_to_hello)
{
    std::string const in = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    BOOST_TEST(in == masked(0x1, hello, rfc_key));
    check(in, {text(hello)});
}

BOOST_AUTO_TEST_CASE(unmasked_fragmented_text_closes_with_1002)
{
    check(hex("01 03 48 65 6c") + hex("80 02 6c 6f"),
          {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_CASE(masked_fragmented_text_decodes_to_hello)
{
    check(frame(0x01, "Hel", rfc_key) + frame(0x80, "lo", rfc_key),
          {text(hello)});
}

BOOST_AUTO_TEST_CASE(unmasked_ping_closes_with_1002)
{
    check(hex("89 05 48 65 6c 6c 6f"),
          {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_CASE(masked_ping_decodes_to_hello)
{
    check(masked(0x9, hello, rfc_key), {ping(hello)});
}

BOOST_AUTO_TEST_CASE(masked_pong_decodes_to_hello)
{
    std::string const in = hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
    BOOST_TEST(in == masked(0xA, hello, rfc_key));
    check(in, {pong(hello)});
}

BOOST_AUTO_TEST_CASE(binary_of_256_bytes_uses_the_16_bit_length)
{
    std::string const data = random_bytes(256);
    std::string const in = masked(0x2, data, rfc_key);
    BOOST_TEST(in.substr(0, 4) == hex("82 FE 01 00"));
    check(in, {binary(data)});
    check(hex("82 7E 01 00") + data, {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_CASE(binary_of_64_kib_uses_the_64_bit_length)
{
    std::string const data = random_bytes(65536);
    std::string const in = masked(0x2, data, rfc_key);
    BOOST_TEST(in.substr(0, 10) == hex("82 FF 00 00 00 00 00 01 00 00"));
    check(in, {binary(data)});
    check(hex("82 7F 00 00 00 00 00 01 00 00") + data,
          {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_SUITE_END()

// websocket.io's hybi parser suite (test/hybi-parser.test.js), ported:
// the same packets, but a server must refuse the unmasked ones.
BOOST_AUTO_TEST_SUITE(websocket_io_parser_suite)

BOOST_AUTO_TEST_CASE(empty_close_reports_no_status)
{
    check(masked(0x8, ""), {close(close_code::no_status)});
    check(hex("88 80 34 83 a8 68"), {close(close_code::no_status)});
}

BOOST_AUTO_TEST_CASE(unmasked_empty_close_closes_with_1002)
{
    check(hex("88 00"), {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_CASE(close_reports_its_code_and_reason)
{
    check(masked(0x8, close_payload(1000, "bye")),
          {close(close_code::normal, "bye")});
    check(masked(0x8, close_payload(1001)), {close(close_code::going_away)});
    check(masked(0x8, close_payload(4999, "\xe2\x82\xac")),
          {close(static_cast<close_code>(4999), "\xe2\x82\xac")});
}

BOOST_AUTO_TEST_CASE(masked_ping_delivers_its_payload)
{
    check(masked(0x9, hello), {ping(hello)});
}

BOOST_AUTO_TEST_CASE(masked_ping_without_payload)
{
    check(hex("89 80 34 83 a8 68"), {ping("")});
}

BOOST_AUTO_TEST_CASE(masked_pong_without_payload)
{
    check(masked(0xA, ""), {pong("")});
}

BOOST_AUTO_TEST_CASE(masked_text_message)
{
    std::string const msg = "5:::{\"name\":\"echo\"}";
    std::string const in = masked(0x1, msg, wsio_key);
    BOOST_TEST(in.substr(0, 6) == hex("81 93 34 83 a8 68"));
    check(in, {text(msg)});
}

BOOST_AUTO_TEST_CASE(masked_text_of_301_bytes_uses_the_16_bit_length)
{
    std::string const msg = repeat('A', 301);
    std::string const in = masked(0x1, msg);
    BOOST_TEST(in.substr(0, 4) == hex("81 FE 01 2D"));
    check(in, {text(msg)});
}

BOOST_AUTO_TEST_CASE(masked_text_of_64_kib_uses_the_64_bit_length)
{
    std::string const msg = repeat('A', 65536);
    std::string const in = masked(0x1, msg);
    BOOST_TEST(in.substr(0, 10) == hex("81 FF 00 00 00 00 00 01 00 00"));
    check(in, {text(msg)});
}

BOOST_AUTO_TEST_CASE(masked_text_fragmented_150_and_151_bytes)
{
    std::string const a = repeat('A', 150), b = repeat('A', 151);
    check(frame(0x01, a) + frame(0x80, b), {text(a + b)});
}

BOOST_AUTO_TEST_CASE(masked_text_fragmented_with_a_ping_between)
{
    std::string const a = repeat('A', 150), b = repeat('A', 151);
    check(frame(0x01, a) + masked(0x9, hello) + frame(0x80, b),
          {ping(hello), text(a + b)});
}

BOOST_AUTO_TEST_CASE(every_packet_split_in_half)
{
    std::string const a = repeat('A', 150), b = repeat('A', 151);
    std::string const packets[] = {frame(0x01, a), masked(0x9, hello),
                                   frame(0x80, b)};
    std::string in;
    std::vector<std::size_t> pieces;
    for (auto const& p : packets)
    {
        in += p;
        pieces.push_back(p.size() / 2);
        pieces.push_back(p.size() - p.size() / 2);
    }
    auto c = make_codec();
    std::vector<event> const got = run(*c, in, pieces);
    std::vector<event> const expected = {ping(hello), text(a + b)};
    BOOST_TEST_REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        BOOST_TEST(got[i] == expected[i]);
    check(in, expected);
}

BOOST_AUTO_TEST_CASE(masked_binary_of_100_bytes)
{
    std::string const data = random_bytes(100, 1);
    check(masked(0x2, data), {binary(data)});
}

BOOST_AUTO_TEST_CASE(masked_binary_of_256_bytes)
{
    std::string const data = random_bytes(256, 2);
    check(masked(0x2, data), {binary(data)});
}

BOOST_AUTO_TEST_CASE(masked_binary_of_200_kib)
{
    std::string const data = random_bytes(200 * 1024, 3);
    check(masked(0x2, data), {binary(data)});
}

BOOST_AUTO_TEST_CASE(unmasked_binary_of_200_kib_closes_with_1002)
{
    std::string const data = random_bytes(200 * 1024, 3);
    check(frame(0x82, data, wsio_key, false),
          {failure(error::unmasked_frame, 1002)});
}

BOOST_AUTO_TEST_SUITE_END()

// RFC 6455 sections 5.2-5.5: every frame a server must fail.
BOOST_AUTO_TEST_SUITE(protocol_errors)

BOOST_AUTO_TEST_CASE(unmasked_client_frame_closes_with_1002)
{
    check(frame(0x81, "hi", wsio_key, false),
          {failure(error::unmasked_frame, 1002)});
    check(frame(0x8A, "", wsio_key, false),
          {failure(error::unmasked_frame, 1002)});
}

BOOST_DATA_TEST_CASE(reserved_bits_close_with_1002,
                     bdata::make({0x10, 0x20, 0x40, 0x70}), rsv)
{
    auto const b0 = static_cast<std::uint8_t>(0x81 | rsv);
    check(frame(b0, "hi"), {failure(error::bad_reserved_bits, 1002)});
    // Failed on the first byte, before the rest arrives.
    check(std::string(1, static_cast<char>(b0)),
          {failure(error::bad_reserved_bits, 1002)});
}

BOOST_DATA_TEST_CASE(reserved_opcodes_close_with_1002,
                     bdata::make({3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}),
                     op)
{
    check(masked(static_cast<std::uint8_t>(op), "x"),
          {failure(error::bad_opcode, 1002)});
}

BOOST_DATA_TEST_CASE(control_frame_over_125_bytes_closes_with_1002,
                     bdata::make({0x8, 0x9, 0xA}), op)
{
    auto const b0 = static_cast<std::uint8_t>(0x80 | op);
    check(frame(b0, repeat('a', 126)),
          {failure(error::control_too_big, 1002)});
    check(frame(b0, repeat('a', 126), wsio_key, true, length_form::bits64,
                70000),
          {failure(error::control_too_big, 1002)});
    // 125 bytes is the most a control frame may carry.
    std::string const max = repeat('a', 125);
    check(frame(0x89, max), {ping(max)});
}

BOOST_DATA_TEST_CASE(fragmented_control_frame_closes_with_1002,
                     bdata::make({0x8, 0x9, 0xA}), op)
{
    check(frame(static_cast<std::uint8_t>(op), "x"),
          {failure(error::fragmented_control, 1002)});
}

BOOST_AUTO_TEST_CASE(continuation_without_a_message_closes_with_1002)
{
    check(frame(0x80, "x"), {failure(error::bad_continuation, 1002)});
    check(frame(0x00, "x"), {failure(error::bad_continuation, 1002)});
    // After a whole message, a continuation is an orphan again.
    check(masked(0x1, "a") + frame(0x80, "b"),
          {text("a"), failure(error::bad_continuation, 1002)});
}

BOOST_AUTO_TEST_CASE(data_frame_inside_a_fragmented_message_closes_with_1002)
{
    check(frame(0x01, "a") + masked(0x1, "b"),
          {failure(error::bad_continuation, 1002)});
    check(frame(0x02, "a") + frame(0x02, "b"),
          {failure(error::bad_continuation, 1002)});
}

BOOST_AUTO_TEST_CASE(non_minimal_16_bit_length_closes_with_1002)
{
    check(frame(0x82, "abc", wsio_key, true, length_form::bits16),
          {failure(error::bad_length, 1002)});
    check(frame(0x82, repeat('a', 125), wsio_key, true, length_form::bits16),
          {failure(error::bad_length, 1002)});
    std::string const ok = repeat('a', 126);
    check(frame(0x82, ok, wsio_key, true, length_form::bits16), {binary(ok)});
}

BOOST_AUTO_TEST_CASE(non_minimal_64_bit_length_closes_with_1002)
{
    check(frame(0x82, "abc", wsio_key, true, length_form::bits64),
          {failure(error::bad_length, 1002)});
    check(frame(0x82, repeat('a', 65535), wsio_key, true,
                length_form::bits64),
          {failure(error::bad_length, 1002)});
}

BOOST_AUTO_TEST_CASE(length_with_the_top_bit_set_closes_with_1002)
{
    check(hex("82 FF 80 00 00 00 00 00 00 00"),
          {failure(error::bad_length, 1002)});
    check(hex("82 FF FF FF FF FF FF FF FF FF"),
          {failure(error::bad_length, 1002)});
}

BOOST_AUTO_TEST_CASE(declared_length_2_63_minus_1_closes_with_1009)
{
    std::string const in = hex("82 FF 7F FF FF FF FF FF FF FF");
    check(in, {failure(error::message_too_big, 1009)});
    // Refused from the header alone: nothing is allocated for it.
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, {});
    std::string buf = in + hex("34 83 a8 68");
    auto const r = c.decode(buf.data(), buf.size());
    BOOST_TEST((r.what == event_kind::error));
    BOOST_TEST(r.ec == error::message_too_big);
    BOOST_TEST(r.consumed <= 10u);
    BOOST_TEST(c.buffer_capacity() <= std::string().capacity());
}

BOOST_AUTO_TEST_CASE(message_over_the_limit_closes_with_1009)
{
    std::string const ten = repeat('a', 10);
    check(masked(0x2, ten), {binary(ten)}, limit(10));
    check(masked(0x2, ten + "a"), {failure(error::message_too_big, 1009)},
          limit(10));
    // Only the header is needed to refuse it.
    check(masked(0x2, ten + "a").substr(0, 6),
          {failure(error::message_too_big, 1009)}, limit(10));
}

BOOST_AUTO_TEST_CASE(limit_exceeded_across_fragments_closes_with_1009)
{
    std::string const six = repeat('a', 6);
    check(frame(0x01, six) + frame(0x80, "bbbb"), {text(six + "bbbb")},
          limit(10));
    check(frame(0x01, six) + frame(0x00, "bbbb") + frame(0x80, "c"),
          {failure(error::message_too_big, 1009)}, limit(10));
    // Control frames between fragments do not count.
    check(frame(0x01, six) + masked(0x9, "pingpingping") +
              frame(0x80, "bbbb"),
          {ping("pingpingping"), text(six + "bbbb")}, limit(10));
}

BOOST_AUTO_TEST_CASE(one_byte_close_closes_with_1002)
{
    check(masked(0x8, "\x03"), {failure(error::bad_close_size, 1002)});
}

BOOST_DATA_TEST_CASE(invalid_close_codes_close_with_1002,
                     bdata::make({0, 999, 1004, 1005, 1006, 1015, 1016, 2999,
                                  5000, 65535}),
                     code)
{
    check(masked(0x8, close_payload(static_cast<std::uint16_t>(code))),
          {failure(error::bad_close_code, 1002)});
    check(masked(0x8, close_payload(static_cast<std::uint16_t>(code), "x")),
          {failure(error::bad_close_code, 1002)});
}

BOOST_DATA_TEST_CASE(valid_close_codes_are_reported,
                     bdata::make({1000, 1001, 1002, 1003, 1007, 1008, 1009,
                                  1010, 1011, 1012, 1013, 1014, 3000, 4999}),
                     code)
{
    auto const c = static_cast<std::uint16_t>(code);
    check(masked(0x8, close_payload(c, "why")),
          {close(static_cast<close_code>(c), "why")});
}

BOOST_AUTO_TEST_CASE(invalid_utf8_close_reason_closes_with_1007)
{
    check(masked(0x8, close_payload(1000, "\xff")),
          {failure(error::bad_close_payload, 1007)});
    check(masked(0x8, close_payload(1000, "ok\xe2\x82")),
          {failure(error::bad_close_payload, 1007)});
}

BOOST_DATA_TEST_CASE(invalid_utf8_text_closes_with_1007,
                     bdata::make({"\xff", "\xc0\x80", "a\xed\xa0\x80",
                                  "\xf4\x90\x80\x80", "\xe2\x82", "\x80",
                                  "abc\xf8\x88\x80\x80\x80"}),
                     bad)
{
    check(masked(0x1, bad), {failure(error::bad_utf8, 1007)});
    // Long enough for the in-place fast path to matter.
    check(masked(0x1, repeat('a', 300) + bad),
          {failure(error::bad_utf8, 1007)});
}

BOOST_AUTO_TEST_CASE(invalid_utf8_across_fragments_closes_with_1007)
{
    // Each fragment alone could start valid text; together they are not.
    check(frame(0x01, "ab\xe2") + frame(0x80, "\x28\xa1"),
          {failure(error::bad_utf8, 1007)});
    // The message ends inside a character.
    check(frame(0x01, "ab") + frame(0x80, "\xe2\x82"),
          {failure(error::bad_utf8, 1007)});
    // A character split across fragments is fine.
    check(frame(0x01, "ab\xe2") + frame(0x00, "\x82") + frame(0x80, "\xac!"),
          {text("ab\xe2\x82\xac!")});
}

BOOST_AUTO_TEST_CASE(invalid_utf8_fails_before_the_frame_ends)
{
    // A 1000-byte text frame whose 11th byte is invalid: fed without its
    // last bytes, it must fail already.
    std::string payload = repeat('a', 1000);
    payload[10] = '\xff';
    std::string const whole_frame = masked(0x1, payload);
    check(whole_frame.substr(0, whole_frame.size() - 500),
          {failure(error::bad_utf8, 1007)});
    // Also inside a fragmented message.
    check(frame(0x01, "abc") +
              frame(0x80, payload).substr(0, 4 + 4 + 11),
          {failure(error::bad_utf8, 1007)});
}

BOOST_AUTO_TEST_CASE(binary_is_not_checked_for_utf8)
{
    std::string const bad = "\xff\xfe\xc0\x80";
    check(masked(0x2, bad), {binary(bad)});
}

BOOST_AUTO_TEST_CASE(errors_are_sticky)
{
    auto c = make_codec();
    std::string in = frame(0x81, "x", wsio_key, false) + masked(0x1, "ok");
    auto const r = c->decode(in.data(), in.size());
    BOOST_TEST(r.ec == error::unmasked_frame);
    std::string more = masked(0x1, "ok");
    auto const r2 = c->decode(more.data(), more.size());
    BOOST_TEST((r2.what == event_kind::error));
    BOOST_TEST(r2.consumed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(messages)

BOOST_AUTO_TEST_CASE(several_frames_in_one_input_come_one_event_at_a_time)
{
    auto c = make_codec();
    std::string in =
        masked(0x1, "one") + masked(0x9, "p") + masked(0x2, "two") + "\x81";
    std::size_t at = 0;
    auto r = c->decode(in.data(), in.size());
    BOOST_TEST((r.what == event_kind::message));
    BOOST_TEST(r.payload == "one");
    BOOST_TEST(r.consumed == 9u);
    at += r.consumed;
    r = c->decode(in.data() + at, in.size() - at);
    BOOST_TEST((r.what == event_kind::ping));
    BOOST_TEST(r.payload == "p");
    at += r.consumed;
    r = c->decode(in.data() + at, in.size() - at);
    BOOST_TEST((r.what == event_kind::message));
    BOOST_TEST((r.type == wsio::frame_type::binary));
    BOOST_TEST(r.payload == "two");
    at += r.consumed;
    r = c->decode(in.data() + at, in.size() - at);
    BOOST_TEST((r.what == event_kind::need_more));
    BOOST_TEST(r.consumed == 1u);
}

BOOST_AUTO_TEST_CASE(empty_messages_are_delivered)
{
    check(masked(0x1, ""), {text("")});
    check(masked(0x2, ""), {binary("")});
    check(frame(0x01, "") + frame(0x00, "") + frame(0x80, ""), {text("")});
}

BOOST_AUTO_TEST_CASE(control_frames_between_fragments_leave_the_message_alone)
{
    std::string const a = random_bytes(1000, 7), b = random_bytes(70000, 8);
    check(frame(0x02, a) + masked(0x9, "1") + masked(0xA, "22") +
              frame(0x00, b) + masked(0x9, "") + frame(0x80, "end") +
              masked(0x1, "next"),
          {ping("1"), pong("22"), ping(""), binary(a + b + "end"),
           text("next")});
    check(frame(0x01, "abc") + masked(0x8, close_payload(1001, "bye")),
          {close(close_code::going_away, "bye")});
}

BOOST_AUTO_TEST_CASE(whole_masked_frame_is_delivered_in_place)
{
    for (std::size_t n : {0u, 5u, 125u, 126u, 70000u})
    {
        for (std::uint8_t op : {std::uint8_t(0x1), std::uint8_t(0x2),
                                std::uint8_t(0x9), std::uint8_t(0xA)})
        {
            if (op >= 0x8 && n > 125)
                continue;
            auto c = make_codec();
            std::string const payload = repeat('z', n);
            std::string in = masked(op, payload);
            auto const r = c->decode(in.data(), in.size());
            BOOST_TEST(r.payload == payload);
            BOOST_TEST(r.consumed == in.size());
            BOOST_TEST(points_into(r.payload, in));
            // Unmasked in place.
            BOOST_TEST(in.substr(in.size() - n) == payload);
        }
    }
    // A close reason too.
    auto c = make_codec();
    std::string in = masked(0x8, close_payload(1000, "reason"));
    auto const r = c->decode(in.data(), in.size());
    BOOST_TEST(r.payload == "reason");
    BOOST_TEST(points_into(r.payload, in));
    BOOST_TEST(static_cast<void const*>(r.payload.data()) ==
               static_cast<void const*>(in.data() + 8));
}

BOOST_AUTO_TEST_CASE(assembled_message_is_delivered_from_the_codec_buffer)
{
    auto c = make_codec();
    std::string in = frame(0x01, "Hel") + frame(0x80, "lo");
    auto const r = c->decode(in.data(), in.size());
    BOOST_TEST(r.payload == "Hello");
    BOOST_TEST(!points_into(r.payload, in));
}

BOOST_AUTO_TEST_CASE(a_million_one_byte_fragments_make_one_message)
{
    std::size_t const count = 1000000;
    std::string const in = one_byte_fragments(count, true);
    std::vector<event> const expected = {text(repeat('x', count))};
    for (auto const& pieces :
         {whole(in.size()), bytewise(in.size()),
          random_pieces(in.size(), 5, 64), random_pieces(in.size(), 6, 100000)})
    {
        wsio::hybi::codec c(wsio::hybi::hybi13_draft, limit(count));
        std::vector<event> const got = run(c, in, pieces);
        BOOST_TEST_REQUIRE(got.size() == 1u);
        BOOST_TEST(got[0] == expected[0]);
        // The buffer holds the message and nothing per fragment.
        BOOST_TEST(c.buffer_capacity() <= 2 * count);
    }
    // One byte over a limit of 999999.
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, limit(count - 1));
    std::vector<event> const got = run(c, in, whole(in.size()));
    BOOST_TEST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0] == failure(error::message_too_big, 1009));
}

BOOST_AUTO_TEST_CASE(endless_fragments_stop_at_the_default_limit)
{
    // One-byte fragments that never end: the default 16 MiB limit stops
    // them, and the buffer never grew past a small multiple of the limit.
    wsio::codec_config const cfg;
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, cfg);
    std::string const first = frame(0x01, "x");
    std::string const chunk = one_byte_fragments(1 << 16, false).substr(
        first.size()); // continuation frames only
    std::string buf = first;
    auto r = c.decode(buf.data(), buf.size());
    BOOST_TEST_REQUIRE((r.what == event_kind::need_more));
    std::size_t fed = 1;
    for (;;)
    {
        buf = chunk;
        r = c.decode(buf.data(), buf.size());
        if (r.what != event_kind::need_more)
            break;
        fed += (1 << 16) - 1;
        BOOST_TEST_REQUIRE(fed <= cfg.max_message_size);
        BOOST_TEST_REQUIRE(c.buffer_capacity() <= 2 * cfg.max_message_size);
    }
    BOOST_TEST((r.what == event_kind::error));
    BOOST_TEST(r.ec == error::message_too_big);
    BOOST_TEST(r.code == close_code::too_big);
    BOOST_TEST(c.buffer_capacity() <= 2 * cfg.max_message_size);
}

BOOST_AUTO_TEST_CASE(large_buffer_is_released_after_its_message)
{
    auto c = std::make_unique<wsio::hybi::codec>(wsio::hybi::hybi13_draft,
                                                 wsio::codec_config{});
    std::string const big = random_bytes(1 << 20, 9);
    std::string in = frame(0x02, big) + frame(0x80, "");
    auto r = c->decode(in.data(), in.size());
    BOOST_TEST(r.payload.size() == big.size());
    BOOST_TEST(c->buffer_capacity() >= big.size());
    std::string small = masked(0x1, "small");
    r = c->decode(small.data(), small.size());
    BOOST_TEST(r.payload == "small");
    BOOST_TEST(c->buffer_capacity() <= 64u * 1024);
    // Released even when the next call brings no message yet.
    in = frame(0x02, big) + frame(0x80, "");
    r = c->decode(in.data(), in.size());
    BOOST_TEST(c->buffer_capacity() >= big.size());
    r = c->decode(small.data(), 0);
    BOOST_TEST(c->buffer_capacity() <= 64u * 1024);
}

BOOST_AUTO_TEST_CASE(random_messages_survive_random_splits)
{
    std::mt19937 gen(2026);
    std::uniform_int_distribution<std::size_t> len(0, 3000);
    std::uniform_int_distribution<int> frags(1, 4);
    std::string in;
    std::vector<event> expected;
    for (int m = 0; m < 40; ++m)
    {
        bool const is_text = m % 2 == 0;
        std::string msg = is_text ? repeat('t', len(gen))
                                  : random_bytes(len(gen), static_cast<unsigned>(100 + m));
        if (is_text && msg.size() > 3)
            msg.replace(msg.size() / 2, 3, "\xe2\x82\xac");
        int const k = frags(gen);
        std::size_t at = 0;
        for (int f = 0; f < k; ++f)
        {
            std::size_t const n =
                f + 1 == k ? msg.size() - at : (msg.size() - at) / 2;
            std::uint8_t b0 = f == 0 ? (is_text ? 0x1 : 0x2) : 0x0;
            if (f + 1 == k)
                b0 |= 0x80;
            key_type const key{static_cast<std::uint8_t>(m), 0x55,
                               static_cast<std::uint8_t>(f), 0xAA};
            in += frame(b0, std::string_view(msg).substr(at, n), key);
            at += n;
            if (f == 0 && k > 1)
            {
                in += masked(0x9, "hb");
                expected.push_back(ping("hb"));
            }
        }
        expected.push_back(is_text ? text(msg) : binary(msg));
    }
    check(in, expected);
}

BOOST_AUTO_TEST_SUITE_END()

// A declared length reserves what arrived plus a step, never the whole
// declared frame up front: a peer that declares 16 MiB and trickles it
// makes the decoder hold little more than what it sent.
BOOST_AUTO_TEST_CASE(declared_length_reserves_at_most_what_arrived_plus_a_step)
{
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, wsio::codec_config{});
    std::size_t const declared = 16u << 20;
    std::string const big(declared, 'x');
    std::string in = frame(0x82, big);
    std::size_t const header = in.size() - declared;
    // The header and one payload byte.
    auto r = c.decode(in.data(), header + 1);
    BOOST_TEST((r.what == event_kind::need_more));
    BOOST_TEST(c.buffer_capacity() <= 64u * 1024 + 64);
    // Then 1 MiB more in pieces: the capacity follows what arrived.
    std::size_t fed = header + 1;
    while (fed < header + 1 + (1u << 20))
    {
        std::size_t const n = 4096;
        r = c.decode(in.data() + fed, n);
        fed += n;
        std::size_t const have = fed - header;
        BOOST_TEST_REQUIRE(c.buffer_capacity() <= 2 * have + 64u * 1024 + 64,
                           "capacity " << c.buffer_capacity() << " for "
                                       << have << " bytes");
    }
    // The rest arrives and the message is whole.
    r = c.decode(in.data() + fed, in.size() - fed);
    BOOST_TEST((r.what == event_kind::message));
    BOOST_TEST(r.payload.size() == declared);
}

// release_memory() frees the reassembly buffer between messages, and
// never in the middle of one.
BOOST_AUTO_TEST_CASE(release_memory_frees_the_buffer_only_between_messages)
{
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, wsio::codec_config{});
    std::string const big = repeat('q', 300000);
    std::string in = frame(0x02, big) + frame(0x80, "!");
    // First fragment and half of the second frame's header: mid-message.
    auto r = c.decode(in.data(), in.size() - 3);
    BOOST_TEST((r.what == event_kind::need_more));
    BOOST_TEST(r.fragments == 1u);
    c.release_memory();
    BOOST_TEST(c.buffer_capacity() >= big.size()); // still assembling
    r = c.decode(in.data() + in.size() - 3, 3);
    BOOST_TEST((r.what == event_kind::message));
    BOOST_TEST(r.payload.size() == big.size() + 1);
    c.release_memory();
    BOOST_TEST(c.buffer_capacity() <= std::string().capacity());
}

// Whole non-final fragments are counted (liveness for the idle timer);
// partial frames and frames that raise events are not.
BOOST_AUTO_TEST_CASE(fragments_count_whole_non_final_frames)
{
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, wsio::codec_config{});
    std::string const in = frame(0x01, "a") + frame(0x00, "b") +
                           frame(0x00, "c") + masked(0x9, "p") +
                           frame(0x80, "d");
    auto r = c.decode(const_cast<char*>(in.data()), in.size());
    // Three fragments, then the ping stops the call.
    BOOST_TEST((r.what == event_kind::ping));
    BOOST_TEST(r.fragments == 3u);
    std::string rest = in.substr(r.consumed);
    r = c.decode(rest.data(), rest.size());
    BOOST_TEST((r.what == event_kind::message));
    BOOST_TEST(r.payload == "abcd");
    BOOST_TEST(r.fragments == 0u);
    // Half a frame is not a fragment.
    std::string const half = frame(0x01, "xyz", wsio_key);
    std::string part = half.substr(0, half.size() - 1);
    r = c.decode(part.data(), part.size());
    BOOST_TEST(r.fragments == 0u);
}
