//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hixie_handshake
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/detail/http.hpp>
#include <boost/websocketio/hixie.hpp>
#include <boost/websocketio/hixie/detail/key.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace wsio = boost::websocketio;
namespace hixie = boost::websocketio::hixie;
namespace http = boost::beast::http;
namespace bdata = boost::unit_test::data;

using status = wsio::handshake_result::status;

namespace boost {
namespace websocketio {
// Found by argument-dependent lookup, so failed checks print the status.
std::ostream&
operator<<(std::ostream& os, handshake_result::status s)
{
    switch (s)
    {
    case handshake_result::status::accepted: return os << "accepted";
    case handshake_result::status::need_more: return os << "need_more";
    case handshake_result::status::rejected: return os << "rejected";
    }
    return os << "?";
}
} // namespace websocketio
} // namespace boost

namespace {

// draft-hixie-thewebsocketprotocol-76 section 1.2 (hybi-00 the same).
constexpr char const* example_key1 = "4 @1  46546xW%0l 1 5";
constexpr char const* example_key2 = "12998 5 Y3 1  .P00";
constexpr std::string_view example_key3 = "^n:ds[4U";

constexpr std::string_view example_response =
    "HTTP/1.1 101 WebSocket Protocol Handshake\r\n"
    "Upgrade: WebSocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Origin: http://example.com\r\n"
    "Sec-WebSocket-Location: ws://example.com/demo\r\n"
    "Sec-WebSocket-Protocol: sample\r\n"
    "\r\n"
    "8jKS'y:G*Co,Wxa-";

// The example request, field for field and in the draft's order.
wsio::request_type
example_request()
{
    wsio::request_type req{http::verb::get, "/demo", 11};
    req.set(http::field::host, "example.com");
    req.set(http::field::connection, "Upgrade");
    req.set("Sec-WebSocket-Key2", example_key2);
    req.set("Sec-WebSocket-Protocol", "sample");
    req.set(http::field::upgrade, "WebSocket");
    req.set("Sec-WebSocket-Key1", example_key1);
    req.set(http::field::origin, "http://example.com");
    return req;
}

// A hixie-75 request (draft-hixie-75 section 4.1): no keys, no key3.
wsio::request_type
hixie75_request()
{
    wsio::request_type req{http::verb::get, "/demo", 11};
    req.set(http::field::upgrade, "WebSocket");
    req.set(http::field::connection, "Upgrade");
    req.set(http::field::host, "example.com");
    req.set(http::field::origin, "http://example.com");
    req.set("WebSocket-Protocol", "sample");
    return req;
}

std::string
raw_example_request(bool with_content_length)
{
    std::string s = "GET /demo HTTP/1.1\r\n"
                    "Host: example.com\r\n"
                    "Connection: Upgrade\r\n"
                    "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n"
                    "Sec-WebSocket-Protocol: sample\r\n"
                    "Upgrade: WebSocket\r\n"
                    "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                    "Origin: http://example.com\r\n";
    if (with_content_length)
        s += "Content-Length: 8\r\n";
    s += "\r\n";
    s += example_key3;
    return s;
}

// What a server does with the bytes it read: Beast parses the header only,
// the rest is the leftover the codec gets.
struct parsed_request
{
    wsio::request_type request;
    std::string leftover;
};

parsed_request
parse(std::string_view raw)
{
    http::request_parser<http::empty_body> parser;
    parser.eager(false);
    boost::beast::error_code ec;
    std::size_t const n =
        parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
    BOOST_REQUIRE_MESSAGE(!ec, ec.message());
    BOOST_REQUIRE(parser.is_header_done());
    return {parser.release(), std::string(raw.substr(n))};
}

std::string
choose_sample(std::vector<std::string_view> const& offered)
{
    for (auto const t : offered)
        if (t == "sample")
            return "sample";
    return {};
}

struct shake_options
{
    bool secure = false;
    bool choose = true;
    wsio::origin_checker const* check_origin = nullptr;
};

wsio::handshake_result
shake(hixie::draft d, wsio::request_type const& req, std::string_view leftover,
      shake_options const& opt = {})
{
    wsio::subprotocol_chooser const chooser = choose_sample;
    wsio::handshake_input in;
    in.request = &req;
    in.leftover = leftover;
    in.secure = opt.secure;
    in.choose_subprotocol = opt.choose ? &chooser : nullptr;
    in.check_origin = opt.check_origin;
    hixie::codec c(d);
    return c.handshake(in);
}

void
check_rejected(wsio::handshake_result const& r, wsio::error e,
               unsigned http_status)
{
    BOOST_TEST(r.state == status::rejected);
    BOOST_TEST(r.ec == e, r.ec.message() << " != " << e);
    BOOST_TEST(wsio::to_http_status(r.ec) == http_status);
    BOOST_TEST(r.response == wsio::detail::make_error_response(e));
    BOOST_TEST(r.response.rfind("HTTP/1.1 " + std::to_string(http_status),
                                0) == 0u);
}

// One row of the key table: two key values and the expected outcome.
struct key_case
{
    char const* key1;
    char const* key2;
    wsio::error expected;
};

std::ostream&
operator<<(std::ostream& os, key_case const& k)
{
    return os << "key1='" << k.key1 << "' key2='" << k.key2 << "'";
}

key_case const bad_keys[] = {
    // zero spaces: division by zero in naive code
    {"12345", example_key2, wsio::error::key_no_spaces},
    {example_key1, "1x2y3", wsio::error::key_no_spaces},
    // quotient not an integer
    {"1 2 3", example_key2, wsio::error::key_not_divisible},
    {example_key1, "1 2 3 4", wsio::error::key_not_divisible},
    // number over 2^32-1 (websocketpp silently wrapped these)
    {"42949 67296", example_key2, wsio::error::key_overflow},
    {"1 8446744073709551616", example_key2, wsio::error::key_overflow},
    {example_key1, "99999 99999999999999999999999999999",
     wsio::error::key_overflow},
    // no digits at all
    {" @ # $ ", example_key2, wsio::error::bad_key1},
    {"", example_key2, wsio::error::bad_key1},
    {example_key1, "abc def", wsio::error::bad_key2},
};

} // namespace

