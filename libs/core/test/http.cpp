//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The request rules every draft's upgrade shares (detail/http.hpp,
// doc/handshake.md): the field rule table, list fields on several lines,
// the request-target forms, the body rule.

#define BOOST_TEST_MODULE core_http
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/detail/http.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <string>
#include <string_view>

namespace wsio = boost::websocketio;
namespace wd = boost::websocketio::detail;
namespace http = boost::beast::http;
namespace bdata = boost::unit_test::data;

namespace
{

/// Parses a raw request header with Beast, as the server does.
wsio::request_type
parse(std::string_view raw)
{
    http::request_parser<http::empty_body> parser;
    parser.eager(false);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
    BOOST_REQUIRE_MESSAGE(!ec, ec.message());
    BOOST_REQUIRE(parser.is_header_done());
    return parser.release();
}

std::string const hybi_fields =
    "Host: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n";

wsio::request_type
hybi(std::string_view extra, std::string_view target = "/chat")
{
    std::string r = "GET ";
    r += target;
    r += " HTTP/1.1\r\n";
    r += hybi_fields;
    r += extra;
    r += "\r\n";
    return parse(r);
}

} // namespace

BOOST_AUTO_TEST_SUITE(field_rules)

BOOST_AUTO_TEST_CASE(the_table_in_any_case)
{
    using wd::field_rule;
    for (char const* f : {"Connection", "Upgrade", "Sec-WebSocket-Protocol",
                          "sec-websocket-extensions", "WebSocket-Protocol"})
        BOOST_TEST((wd::rule_of(f) == field_rule::list), f);
    for (char const* f :
         {"Host", "ORIGIN", "Sec-WebSocket-Origin", "Sec-WebSocket-Key",
          "Sec-WebSocket-Version", "Sec-WebSocket-Key1", "Sec-WebSocket-Key2",
          "Content-Length", "X-Forwarded-Proto"})
        BOOST_TEST((wd::rule_of(f) == field_rule::single), f);
    for (char const* f : {"User-Agent", "Cookie", "Sec-WebSocket-Key3", ""})
        BOOST_TEST((wd::rule_of(f) == field_rule::ignored), f);
}

BOOST_AUTO_TEST_CASE(list_lines_combine_in_order)
{
    auto const req = parse("GET / HTTP/1.1\r\nConnection: keep-alive\r\n"
                           "Host: a\r\nconnection: Upgrade\r\n"
                           "CONNECTION:\r\n\r\n");
    BOOST_TEST(wd::list_field(req, "Connection") == "keep-alive, Upgrade, ");
    BOOST_TEST(wd::list_contains(req, "Connection", "upgrade"));
    BOOST_TEST(wd::list_contains(req, "connection", "KEEP-ALIVE"));
    BOOST_TEST(!wd::list_contains(req, "Connection", "close"));
    BOOST_TEST(!wd::list_contains(req, "Connection", ""));
    BOOST_TEST(wd::list_field(req, "Upgrade") == "");
    BOOST_TEST(!wd::list_contains(req, "Upgrade", "websocket"));
    // The first line only, as field() gives it, would miss "Upgrade".
    BOOST_TEST(wd::field(req, "Connection") == "keep-alive");
}

