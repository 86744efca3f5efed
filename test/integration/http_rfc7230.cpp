//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The upgrade request read the way RFC 7230 and RFC 6455 say, over real
// loopback TCP (doc/handshake.md): list fields on several lines combine,
// single fields on two lines are refused, an absolute-form target gives
// its path and authority, an upgrade request with a body is refused, and
// upgrades to anything but WebSocket are plain HTTP.

#define BOOST_TEST_MODULE integration_http_rfc7230
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

#include <cstdio>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace
{

// RFC 6455 1.3 example key (its accept value is rfc6455_accept).
std::string const key_line = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
std::string const version_line = "Sec-WebSocket-Version: 13\r\n";
std::string const host_line = "Host: 127.0.0.1\r\n";
std::string const upgrade_lines =
    "Upgrade: websocket\r\nConnection: Upgrade\r\n";

// draft-hixie-76 1.2 example keys (key3 and answer in helpers.hpp).
std::string const key1_line = "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n";
std::string const key2_line = "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n";
std::string const hixie_upgrade_lines =
    "Upgrade: WebSocket\r\nConnection: Upgrade\r\n";
std::string const origin_line = "Origin: http://example.com\r\n";

/// "GET <target> HTTP/1.1", the fields, the blank line, then `body`.
std::string
get(std::string_view target, std::string_view fields,
    std::string_view body = {})
{
    std::string r = "GET ";
    r += target;
    r += " HTTP/1.1\r\n";
    r += fields;
    r += "\r\n";
    r += body;
    return r;
}

/// An RFC 6455 request to "/" with `fields` instead of Upgrade/Connection.
std::string
hybi_with(std::string_view fields, std::string_view target = "/")
{
    return get(target,
               host_line + std::string(fields) + key_line + version_line);
}

/// The server's answer to a request it refuses, read until it closes.
struct answer
{
    int status = 0;
    std::string header;
    std::string body;  // by Content-Length
    std::string after; // anything past the body: must be empty
    bool closed = false;
};

answer
send_and_read_to_eof(unsigned short port, std::string const& request)
{
    raw_client c(port, 3s);
    c.send(request);
    answer a;
    std::string all;
    try
    {
        all = c.read_to_eof();
        a.closed = true;
    }
    catch (std::exception const&)
    {
        // receive timeout: the connection was left open
    }
    auto const end = all.find("\r\n\r\n");
    a.header = all.substr(0, end == std::string::npos ? all.size() : end + 4);
    a.status = status_of(a.header);
    std::string rest = end == std::string::npos ? "" : all.substr(end + 4);
    auto const len = header_value(a.header, "Content-Length");
    std::size_t const n = len ? std::stoul(*len) : rest.size();
    a.body = rest.substr(0, n);
    a.after = rest.size() > n ? rest.substr(n) : "";
    return a;
}

/// A `listen` server that echoes every message and records connections.
struct echo_fixture
{
    explicit echo_fixture(wsio::options opts = {}) : f(std::move(opts))
    {
        echo_messages(f.server());
        record_connections(f.server(), conns);
    }

    unsigned short
    port() const noexcept
    {
        return f.port();
    }

    mailbox<weak_socket> conns; // before the fixture: outlives its sockets
    server_fixture f;
};

/// A refused upgrade: the status, Connection: close, nothing after the
/// announced body (no 101, no frame), EOF, and no socket was opened.
void
check_refused(echo_fixture& srv, std::string const& request, int status)
{
    auto const a = send_and_read_to_eof(srv.port(), request);
    BOOST_TEST(a.status == status, a.header);
    BOOST_TEST(a.closed, "the server must close after refusing");
    BOOST_TEST(header_value(a.header, "Connection").value_or("") == "close");
    BOOST_TEST(a.after.empty(), "bytes after the refusal: " << a.after);
    BOOST_TEST(a.header.find("101") == std::string::npos);
    BOOST_TEST(srv.conns.size() == 0u);
}

/// An accepted RFC 6455 upgrade: 101 with the right accept value, and the
/// connection then echoes a text message.
void
check_hybi_upgrades(unsigned short port, std::string const& request,
                    std::string* header_out = nullptr)
{
    raw_client c(port);
    c.send(request);
    std::string const header = c.read_http_header();
    BOOST_TEST(header.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0) == 0u,
               header);
    BOOST_TEST(header_value(header, "Sec-WebSocket-Accept").value_or("") ==
               rfc6455_accept);
    c.send(client_frame(0x1, "ping me"));
    frame const f = c.read_frame();
    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST(f.payload == "ping me");
    if (header_out)
        *header_out = header;
}

