//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Protocol behaviour over real loopback TCP, byte for byte, for every
// draft: handshakes, echo, fragmentation, ping/pong, closing handshakes,
// every error close code, and nothing lost under split writes.

#define BOOST_TEST_MODULE integration_protocol
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "wire.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> const hybi_versions{"13", "8", "7"};

/// A server frame plus the 7-bit length field it was sent with.
struct raw_frame
{
    frame f;
    unsigned length_form = 0; // 0-125, 126 or 127
};

raw_frame
read_raw_frame(raw_client& c)
{
    // Peek at the second byte, then let read_frame decode the whole frame.
    raw_frame r;
    auto const h = c.read_exactly(2);
    r.length_form = static_cast<unsigned char>(h[1]) & 0x7F;
    BOOST_TEST((static_cast<unsigned char>(h[1]) & 0x80) == 0); // unmasked
    std::uint64_t len = r.length_form;
    if (len == 126)
    {
        auto const e = c.read_exactly(2);
        len = (std::uint64_t(static_cast<unsigned char>(e[0])) << 8) |
              static_cast<unsigned char>(e[1]);
    }
    else if (len == 127)
    {
        auto const e = c.read_exactly(8);
        len = 0;
        for (char ch : e)
            len = (len << 8) | static_cast<unsigned char>(ch);
    }
    r.f.fin = (static_cast<unsigned char>(h[0]) & 0x80) != 0;
    r.f.opcode = static_cast<std::uint8_t>(h[0] & 0x0F);
    BOOST_TEST((static_cast<unsigned char>(h[0]) & 0x70) == 0); // no RSV
    r.f.payload = c.read_exactly(static_cast<std::size_t>(len));
    return r;
}

/// Expects a close frame with `code` (0: no code), then EOF.
void
expect_close_then_eof(raw_client& c, unsigned code)
{
    auto const f = c.read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(f.fin);
    BOOST_TEST(close_code_of(f) == code);
    if (code == 0)
        BOOST_TEST(f.payload.empty());
    BOOST_TEST(c.closed_by_peer());
    // The server half-closed and lingers until our FIN: send it.
    c.socket().close();
}

std::string
pattern(std::size_t n, unsigned seed)
{
    std::string s(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& ch : s)
    {
        x = x * 1664525u + 1013904223u;
        ch = static_cast<char>('a' + (x >> 24) % 26);
    }
    return s;
}

} // namespace

//------------------------------------------------------------------------
// Handshake responses

BOOST_AUTO_TEST_SUITE(handshake_response)

BOOST_DATA_TEST_CASE(hybi_answers_101_with_the_rfc_6455_accept_value,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    raw_client c(srv.port());
    // RFC 6455 1.3: key "dGhlIHNhbXBsZSBub25jZQ==" -> the accept below.
    c.send(hybi_request("/chat", version));
    auto const h = c.read_http_header();
    BOOST_TEST(h.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0) == 0);
    BOOST_TEST(h.find("\r\nUpgrade: websocket\r\n") != std::string::npos);
    BOOST_TEST(h.find("\r\nConnection: Upgrade\r\n") != std::string::npos);
    BOOST_TEST(h.find("\r\nSec-WebSocket-Accept: "
                      "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") !=
               std::string::npos);
    // No subprotocol was offered, none is echoed.
    BOOST_TEST(h.find("Sec-WebSocket-Protocol") == std::string::npos);
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    BOOST_TEST(s->protocol_version() == "hybi-" + std::string(
                                                      version.size() == 1
                                                          ? "0" + version
                                                          : version));
}

BOOST_AUTO_TEST_CASE(hixie76_answers_the_draft_example_challenge)
{
    echo_server srv;
    raw_client c(srv.port());
    c.send(hixie76_request() + std::string(hixie76_key3));
    auto const h = c.read_http_header();
    BOOST_TEST(h ==
               "HTTP/1.1 101 WebSocket Protocol Handshake\r\n"
               "Upgrade: WebSocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Origin: http://example.com\r\n"
               "Sec-WebSocket-Location: ws://example.com/demo\r\n\r\n");
    // draft-hixie-76 1.2: the 16-byte answer follows the header.
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
}