BOOST_AUTO_TEST_CASE(a_token_is_a_whole_element)
{
    auto const req = parse("GET / HTTP/1.1\r\nUpgrade: websocketx, h2c\r\n"
                           "Upgrade: xwebsocket\r\n\r\n");
    BOOST_TEST(!wd::list_contains(req, "Upgrade", "websocket"));
    BOOST_TEST(wd::list_contains(req, "Upgrade", "H2C"));
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(targets)

struct target_case
{
    char const* target;
    char const* scheme;
    char const* authority;
    char const* path;
    char const* resource;
};

std::ostream&
operator<<(std::ostream& os, target_case const& c)
{
    return os << c.target;
}

target_case const good_targets[] = {
    {"/", "", "", "/", "/"},
    {"/chat", "", "", "/chat", "/chat"},
    {"/chat?room=1&x", "", "", "/chat", "/chat?room=1&x"},
    {"/chat?", "", "", "/chat", "/chat?"},
    {"//chat", "", "", "//chat", "//chat"},
    {"http://127.0.0.1:8080/chat", "http", "127.0.0.1:8080", "/chat", "/chat"},
    {"HTTPS://example.com/a/b?c=d", "HTTPS", "example.com", "/a/b", "/a/b?c=d"},
    {"ws://example.com/", "ws", "example.com", "/", "/"},
    {"wss://[::1]:443/chat", "wss", "[::1]:443", "/chat", "/chat"},
    {"http://example.com", "http", "example.com", "/", "/"},
    {"http://example.com?q", "http", "example.com", "/", "/?q"},
};

BOOST_DATA_TEST_CASE(origin_and_absolute_forms_parse, bdata::make(good_targets),
                     c)
{
    wd::request_target t;
    BOOST_REQUIRE(wd::parse_target(c.target, t));
    BOOST_TEST(t.scheme == c.scheme);
    BOOST_TEST(t.authority == c.authority);
    BOOST_TEST(t.path == c.path);
    BOOST_TEST(t.resource() == c.resource);
}

char const* const bad_targets[] = {
    "",
    "*",                         // asterisk-form (OPTIONS only)
    "example.com:443",           // authority-form (CONNECT only)
    "chat",                      // no leading slash
    "ftp://example.com/chat",    // not a WebSocket scheme
    "mailto:a@example.com",      // no "//"
    "http:/chat",                // no "//"
    "http://",                   // empty authority
    "http:///chat",              // empty authority
    "http://?q",                 // empty authority
    "http://u:p@example.com/",   // userinfo (RFC 7230 2.7.1)
    "/chat#x",                   // fragment (RFC 6455 3)
    "http://example.com/chat#x", // fragment
    "httpx://example.com/",      // scheme prefix only
};

BOOST_DATA_TEST_CASE(other_forms_are_refused, bdata::make(bad_targets), target)
{
    wd::request_target out;
    BOOST_TEST(!wd::parse_target(target, out));
}

BOOST_AUTO_TEST_CASE(target_path_and_check_target)
{
    BOOST_TEST(wd::target_path(hybi("", "/chat?x=1")) == "/chat");
    BOOST_TEST(wd::target_path(hybi("", "http://h:1/chat?x=1")) == "/chat");
    BOOST_TEST(wd::target_path(hybi("", "http://h:1")) == "/");
    BOOST_TEST(wd::target_path(hybi("", "*")) == "");

    BOOST_TEST(!wd::check_target(hybi("", "http://h/echo"), "/echo"));
    BOOST_TEST(!wd::check_target(hybi("", "/echo?a"), "/echo"));
    BOOST_TEST(!wd::check_target(hybi("", "/anything"), ""));
    BOOST_TEST(wd::check_target(hybi("", "http://h/other"), "/echo") ==
               wsio::error::path_mismatch);
    BOOST_TEST(wd::check_target(hybi("", "*"), "/echo") ==
               wsio::error::bad_request);
    BOOST_TEST(wd::check_target(hybi("", "h:80"), "") ==
               wsio::error::bad_request);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(upgrade_request)

BOOST_AUTO_TEST_CASE(a_plain_upgrade_passes)
{
    BOOST_TEST(!wd::check_upgrade_request(hybi("")));
    BOOST_TEST(!wd::check_upgrade_request(hybi("Content-Length: 0\r\n")));
    BOOST_TEST(!wd::check_upgrade_request(
        hybi("Connection: keep-alive\r\nUpgrade: h2c\r\n"
             "Sec-WebSocket-Protocol: a\r\nSec-WebSocket-Protocol: b\r\n"
             "Sec-WebSocket-Extensions: x\r\nSec-WebSocket-Extensions: y\r\n"
             "Cookie: a=1\r\nCookie: b=2\r\n")));
}

char const* const repeated[] = {
    "Host: example.com\r\n",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
    "Sec-WebSocket-Version: 13\r\n",
    "Origin: a\r\nOrigin: b\r\n",
    "Sec-WebSocket-Origin: a\r\nsec-websocket-origin: a\r\n",
    "Sec-WebSocket-Key1: 1 2\r\nSec-WebSocket-Key1: 1 2\r\n",
    "Sec-WebSocket-Key2: 1 2\r\nSEC-WEBSOCKET-KEY2: 3 4\r\n",
    "X-Forwarded-Proto: https\r\nX-Forwarded-Proto: http\r\n",
};

BOOST_DATA_TEST_CASE(a_repeated_single_field_is_bad_request,
                     bdata::make(repeated), extra)
{
    auto const ec = wd::check_upgrade_request(hybi(extra));
    BOOST_TEST(ec == wsio::error::bad_request);
    BOOST_TEST(wsio::to_http_status(ec) == 400u);
}

BOOST_AUTO_TEST_CASE(content_length_twice_is_bad_request)
{
    // Beast accepts two equal Content-Length lines; the rule does not.
    auto const req = hybi("Content-Length: 0\r\nContent-Length: 0\r\n");
    BOOST_TEST(wd::check_upgrade_request(req) == wsio::error::bad_request);
}

BOOST_AUTO_TEST_CASE(a_body_is_bad_request_but_key3_may_be_announced)
{
    auto const cl = [](char const* v)
    { return hybi(std::string("Content-Length: ") + v + "\r\n"); };
    BOOST_TEST(wd::check_upgrade_request(cl("5")) == wsio::error::bad_request);
    BOOST_TEST(wd::check_upgrade_request(cl("8")) == wsio::error::bad_request);
    // hixie-76's key3 is 8 bytes: exactly 8 (or nothing) is announced.
    BOOST_TEST(!wd::check_upgrade_request(cl("8"), 8));
    BOOST_TEST(!wd::check_upgrade_request(cl("08"), 8));
    BOOST_TEST(!wd::check_upgrade_request(cl("0"), 8));
    BOOST_TEST(!wd::check_upgrade_request(hybi(""), 8));
    BOOST_TEST(wd::check_upgrade_request(cl("9"), 8) ==
               wsio::error::bad_request);
    BOOST_TEST(wd::check_upgrade_request(cl("16"), 8) ==
               wsio::error::bad_request);
    BOOST_TEST(wd::check_upgrade_request(cl("800"), 8) ==
               wsio::error::bad_request);

    for (auto const key3 : {std::size_t(0), std::size_t(8)})
        BOOST_TEST(
            wd::check_upgrade_request(hybi("Transfer-Encoding: chunked\r\n"),
                                      key3) == wsio::error::bad_request);
}

BOOST_AUTO_TEST_CASE(a_request_built_by_hand_is_held_to_the_same_rules)
{
    // Not every request comes through Beast's parser (attach to another
    // server): values it would refuse are refused here too.
    wsio::request_type req{http::verb::get, "/", 11};
    req.set(http::field::host, "a");
    req.set(http::field::content_length, "8, 8");
    BOOST_TEST(wd::check_upgrade_request(req, 8) == wsio::error::bad_request);
    req.set(http::field::content_length, "");
    BOOST_TEST(wd::check_upgrade_request(req, 8) == wsio::error::bad_request);
    req.set(http::field::content_length, "123456789012345678901234");
    BOOST_TEST(wd::check_upgrade_request(req, 8) == wsio::error::bad_request);
    req.set(http::field::content_length, "+8");
    BOOST_TEST(wd::check_upgrade_request(req, 8) == wsio::error::bad_request);
    req.erase(http::field::content_length);
    BOOST_TEST(!wd::check_upgrade_request(req, 8));
    req.target("*");
    BOOST_TEST(wd::check_upgrade_request(req) == wsio::error::bad_request);
}

BOOST_AUTO_TEST_CASE(only_a_websocket_upgrade_leaves_http)
{
    auto const req = [](char const* version, char const* fields)
    {
        return parse(std::string("GET / HTTP/") + version + "\r\nHost: a\r\n" +
                     fields + "\r\n");
    };
    BOOST_TEST(wd::is_websocket_upgrade(req("1.1", "Upgrade: websocket\r\n")));
    BOOST_TEST(wd::is_websocket_upgrade(req("1.1", "Upgrade: WebSocket\r\n")));
    BOOST_TEST(wd::is_websocket_upgrade(
        req("1.1", "Upgrade: h2c\r\nUpgrade: websocket\r\n")));
    BOOST_TEST(
        wd::is_websocket_upgrade(req("1.1", "Upgrade: h2c, websocket\r\n")));
    BOOST_TEST(!wd::is_websocket_upgrade(req("1.1", "Upgrade: h2c\r\n")));
    BOOST_TEST(!wd::is_websocket_upgrade(req("1.1", "Upgrade: TLS/1.0\r\n")));
    BOOST_TEST(!wd::is_websocket_upgrade(req("1.1", "Upgrade:\r\n")));
    BOOST_TEST(!wd::is_websocket_upgrade(req("1.1", "")));
    // RFC 7230 6.7: Upgrade in an HTTP/1.0 request is ignored.
    BOOST_TEST(!wd::is_websocket_upgrade(req("1.0", "Upgrade: websocket\r\n")));
}

BOOST_AUTO_TEST_SUITE_END()