BOOST_AUTO_TEST_SUITE(hixie76_handshake)

BOOST_AUTO_TEST_CASE(draft_example_request_gets_the_draft_example_response)
{
    auto const r =
        shake(hixie::draft::hixie76, example_request(), example_key3);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response == example_response);
    BOOST_TEST(r.consumed == 8u);
    BOOST_TEST(r.subprotocol == "sample");
    BOOST_TEST(r.origin == "http://example.com");
    BOOST_TEST(!r.ec);
}

BOOST_DATA_TEST_CASE(raw_example_bytes_parsed_by_beast_give_the_same_response,
                     bdata::make({false, true}), with_content_length)
{
    auto const p = parse(raw_example_request(with_content_length));
    BOOST_TEST(p.leftover == example_key3);
    auto const r = shake(hixie::draft::hixie76, p.request, p.leftover);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response == example_response);
    BOOST_TEST(r.consumed == 8u);
}

BOOST_AUTO_TEST_CASE(key3_arriving_in_pieces_waits_for_the_missing_bytes)
{
    auto const req = example_request();
    for (std::size_t n = 0; n < 8; ++n)
    {
        auto const r =
            shake(hixie::draft::hixie76, req, example_key3.substr(0, n));
        BOOST_TEST(r.state == status::need_more);
        BOOST_TEST(r.bytes_needed == 8 - n);
        BOOST_TEST(r.response.empty());
        BOOST_TEST(!r.ec);
    }
    auto const r = shake(hixie::draft::hixie76, req, example_key3);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response == example_response);
}

BOOST_AUTO_TEST_CASE(one_codec_can_be_asked_again_as_key3_arrives)
{
    auto const req = example_request();
    wsio::subprotocol_chooser const chooser = choose_sample;
    hixie::codec c(hixie::draft::hixie76);
    wsio::handshake_input in;
    in.request = &req;
    in.choose_subprotocol = &chooser;
    std::string received;
    for (char const ch : example_key3)
    {
        in.leftover = received;
        BOOST_TEST(c.handshake(in).state == status::need_more);
        received += ch;
    }
    in.leftover = received;
    BOOST_TEST(c.handshake(in).response == example_response);
}

BOOST_AUTO_TEST_CASE(bytes_after_key3_are_frame_data)
{
    std::string raw =
        raw_example_request(true) + std::string("\x00hi\xFF", 4);
    raw += std::string("\xFF\x00", 2);
    auto p = parse(raw);
    hixie::codec c(hixie::draft::hixie76);
    wsio::subprotocol_chooser const chooser = choose_sample;
    wsio::handshake_input in;
    in.request = &p.request;
    in.leftover = p.leftover;
    in.choose_subprotocol = &chooser;
    auto const r = c.handshake(in);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.consumed == 8u);
    BOOST_TEST(r.response == example_response);

    std::string frames = p.leftover.substr(r.consumed);
    auto const m = c.decode(frames.data(), frames.size());
    BOOST_TEST((m.what == wsio::decode_result::event::message));
    BOOST_TEST(m.payload == "hi");
    BOOST_TEST(m.consumed == 4u);
    auto const cl = c.decode(frames.data() + 4, frames.size() - 4);
    BOOST_TEST((cl.what == wsio::decode_result::event::close));
}