BOOST_AUTO_TEST_CASE(hixie76_key3_split_across_segments_is_assembled)
{
    echo_server srv;
    raw_client c(srv.port());
    c.socket().set_option(boost::asio::ip::tcp::no_delay(true));
    c.send(hixie76_request() + "^n:");
    // The server must not answer before key3 is whole.
    BOOST_TEST(stays_open_and_silent(c, 100ms));
    c.send("ds[4");
    c.send(std::string("U") + hixie_text("right after key3"));
    auto const h = c.read_http_header();
    BOOST_TEST(h.rfind("HTTP/1.1 101 ", 0) == 0);
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
    // The frame that came with key3's last byte is data, not handshake.
    BOOST_TEST(read_hixie_text(c) == "right after key3");
}

BOOST_AUTO_TEST_CASE(hixie75_answers_its_own_status_line)
{
    echo_server srv;
    raw_client c(srv.port());
    c.send(hixie75_request("/x"));
    auto const h = c.read_http_header();
    BOOST_TEST(h == "HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                    "Upgrade: WebSocket\r\nConnection: Upgrade\r\n"
                    "WebSocket-Origin: http://example.com\r\n"
                    "WebSocket-Location: ws://example.com/x\r\n\r\n");
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    BOOST_TEST(s->protocol_version() == "hixie-75");
    BOOST_TEST(s->name() == "websocket-hixie");
}

BOOST_AUTO_TEST_CASE(frames_in_the_same_segment_as_the_request_are_echoed)
{
    echo_server srv;
    raw_client c(srv.port());
    c.send(hybi_request() + client_frame(0x1, "early"));
    BOOST_TEST(c.read_http_header().rfind("HTTP/1.1 101 ", 0) == 0);
    auto const f = c.read_frame();
    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST(f.payload == "early");
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// Echo

BOOST_AUTO_TEST_SUITE(echo)

BOOST_DATA_TEST_CASE(text_and_binary_come_back_with_their_type,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x1, "h\xC3\xA9llo \xF0\x9F\x98\x80"));
    c->send(client_frame(0x2, std::string("\x00\xFF\x80\x01", 4)));
    auto const t = c->read_frame();
    BOOST_TEST(t.fin);
    BOOST_TEST(t.opcode == 0x1);
    BOOST_TEST(t.payload == "h\xC3\xA9llo \xF0\x9F\x98\x80");
    auto const b = c->read_frame();
    BOOST_TEST(b.opcode == 0x2);
    BOOST_TEST(b.payload == std::string("\x00\xFF\x80\x01", 4));
}

BOOST_DATA_TEST_CASE(fragments_with_a_ping_between_are_reassembled,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->socket().set_option(boost::asio::ip::tcp::no_delay(true));
    // One write per frame: the server sees them in separate reads.
    c->send(client_frame(0x1, "one,", false));
    c->send(client_frame(0x9, "between"));
    c->send(client_frame(0x0, "two,", false));
    c->send(client_frame(0x0, "three", true));
    // Binary too, with the fragments split in the middle of a UTF-8-looking
    // sequence (binary is never validated).
    c->send(client_frame(0x2, "\xE2\x82", false) +
            client_frame(0x0, "\xFF", false) + client_frame(0x0, "", true));
    auto const pong = c->read_frame();
    BOOST_TEST(pong.opcode == 0xA);
    BOOST_TEST(pong.payload == "between");
    auto const t = c->read_frame();
    BOOST_TEST(t.opcode == 0x1);
    BOOST_TEST(t.fin);
    BOOST_TEST(t.payload == "one,two,three");
    auto const b = c->read_frame();
    BOOST_TEST(b.opcode == 0x2);
    BOOST_TEST(b.payload == "\xE2\x82\xFF");
}

BOOST_DATA_TEST_CASE(text_split_inside_a_character_is_valid,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    // U+20AC split after its first byte, then after its second.
    c->send(client_frame(0x1, "\xE2", false) +
            client_frame(0x0, "\x82", false) + client_frame(0x0, "\xAC"));
    auto const t = c->read_frame();
    BOOST_TEST(t.opcode == 0x1);
    BOOST_TEST(t.payload == "\xE2\x82\xAC");
}