/// A hixie handshake that must succeed: returns the response header
/// (checks the hixie-76 answer when `key3` is sent), then echoes a text
/// frame.
std::string
hixie_upgrade(unsigned short port, std::string const& request, bool hixie76)
{
    raw_client c(port);
    c.send(request);
    std::string const header = c.read_http_header();
    BOOST_TEST(status_of(header) == 101, header);
    if (hixie76)
        BOOST_TEST(c.read_exactly(16) == hixie76_answer);
    c.send(hixie_text("hi"));
    BOOST_TEST(c.read_exactly(4) == hixie_text("hi"));
    return header;
}

struct named_request
{
    char const* name;
    std::string request;
};

std::ostream&
operator<<(std::ostream& os, named_request const& r)
{
    return os << r.name;
}

} // namespace

//------------------------------------------------------------------------
// RFC 7230 3.2.2: list fields on several lines combine.

BOOST_AUTO_TEST_SUITE(list_fields_combine)

BOOST_AUTO_TEST_CASE(connection_on_two_lines_upgrades)
{
    echo_fixture srv;
    check_hybi_upgrades(srv.port(), hybi_with("Upgrade: websocket\r\n"
                                              "Connection: keep-alive\r\n"
                                              "Connection: Upgrade\r\n"));
}

BOOST_AUTO_TEST_CASE(upgrade_on_two_lines_upgrades)
{
    echo_fixture srv;
    check_hybi_upgrades(srv.port(), hybi_with("Upgrade: h2c\r\n"
                                              "Upgrade: websocket\r\n"
                                              "Connection: Upgrade\r\n"));
}

std::vector<named_request>
list_variants()
{
    return {
        {"Upgrade: websocket, h2c",
         hybi_with("Upgrade: websocket, h2c\r\nConnection: Upgrade\r\n")},
        {"Upgrade: h2c, WebSocket",
         hybi_with("Upgrade: h2c, WebSocket\r\nConnection: Upgrade\r\n")},
        {"Upgrade: WEBSOCKET",
         hybi_with("Upgrade: WEBSOCKET\r\nConnection: Upgrade\r\n")},
        {"Connection: Upgrade, keep-alive",
         hybi_with("Upgrade: websocket\r\n"
                   "Connection: Upgrade, keep-alive\r\n")},
        {"Connection: keep-alive, UPGRADE",
         hybi_with("Upgrade: websocket\r\n"
                   "Connection: keep-alive, UPGRADE\r\n")},
        {"empty list elements",
         hybi_with("Upgrade: , websocket ,\r\nConnection: ,, Upgrade,\r\n")},
        {"empty Connection line, then Upgrade",
         hybi_with("Upgrade: websocket\r\nConnection:\r\n"
                   "Connection: upgrade\r\n")},
        {"lower-case field names",
         hybi_with("upgrade: websocket\r\nconnection: keep-alive\r\n"
                   "CONNECTION: Upgrade\r\n")},
    };
}

BOOST_DATA_TEST_CASE(list_spellings_upgrade, bdata::make(list_variants()), r)
{
    echo_fixture srv;
    check_hybi_upgrades(srv.port(), r.request);
}