BOOST_DATA_TEST_CASE(bad_keys_are_refused_with_400_before_key3_arrives,
                     bdata::make(bad_keys), k)
{
    auto req = example_request();
    req.set("Sec-WebSocket-Key1", k.key1);
    req.set("Sec-WebSocket-Key2", k.key2);
    // No key3 yet: a bad key is refused at once, not after a timeout.
    check_rejected(shake(hixie::draft::hixie76, req, {}), k.expected, 400);
    check_rejected(shake(hixie::draft::hixie76, req, example_key3),
                   k.expected, 400);
}

BOOST_AUTO_TEST_CASE(missing_keys_are_refused_with_400)
{
    auto no_key1 = example_request();
    no_key1.erase("Sec-WebSocket-Key1");
    check_rejected(shake(hixie::draft::hixie76, no_key1, example_key3),
                   wsio::error::bad_key1, 400);
    auto no_key2 = example_request();
    no_key2.erase("Sec-WebSocket-Key2");
    check_rejected(shake(hixie::draft::hixie76, no_key2, {}),
                   wsio::error::bad_key2, 400);
}

BOOST_AUTO_TEST_CASE(missing_host_is_refused_with_400)
{
    auto req = example_request();
    req.erase(http::field::host);
    check_rejected(shake(hixie::draft::hixie76, req, example_key3),
                   wsio::error::no_host, 400);
    auto req75 = hixie75_request();
    req75.erase(http::field::host);
    check_rejected(shake(hixie::draft::hixie75, req75, {}),
                   wsio::error::no_host, 400);
}

BOOST_AUTO_TEST_CASE(rejected_origin_is_refused_with_403)
{
    std::string seen;
    wsio::origin_checker const check = [&](std::string_view o) {
        seen = o;
        return o == "https://good.example";
    };
    shake_options opt;
    opt.check_origin = &check;
    auto const r = shake(hixie::draft::hixie76, example_request(), {}, opt);
    check_rejected(r, wsio::error::origin_rejected, 403);
    BOOST_TEST(seen == "http://example.com");
    BOOST_TEST(r.origin == "http://example.com");
    check_rejected(shake(hixie::draft::hixie75, hixie75_request(), {}, opt),
                   wsio::error::origin_rejected, 403);

    auto good = example_request();
    good.set(http::field::origin, "https://good.example");
    BOOST_TEST(shake(hixie::draft::hixie76, good, example_key3, opt).state ==
               status::accepted);
}