BOOST_DATA_TEST_CASE(ping_is_answered_by_a_pong_with_the_same_payload,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    std::string const big(125, '\x7F');
    c->send(client_frame(0x9, "abc"));
    c->send(client_frame(0x9, ""));
    c->send(client_frame(0x9, big));
    for (auto const& expected : {std::string("abc"), std::string(), big})
    {
        auto const p = c->read_frame();
        BOOST_TEST(p.opcode == 0xA);
        BOOST_TEST(p.fin);
        BOOST_TEST(p.payload == expected);
    }
    // An unsolicited pong is ignored, not echoed nor answered.
    c->send(client_frame(0xA, "unsolicited") + client_frame(0x1, "after"));
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST(f.payload == "after");
}

BOOST_DATA_TEST_CASE(empty_messages_are_echoed_empty,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x1, ""));
    c->send(client_frame(0x2, ""));
    c->send(client_frame(0x1, "", false) + client_frame(0x0, "", true));
    for (std::uint8_t op : {0x1, 0x2, 0x1})
    {
        auto const f = read_raw_frame(*c);
        BOOST_TEST(f.f.opcode == op);
        BOOST_TEST(f.length_form == 0u);
        BOOST_TEST(f.f.payload.empty());
    }
}

BOOST_DATA_TEST_CASE(large_messages_use_the_16_and_64_bit_length_forms,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    struct size_case
    {
        std::size_t size;
        unsigned form;
    };
    for (auto const sc : {size_case{125, 125}, size_case{126, 126},
                          size_case{256, 126}, size_case{65535, 126},
                          size_case{65536, 127}, size_case{1 << 20, 127}})
    {
        auto const payload = pattern(sc.size, static_cast<unsigned>(sc.size));
        c->send(client_frame(0x2, payload));
        auto const f = read_raw_frame(*c);
        BOOST_TEST(f.f.opcode == 0x2);
        BOOST_TEST(f.length_form == sc.form, "size " << sc.size);
        BOOST_TEST(f.f.payload.size() == sc.size);
        BOOST_TEST((f.f.payload == payload), "size " << sc.size);
    }
}

BOOST_AUTO_TEST_CASE(hixie76_text_binary_and_empty_frames_are_echoed)
{
    echo_server srv;
    auto c = open_hixie76(srv.port());
    c->send(hixie_text("h\xC3\xA9llo"));
    BOOST_TEST(read_hixie_text(*c) == "h\xC3\xA9llo");
    c->send(hixie_text(""));
    BOOST_TEST(c->read_exactly(2) == std::string("\x00\xFF", 2));
    // A 0x80 length-prefixed frame (length 200 = 0x81 0x48) is binary and
    // comes back the same way, length-prefixed.
    auto const bin = pattern(200, 7);
    c->send(std::string("\x80\x81\x48", 3) + bin);
    BOOST_TEST(c->read_exactly(3) == std::string("\x80\x81\x48", 3));
    BOOST_TEST(c->read_exactly(200) == bin);
    // The empty 0x80 frame is an empty binary message (not a close).
    c->send(std::string("\x80\x00", 2));
    BOOST_TEST(c->read_exactly(2) == std::string("\x80\x00", 2));
    // 1 MiB of text in one frame: the server reads it in many pieces.
    auto const big = pattern(1 << 20, 3);
    c->send(hixie_text(big));
    BOOST_TEST((read_hixie_text(*c) == big));
}

BOOST_AUTO_TEST_CASE(hixie75_text_is_echoed)
{
    echo_server srv;
    auto c = open_hixie75(srv.port());
    c->send(hixie_text("first") + hixie_text("") + hixie_text("third"));
    BOOST_TEST(read_hixie_text(*c) == "first");
    BOOST_TEST(read_hixie_text(*c) == "");
    BOOST_TEST(read_hixie_text(*c) == "third");
    auto const big = pattern(256 * 1024, 5);
    c->send(hixie_text(big));
    BOOST_TEST((read_hixie_text(*c) == big));
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// Closing handshake

BOOST_AUTO_TEST_SUITE(closing_handshake)

BOOST_DATA_TEST_CASE(client_close_1000_is_echoed_then_the_server_closes_tcp,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x8, close_payload(1000, "bye")));
    expect_close_then_eof(*c, 1000);
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    std::lock_guard<std::mutex> lock(srv.events().mutex);
    BOOST_TEST(srv.events().closes[0].first == wsio::close_code::normal);
    BOOST_TEST(srv.events().closes[0].second == "bye");
}