BOOST_AUTO_TEST_CASE(subprotocols_on_two_lines_are_all_offered)
{
    // RFC 6455 11.3.4: several Sec-WebSocket-Protocol lines are one list.
    wsio::options opts;
    std::vector<std::string> seen;
    std::mutex m;
    opts.choose_subprotocol = [&](std::vector<std::string_view> const& offered)
    {
        std::lock_guard<std::mutex> lock(m);
        seen.assign(offered.begin(), offered.end());
        return std::string("superchat");
    };
    echo_fixture srv(opts);
    std::string header;
    check_hybi_upgrades(srv.port(),
                        hybi_with(upgrade_lines +
                                  "Sec-WebSocket-Protocol: chat\r\n"
                                  "Sec-WebSocket-Protocol: superchat, v2\r\n"),
                        &header);
    BOOST_TEST(header_value(header, "Sec-WebSocket-Protocol").value_or("") ==
               "superchat");
    std::lock_guard<std::mutex> lock(m);
    BOOST_TEST(seen == (std::vector<std::string>{"chat", "superchat", "v2"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_websocket_upgrade_without_connection_upgrade_is_400)
{
    // Upgrade names websocket, but no Connection line lists "upgrade".
    echo_fixture srv;
    check_refused(srv,
                  hybi_with("Upgrade: websocket\r\nConnection: keep-alive\r\n"
                            "Connection: close\r\n"),
                  400);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// Fields that must appear once: a second line is refused with 400.

BOOST_AUTO_TEST_SUITE(single_fields)

std::vector<named_request>
repeated_single_fields()
{
    std::string const hixie76 =
        host_line + hixie_upgrade_lines + key1_line + key2_line + origin_line;
    std::string const key3(hixie76_key3);
    return {
        // RFC 6455 11.3.1, 11.3.5; the same value twice too.
        {"Sec-WebSocket-Key twice",
         get("/", host_line + upgrade_lines + key_line +
                      "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n" +
                      version_line)},
        {"Sec-WebSocket-Key twice, same value",
         get("/",
             host_line + upgrade_lines + key_line + key_line + version_line)},
        {"Sec-WebSocket-Version twice",
         get("/", host_line + upgrade_lines + key_line + version_line +
                      "Sec-WebSocket-Version: 8\r\n")},
        {"Sec-WebSocket-Version 13 twice",
         get("/", host_line + upgrade_lines + key_line + version_line +
                      version_line)},
        // RFC 7230 5.4.
        {"Host twice", get("/", host_line + "Host: example.com\r\n" +
                                    upgrade_lines + key_line + version_line)},
        // RFC 6454 7.3.
        {"Origin twice",
         get("/", host_line + upgrade_lines + key_line + version_line +
                      origin_line + "Origin: http://evil.example\r\n")},
        {"Sec-WebSocket-Origin twice (hybi-08)",
         get("/", host_line + upgrade_lines + key_line +
                      "Sec-WebSocket-Version: 8\r\n"
                      "Sec-WebSocket-Origin: http://a.example\r\n"
                      "Sec-WebSocket-Origin: http://b.example\r\n")},
        {"X-Forwarded-Proto twice",
         get("/", host_line + upgrade_lines + key_line + version_line +
                      "X-Forwarded-Proto: https\r\n"
                      "X-Forwarded-Proto: http\r\n")},
        // hixie-76 5.2: one key of each.
        {"Sec-WebSocket-Key1 twice",
         get("/demo", hixie76 + "Sec-WebSocket-Key1: 1 2\r\n", key3)},
        {"Sec-WebSocket-Key2 twice", get("/demo", hixie76 + key2_line, key3)},
        {"hixie-76 Origin twice", get("/demo", hixie76 + origin_line, key3)},
        {"hixie-76 Host twice",
         get("/demo", "Host: example.org\r\n" + hixie76, key3)},
        {"hixie-75 Host twice",
         get("/", host_line + host_line + hixie_upgrade_lines + origin_line)},
        {"hixie-75 Origin twice",
         get("/", host_line + hixie_upgrade_lines + origin_line + origin_line)},
    };
}

BOOST_DATA_TEST_CASE(a_repeated_single_field_is_refused_400,
                     bdata::make(repeated_single_fields()), r)
{
    echo_fixture srv;
    check_refused(srv, r.request, 400);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// RFC 7230 5.3: the request-target.

BOOST_AUTO_TEST_SUITE(request_target)

BOOST_AUTO_TEST_CASE(hixie75_absolute_form_gives_its_path_to_the_location)
{
    echo_fixture srv;
    std::string const authority = "127.0.0.1:" + std::to_string(srv.port());
    auto const header = hixie_upgrade(
        srv.port(),
        get("http://" + authority + "/chat",
            "Host: " + authority + "\r\n" + hixie_upgrade_lines + origin_line),
        false);
    BOOST_TEST(header_value(header, "WebSocket-Location").value_or("") ==
               "ws://" + authority + "/chat");
}

BOOST_AUTO_TEST_CASE(absolute_form_authority_wins_over_host)
{
    // RFC 7230 5.5: the effective request URI of an absolute-form is the
    // target itself; Host does not make up the location.
    echo_fixture srv;
    auto const header = hixie_upgrade(
        srv.port(),
        get("http://chat.example:8080/room?id=7",
            "Host: other.example\r\n" + hixie_upgrade_lines + origin_line),
        false);
    BOOST_TEST(header_value(header, "WebSocket-Location").value_or("") ==
               "ws://chat.example:8080/room?id=7");
}

BOOST_AUTO_TEST_CASE(hixie76_absolute_form_gives_its_path_to_the_location)
{
    echo_fixture srv;
    auto const header =
        hixie_upgrade(srv.port(),
                      get("http://example.com/demo?x=1",
                          host_line + hixie_upgrade_lines + key1_line +
                              key2_line + origin_line,
                          hixie76_key3),
                      true);
    BOOST_TEST(header_value(header, "Sec-WebSocket-Location").value_or("") ==
               "ws://example.com/demo?x=1");
}

std::vector<named_request>
absolute_forms()
{
    return {
        {"https://", {"https://example.com/a/b"}},
        {"wss://", {"wss://example.com/a/b"}},
        {"ws://", {"ws://example.com/a/b"}},
        {"HTTP:// (scheme in capitals)", {"HTTP://example.com/a/b"}},
        {"no path", {"http://example.com"}},
        {"no path, a query", {"http://example.com?q=1"}},
    };
}

BOOST_DATA_TEST_CASE(absolute_forms_of_every_websocket_scheme_upgrade,
                     bdata::make(absolute_forms()), r)
{
    // The location's scheme is the connection's: plain TCP gives ws://,
    // whatever the target claims.
    echo_fixture srv;
    auto const header = hixie_upgrade(
        srv.port(),
        get(r.request, host_line + hixie_upgrade_lines + origin_line), false);
    std::string const target = r.request;
    std::string expected = "ws://example.com";
    auto const rest = target.substr(target.find("example.com") + 11);
    expected += (rest.empty() || rest[0] == '?') ? "/" + rest : rest;
    BOOST_TEST(header_value(header, "WebSocket-Location").value_or("") ==
               expected);
    check_hybi_upgrades(
        srv.port(),
        get(r.request, host_line + upgrade_lines + key_line + version_line));
}

BOOST_AUTO_TEST_CASE(absolute_form_path_is_matched_against_options_path)
{
    wsio::options opts;
    opts.path = "/echo";
    echo_fixture srv(opts);
    std::string const authority = "127.0.0.1:" + std::to_string(srv.port());
    std::string const hybi_fields =
        host_line + upgrade_lines + key_line + version_line;
    // Refusals first: check_refused asserts that no socket was opened.
    check_refused(srv, get("http://" + authority + "/other", hybi_fields), 404);
    check_refused(srv, get("http://" + authority, hybi_fields), 404);
    // A bad form is a 400, not a 404, with a path set too.
    check_refused(srv, get("*", hybi_fields), 400);
    check_refused(srv, get(authority, hybi_fields), 400);
    check_hybi_upgrades(
        srv.port(), get("http://" + authority + "/echo?room=1", hybi_fields));
    auto const header =
        hixie_upgrade(srv.port(),
                      get("http://" + authority + "/echo",
                          host_line + hixie_upgrade_lines + origin_line),
                      false);
    BOOST_TEST(header_value(header, "WebSocket-Location").value_or("") ==
               "ws://" + authority + "/echo");
}

std::vector<named_request>
bad_targets()
{
    return {
        {"asterisk-form", {"*"}},
        {"authority-form", {"127.0.0.1:80"}},
        {"relative path", {"chat"}},
        {"unknown scheme", {"ftp://example.com/chat"}},
        {"empty authority", {"http:///chat"}},
        {"userinfo", {"http://user:pw@example.com/chat"}},
        {"fragment", {"/chat#frag"}},
        {"fragment in absolute-form", {"http://example.com/chat#x"}},
    };
}

BOOST_DATA_TEST_CASE(other_target_forms_are_refused_400,
                     bdata::make(bad_targets()), r)
{
    echo_fixture srv;
    check_refused(
        srv,
        get(r.request, host_line + upgrade_lines + key_line + version_line),
        400);
    check_refused(srv,
                  get(r.request, host_line + hixie_upgrade_lines + origin_line),
                  400);
    check_refused(srv,
                  get(r.request,
                      host_line + hixie_upgrade_lines + key1_line + key2_line +
                          origin_line,
                      hixie76_key3),
                  400);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// An upgrade request carries no body: its bytes would be read as frames.

BOOST_AUTO_TEST_SUITE(body)

BOOST_AUTO_TEST_CASE(a_body_is_refused_not_read_as_frames)
{
    echo_fixture srv;
    check_refused(
        srv, hybi_with(upgrade_lines + "Content-Length: 5\r\n") + "hello", 400);
}

BOOST_AUTO_TEST_CASE(a_body_that_is_a_masked_frame_is_not_echoed)
{
    // The smuggling case: an HTTP intermediary sees one request with a
    // body; the server must not see a WebSocket message in it.
    echo_fixture srv;
    std::string const frame = client_frame(0x1, "smuggled");
    check_refused(srv,
                  hybi_with(upgrade_lines + "Content-Length: " +
                            std::to_string(frame.size()) + "\r\n") +
                      frame,
                  400);
}

BOOST_AUTO_TEST_CASE(transfer_encoding_is_refused)
{
    echo_fixture srv;
    std::string const frame = client_frame(0x1, "smuggled");
    char size[16];
    std::snprintf(size, sizeof size, "%zx", frame.size());
    check_refused(srv,
                  hybi_with(upgrade_lines + "Transfer-Encoding: chunked\r\n") +
                      size + "\r\n" + frame + "\r\n0\r\n\r\n",
                  400);
    // hixie-76 may announce key3 as a length, never as chunks.
    check_refused(srv,
                  get("/demo",
                      host_line + hixie_upgrade_lines + key1_line + key2_line +
                          origin_line + "Transfer-Encoding: chunked\r\n",
                      "8\r\n" + std::string(hixie76_key3) + "\r\n0\r\n\r\n"),
                  400);
}

BOOST_AUTO_TEST_CASE(content_length_zero_upgrades)
{
    echo_fixture srv;
    check_hybi_upgrades(srv.port(),
                        hybi_with(upgrade_lines + "Content-Length: 0\r\n"));
}

BOOST_AUTO_TEST_CASE(hixie76_key3_announced_as_content_length_8_upgrades)
{
    // Perl's Protocol::WebSocket and Safari 5 send this.
    echo_fixture srv;
    hixie_upgrade(srv.port(),
                  get("/demo",
                      host_line + hixie_upgrade_lines + key1_line + key2_line +
                          origin_line + "Content-Length: 8\r\n",
                      hixie76_key3),
                  true);
}

std::vector<named_request>
other_bodies()
{
    std::string const hixie76 =
        host_line + hixie_upgrade_lines + key1_line + key2_line + origin_line;
    std::string const key3(hixie76_key3);
    return {
        {"hixie-76, Content-Length: 5",
         get("/demo", hixie76 + "Content-Length: 5\r\n", key3)},
        {"hixie-76, Content-Length: 16",
         get("/demo", hixie76 + "Content-Length: 16\r\n",
             key3 + hixie_text("hixi"))},
        {"hixie-75, Content-Length: 8",
         get("/",
             host_line + hixie_upgrade_lines + origin_line +
                 "Content-Length: 8\r\n",
             key3)},
        {"RFC 6455 with hixie keys, Content-Length: 8",
         get("/",
             host_line + upgrade_lines + key_line + version_line + key1_line +
                 key2_line + "Content-Length: 8\r\n",
             key3)},
        {"RFC 6455, Content-Length: 8",
         hybi_with(upgrade_lines + "Content-Length: 8\r\n") +
             client_frame(0x1, "ab")},
    };
}

BOOST_DATA_TEST_CASE(any_other_body_is_refused_400, bdata::make(other_bodies()),
                     r)
{
    echo_fixture srv;
    check_refused(srv, r.request, 400);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// RFC 7230 6.7: only Upgrade: websocket leaves HTTP.

BOOST_AUTO_TEST_SUITE(other_upgrades)

std::vector<named_request>
plain_requests()
{
    return {
        {"Upgrade: h2c (curl --http2)",
         get("/", host_line + "Connection: Upgrade, HTTP2-Settings\r\n"
                              "Upgrade: h2c\r\n"
                              "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n")},
        {"Upgrade: TLS/1.0",
         get("/", host_line + "Connection: Upgrade\r\nUpgrade: TLS/1.0\r\n")},
        {"Upgrade: empty",
         get("/", host_line + "Connection: Upgrade\r\nUpgrade:\r\n")},
        {"Upgrade: websocketx",
         get("/",
             host_line + "Connection: Upgrade\r\nUpgrade: websocketx\r\n")},
    };
}

BOOST_DATA_TEST_CASE(listen_answers_other_upgrades_as_plain_http_501,
                     bdata::make(plain_requests()), r)
{
    // listen serves no plain HTTP: 501, and the connection stays usable
    // (keep-alive): the next request on it can be a WebSocket upgrade.
    echo_fixture srv;
    raw_client c(srv.port());
    c.send(r.request);
    auto const res = read_http_response(c);
    BOOST_TEST(res.header.rfind("HTTP/1.1 501 Not Implemented\r\n", 0) == 0u,
               res.header);
    BOOST_TEST(res.header.find("Switching") == std::string::npos);
    c.send(hybi_with(upgrade_lines));
    std::string const header = c.read_http_header();
    BOOST_TEST(status_of(header) == 101, header);
    c.send(client_frame(0x1, "after"));
    BOOST_TEST(c.read_frame().payload == "after");
}

BOOST_AUTO_TEST_CASE(an_http_1_0_websocket_upgrade_is_plain_http)
{
    // RFC 7230 6.7: a server MUST ignore Upgrade in an HTTP/1.0 request.
    echo_fixture srv;
    auto const a = send_and_read_to_eof(
        srv.port(), "GET / HTTP/1.0\r\n" + host_line + upgrade_lines +
                        key_line + version_line + "\r\n");
    BOOST_TEST(a.status == 501, a.header);
    BOOST_TEST(a.closed); // HTTP/1.0 without keep-alive
    BOOST_TEST(a.after.empty());
    BOOST_TEST(srv.conns.size() == 0u);
}

/// An http_server serving a page at "/" with a WebSocket server on
/// "/chat" attached, as the chat example does.
class page_fixture
{
public:
    page_fixture()
        : guard_(asio::make_work_guard(ioc_)),
          http_(std::make_unique<wsio::http_server>(ioc_.get_executor()))
    {
        http_->on_request().connect(
            [](wsio::http_server::request const& req,
               wsio::http_server::response& res)
            {
                if (req.target() != "/")
                    return; // the server's 404
                res.result(http::status::ok);
                res.set(http::field::content_type, "text/html");
                res.body() = "<p>chat</p>";
            });
        http_->listen(0, "127.0.0.1");
        wsio::options opts;
        opts.path = "/chat";
        echo_messages(wsio::attach(*http_, std::move(opts)));
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~page_fixture()
    {
        guard_.reset();
        ioc_.stop();
        thread_.join();
        http_.reset();
    }

    unsigned short
    port() const
    {
        return http_->local_endpoint().port();
    }

private:
    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    std::unique_ptr<wsio::http_server> http_;
    std::thread thread_;
};

BOOST_DATA_TEST_CASE(other_upgrades_reach_the_request_handler,
                     bdata::make(plain_requests()), r)
{
    page_fixture srv;
    raw_client c(srv.port());
    c.send(r.request);
    auto const page = read_http_response(c);
    BOOST_TEST(page.header.rfind("HTTP/1.1 200 OK\r\n", 0) == 0u, page.header);
    BOOST_TEST(page.body == "<p>chat</p>");
    // Other paths keep the server's 404, on the same connection.
    std::string other = r.request;
    other.replace(4, 1, "/missing");
    c.send(other);
    auto const missing = read_http_response(c);
    BOOST_TEST(missing.header.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0u,
               missing.header);
    // And a WebSocket upgrade to /chat still goes to the WebSocket server.
    check_hybi_upgrades(srv.port(), hybi_with(upgrade_lines, "/chat"));
}

BOOST_AUTO_TEST_SUITE_END()