BOOST_AUTO_TEST_CASE(secure_connection_gets_a_wss_location)
{
    shake_options opt;
    opt.secure = true;
    auto const r =
        shake(hixie::draft::hixie76, example_request(), example_key3, opt);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response.find("\r\nSec-WebSocket-Location: "
                               "wss://example.com/demo\r\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(location_keeps_the_request_target_verbatim)
{
    auto req = example_request();
    req.target("/chat/room?id=1&x=%20y");
    req.set(http::field::host, "example.com:8080");
    auto const r = shake(hixie::draft::hixie76, req, example_key3);
    BOOST_TEST(r.response.find("\r\nSec-WebSocket-Location: ws://"
                               "example.com:8080/chat/room?id=1&x=%20y\r\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(subprotocol_is_echoed_only_when_chosen)
{
    shake_options none;
    none.choose = false;
    auto const r1 =
        shake(hixie::draft::hixie76, example_request(), example_key3, none);
    BOOST_TEST(r1.state == status::accepted);
    BOOST_TEST(r1.subprotocol.empty());
    BOOST_TEST(r1.response.find("Protocol:") == std::string::npos);

    auto other = example_request();
    other.set("Sec-WebSocket-Protocol", "chat");
    auto const r2 = shake(hixie::draft::hixie76, other, example_key3);
    BOOST_TEST(r2.subprotocol.empty());
    BOOST_TEST(r2.response.find("Protocol:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(origin_line_is_left_out_when_the_client_sent_none)
{
    auto req = example_request();
    req.erase(http::field::origin);
    auto const r = shake(hixie::draft::hixie76, req, example_key3);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.origin.empty());
    BOOST_TEST(r.response.find("Origin") == std::string::npos);
    BOOST_TEST(r.response.substr(r.response.size() - 16) ==
               example_response.substr(example_response.size() - 16));
}

BOOST_AUTO_TEST_CASE(line_breaks_in_echoed_values_are_refused)
{
    auto req = example_request();
    req.target("/demo\r\nSet-Cookie: x=1");
    check_rejected(shake(hixie::draft::hixie76, req, example_key3),
                   wsio::error::bad_request, 400);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hixie75_handshake)

BOOST_AUTO_TEST_CASE(response_is_byte_exact_and_consumes_nothing)
{
    auto const r = shake(hixie::draft::hixie75, hixie75_request(),
                         std::string_view("\x00hi\xFF", 4));
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response == "HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                             "Upgrade: WebSocket\r\n"
                             "Connection: Upgrade\r\n"
                             "WebSocket-Origin: http://example.com\r\n"
                             "WebSocket-Location: ws://example.com/demo\r\n"
                             "WebSocket-Protocol: sample\r\n"
                             "\r\n");
    BOOST_TEST(r.consumed == 0u);
    BOOST_TEST(r.subprotocol == "sample");
}

BOOST_AUTO_TEST_CASE(without_origin_or_subprotocol_those_lines_are_left_out)
{
    auto req = hixie75_request();
    req.erase(http::field::origin);
    shake_options opt;
    opt.secure = true;
    opt.choose = false;
    auto const r = shake(hixie::draft::hixie75, req, {}, opt);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response == "HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                             "Upgrade: WebSocket\r\n"
                             "Connection: Upgrade\r\n"
                             "WebSocket-Location: wss://example.com/demo\r\n"
                             "\r\n");
}

BOOST_AUTO_TEST_CASE(the_hixie76_protocol_header_is_not_read)
{
    auto req = hixie75_request();
    req.erase("WebSocket-Protocol");
    req.set("Sec-WebSocket-Protocol", "sample");
    auto const r = shake(hixie::draft::hixie75, req, {});
    BOOST_TEST(r.subprotocol.empty());
    BOOST_TEST(r.response.find("Protocol:") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hixie76_keys)

BOOST_AUTO_TEST_CASE(draft_example_keys_give_the_draft_numbers)
{
    std::uint32_t part = 0;
    BOOST_TEST(!hixie::detail::parse_key(example_key1,
                                         wsio::error::bad_key1, part));
    BOOST_TEST(part == 829309203u); // 4146546015 / 5
    BOOST_TEST(!hixie::detail::parse_key(example_key2,
                                         wsio::error::bad_key2, part));
    BOOST_TEST(part == 259970620u); // 1299853100 / 5
}

BOOST_AUTO_TEST_CASE(largest_key_number_is_accepted)
{
    std::uint32_t part = 0;
    BOOST_TEST(!hixie::detail::parse_key("4294967295 ",
                                         wsio::error::bad_key1, part));
    BOOST_TEST(part == 4294967295u);
    BOOST_TEST(!hixie::detail::parse_key("00000000004294967295 ",
                                         wsio::error::bad_key1, part));
    BOOST_TEST(part == 4294967295u);
    BOOST_TEST(hixie::detail::parse_key("4294967296 ", wsio::error::bad_key1,
                                        part) == wsio::error::key_overflow);
}

BOOST_AUTO_TEST_SUITE_END()

// The rules every draft's upgrade shares (doc/handshake.md), as the hixie
// codecs apply them.
BOOST_AUTO_TEST_SUITE(hixie_request_rules)

BOOST_AUTO_TEST_CASE(absolute_form_gives_the_location_its_authority_and_path)
{
    // RFC 7230 5.3.2 and 5.5: the target's authority wins over Host.
    auto req = example_request();
    req.target("http://chat.example:8080/demo?room=1");
    auto const r = shake(hixie::draft::hixie76, req, example_key3);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.response.find("\r\nSec-WebSocket-Location: "
                               "ws://chat.example:8080/demo?room=1\r\n") !=
               std::string::npos);

    auto req75 = hixie75_request();
    req75.target("HTTP://127.0.0.1:9000/chat");
    auto const r75 = shake(hixie::draft::hixie75, req75, {});
    BOOST_TEST(r75.state == status::accepted);
    BOOST_TEST(r75.response.find("\r\nWebSocket-Location: "
                                 "ws://127.0.0.1:9000/chat\r\n") !=
               std::string::npos);

    // No path: "/" (RFC 7230 2.7.3).
    req75.target("http://example.com?x");
    BOOST_TEST(shake(hixie::draft::hixie75, req75, {})
                   .response.find("\r\nWebSocket-Location: "
                                  "ws://example.com/?x\r\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_location_scheme_is_the_connections)
{
    for (char const* target : {"https://example.com/demo",
                               "wss://example.com/demo",
                               "ws://example.com/demo"})
    {
        auto req = example_request();
        req.target(target);
        auto const plain = shake(hixie::draft::hixie76, req, example_key3);
        BOOST_TEST(plain.response.find("Location: ws://example.com/demo\r\n") !=
                       std::string::npos,
                   target);
        shake_options secure;
        secure.secure = true;
        auto const tls =
            shake(hixie::draft::hixie76, req, example_key3, secure);
        BOOST_TEST(tls.response.find("Location: wss://example.com/demo\r\n") !=
                       std::string::npos,
                   target);
    }
}

BOOST_AUTO_TEST_CASE(other_target_forms_are_refused_with_400)
{
    for (char const* target :
         {"*", "example.com:80", "demo", "ftp://example.com/demo",
          "http://u@example.com/demo", "/demo#x"})
    {
        auto req = example_request();
        req.target(target);
        check_rejected(shake(hixie::draft::hixie76, req, example_key3),
                       wsio::error::bad_request, 400);
        auto req75 = hixie75_request();
        req75.target(target);
        check_rejected(shake(hixie::draft::hixie75, req75, {}),
                       wsio::error::bad_request, 400);
    }
}

BOOST_AUTO_TEST_CASE(repeated_single_fields_are_refused_with_400)
{
    std::string const base = raw_example_request(false);
    auto const head = base.substr(0, base.find("\r\n\r\n") + 2);
    for (char const* extra :
         {"Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n",
          "Sec-WebSocket-Key2: 1 2\r\n", "Origin: http://evil.example\r\n",
          "Host: example.org\r\n"})
    {
        auto const p =
            parse(head + extra + "\r\n" + std::string(example_key3));
        check_rejected(shake(hixie::draft::hixie76, p.request, p.leftover),
                       wsio::error::bad_request, 400);
        // Refused at once: not after waiting for key3.
        check_rejected(shake(hixie::draft::hixie76, p.request, {}),
                       wsio::error::bad_request, 400);
    }
    auto req75 = hixie75_request();
    req75.insert(http::field::origin, "http://example.com");
    check_rejected(shake(hixie::draft::hixie75, req75, {}),
                   wsio::error::bad_request, 400);
}

BOOST_AUTO_TEST_CASE(protocol_lines_combine)
{
    auto req = example_request();
    req.set("Sec-WebSocket-Protocol", "chat");
    req.insert("Sec-WebSocket-Protocol", "sample");
    auto const r = shake(hixie::draft::hixie76, req, example_key3);
    BOOST_TEST(r.state == status::accepted);
    BOOST_TEST(r.subprotocol == "sample");

    auto req75 = hixie75_request();
    req75.set("WebSocket-Protocol", "chat");
    req75.insert("WebSocket-Protocol", "sample");
    BOOST_TEST(shake(hixie::draft::hixie75, req75, {}).subprotocol ==
               "sample");
}

BOOST_AUTO_TEST_CASE(only_hixie76_key3_may_be_announced_as_a_body)
{
    // Content-Length: 8 is key3 (Perl's Protocol::WebSocket, Safari 5);
    // any other length, or any length on hixie-75, is a body: 400.
    for (char const* length : {"5", "9", "16", "0x8"})
    {
        auto req = example_request();
        req.set(http::field::content_length, length);
        check_rejected(shake(hixie::draft::hixie76, req, example_key3),
                       wsio::error::bad_request, 400);
    }
    auto chunked = example_request();
    chunked.set(http::field::transfer_encoding, "chunked");
    check_rejected(shake(hixie::draft::hixie76, chunked, example_key3),
                   wsio::error::bad_request, 400);

    auto req75 = hixie75_request();
    req75.set(http::field::content_length, "8");
    check_rejected(shake(hixie::draft::hixie75, req75, example_key3),
                   wsio::error::bad_request, 400);
    req75.set(http::field::content_length, "0");
    BOOST_TEST(shake(hixie::draft::hixie75, req75, {}).state ==
               status::accepted);
}

BOOST_AUTO_TEST_SUITE_END()