BOOST_DATA_TEST_CASE(client_close_with_other_valid_codes_is_echoed,
                     bdata::make(hybi_versions) *
                         bdata::make({1001u, 1003u, 1011u, 3000u, 4999u}),
                     version, code)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(
        0x8, close_payload(static_cast<std::uint16_t>(code), "why")));
    expect_close_then_eof(*c, code);
}

BOOST_DATA_TEST_CASE(client_close_without_code_is_answered_by_an_empty_close,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x8, ""));
    expect_close_then_eof(*c, 0);
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    std::lock_guard<std::mutex> lock(srv.events().mutex);
    BOOST_TEST(srv.events().closes[0].first == wsio::close_code::no_status);
}

BOOST_DATA_TEST_CASE(data_after_the_close_frame_is_ignored,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x1, "before") +
            client_frame(0x8, close_payload(1000)) +
            client_frame(0x1, "after") + client_frame(0x9, "ping"));
    auto const f = c->read_frame();
    BOOST_TEST(f.payload == "before");
    expect_close_then_eof(*c, 1000);
}

BOOST_DATA_TEST_CASE(server_close_waits_for_the_client_close_frame,
                     bdata::make(hybi_versions), version)
{
    wsio::options opts;
    opts.close_timeout = 10s; // the wait below must not be the timeout's
    echo_server srv(opts);
    auto c = open_hybi(srv.port(), version);
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    s->send("last words");
    s->close(wsio::close_code::going_away, "restart");
    auto const m = c->read_frame();
    BOOST_TEST(m.payload == "last words");
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == 1001u);
    BOOST_TEST(f.payload.substr(2) == "restart");
    BOOST_TEST((s->ready_state() == wsio::ready_state::closing));
    // Until the client answers, the TCP connection stays open.
    BOOST_TEST(stays_open_and_silent(*c, 200ms));
    BOOST_TEST(srv.events().close_count() == 0u);
    // A message still in flight from the client is delivered but not
    // echoed (the server already said goodbye).
    c->send(client_frame(0x1, "in flight") +
            client_frame(0x8, close_payload(1001)));
    BOOST_TEST(c->closed_by_peer());
    c->socket().close();
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    BOOST_TEST((s->ready_state() == wsio::ready_state::closed));
    std::lock_guard<std::mutex> lock(srv.events().mutex);
    BOOST_TEST(srv.events().closes[0].first == wsio::close_code::going_away);
}

BOOST_AUTO_TEST_CASE(server_close_times_out_when_the_client_never_answers)
{
    wsio::options opts;
    opts.close_timeout = 300ms;
    echo_server srv(opts);
    auto c = open_hybi(srv.port());
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    auto const t0 = std::chrono::steady_clock::now();
    s->close();
    auto const f = c->read_frame();
    BOOST_TEST(close_code_of(f) == 1000u);
    BOOST_TEST(c->closed_by_peer());
    auto const took = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(ms(took) >= 250);
    BOOST_TEST(ms(took) < 3000);
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    BOOST_TEST(srv.events().saw_error(wsio::error::close_timeout));
}

BOOST_DATA_TEST_CASE(close_frames_that_cross_are_not_answered_twice,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    // Both sides start the closing handshake at the same time.
    c->send(client_frame(0x8, close_payload(1000, "client")));
    s->close(wsio::close_code::going_away, "server");
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST((close_code_of(f) == 1000u || close_code_of(f) == 1001u));
    // Exactly one close frame, then EOF.
    BOOST_TEST(c->closed_by_peer());
    c->socket().close();
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
}

BOOST_DATA_TEST_CASE(client_that_closes_tcp_right_after_its_close_frame_reports_its_code,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x8, close_payload(4001, "gone")));
    c->socket().close();
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    std::lock_guard<std::mutex> lock(srv.events().mutex);
    BOOST_TEST(static_cast<unsigned>(srv.events().closes[0].first) == 4001u);
    BOOST_TEST(srv.events().closes[0].second == "gone");
}

