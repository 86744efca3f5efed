//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// websocket.io 0.2.1's own test suite (test/websocket.io.js and
// test/server.js), ported by behaviour over real loopback TCP; then one
// test for each bug listed in DESIGN.md "What websocket.io got wrong".

#define BOOST_TEST_MODULE integration_websocketio_suite
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace wsio_test;
using namespace std::chrono_literals;

namespace {

// A refused upgrade: the whole answer, read to EOF (throws on timeout,
// so a connection left hanging fails the test).
std::string
refused(raw_client& c, std::string const& request)
{
    c.send(request);
    return c.read_to_eof();
}

// A tiny HTTP server with an io_context thread, for attach().
class attach_fixture
{
public:
    explicit attach_fixture(wsio::options opts = {})
        : guard_(asio::make_work_guard(ioc_)),
          http_(std::make_unique<wsio::http_server>(ioc_.get_executor()))
    {
        http_->on_request().connect(
            [](wsio::http_server::request const&,
               wsio::http_server::response& res) {
                res.result(boost::beast::http::status::ok);
                res.body() = "Hello World";
            });
        http_->listen(0, "127.0.0.1");
        server_ = &wsio::attach(*http_, std::move(opts));
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~attach_fixture()
    {
        guard_.reset();
        ioc_.stop();
        thread_.join();
        http_.reset();
    }

    wsio::server&
    server() noexcept
    {
        return *server_;
    }

    wsio::http_server&
    http() noexcept
    {
        return *http_;
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
    wsio::server* server_ = nullptr;
    std::thread thread_;
};

} // namespace

//------------------------------------------------------------------------
// test/websocket.io.js

BOOST_AUTO_TEST_SUITE(websocketio_js)

BOOST_AUTO_TEST_CASE(a_client_connects)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    record_connections(f.server(), conns);
    raw_client c(f.port());
    std::string const h = open_hybi(c);
    BOOST_TEST(status_of(h) == 101);
    BOOST_TEST(header_value(h, "Sec-WebSocket-Accept").value_or("") ==
               rfc6455_accept);
    BOOST_TEST((next_socket(conns)->ready_state() == wsio::ready_state::open));
}

BOOST_AUTO_TEST_CASE(listen_answers_plain_http_501_and_upgrades_on_the_same_port)
{
    server_fixture f;
    BOOST_TEST(f.server().http_server() != nullptr);
    {
        raw_client c(f.port());
        c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        http_response const r = read_http_response(c);
        BOOST_TEST(r.status == 501);
        BOOST_TEST(r.header.find("501 Not Implemented") != std::string::npos);
        BOOST_TEST(r.body == "Not Implemented");
    }
    raw_client ws(f.port());
    BOOST_TEST(status_of(open_hybi(ws)) == 101);
}

BOOST_AUTO_TEST_CASE(attach_keeps_plain_http_and_upgrades_on_the_same_port)
{
    mailbox<weak_socket> conns;
    attach_fixture f;
    record_connections(f.server(), conns);
    BOOST_TEST(f.server().http_server() == &f.http());
    {
        raw_client c(f.port());
        c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        http_response const r = read_http_response(c);
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.body == "Hello World");
    }
    raw_client ws(f.port());
    BOOST_TEST(status_of(open_hybi(ws)) == 101);
    auto const s = next_socket(conns);
    ws.send(client_frame(0x1, "through attach"));
    BOOST_TEST((s->ready_state() == wsio::ready_state::open));
    client_closes(ws);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// test/server.js

BOOST_AUTO_TEST_SUITE(server_js)

BOOST_AUTO_TEST_CASE(connection_event_gives_a_socket_with_the_upgrade_request)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    record_connections(f.server(), conns);
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c, "/chat?room=1", "13",
                                   "X-Test: forty-two\r\n")) == 101);
    auto const s = next_socket(conns);
    BOOST_TEST(s->req().target() == "/chat?room=1");
    BOOST_TEST(s->req().method() == boost::beast::http::verb::get);
    BOOST_TEST(s->req()["X-Test"] == "forty-two");
    BOOST_TEST(s->req()["Host"] == "127.0.0.1");
    // What the handshake consumed is dropped (an idle connection keeps
    // less); options::keep_handshake_fields keeps it (next test).
    BOOST_TEST(s->req().count("Sec-WebSocket-Key") == 0u);
    BOOST_TEST(s->req().count("Sec-WebSocket-Version") == 0u);
    BOOST_TEST(s->req().count("Upgrade") == 0u);
    BOOST_TEST(s->req().count("Connection") == 0u);
    BOOST_TEST(s->remote_endpoint().address().is_loopback());
    BOOST_TEST(s->remote_endpoint().port() ==
               c.socket().local_endpoint().port());
    BOOST_TEST(s->id() != 0u);
}

