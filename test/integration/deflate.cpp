//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// permessage-deflate (RFC 7692) end to end, over loopback TCP, with a raw
// client that compresses and inflates with zlib itself: the answer line,
// compressed echoes in both modes, the threshold, and every way a peer can
// get a compressed message wrong (bomb, bad data, RSV1 where it may not
// be), with the close code each must get.

#define BOOST_TEST_MODULE integration_deflate
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "deflate_peer.hpp"
#include "wire.hpp"

#include <boost/asio/write.hpp>

#include <cstdint>
#include <string>
#include <thread>

#include <zlib.h>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace deflate_test {

// Raw deflate of one message as RFC 7692 section 7.2.1 says: sync flush,
// then the trailing 00 00 ff ff removed. `z` keeps the context (or not).
class compressor
{
public:
    explicit compressor(int window_bits = 15)
    {
        z_ = {};
        BOOST_REQUIRE(deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
                                   -window_bits, 8,
                                   Z_DEFAULT_STRATEGY) == Z_OK);
    }
    compressor(compressor const&) = delete;
    compressor& operator=(compressor const&) = delete;
    ~compressor() { deflateEnd(&z_); }

    std::string
    operator()(std::string_view in, bool reset = false)
    {
        if (reset)
            deflateReset(&z_);
        std::string out(deflateBound(&z_, in.size()) + 16, '\0');
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z_.avail_in = static_cast<uInt>(in.size());
        z_.next_out = reinterpret_cast<Bytef*>(&out[0]);
        z_.avail_out = static_cast<uInt>(out.size());
        BOOST_REQUIRE(deflate(&z_, Z_SYNC_FLUSH) == Z_OK);
        BOOST_REQUIRE(z_.avail_in == 0u);
        out.resize(out.size() - z_.avail_out);
        BOOST_REQUIRE(out.size() >= 4u);
        BOOST_REQUIRE(out.compare(out.size() - 4, 4,
                                  std::string("\0\0\xff\xff", 4)) == 0);
        out.resize(out.size() - 4);
        return out;
    }

private:
    z_stream z_;
};

// A compressed data frame: RSV1 on the first (here only) frame.
inline std::string
compressed_frame(std::uint8_t opcode, std::string_view deflated,
                 bool fin = true)
{
    return client_frame(opcode, deflated, fin, 0x4);
}

std::string const offer =
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

std::string const shared_answer =
    "Sec-WebSocket-Extensions: permessage-deflate; "
    "server_no_context_takeover; client_no_context_takeover\r\n";

// Opens an RFC 6455 connection that offered permessage-deflate and returns
// the response header.
std::unique_ptr<raw_client>
open_offering(unsigned short port, std::string& header,
              std::string_view version = "13")
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hybi_request("/", version, offer));
    header = c->read_http_header();
    BOOST_REQUIRE(header.rfind("HTTP/1.1 101 ", 0) == 0);
    return c;
}

std::size_t
count(std::string const& hay, std::string const& needle)
{
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos;
         p = hay.find(needle, p + 1))
        ++n;
    return n;
}

} // namespace deflate_test

using namespace deflate_test;

BOOST_AUTO_TEST_SUITE(permessage_deflate)

BOOST_DATA_TEST_CASE(the_answer_names_the_agreed_parameters_once,
                     bdata::make({"13", "8", "7"}), version)
{
    echo_server srv(deflate_options(false));
    std::string h;
    auto c = open_offering(srv.port(), h, version);
    BOOST_TEST(count(h, "Sec-WebSocket-Extensions:") == 1u);
    BOOST_TEST(h.find(shared_answer) != std::string::npos, h);
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    BOOST_TEST(s->extensions() ==
               "permessage-deflate; server_no_context_takeover; "
               "client_no_context_takeover");
    // Consumed by the handshake: not kept in req() (keep_handshake_fields).
    BOOST_TEST(s->req().count(boost::beast::http::field::
                                  sec_websocket_extensions) == 0u);
}

BOOST_AUTO_TEST_CASE(dedicated_mode_answers_no_parameter_to_a_plain_offer)
{
    echo_server srv(deflate_options(true));
    std::string h;
    auto c = open_offering(srv.port(), h);
    BOOST_TEST(h.find("Sec-WebSocket-Extensions: permessage-deflate\r\n") !=
                   std::string::npos,
               h);
}