BOOST_DATA_TEST_CASE(tcp_lost_without_close_frame_reports_1006,
                     bdata::make(hybi_versions), version)
{
    echo_server srv;
    auto c = open_hybi(srv.port(), version);
    c->send(client_frame(0x1, "half a message", false));
    c->socket().close();
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    std::lock_guard<std::mutex> lock(srv.events().mutex);
    BOOST_TEST(srv.events().closes[0].first == wsio::close_code::abnormal);
}

BOOST_AUTO_TEST_CASE(hixie76_close_frame_is_answered_then_tcp_closes)
{
    echo_server srv;
    auto c = open_hixie76(srv.port());
    c->send(hixie_text("x") + std::string("\xFF\x00", 2));
    BOOST_TEST(read_hixie_text(*c) == "x");
    BOOST_TEST(c->read_exactly(2) == std::string("\xFF\x00", 2));
    BOOST_TEST(c->closed_by_peer());
    c->socket().close();
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
}

BOOST_AUTO_TEST_CASE(hixie76_server_close_waits_for_the_client_close_frame)
{
    wsio::options opts;
    opts.close_timeout = 10s;
    echo_server srv(opts);
    auto c = open_hixie76(srv.port());
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    s->send("bye");
    s->close();
    BOOST_TEST(read_hixie_text(*c) == "bye");
    BOOST_TEST(c->read_exactly(2) == std::string("\xFF\x00", 2));
    BOOST_TEST(stays_open_and_silent(*c, 200ms));
    c->send(std::string("\xFF\x00", 2));
    BOOST_TEST(c->closed_by_peer());
    c->socket().close();
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
}

BOOST_AUTO_TEST_CASE(hixie75_client_close_frame_closes_tcp_without_answer)
{
    echo_server srv;
    auto c = open_hixie75(srv.port());
    // hixie-75 defines no closing frame; 0xFF 0x00 from a newer client
    // means the same as in hixie-76, but there is nothing to answer.
    c->send(hixie_text("x") + std::string("\xFF\x00", 2));
    BOOST_TEST(c->read_to_eof() == hixie_text("x"));
}