BOOST_AUTO_TEST_CASE(keep_handshake_fields_keeps_the_whole_request)
{
    mailbox<weak_socket> conns;
    wsio::options opts;
    opts.keep_handshake_fields = true;
    server_fixture f(opts);
    record_connections(f.server(), conns);
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c, "/", "13")) == 101);
    auto const s = next_socket(conns);
    BOOST_TEST(s->req()["Sec-WebSocket-Key"] == "dGhlIHNhbXBsZSBub25jZQ==");
    BOOST_TEST(s->req()["Sec-WebSocket-Version"] == "13");
    BOOST_TEST(s->req()["Upgrade"] == "websocket");
    BOOST_TEST(s->req()["Connection"] == "Upgrade");
}

BOOST_AUTO_TEST_CASE(the_server_socket_closes_when_the_client_closes)
{
    mailbox<weak_socket> conns;
    mailbox<close_event> closes;
    server_fixture f;
    f.server().on_connection().connect([&](socket_ptr const& s) {
        s->on_close().connect([&closes](wsio::close_code code,
                                        std::string_view reason) {
            closes.push({static_cast<unsigned>(code), std::string(reason)});
        });
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    auto const s = next_socket(conns);
    c.send(client_close(4001, "bye"));
    frame const echo = c.read_frame();
    BOOST_TEST(echo.opcode == 0x8);
    BOOST_TEST(close_code_of(echo.payload) == 4001u);
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    auto const ev = closes.pop();
    BOOST_REQUIRE(ev);
    BOOST_TEST(ev->code == 4001u);
    BOOST_TEST(ev->reason == "bye");
    BOOST_TEST((s->ready_state() == wsio::ready_state::closed));
    BOOST_TEST(!closes.pop(50ms)); // once only
}

BOOST_AUTO_TEST_CASE(both_sides_see_close_when_the_server_closes)
{
    mailbox<weak_socket> conns;
    mailbox<close_event> closes;
    server_fixture f;
    f.server().on_connection().connect([&](socket_ptr const& s) {
        s->on_close().connect([&closes](wsio::close_code code,
                                        std::string_view reason) {
            closes.push({static_cast<unsigned>(code), std::string(reason)});
        });
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    auto const s = next_socket(conns);
    s->close(wsio::close_code::normal, "server says bye");
    frame const fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x8);
    BOOST_TEST(close_code_of(fr.payload) == 1000u);
    BOOST_TEST(fr.payload.substr(2) == "server says bye");
    c.send(client_close(1000));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    auto const ev = closes.pop();
    BOOST_REQUIRE(ev);
    BOOST_TEST(ev->code == 1000u);
    BOOST_TEST(eventually(
        [&] { return s->ready_state() == wsio::ready_state::closed; }));
}

BOOST_AUTO_TEST_CASE(the_server_receives_a_message)
{
    mailbox<std::string> got;
    server_fixture f;
    f.server().on_connection().connect([&got](socket_ptr const& s) {
        s->on_message().connect([&got](wsio::message const& m) {
            got.push((m.is_text() ? "text:" : "binary:") + m.str());
        });
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    c.send(client_frame(0x1, "hello world"));
    BOOST_TEST(got.pop().value_or("none") == "text:hello world");
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(the_client_receives_a_message_sent_from_the_connection_handler)
{
    server_fixture f;
    f.server().on_connection().connect(
        [](socket_ptr const& s) { s->send("woot"); });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    frame const fr = c.read_frame();
    BOOST_TEST(fr.fin);
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "woot");
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(a_matching_path_connects)
{
    wsio::options opts;
    opts.path = "/mypath";
    server_fixture f(opts);
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c, "/mypath")) == 101);
}

BOOST_AUTO_TEST_CASE(a_path_mismatch_is_answered_404_and_closed)
{
    mailbox<weak_socket> conns;
    wsio::options opts;
    opts.path = "/mypath";
    server_fixture f(opts);
    record_connections(f.server(), conns);
    for (char const* path : {"/other", "/mypath/", "/", "/MYPATH"})
    {
        BOOST_TEST_CONTEXT("path " << path)
        {
            raw_client c(f.port());
            std::string const all = refused(c, hybi_request(path));
            BOOST_TEST(status_of(all) == 404);
        }
    }
    BOOST_TEST(conns.size() == 0u);
    BOOST_TEST(f.server().clients_count() == 0u);
}

BOOST_AUTO_TEST_CASE(without_a_path_option_any_path_connects)
{
    server_fixture f;
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c, "/mypath")) == 101);
    raw_client d(f.port());
    BOOST_TEST(status_of(open_hybi(d, "/any/where?x=1")) == 101);
}