BOOST_AUTO_TEST_CASE(disabled_by_default_the_offer_is_ignored_and_rsv1_fails)
{
    echo_server srv;
    std::string h;
    auto c = open_offering(srv.port(), h);
    BOOST_TEST(h.find("Sec-WebSocket-Extensions") == std::string::npos, h);
    auto const s = srv.last_socket();
    BOOST_REQUIRE(s);
    BOOST_TEST(s->extensions().empty());
    // RFC 7692 section 6: RSV1 means compressed only once negotiated.
    c->send(compressed_frame(0x1, std::string("\xf2\x48\xcd\xc9\xc9\x07\x00",
                                              7)));
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == 1002u);
}

BOOST_AUTO_TEST_CASE(hixie_drafts_never_answer_an_extension)
{
    echo_server srv(deflate_options(false));
    raw_client c(srv.port());
    c.send(hixie75_request("/") );
    auto const h = c.read_http_header();
    BOOST_TEST(h.rfind("HTTP/1.1 101 ", 0) == 0);
    BOOST_TEST(h.find("Extensions") == std::string::npos, h);
}

// RFC 7692 section 7.2.3.1: "Hello" compressed is f2 48 cd c9 c9 07 00.
// Below the threshold the echo goes back uncompressed, RSV1 clear.
BOOST_AUTO_TEST_CASE(the_rfc_hello_is_inflated_and_echoed_plain_below_threshold)
{
    echo_server srv(deflate_options(false, 1024));
    std::string h;
    auto c = open_offering(srv.port(), h);
    c->send(compressed_frame(0x1, std::string("\xf2\x48\xcd\xc9\xc9\x07\x00",
                                              7)));
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST(f.rsv == 0u);
    BOOST_TEST(f.payload == "Hello");
}

BOOST_DATA_TEST_CASE(echoes_come_back_compressed_and_inflate_to_the_original,
                     bdata::make({false, true}), dedicated)
{
    echo_server srv(deflate_options(dedicated, 0));
    std::string h;
    auto c = open_offering(srv.port(), h);
    compressor deflate_out;
    inflater inflate_in;
    // Empty, small, 64 KiB JSON, multi-byte UTF-8 and binary.
    std::string utf8;
    for (int i = 0; i < 2000; ++i)
        utf8 += "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";
    std::string binary(70000, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i)
        binary[i] = static_cast<char>((i * 7919u) >> 3);
    struct msg
    {
        std::uint8_t opcode;
        std::string data;
    };
    msg const msgs[] = {{0x1, ""},
                        {0x1, "Hello"},
                        {0x1, json_text(64 * 1024, 1)},
                        {0x1, utf8},
                        {0x2, binary}};
    for (auto const& m : msgs)
    {
        // Shared mode: the client promised no context takeover.
        c->send(compressed_frame(m.opcode, deflate_out(m.data, !dedicated)));
        auto const f = c->read_frame();
        BOOST_TEST(f.opcode == m.opcode);
        BOOST_TEST(f.fin);
        BOOST_TEST(f.rsv == 4u); // RSV1: compressed
        if (m.data.size() > 1000)
            BOOST_TEST(f.payload.size() < m.data.size() / 2);
        inflater fresh; // shared mode: each message stands alone
        std::string const back =
            dedicated ? inflate_in(f.payload) : fresh(f.payload);
        BOOST_TEST(back.size() == m.data.size());
        BOOST_TEST((back == m.data));
    }
}

// Context takeover (dedicated mode): the second of two equal messages is
// mostly a back-reference into the first, so it is far smaller on the
// wire; in shared mode both are the same size.
BOOST_DATA_TEST_CASE(context_takeover_shrinks_a_repeated_message,
                     bdata::make({false, true}), dedicated)
{
    echo_server srv(deflate_options(dedicated, 0));
    std::string h;
    auto c = open_offering(srv.port(), h);
    compressor deflate_out;
    std::string const text = json_text(2048, 7);
    c->send(compressed_frame(0x1, deflate_out(text, true)));
    auto const first = c->read_frame();
    c->send(compressed_frame(0x1, deflate_out(text, true)));
    auto const second = c->read_frame();
    BOOST_TEST(first.rsv == 4u);
    BOOST_TEST(second.rsv == 4u);
    if (dedicated)
        BOOST_TEST(second.payload.size() * 4 < first.payload.size());
    else
        BOOST_TEST(second.payload == first.payload);
    inflater in;
    BOOST_TEST((in(first.payload) == text));
    if (dedicated)
        BOOST_TEST((in(second.payload) == text));
}

