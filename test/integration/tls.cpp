//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wss:// and https: `listen` with http_server_options::tls, driven by a
// blocking OpenSSL client. Every draft over TLS, the closing handshake
// followed by close_notify, peers that end TLS uncleanly, the TLS
// handshake inside the handshake budget, plain clients on a TLS port.

#define BOOST_TEST_MODULE integration_tls
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "measure.hpp"
#include "tls_support.hpp"

#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace wsio_test;
using namespace std::chrono_literals;
namespace bdata = boost::unit_test::data;
using clock_type = std::chrono::steady_clock;

namespace tls_test {

// What the server's sockets reported; declared before the fixture so the
// slots never outlive it.
struct observed
{
    std::mutex m;
    std::vector<close_event> closes;
    std::vector<boost::system::error_code> errors;
    std::vector<bool> secure;
    mailbox<weak_socket> sockets;

    std::size_t
    close_count()
    {
        std::lock_guard<std::mutex> lock(m);
        return closes.size();
    }
};

test_certificate const&
certificate()
{
    static test_certificate const c = make_test_certificate();
    return c;
}

// listen() with TLS on 127.0.0.1, one thread, every socket echoing.
class tls_fixture
{
public:
    explicit tls_fixture(observed& obs, wsio::options opts = {})
        : guard_(asio::make_work_guard(ioc_))
    {
        wsio::http_server_options http_opts;
        http_opts.tls = make_server_context(certificate());
        server_ = &wsio::listen(ioc_, 0, std::move(opts), "127.0.0.1",
                                http_opts);
        port_ = server_->http_server()->local_endpoint().port();
        server_->on_connection().connect(
            [&obs](std::shared_ptr<wsio::socket> const& s) {
                wsio::socket* const raw = s.get();
                {
                    std::lock_guard<std::mutex> lock(obs.m);
                    obs.secure.push_back(s->is_secure());
                }
                s->on_message().connect([raw](wsio::message const& m) {
                    raw->send(m.data, m.type);
                });
                s->on_close().connect(
                    [&obs](wsio::close_code c, std::string_view r) {
                        std::lock_guard<std::mutex> lock(obs.m);
                        obs.closes.push_back(
                            {static_cast<unsigned>(c), std::string(r)});
                    });
                s->on_error().connect([&obs](boost::system::error_code ec) {
                    std::lock_guard<std::mutex> lock(obs.m);
                    obs.errors.push_back(ec);
                });
                obs.sockets.push(s);
            });
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~tls_fixture()
    {
        guard_.reset();
        ioc_.stop();
        thread_.join();
    }

    unsigned short
    port() const noexcept
    {
        return port_;
    }

    wsio::server&
    server() noexcept
    {
        return *server_;
    }

private:
    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    wsio::server* server_ = nullptr;
    unsigned short port_ = 0;
    std::thread thread_;
};

std::unique_ptr<tls_client>
open_wss(unsigned short port, std::string_view version = "13")
{
    auto c = std::make_unique<tls_client>(port, certificate());
    c->send(hybi_request("/", version));
    auto const h = c->read_http_header();
    BOOST_REQUIRE_EQUAL(status_of(h), 101);
    BOOST_TEST(header_value(h, "Sec-WebSocket-Accept").value_or("") ==
               rfc6455_accept);
    return c;
}

char const* const hybi_versions[] = {"7", "8", "13"};

} // namespace tls_test

using namespace tls_test;

BOOST_AUTO_TEST_SUITE(wss)

// The client starts the closing handshake: echo of its code, then the
// server ends TLS with close_notify; on_close reports the client's code
// and no error.
BOOST_DATA_TEST_CASE(echo_then_client_close_ends_with_close_notify,
                     bdata::make(hybi_versions), version)
{
    observed obs;
    tls_fixture f(obs);
    auto c = open_wss(f.port(), version);
    std::string const text = "h\xC3\xA9llo \xF0\x9F\x98\x80";
    c->send(client_frame(0x1, text));
    auto const m = c->read_frame();
    BOOST_TEST(m.opcode == 0x1);
    BOOST_TEST(m.payload == text);
    std::string big(256 * 1024, '\0');
    for (std::size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>(i * 7);
    c->send(client_frame(0x2, big));
    auto const b = c->read_frame();
    BOOST_TEST(b.opcode == 0x2);
    BOOST_TEST((b.payload == big));
    c->send(client_close(1000, "done"));
    auto const cl = c->read_frame();
    BOOST_TEST(cl.opcode == 0x8);
    BOOST_TEST(close_code_of(cl.payload) == 1000u);
    BOOST_TEST(c->read_to_end().empty());
    BOOST_TEST((c->end() == tls_end::close_notify));
    // The server waits for the client's end of TLS (bounded by
    // close_timeout), as for TCP's FIN.
    c->send_close_notify();
    c->hang_up();
    BOOST_REQUIRE(eventually([&] { return obs.close_count() == 1; }));
    std::lock_guard<std::mutex> lock(obs.m);
    BOOST_TEST(obs.closes[0].code == 1000u);
    BOOST_TEST(obs.closes[0].reason == "done");
    BOOST_TEST(obs.errors.empty());
    BOOST_REQUIRE(obs.secure.size() == 1u);
    BOOST_TEST(obs.secure[0]);
}

// The server starts it: close frame with code and reason; once the client
// answers, close_notify.
BOOST_AUTO_TEST_CASE(server_close_then_close_notify)
{
    observed obs;
    tls_fixture f(obs);
    auto c = open_wss(f.port());
    auto s = next_socket(obs.sockets);
    s->close(wsio::close_code::going_away, "restart");
    auto const cl = c->read_frame();
    BOOST_TEST(cl.opcode == 0x8);
    BOOST_TEST(close_code_of(cl.payload) == 1001u);
    BOOST_TEST(cl.payload.substr(2) == "restart");
    BOOST_TEST((s->ready_state() == wsio::ready_state::closing));
    c->send(client_close(1001));
    BOOST_TEST(c->read_to_end().empty());
    BOOST_TEST((c->end() == tls_end::close_notify));
    c->send_close_notify();
    c->hang_up();
    BOOST_REQUIRE(eventually([&] { return obs.close_count() == 1; }));
    std::lock_guard<std::mutex> lock(obs.m);
    BOOST_TEST(obs.closes[0].code == 1001u);
    BOOST_TEST(obs.errors.empty());
}

// A peer that answers neither close_notify nor FIN after the closing
// handshake: the server ends it after close_timeout, with the code of the
// closing handshake and no error.
BOOST_AUTO_TEST_CASE(peer_that_never_ends_tls_is_closed_after_close_timeout)
{
    observed obs;
    wsio::options opts;
    opts.close_timeout = 300ms;
    tls_fixture f(obs, opts);
    auto c = open_wss(f.port());
    auto const t0 = clock_type::now();
    c->send(client_close(1000));
    BOOST_TEST(close_code_of(c->read_frame().payload) == 1000u);
    BOOST_TEST(c->read_to_end().empty());
    BOOST_TEST((c->end() == tls_end::close_notify));
    BOOST_REQUIRE(eventually([&] { return obs.close_count() == 1; }));
    auto const waited = ms(clock_type::now() - t0);
    BOOST_TEST(waited >= 250);
    BOOST_TEST(waited < 2000);
    std::lock_guard<std::mutex> lock(obs.m);
    BOOST_TEST(obs.closes[0].code == 1000u);
    BOOST_TEST(obs.errors.empty());
}

// A peer that drops TCP without close_notify after the closing handshake
// (many do): a clean close, no "stream truncated" error.
BOOST_AUTO_TEST_CASE(peer_hang_up_after_close_is_no_error)
{
    observed obs;
    tls_fixture f(obs);
    auto c = open_wss(f.port());
    c->send(client_close(1000));
    auto const cl = c->read_frame();
    BOOST_TEST(close_code_of(cl.payload) == 1000u);
    c->hang_up();
    BOOST_REQUIRE(eventually([&] { return obs.close_count() == 1; }));
    std::lock_guard<std::mutex> lock(obs.m);
    BOOST_TEST(obs.closes[0].code == 1000u);
    BOOST_TEST(obs.errors.empty());
}

// Without a closing handshake, a lost connection is 1006 whether TLS was
// ended cleanly (close_notify) or not (truncated): no error either way,
// as for TCP's EOF and reset.
BOOST_DATA_TEST_CASE(connection_lost_without_closing_handshake_is_1006,
                     bdata::make({false, true}), clean_tls_close)
{
    observed obs;
    tls_fixture f(obs);
    auto c = open_wss(f.port());
    (void)next_socket(obs.sockets);
    if (clean_tls_close)
    {
        // A clean TLS end is answered with close_notify (RFC 8446 6.1).
        c->send_close_notify();
        BOOST_TEST(c->read_to_end().empty());
        BOOST_TEST((c->end() == tls_end::close_notify));
    }
    c->hang_up();
    BOOST_REQUIRE(eventually([&] { return obs.close_count() == 1; }));
    std::lock_guard<std::mutex> lock(obs.m);
    BOOST_TEST(obs.closes[0].code == 1006u);
    BOOST_TEST(obs.errors.empty());
}

// hixie-76 and hixie-75 over TLS answer wss:// locations.
BOOST_AUTO_TEST_CASE(hixie76_answers_a_wss_location)
{
    observed obs;
    tls_fixture f(obs);
    tls_client c(f.port(), certificate());
    c.send(hixie76_request("/demo") + std::string(hixie76_key3));
    auto const h = c.read_http_header();
    BOOST_TEST(status_of(h) == 101);
    BOOST_TEST(header_value(h, "Sec-WebSocket-Location").value_or("") ==
               "wss://example.com/demo");
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
    c.send(hixie_text("over tls"));
    BOOST_TEST(c.read_exactly(10) == hixie_text("over tls"));
    // Closing: 0xFF 0x00 both ways, then close_notify.
    c.send(std::string("\xFF\x00", 2));
    BOOST_TEST(c.read_exactly(2) == std::string("\xFF\x00", 2));
    BOOST_TEST(c.read_to_end().empty());
    BOOST_TEST((c.end() == tls_end::close_notify));
    c.send_close_notify();
    c.hang_up();
    BOOST_REQUIRE(eventually([&] { return obs.close_count() == 1; }));
    std::lock_guard<std::mutex> lock(obs.m);
    BOOST_TEST(obs.errors.empty());
}

BOOST_AUTO_TEST_CASE(hixie75_answers_a_wss_location)
{
    observed obs;
    tls_fixture f(obs);
    tls_client c(f.port(), certificate());
    c.send(hixie75_request("/"));
    auto const h = c.read_http_header();
    BOOST_TEST(status_of(h) == 101);
    BOOST_TEST(header_value(h, "WebSocket-Location").value_or("") ==
               "wss://example.com/");
    c.send(hixie_text("seventy-five"));
    BOOST_TEST(c.read_exactly(14) == hixie_text("seventy-five"));
}

// websocket.io's listen over https: plain requests get 501; the
// connection ends with close_notify, after `Connection: close` as after
// the client's own close_notify on a kept-alive connection.
BOOST_DATA_TEST_CASE(plain_https_request_gets_501, bdata::make({false, true}),
                     keep_alive)
{
    observed obs;
    tls_fixture f(obs);
    tls_client c(f.port(), certificate());
    c.send(std::string("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
           (keep_alive ? "" : "Connection: close\r\n") + "\r\n");
    auto const h = c.read_http_header();
    BOOST_TEST(status_of(h) == 501);
    if (keep_alive)
        c.send_close_notify();
    c.read_to_end();
    BOOST_TEST((c.end() == tls_end::close_notify));
}

// The TLS handshake is part of the handshake budget: a client that opens
// TCP and never says ClientHello is dropped after handshake_timeout.
BOOST_AUTO_TEST_CASE(silent_client_is_dropped_after_handshake_timeout)
{
    observed obs;
    wsio::options opts;
    opts.handshake_timeout = 300ms;
    tls_fixture f(obs, opts);
    raw_client c(f.port(), 5000ms);
    auto const t0 = clock_type::now();
    BOOST_TEST(c.closed_by_peer());
    auto const waited = ms(clock_type::now() - t0);
    BOOST_TEST(waited >= 250);
    BOOST_TEST(waited < 2000);
}

// A plain-text client on the TLS port: the TLS handshake fails and the
// connection is closed at once; the server keeps serving.
BOOST_AUTO_TEST_CASE(plain_client_on_tls_port_is_closed)
{
    observed obs;
    tls_fixture f(obs);
    {
        raw_client c(f.port(), 3000ms);
        c.send(hybi_request());
        auto const t0 = clock_type::now();
        c.read_to_eof();
        BOOST_TEST(ms(clock_type::now() - t0) < 1000);
    }
    auto c = open_wss(f.port());
    c->send(client_frame(0x1, "still serving"));
    BOOST_TEST(c->read_frame().payload == "still serving");
    BOOST_TEST(obs.errors.empty());
}

BOOST_AUTO_TEST_SUITE_END()