BOOST_AUTO_TEST_CASE(the_query_string_is_ignored_when_matching_the_path)
{
    wsio::options opts;
    opts.path = "/mypath";
    server_fixture f(opts);
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c, "/mypath?token=abc&x=1")) == 101);
    raw_client d(f.port());
    BOOST_TEST(status_of(open_hybi(d, "/mypath?")) == 101);
}

BOOST_AUTO_TEST_CASE(clients_are_tracked_as_they_connect_and_close)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    record_connections(f.server(), conns);
    auto& srv = f.server();
    BOOST_TEST(srv.clients_count() == 0u);

    raw_client c1(f.port());
    BOOST_TEST(status_of(open_hybi(c1)) == 101);
    auto const s1 = next_socket(conns);
    BOOST_TEST(eventually([&] { return srv.clients_count() == 1; }));
    {
        auto const m = srv.clients();
        BOOST_TEST(m.size() == 1u);
        BOOST_TEST((m.count(s1->id()) == 1 && m.at(s1->id()) == s1));
    }

    raw_client c2(f.port());
    BOOST_TEST(status_of(open_hybi(c2)) == 101);
    auto const s2 = next_socket(conns);
    BOOST_TEST(eventually([&] { return srv.clients_count() == 2; }));
    {
        auto const m = srv.clients();
        BOOST_TEST(m.size() == 2u);
        BOOST_TEST((m.count(s2->id()) == 1 && m.at(s2->id()) == s2));
    }
    BOOST_TEST(s2->id() > s1->id());

    client_closes(c1);
    BOOST_TEST(eventually([&] { return srv.clients_count() == 1; }));
    {
        auto const m = srv.clients();
        BOOST_TEST(m.size() == 1u);
        BOOST_TEST(m.count(s1->id()) == 0u);
        BOOST_TEST(m.count(s2->id()) == 1u);
    }

    client_closes(c2);
    BOOST_TEST(eventually([&] { return srv.clients_count() == 0; }));
    BOOST_TEST(srv.clients().empty());
}

BOOST_AUTO_TEST_CASE(socket_ids_increase_and_are_never_reused)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    record_connections(f.server(), conns);
    std::vector<std::uint64_t> ids;
    // Keep one client open throughout, so a freed slot could be refilled.
    raw_client keeper(f.port());
    BOOST_TEST(status_of(open_hybi(keeper)) == 101);
    ids.push_back(next_socket(conns)->id());
    for (int i = 0; i < 4; ++i)
    {
        raw_client c(f.port());
        BOOST_TEST(status_of(open_hybi(c)) == 101);
        ids.push_back(next_socket(conns)->id());
        BOOST_TEST(eventually([&] { return f.server().clients_count() == 2; }));
        client_closes(c);
        BOOST_TEST(eventually([&] { return f.server().clients_count() == 1; }));
    }
    for (std::size_t i = 1; i < ids.size(); ++i)
        BOOST_TEST(ids[i] > ids[i - 1]);
    auto const m = f.server().clients();
    BOOST_TEST(m.size() == 1u);
    BOOST_TEST(m.count(ids.front()) == 1u);
}