// A compressed message in three fragments with a ping between them: the
// pong comes first, then the echo (RFC 6455 5.4, RFC 7692 section 6.1).
BOOST_AUTO_TEST_CASE(a_fragmented_compressed_message_with_a_ping_inside)
{
    echo_server srv(deflate_options(false, 1024));
    std::string h;
    auto c = open_offering(srv.port(), h);
    compressor deflate_out;
    std::string const text = json_text(3000, 3);
    std::string const z = deflate_out(text);
    std::size_t const third = z.size() / 3;
    c->send(compressed_frame(0x1, z.substr(0, third), false) +
            client_frame(0x9, "inside") +
            client_frame(0x0, z.substr(third, third), false) +
            client_frame(0x0, z.substr(2 * third), true));
    auto const pong = c->read_frame();
    BOOST_TEST(pong.opcode == 0xA);
    BOOST_TEST(pong.payload == "inside");
    auto const echo = c->read_frame();
    BOOST_TEST(echo.opcode == 0x1);
    inflater in;
    BOOST_TEST((in(echo.payload) == text));
}

struct bad_case
{
    char const* name;
    std::string wire; // after the handshake
    std::uint16_t code;
    boost::system::error_code ec;
};

std::ostream&
operator<<(std::ostream& os, bad_case const& b)
{
    return os << b.name;
}

std::vector<bad_case>
bad_cases()
{
    compressor z;
    std::string const hello = z("Hello", true);
    std::vector<bad_case> v;
    // Not deflate data at all: fail with 1007 (invalid payload data).
    v.push_back({"garbage", compressed_frame(0x1, "\xff\xff\xff\xff\xff"),
                 1007, wsio::error::bad_compressed_data});
    // RSV1 on a continuation frame (RFC 7692 section 6.1).
    v.push_back({"rsv1 on continuation",
                 compressed_frame(0x1, hello.substr(0, 2), false) +
                     compressed_frame(0x0, hello.substr(2), true),
                 1002, {}});
    // RSV1 on a control frame (RFC 7692 section 6.1).
    v.push_back({"rsv1 on ping", compressed_frame(0x9, "x"), 1002, {}});
    // RSV2 and RSV3 stay reserved.
    v.push_back({"rsv2", client_frame(0x1, "x", true, 0x2), 1002, {}});
    v.push_back({"rsv3", client_frame(0x1, "x", true, 0x1), 1002, {}});
    // Inflates to text that is not UTF-8 (RFC 6455 8.1).
    v.push_back({"inflated text not utf-8",
                 compressed_frame(0x1, z("\xc3\x28 not utf-8", true)), 1007,
                 wsio::error::bad_utf8});
    return v;
}

BOOST_DATA_TEST_CASE(bad_compressed_input_gets_its_close_code,
                     bdata::make(bad_cases()), bad)
{
    echo_server srv(deflate_options(false));
    std::string h;
    auto c = open_offering(srv.port(), h);
    c->send(bad.wire);
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == bad.code);
    BOOST_TEST(c->closed_by_peer());
    if (bad.ec)
        BOOST_TEST(eventually([&] { return srv.events().saw_error(bad.ec); }));
}

// A bomb: 64 MiB of zeros deflate to ~64 KiB. With a 1 MiB limit the
// message fails with 1009 while inflating, before it is whole.
BOOST_DATA_TEST_CASE(a_decompression_bomb_is_refused_with_1009,
                     bdata::make({false, true}), dedicated)
{
    wsio::options o = deflate_options(dedicated);
    o.max_message_size = 1024 * 1024;
    echo_server srv(o);
    std::string h;
    auto c = open_offering(srv.port(), h);
    compressor z;
    std::string const bomb = z(std::string(64 * 1024 * 1024, '\0'));
    BOOST_TEST(bomb.size() < 128 * 1024u);
    auto const started = std::chrono::steady_clock::now();
    std::thread writer([&] {
        boost::system::error_code ec;
        boost::asio::write(c->socket(),
                           boost::asio::buffer(compressed_frame(0x2, bomb)),
                           ec);
    });
    auto const f = c->read_frame();
    writer.join();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == 1009u);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
    BOOST_TEST(srv.events().saw_error(wsio::error::message_too_big));
}

// The same limit lets a message of exactly max_message_size through.
BOOST_AUTO_TEST_CASE(a_message_inflating_to_exactly_the_limit_passes)
{
    wsio::options o = deflate_options(false);
    o.max_message_size = 256 * 1024;
    echo_server srv(o);
    std::string h;
    auto c = open_offering(srv.port(), h);
    compressor z;
    std::string const text = json_text(256 * 1024, 9);
    c->send(compressed_frame(0x1, z(text)));
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x1);
    inflater in;
    BOOST_TEST((in(f.payload) == text));
    std::string one_more = text + "x";
    c->send(compressed_frame(0x1, z(one_more, true)));
    auto const g = c->read_frame();
    BOOST_TEST(g.opcode == 0x8);
    BOOST_TEST(close_code_of(g) == 1009u);
}

BOOST_AUTO_TEST_SUITE_END()