BOOST_AUTO_TEST_CASE(hixie75_server_close_flushes_then_closes_tcp)
{
    echo_server srv;
    auto c = open_hixie75(srv.port());
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    s->send("one");
    s->send("two");
    s->close();
    // hixie-75 has no closing frame: the data, then EOF.
    BOOST_TEST(c->read_to_eof() == hixie_text("one") + hixie_text("two"));
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// Every error close code on the wire

namespace {

struct error_case
{
    char const* name;
    std::string bytes;
    unsigned code;
};

std::ostream&
operator<<(std::ostream& os, error_case const& e)
{
    return os << e.name;
}

std::string
header_with_length(std::uint8_t first, std::uint64_t len)
{
    // A masked frame header with the 64-bit length form and no payload.
    std::string h;
    h += static_cast<char>(first);
    h += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i)
        h += static_cast<char>((len >> (8 * i)) & 0xFF);
    h += std::string("\x01\x02\x03\x04", 4);
    return h;
}

std::vector<error_case>
error_cases()
{
    std::vector<error_case> v;
    auto add = [&](char const* n, std::string b, unsigned c) {
        v.push_back({n, std::move(b), c});
    };
    add("unmasked_text", client_frame(0x1, "hi", true, 0, false), 1002);
    add("unmasked_close", client_frame(0x8, close_payload(1000), true, 0,
                                       false),
        1002);
    add("rsv1", client_frame(0x1, "hi", true, 4), 1002);
    add("rsv2", client_frame(0x1, "hi", true, 2), 1002);
    add("rsv3", client_frame(0x2, "hi", true, 1), 1002);
    add("rsv_on_ping", client_frame(0x9, "hi", true, 4), 1002);
    add("opcode_3", client_frame(0x3, "hi"), 1002);
    add("opcode_7", client_frame(0x7, ""), 1002);
    add("opcode_B", client_frame(0xB, "hi"), 1002);
    add("opcode_F", client_frame(0xF, ""), 1002);
    add("ping_126_bytes", client_frame(0x9, std::string(126, 'p')), 1002);
    add("close_126_bytes",
        client_frame(0x8, close_payload(1000, std::string(124, 'r'))), 1002);
    add("fragmented_ping", client_frame(0x9, "x", false), 1002);
    add("fragmented_close", client_frame(0x8, close_payload(1000), false),
        1002);
    add("orphan_continuation", client_frame(0x0, "x"), 1002);
    // (The valid message sent before each case has ended: a continuation
    // after it is an orphan too.)
    add("text_inside_fragmented_message",
        client_frame(0x1, "a", false) + client_frame(0x1, "b"), 1002);
    add("binary_inside_fragmented_message",
        client_frame(0x2, "a", false) + client_frame(0x2, "b"), 1002);
    add("non_minimal_16_bit_length",
        std::string("\x82\xFE\x00\x05\x01\x02\x03\x04", 8) + "xxxxx", 1002);
    add("close_code_999", client_frame(0x8, close_payload(999)), 1002);
    add("close_code_1004", client_frame(0x8, close_payload(1004)), 1002);
    add("close_code_1005", client_frame(0x8, close_payload(1005)), 1002);
    add("close_code_1006", client_frame(0x8, close_payload(1006)), 1002);
    add("close_code_1015", client_frame(0x8, close_payload(1015)), 1002);
    add("close_code_2999", client_frame(0x8, close_payload(2999)), 1002);
    add("close_code_5000", client_frame(0x8, close_payload(5000)), 1002);
    add("close_code_0", client_frame(0x8, close_payload(0)), 1002);
    add("close_one_byte", client_frame(0x8, "\x03"), 1002);
    add("invalid_utf8_text", client_frame(0x1, "ab\xC3\x28"), 1007);
    add("overlong_utf8_text", client_frame(0x1, "\xC0\xAF"), 1007);
    add("surrogate_utf8_text", client_frame(0x1, "\xED\xA0\x80"), 1007);
    add("truncated_utf8_at_message_end", client_frame(0x1, "ok\xE2\x82"),
        1007);
    add("invalid_utf8_across_fragments",
        client_frame(0x1, "\xE2\x82", false) + client_frame(0x0, "\x28"),
        1007);
    // Fail fast: the bad byte is in the first fragment; the message never
    // ends, and the server must not wait for it.
    add("invalid_utf8_in_first_fragment", client_frame(0x1, "a\xFF", false),
        1007);
    add("invalid_utf8_close_reason",
        client_frame(0x8, close_payload(1000, "\xFF")), 1007);
    add("message_over_limit", client_frame(0x2, std::string(1025, 'x')), 1009);
    add("fragments_over_limit",
        client_frame(0x1, std::string(600, 'x'), false) +
            client_frame(0x0, std::string(600, 'x'), false),
        1009);
    add("declared_length_2_63_minus_1",
        header_with_length(0x82, 0x7FFFFFFFFFFFFFFFull), 1009);
    add("declared_length_2_63", header_with_length(0x82, 1ull << 63), 1002);
    return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(error_close_codes)

BOOST_DATA_TEST_CASE(bad_frame_fails_the_connection_with_its_close_code,
                     bdata::make(error_cases()) * bdata::make(hybi_versions),
                     ec, version)
{
    wsio::options opts;
    opts.max_message_size = 1024;
    echo_server srv(opts);
    auto c = open_hybi(srv.port(), version);
    // A valid message first: it is echoed before the close frame.
    c->send(client_frame(0x1, "valid") + ec.bytes);
    auto const m = c->read_frame();
    BOOST_TEST(m.opcode == 0x1);
    BOOST_TEST(m.payload == "valid");
    auto const t0 = std::chrono::steady_clock::now();
    expect_close_then_eof(*c, ec.code);
    BOOST_TEST(ms(std::chrono::steady_clock::now() - t0) < 1000);
    BOOST_REQUIRE(eventually([&] { return srv.events().close_count() == 1; }));
    std::lock_guard<std::mutex> lock(srv.events().mutex);
    BOOST_TEST(static_cast<unsigned>(srv.events().closes[0].first) ==
               ec.code);
    BOOST_TEST(srv.events().errors.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// Nothing lost

namespace {

std::uint32_t
fnv1a(std::string_view s)
{
    std::uint32_t h = 2166136261u;
    for (unsigned char ch : s)
        h = (h ^ ch) * 16777619u;
    return h;
}

/// "c=<conn> s=<seq> <body> k=<fnv1a of everything before>"
std::string
numbered_message(unsigned conn, unsigned seq, std::string_view body)
{
    std::string m = "c=" + std::to_string(conn) + " s=" +
                    std::to_string(seq) + " ";
    m += body;
    char k[16];
    std::snprintf(k, sizeof k, " k=%08x", static_cast<unsigned>(fnv1a(m)));
    return m + k;
}

/// Checks a received message's own header and checksum; "" when fine.
std::string
check_numbered(std::string_view m, unsigned conn, unsigned seq)
{
    if (m.size() < 11)
        return "short message";
    auto const body = m.substr(0, m.size() - 11);
    char k[16];
    std::snprintf(k, sizeof k, " k=%08x", static_cast<unsigned>(fnv1a(body)));
    if (m.substr(m.size() - 11) != k)
        return "checksum mismatch";
    std::string const head =
        "c=" + std::to_string(conn) + " s=" + std::to_string(seq) + " ";
    if (m.substr(0, head.size()) != head)
        return "expected '" + head + "', got '" +
               std::string(m.substr(0, head.size())) + "'";
    return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(nothing_lost)

BOOST_AUTO_TEST_CASE(many_connections_echo_every_message_intact_and_in_order)
{
    constexpr unsigned connections = 20;
    constexpr unsigned messages = 300;
    echo_server srv({}, 2);

    // Everything random is drawn here, from fixed seeds, on one thread
    // (client_frame's masking keys come from a shared counter).
    struct plan
    {
        std::string wire;
        std::vector<std::size_t> cuts; // write sizes
        std::vector<std::string> expected;
        std::vector<std::uint8_t> ops;
        std::string version;
    };
    std::vector<plan> plans(connections);
    for (unsigned conn = 0; conn < connections; ++conn)
    {
        std::mt19937 rng(1000 + conn);
        auto& p = plans[conn];
        p.version = hybi_versions[conn % 3];
        for (unsigned seq = 0; seq < messages; ++seq)
        {
            std::size_t len = rng() % 1500;
            if (seq % 97 == 13)
                len = 65536 + rng() % 4096; // the 64-bit length form
            std::string body(len, '\0');
            for (auto& ch : body)
                ch = static_cast<char>('!' + rng() % 90);
            bool const text = (rng() & 1) != 0;
            auto const m = numbered_message(conn, seq, body);
            p.expected.push_back(m);
            p.ops.push_back(text ? 0x1 : 0x2);
            if (rng() % 4 == 0 && m.size() > 2)
            {
                // Some messages travel in fragments.
                auto const cut = 1 + rng() % (m.size() - 1);
                p.wire += client_frame(text ? 0x1 : 0x2, m.substr(0, cut),
                                       false);
                p.wire += client_frame(0x0, m.substr(cut), true);
            }
            else
                p.wire += client_frame(text ? 0x1 : 0x2, m);
        }
        p.wire += client_frame(0x8, close_payload(1000));
        std::size_t sent = 0;
        while (sent < p.wire.size())
        {
            std::size_t n = 1 + rng() % 3000;
            if (rng() % 8 == 0)
                n = 1 + rng() % 7; // tiny writes split headers
            n = std::min(n, p.wire.size() - sent);
            p.cuts.push_back(n);
            sent += n;
        }
    }

    std::vector<std::string> failures(connections);
    std::vector<std::thread> threads;
    for (unsigned conn = 0; conn < connections; ++conn)
    {
        threads.emplace_back([&, conn] {
            auto& p = plans[conn];
            auto& failure = failures[conn];
            try
            {
                raw_client c(srv.port(), 20s);
                c.socket().set_option(boost::asio::ip::tcp::no_delay(true));
                c.send(hybi_request("/", p.version));
                if (c.read_http_header().rfind("HTTP/1.1 101 ", 0) != 0)
                {
                    failure = "handshake refused";
                    return;
                }
                // Write in a second thread while this one reads.
                std::thread writer([&] {
                    std::size_t at = 0;
                    boost::system::error_code ec;
                    for (auto const n : p.cuts)
                    {
                        boost::asio::write(
                            c.socket(),
                            boost::asio::buffer(p.wire.data() + at, n), ec);
                        if (ec)
                            return;
                        at += n;
                    }
                });
                for (unsigned seq = 0; seq < messages && failure.empty();
                     ++seq)
                {
                    auto const f = c.read_frame();
                    if (f.opcode != p.ops[seq])
                        failure = "wrong opcode at seq " + std::to_string(seq);
                    else if (auto e = check_numbered(f.payload, conn, seq);
                             !e.empty())
                        failure = e + " at seq " + std::to_string(seq);
                    else if (f.payload != p.expected[seq])
                        failure = "payload differs at seq " +
                                  std::to_string(seq);
                }
                if (failure.empty())
                {
                    auto const f = c.read_frame();
                    if (f.opcode != 0x8 || close_code_of(f) != 1000)
                        failure = "no close 1000 after the last echo";
                    else if (!c.closed_by_peer())
                        failure = "bytes after the close frame";
                }
                writer.join();
            }
            catch (std::exception const& e)
            {
                failure = std::string("exception: ") + e.what();
            }
        });
    }
    for (auto& t : threads)
        t.join();
    for (unsigned conn = 0; conn < connections; ++conn)
        BOOST_TEST(failures[conn].empty(),
                   "connection " << conn << ": " << failures[conn]);
    BOOST_TEST(eventually([&] {
        return srv.events().close_count() == connections;
    }));
}

BOOST_AUTO_TEST_CASE(everything_sent_before_close_arrives_before_the_close)
{
    constexpr unsigned count = 2000;
    echo_server srv({}, 2);
    auto c = open_hybi(srv.port());
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    std::vector<std::string> sent;
    // From a thread that is not the socket's strand: every call is posted.
    std::thread sender([&] {
        for (unsigned i = 0; i < count; ++i)
        {
            std::size_t const len = (i % 100 == 0) ? 200000 : i % 3000;
            sent.push_back(numbered_message(0, i, pattern(len, i)));
        }
        for (unsigned i = 0; i < count; ++i)
            s->send(sent[i], i % 2 ? wsio::frame_type::binary
                                   : wsio::frame_type::text);
        s->close(wsio::close_code::normal, "all sent");
    });
    sender.join();
    for (unsigned i = 0; i < count; ++i)
    {
        auto const f = c->read_frame();
        BOOST_REQUIRE_MESSAGE(f.opcode == (i % 2 ? 0x2 : 0x1),
                              "message " << i << " opcode "
                                         << int(f.opcode));
        BOOST_REQUIRE_MESSAGE(f.payload == sent[i], "message " << i);
    }
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == 1000u);
    BOOST_TEST(f.payload.substr(2) == "all sent");
    c->send(client_frame(0x8, close_payload(1000)));
    BOOST_TEST(c->closed_by_peer());
}

BOOST_AUTO_TEST_CASE(hixie76_everything_sent_before_close_arrives_first)
{
    constexpr unsigned count = 1000;
    echo_server srv({}, 2);
    auto c = open_hixie76(srv.port());
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    std::vector<std::string> sent;
    for (unsigned i = 0; i < count; ++i)
        sent.push_back(numbered_message(0, i, pattern(i % 2000, i)));
    std::thread sender([&] {
        for (auto const& m : sent)
            s->send(m);
        s->close();
    });
    sender.join();
    for (unsigned i = 0; i < count; ++i)
        BOOST_REQUIRE_MESSAGE(read_hixie_text(*c) == sent[i], "message " << i);
    BOOST_TEST(c->read_exactly(2) == std::string("\xFF\x00", 2));
    c->send(std::string("\xFF\x00", 2));
    BOOST_TEST(c->closed_by_peer());
}

BOOST_AUTO_TEST_SUITE_END()