BOOST_AUTO_TEST_CASE(without_client_tracking_nothing_is_tracked)
{
    mailbox<weak_socket> conns;
    wsio::options opts;
    opts.client_tracking = false;
    server_fixture f(opts);
    record_connections(f.server(), conns);
    auto& srv = f.server();

    raw_client c1(f.port());
    BOOST_TEST(status_of(open_hybi(c1)) == 101);
    auto const s1 = next_socket(conns); // the handler has run
    BOOST_TEST(srv.clients_count() == 0u);
    BOOST_TEST(srv.clients().empty());

    raw_client c2(f.port());
    BOOST_TEST(status_of(open_hybi(c2)) == 101);
    auto const s2 = next_socket(conns);
    BOOST_TEST(srv.clients_count() == 0u);
    BOOST_TEST(srv.clients().empty());
    BOOST_TEST(srv.connections_count() == 2u);

    client_closes(c1);
    BOOST_TEST(srv.clients_count() == 0u);
    client_closes(c2);
    BOOST_TEST(srv.clients_count() == 0u);
    BOOST_TEST(srv.clients().empty());
}

BOOST_AUTO_TEST_CASE(ready_state_is_open_in_the_handler_and_closed_after_close)
{
    mailbox<weak_socket> conns;
    mailbox<wsio::ready_state> in_handler;
    server_fixture f;
    f.server().on_connection().connect([&](socket_ptr const& s) {
        in_handler.push(s->ready_state());
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    auto const s = next_socket(conns);
    BOOST_TEST((in_handler.pop() == wsio::ready_state::open));
    BOOST_TEST((s->ready_state() == wsio::ready_state::open));
    s->close();
    BOOST_TEST(c.read_frame().opcode == 0x8);
    BOOST_TEST(eventually(
        [&] { return s->ready_state() != wsio::ready_state::open; }));
    c.send(client_close(1000));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    BOOST_TEST(eventually(
        [&] { return s->ready_state() == wsio::ready_state::closed; }));
}

BOOST_AUTO_TEST_CASE(each_draft_reports_its_name_and_protocol_version)
{
    struct names
    {
        std::string name;
        std::string version;
    };
    mailbox<names> got;
    server_fixture f;
    f.server().on_connection().connect([&got](socket_ptr const& s) {
        got.push({std::string(s->name()), std::string(s->protocol_version())});
    });
    auto check = [&](std::string const& header, char const* name,
                     char const* version) {
        BOOST_TEST_CONTEXT(version)
        {
            BOOST_TEST(status_of(header) == 101);
            auto const n = got.pop();
            BOOST_REQUIRE(n);
            BOOST_TEST(n->name == name);
            BOOST_TEST(n->version == version);
        }
    };
    raw_client c13(f.port());
    check(open_hybi(c13, "/", "13"), "websocket", "hybi-13");
    raw_client c8(f.port());
    check(open_hybi(c8, "/", "8"), "websocket", "hybi-08");
    raw_client c7(f.port());
    check(open_hybi(c7, "/", "7"), "websocket", "hybi-07");
    raw_client c76(f.port());
    check(open_hixie76(c76), "websocket-hixie", "hixie-76");
    raw_client c75(f.port());
    check(open_hixie75(c75), "websocket-hixie", "hixie-75");
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// DESIGN.md "What websocket.io got wrong, and we get right"

BOOST_AUTO_TEST_SUITE(websocketio_bugs_fixed)

BOOST_AUTO_TEST_CASE(hybi_07_and_08_are_accepted_and_speak)
{
    server_fixture f;
    echo_messages(f.server());
    for (char const* v : {"7", "8"})
    {
        BOOST_TEST_CONTEXT("Sec-WebSocket-Version " << v)
        {
            raw_client c(f.port());
            std::string const h = open_hybi(c, "/", v);
            BOOST_TEST(status_of(h) == 101);
            BOOST_TEST(header_value(h, "Sec-WebSocket-Accept").value_or("") ==
                       rfc6455_accept);
            c.send(client_frame(0x1, "draft speaking"));
            frame const fr = c.read_frame();
            BOOST_TEST(fr.opcode == 0x1);
            BOOST_TEST(fr.payload == "draft speaking");
            client_closes(c);
        }
    }
}

BOOST_AUTO_TEST_CASE(refused_upgrades_are_answered_and_closed)
{
    mailbox<weak_socket> conns;
    wsio::options opts;
    opts.path = "/ws";
    server_fixture f(opts);
    record_connections(f.server(), conns);
    std::string const good = hybi_request("/ws");
    auto replace = [&](std::string_view from, std::string_view to) {
        std::string r = good;
        auto const pos = r.find(from);
        BOOST_REQUIRE(pos != std::string::npos);
        r.replace(pos, from.size(), to);
        return r;
    };
    struct refusal
    {
        char const* what;
        std::string request;
        int status;
    };
    refusal const cases[] = {
        {"wrong path", hybi_request("/elsewhere"), 404},
        {"POST", replace("GET ", "POST "), 400},
        {"PUT", replace("GET ", "PUT "), 400},
        {"Connection: keep-alive",
         replace("Connection: Upgrade", "Connection: keep-alive"), 400},
        // RFC 7230 6.7: Upgrade is ignored in HTTP/1.0; plain HTTP is 501
        // (other upgrades: test/integration/http_rfc7230.cpp).
        {"HTTP/1.0", replace("HTTP/1.1", "HTTP/1.0"), 501},
    };
    for (auto const& r : cases)
    {
        BOOST_TEST_CONTEXT(r.what)
        {
            raw_client c(f.port());
            std::string const all = refused(c, r.request); // EOF, not a hang
            BOOST_TEST(status_of(all) == r.status);
            BOOST_TEST(all.find("\r\n\r\n") != std::string::npos);
        }
    }
    BOOST_TEST(conns.size() == 0u);
    // Still serving.
    raw_client ok(f.port());
    BOOST_TEST(status_of(open_hybi(ok, "/ws")) == 101);
}

BOOST_AUTO_TEST_CASE(a_version_of_constructor_is_answered_426_and_the_server_lives)
{
    server_fixture f;
    for (char const* v : {"constructor", "__proto__", "toString", "07", "+8",
                          "14", "13.0", ""})
    {
        BOOST_TEST_CONTEXT("Sec-WebSocket-Version '" << v << "'")
        {
            raw_client c(f.port());
            std::string const all = refused(c, hybi_request("/", v));
            BOOST_TEST(status_of(all) == 426);
            BOOST_TEST(header_value(all, "Sec-WebSocket-Version")
                           .value_or("") == "13, 8, 7");
        }
    }
    raw_client ok(f.port());
    BOOST_TEST(status_of(open_hybi(ok)) == 101);
}

BOOST_AUTO_TEST_CASE(close_flushes_queued_messages_then_sends_a_hybi_close_frame)
{
    mailbox<close_event> closes;
    server_fixture f;
    f.server().on_connection().connect([&closes](socket_ptr const& s) {
        s->on_close().connect([&closes](wsio::close_code code,
                                        std::string_view reason) {
            closes.push({static_cast<unsigned>(code), std::string(reason)});
        });
        s->send("one");
        s->send("two");
        s->send("three");
        s->close(wsio::close_code::normal, "done");
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    for (char const* expected : {"one", "two", "three"})
    {
        frame const fr = c.read_frame();
        BOOST_TEST(fr.opcode == 0x1);
        BOOST_TEST(fr.payload == expected);
    }
    frame const cl = c.read_frame();
    BOOST_TEST(cl.opcode == 0x8);
    BOOST_TEST(close_code_of(cl.payload) == 1000u);
    BOOST_TEST(cl.payload.substr(2) == "done");
    c.send(client_close(1000));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    auto const ev = closes.pop();
    BOOST_REQUIRE(ev);
    BOOST_TEST(ev->code == 1000u);
}

BOOST_AUTO_TEST_CASE(close_flushes_queued_messages_then_sends_the_hixie76_close_frame)
{
    mailbox<int> closes;
    server_fixture f;
    f.server().on_connection().connect([&closes](socket_ptr const& s) {
        s->on_close().connect(
            [&closes](wsio::close_code, std::string_view) { closes.push(1); });
        s->send("one");
        s->send("two");
        s->send("three");
        s->close();
    });
    raw_client c(f.port());
    BOOST_TEST(!open_hixie76(c).empty());
    std::string const expected = hixie_text("one") + hixie_text("two") +
                                 hixie_text("three") + std::string("\xFF\x00", 2);
    BOOST_TEST(c.read_exactly(expected.size()) == expected);
    c.send(std::string("\xFF\x00", 2));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    BOOST_TEST(closes.pop().has_value());
}

BOOST_AUTO_TEST_CASE(close_flushes_queued_messages_before_ending_a_hixie75_connection)
{
    server_fixture f;
    f.server().on_connection().connect([](socket_ptr const& s) {
        s->send("one");
        s->send("two");
        s->close();
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hixie75(c)) == 101);
    // No closing frame in hixie-75: the data, then EOF.
    BOOST_TEST(c.read_to_eof() == hixie_text("one") + hixie_text("two"));
}

BOOST_AUTO_TEST_CASE(hixie_framing_is_binary_safe_and_bounded)
{
    mailbox<std::pair<wsio::frame_type, std::string>> got;
    mailbox<boost::system::error_code> errors;
    wsio::options opts;
    opts.max_message_size = 1024;
    server_fixture f(opts);
    f.server().on_connection().connect([&](socket_ptr const& s) {
        s->on_message().connect([&got](wsio::message const& m) {
            got.push({m.type, m.str()});
        });
        s->on_error().connect(
            [&errors](boost::system::error_code ec) { errors.push(ec); });
    });
    raw_client c(f.port());
    BOOST_TEST(!open_hixie76(c).empty());

    // A 0x80 length-prefixed frame whose bytes include 0xFF and 0x00.
    std::string const bin("\xFF\x00\xFE\x80hi", 6);
    c.send(std::string("\x80\x06", 2) + bin);
    // A two-byte length (128 = 0x81 0x00) of 0xFF bytes.
    std::string const bin128(128, '\xFF');
    c.send(std::string("\x80\x81\x00", 3) + bin128);
    // Text with 2-, 3- and 4-byte UTF-8 sequences, in two segments.
    std::string const text = "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9D\x84\x9E!";
    std::string const framed = hixie_text(text);
    c.send(framed.substr(0, 5));
    c.send(framed.substr(5));

    auto m = got.pop();
    BOOST_REQUIRE(m);
    BOOST_TEST((m->first == wsio::frame_type::binary));
    BOOST_TEST(m->second == bin);
    m = got.pop();
    BOOST_REQUIRE(m);
    BOOST_TEST((m->first == wsio::frame_type::binary));
    BOOST_TEST(m->second == bin128);
    m = got.pop();
    BOOST_REQUIRE(m);
    BOOST_TEST((m->first == wsio::frame_type::text));
    BOOST_TEST(m->second == text);

    // A text frame with no terminator, past max_message_size: closed.
    c.send(std::string(1, '\x00') + std::string(2000, 'a'));
    BOOST_TEST(c.read_exactly(2) == std::string("\xFF\x00", 2));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    auto const ec = errors.pop();
    BOOST_REQUIRE(ec);
    BOOST_TEST(*ec == wsio::error::message_too_big);
    BOOST_TEST(got.size() == 0u);
}

BOOST_AUTO_TEST_CASE(hixie76_key3_may_arrive_in_a_later_segment)
{
    server_fixture f;
    raw_client c(f.port());
    c.send(hixie76_request());
    // Not synchronization: a pause so key3 travels in its own segment.
    std::this_thread::sleep_for(50ms);
    BOOST_TEST(c.socket().available() == 0u); // no answer without key3
    c.send(hixie76_key3);
    BOOST_TEST(status_of(c.read_http_header()) == 101);
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
}

BOOST_AUTO_TEST_CASE(hixie76_key3_split_3_and_5_with_a_frame_after_it)
{
    server_fixture f;
    echo_messages(f.server());
    raw_client c(f.port());
    c.send(hixie76_request() + std::string(hixie76_key3.substr(0, 3)));
    std::this_thread::sleep_for(50ms); // segment shaping, as above
    BOOST_TEST(c.socket().available() == 0u);
    c.send(std::string(hixie76_key3.substr(3)) + hixie_text("after key3"));
    std::string const h = c.read_http_header();
    BOOST_TEST(status_of(h) == 101);
    BOOST_TEST(header_value(h, "Sec-WebSocket-Location").value_or("") ==
               "ws://example.com/demo");
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
    std::string const echo = hixie_text("after key3");
    BOOST_TEST(c.read_exactly(echo.size()) == echo);
}

BOOST_AUTO_TEST_CASE(hixie76_key3_with_frames_in_the_same_segment_as_the_headers)
{
    server_fixture f;
    echo_messages(f.server());
    raw_client c(f.port());
    c.send(hixie76_request() + std::string(hixie76_key3) + hixie_text("a") +
           hixie_text("b"));
    BOOST_TEST(status_of(c.read_http_header()) == 101);
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
    std::string const echo = hixie_text("a") + hixie_text("b");
    BOOST_TEST(c.read_exactly(echo.size()) == echo);
}

BOOST_AUTO_TEST_CASE(a_hixie76_client_that_never_sends_key3_is_timed_out)
{
    mailbox<weak_socket> conns;
    wsio::options opts;
    opts.handshake_timeout = 300ms;
    server_fixture f(opts);
    record_connections(f.server(), conns);
    raw_client c(f.port());
    auto const start = std::chrono::steady_clock::now();
    c.send(hixie76_request() + "^n:"); // 3 of the 8 bytes, never the rest
    std::string const all = c.read_to_eof();
    auto const elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(all.empty()); // no 101, no answer
    BOOST_TEST((elapsed >= 250ms));
    BOOST_TEST((elapsed < 4s));
    BOOST_TEST(conns.size() == 0u);
    BOOST_TEST(eventually([&] { return f.server().connections_count() == 0; }));
}

BOOST_AUTO_TEST_CASE(binary_is_sent_as_binary)
{
    server_fixture f;
    f.server().on_connection().connect([](socket_ptr const& s) {
        wsio::socket* const raw = s.get();
        s->send(std::string_view("\x00\x01\xFF", 3), wsio::frame_type::binary);
        s->on_message().connect(
            [raw](wsio::message const& m) { raw->send(m.data, m.type); });
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    frame fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x2);
    BOOST_TEST(fr.payload == std::string("\x00\x01\xFF", 3));
    std::string const bytes("\xC0\xFF\x00\x80", 4); // not UTF-8
    c.send(client_frame(0x2, bytes));
    fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x2);
    BOOST_TEST(fr.payload == bytes);
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(the_chosen_subprotocol_is_echoed)
{
    mailbox<std::string> chosen;
    wsio::options opts;
    opts.choose_subprotocol =
        [](std::vector<std::string_view> const& offered) -> std::string {
        for (auto const p : offered)
            if (p == "chat")
                return "chat";
        return {};
    };
    server_fixture f(opts);
    f.server().on_connection().connect([&chosen](socket_ptr const& s) {
        chosen.push(s->subprotocol());
    });
    raw_client c(f.port());
    std::string const h = open_hybi(c, "/", "13",
                                    "Sec-WebSocket-Protocol: superchat, chat\r\n");
    BOOST_TEST(status_of(h) == 101);
    BOOST_TEST(header_value(h, "Sec-WebSocket-Protocol").value_or("") == "chat");
    BOOST_TEST(chosen.pop().value_or("?") == "chat");

    // Nothing acceptable offered: no header, no subprotocol.
    raw_client d(f.port());
    std::string const h2 =
        open_hybi(d, "/", "13", "Sec-WebSocket-Protocol: superchat\r\n");
    BOOST_TEST(status_of(h2) == 101);
    BOOST_TEST(!header_value(h2, "Sec-WebSocket-Protocol").has_value());
    BOOST_TEST(chosen.pop().value_or("?") == "");
}

BOOST_AUTO_TEST_CASE(a_protocol_error_with_no_error_listener_never_crashes)
{
    std::atomic<int> n{0};
    server_fixture f;
    // First socket: no slot at all. Second: on_error created, then emptied.
    f.server().on_connection().connect([&n](socket_ptr const& s) {
        if (n++ == 1)
            s->on_error().connect([](boost::system::error_code) {}).disconnect();
    });
    for (int i = 0; i < 2; ++i)
    {
        raw_client c(f.port());
        BOOST_TEST(status_of(open_hybi(c)) == 101);
        // An unmasked client frame: a protocol error (1002).
        c.send(client_frame(0x1, "unmasked", true, 0, false));
        frame const fr = c.read_frame();
        BOOST_TEST(fr.opcode == 0x8);
        BOOST_TEST(close_code_of(fr.payload) == 1002u);
        BOOST_TEST(c.closed_by_peer());
        hang_up(c);
    }
    BOOST_TEST(n.load() == 2);
    // The server lives on.
    raw_client ok(f.port());
    BOOST_TEST(status_of(open_hybi(ok)) == 101);
    client_closes(ok);
}

BOOST_AUTO_TEST_SUITE_END()
