//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Graceful shutdown in one call (server::async_shutdown,
// http_server::async_shutdown): io_context::run() returns by itself, soon,
// with WebSocket clients told 1001, idle keep-alive HTTP connections
// closed at once, in-flight responses finished, and whatever is left cut
// at the deadline. And listen's error_code overloads.

#define BOOST_TEST_MODULE integration_shutdown
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "measure.hpp"

#include <boost/asio/use_future.hpp>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace wsio_test;
using namespace std::chrono_literals;
using boost::system::error_code;
using clock_type = std::chrono::steady_clock;

namespace {

// Runs an io_context on `threads` threads WITHOUT a work guard: run()
// returns once nothing is left to do, which is what these tests measure.
class runner
{
public:
    explicit runner(asio::io_context& ioc, int threads = 1) : ioc_(ioc)
    {
        for (int i = 0; i < threads; ++i)
            threads_.emplace_back([this] {
                ioc_.run();
                std::lock_guard<std::mutex> lock(m_);
                ended_ = clock_type::now();
                ++returned_;
            });
    }

    ~runner()
    {
        if (!all_returned())
            ioc_.stop(); // a failed test: do not hang
        for (auto& t : threads_)
            t.join();
    }

    bool
    all_returned()
    {
        std::lock_guard<std::mutex> lock(m_);
        return returned_ == threads_.size();
    }

    /// Waits up to `timeout` for every run() to return.
    bool
    wait_returned(std::chrono::milliseconds timeout)
    {
        return eventually([this] { return all_returned(); }, timeout);
    }

    /// When the last run() returned.
    clock_type::time_point
    ended()
    {
        std::lock_guard<std::mutex> lock(m_);
        return ended_;
    }

private:
    asio::io_context& ioc_;
    std::vector<std::thread> threads_;
    std::mutex m_;
    clock_type::time_point ended_{};
    std::size_t returned_ = 0;
};

void
record_closes(wsio::server& srv, mailbox<close_event>& box)
{
    srv.on_connection().connect([&box](socket_ptr const& s) {
        s->on_close().connect([&box](wsio::close_code code,
                                     std::string_view reason) {
            box.push({static_cast<unsigned>(code), std::string(reason)});
        });
    });
}

std::string const plain_get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

// A keep-alive client that got one answer and now sits idle.
void
make_idle(raw_client& c, int expected_status)
{
    c.send(plain_get);
    http_response const r = read_http_response(c);
    BOOST_TEST(r.status == expected_status);
    auto const conn = header_value(r.header, "Connection");
    BOOST_TEST(!(conn && *conn == "close")); // still open: keep-alive
    // Let the server finish its write and wait for the next request: only
    // then is the connection idle (otherwise it would close after the
    // response, as in-flight ones do, and drain() would go untested).
    std::this_thread::sleep_for(50ms);
}

// A WebSocket client that got the server's close: 1001, then answers it
// and sees the server close TCP.
void
expect_going_away(raw_client& c)
{
    frame const f = c.read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f.payload) == 1001u);
    c.send(client_close(1001));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
}

bool
refused(unsigned short port)
{
    try
    {
        raw_client c(port);
        return false;
    }
    catch (boost::system::system_error const& e)
    {
        return e.code() == asio::error::connection_refused;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(graceful_shutdown)

// listen: one call stops accepting, sends 1001 to each socket, closes the
// idle keep-alive connection, and run() returns long before the deadline.
BOOST_AUTO_TEST_CASE(listen_shutdown_returns_from_run)
{
    asio::io_context ioc;
    wsio::server& srv = wsio::listen(ioc, 0, {}, "127.0.0.1");
    unsigned short const port = srv.http_server()->local_endpoint().port();
    mailbox<close_event> closes;
    record_closes(srv, closes);
    runner r(ioc);

    raw_client ws1(port), ws2(port), idle(port);
    BOOST_TEST(status_of(open_hybi(ws1)) == 101);
    BOOST_TEST(status_of(open_hybi(ws2)) == 101);
    make_idle(idle, 501);

    mailbox<error_code> done;
    auto const t0 = clock_type::now();
    srv.async_shutdown(5s, [&done](error_code ec) { done.push(ec); });

    BOOST_TEST(idle.closed_by_peer());
    expect_going_away(ws1);
    expect_going_away(ws2);
    auto const ec = done.pop(2s);
    BOOST_REQUIRE(ec);
    BOOST_TEST(!*ec); // everything closed by itself
    BOOST_REQUIRE(r.wait_returned(2s));
    BOOST_TEST(ms(r.ended() - t0) < 1000);
    BOOST_TEST(done.size() == 0u); // the handler ran once
    for (int i = 0; i < 2; ++i)
    {
        auto const c = closes.pop(1s);
        BOOST_REQUIRE(c);
        BOOST_TEST(c->code == 1001u);
    }
    BOOST_TEST(refused(port)); // the listening socket is closed
}

// attach: the user's http_server (serving plain HTTP too) is shut down by
// the server's call; its idle keep-alive connection does not hold run().
BOOST_AUTO_TEST_CASE(attach_shutdown_closes_the_http_server)
{
    asio::io_context ioc;
    wsio::http_server http(ioc.get_executor());
    http.on_request().connect(
        [](wsio::http_server::request const&, wsio::http_server::response& res) {
            res.result(boost::beast::http::status::ok);
            res.body() = "hello";
        });
    http.listen(0, "127.0.0.1");
    unsigned short const port = http.local_endpoint().port();
    wsio::server& srv = wsio::attach(http);
    mailbox<close_event> closes;
    record_closes(srv, closes);
    runner r(ioc);

    raw_client ws1(port), ws2(port), idle(port);
    BOOST_TEST(status_of(open_hybi(ws1)) == 101);
    BOOST_TEST(status_of(open_hybi(ws2)) == 101);
    make_idle(idle, 200);

    mailbox<error_code> done;
    auto const t0 = clock_type::now();
    srv.async_shutdown(5s, [&done](error_code ec) { done.push(ec); });

    BOOST_TEST(idle.closed_by_peer());
    expect_going_away(ws1);
    expect_going_away(ws2);
    auto const ec = done.pop(2s);
    BOOST_REQUIRE(ec);
    BOOST_TEST(!*ec);
    BOOST_REQUIRE(r.wait_returned(2s));
    BOOST_TEST(ms(r.ended() - t0) < 1000);
    BOOST_TEST(done.size() == 0u);
    BOOST_TEST(closes.pop(1s)->code == 1001u);
    BOOST_TEST(closes.pop(1s)->code == 1001u);
    BOOST_TEST(refused(port));
}

// A client that never answers the close frame, and one stuck half-way
// through a request header: both are cut at the deadline, the handler
// says timed_out, and run() returns.
BOOST_AUTO_TEST_CASE(deadline_cuts_silent_peers)
{
    asio::io_context ioc;
    wsio::options opts;
    opts.close_timeout = 30s; // the deadline, not the close timer, cuts it
    wsio::server& srv = wsio::listen(ioc, 0, opts, "127.0.0.1");
    unsigned short const port = srv.http_server()->local_endpoint().port();
    mailbox<close_event> closes;
    record_closes(srv, closes);
    runner r(ioc);

    raw_client silent(port), slow(port);
    BOOST_TEST(status_of(open_hybi(silent)) == 101);
    slow.send("GET / HTTP/1.1\r\nHost"); // never finished
    std::this_thread::sleep_for(50ms);   // let the server read it

    mailbox<error_code> done;
    auto const t0 = clock_type::now();
    srv.async_shutdown(300ms, [&done](error_code ec) { done.push(ec); });

    frame const f = silent.read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f.payload) == 1001u);
    // No answer from the client: the server drops it at the deadline.
    BOOST_TEST(silent.closed_by_peer());
    BOOST_TEST(slow.closed_by_peer());
    auto const ec = done.pop(2s);
    auto const fired = clock_type::now();
    BOOST_REQUIRE(ec);
    BOOST_TEST(*ec == asio::error::timed_out);
    BOOST_TEST(ms(fired - t0) >= 300);
    BOOST_TEST(ms(fired - t0) < 800);
    auto const c = closes.pop(1s);
    BOOST_REQUIRE(c);
    BOOST_TEST(c->code == 1006u); // destroyed, no closing handshake
    BOOST_REQUIRE(r.wait_returned(2s));
    BOOST_TEST(ms(r.ended() - t0) < 1000);
    BOOST_TEST(done.size() == 0u);
}

// A response being produced when the shutdown starts is completed (with
// Connection: close), while an idle connection is closed at once.
BOOST_AUTO_TEST_CASE(in_flight_response_is_completed)
{
    asio::io_context ioc;
    wsio::http_server http(ioc.get_executor());
    std::promise<void> entered;
    std::promise<void> release;
    auto released = release.get_future().share();
    http.on_request().connect(
        [&entered, released](wsio::http_server::request const& req,
                             wsio::http_server::response& res) {
            if (req.target() == "/slow")
            {
                entered.set_value();
                // Holds one of the two io threads (bounded: a failing test
                // must not hang).
                released.wait_for(3s);
            }
            res.result(boost::beast::http::status::ok);
            res.body() = "done " + std::string(req.target());
        });
    http.listen(0, "127.0.0.1");
    unsigned short const port = http.local_endpoint().port();
    wsio::server& srv = wsio::attach(http);
    runner r(ioc, 2);

    raw_client idle(port), busy(port);
    make_idle(idle, 200);
    busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_REQUIRE(entered.get_future().wait_for(2s) ==
                  std::future_status::ready);

    mailbox<error_code> done;
    srv.async_shutdown(5s, [&done](error_code ec) { done.push(ec); });
    // The idle connection goes now, though a request is still running.
    BOOST_TEST(idle.closed_by_peer());
    BOOST_TEST(done.size() == 0u);
    BOOST_TEST(!r.all_returned());

    release.set_value();
    http_response const res = read_http_response(busy);
    BOOST_TEST(res.status == 200);
    BOOST_TEST(res.body == "done /slow");
    BOOST_TEST(header_value(res.header, "Connection").value_or("") == "close");
    BOOST_TEST(busy.closed_by_peer());
    auto const ec = done.pop(2s);
    BOOST_REQUIRE(ec);
    BOOST_TEST(!*ec);
    BOOST_TEST(r.wait_returned(2s));
}

// A request whose body is still arriving when the shutdown starts is read
// to the end and answered.
BOOST_AUTO_TEST_CASE(request_being_received_is_answered)
{
    asio::io_context ioc;
    wsio::http_server http(ioc.get_executor());
    http.on_request().connect([](wsio::http_server::request const& req,
                                 wsio::http_server::response& res) {
        res.result(boost::beast::http::status::ok);
        res.body() = "got " + req.body();
    });
    http.listen(0, "127.0.0.1");
    unsigned short const port = http.local_endpoint().port();
    runner r(ioc);

    raw_client c(port);
    c.send("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
    std::this_thread::sleep_for(50ms); // the header is in
    std::future<void> done = http.async_shutdown(5s, asio::use_future);
    std::this_thread::sleep_for(50ms);
    BOOST_TEST((done.wait_for(0s) == std::future_status::timeout));
    c.send("56789");
    http_response const res = read_http_response(c);
    BOOST_TEST(res.status == 200);
    BOOST_TEST(res.body == "got 0123456789");
    BOOST_TEST(header_value(res.header, "Connection").value_or("") == "close");
    BOOST_TEST(c.closed_by_peer());
    BOOST_REQUIRE((done.wait_for(2s) == std::future_status::ready));
    BOOST_CHECK_NO_THROW(done.get()); // use_future: success, no exception
    BOOST_TEST(r.wait_returned(2s));
    BOOST_TEST(refused(port));
}

// http_server alone: several calls, each handler runs exactly once, after
// the call returned; a server with nothing open completes at once.
BOOST_AUTO_TEST_CASE(every_handler_runs_once)
{
    asio::io_context ioc;
    wsio::http_server http(ioc.get_executor());
    http.listen(0, "127.0.0.1");
    unsigned short const port = http.local_endpoint().port();

    // Flags touched only on the (single) io thread.
    int first = 0, second = 0;
    bool inside = false, ran_inside = false;
    error_code first_ec = asio::error::fault, second_ec = asio::error::fault;
    auto const start = [&] {
        inside = true;
        http.async_shutdown(5s, [&](error_code ec) {
            ran_inside = ran_inside || inside;
            first_ec = ec;
            ++first;
        });
        http.async_shutdown(5s, [&](error_code ec) {
            ran_inside = ran_inside || inside;
            second_ec = ec;
            ++second;
        });
        inside = false;
    };
    {
        runner r(ioc);
        raw_client idle(port);
        make_idle(idle, 404);
        asio::post(ioc, start);
        BOOST_TEST(idle.closed_by_peer());
        BOOST_REQUIRE(r.wait_returned(2s));
    }
    BOOST_TEST(first == 1);
    BOOST_TEST(second == 1);
    BOOST_TEST(!first_ec);
    BOOST_TEST(!second_ec);
    BOOST_TEST(!ran_inside);
}

// A server fed by the application's own HTTP code (handle_upgrade, no
// http_server): the call closes its sockets and completes.
BOOST_AUTO_TEST_CASE(server_without_http_server)
{
    asio::io_context ioc;
    wsio::server srv(ioc.get_executor());
    tcp::acceptor acc(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    unsigned short const port = acc.local_endpoint().port();
    acc.async_accept([&srv](error_code ec, tcp::socket s) {
        if (ec)
            return;
        boost::beast::http::request<boost::beast::http::empty_body> req;
        req.method(boost::beast::http::verb::get);
        req.target("/");
        req.version(11);
        req.set("Host", "127.0.0.1");
        req.set("Upgrade", "websocket");
        req.set("Connection", "Upgrade");
        req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        req.set("Sec-WebSocket-Version", "13");
        srv.handle_upgrade(std::move(req), std::move(s));
    });
    runner r(ioc);
    raw_client ws(port);
    BOOST_TEST(status_of(ws.read_http_header()) == 101);

    mailbox<error_code> done;
    srv.async_shutdown(5s, [&done](error_code ec) { done.push(ec); });
    expect_going_away(ws);
    auto const ec = done.pop(2s);
    BOOST_REQUIRE(ec);
    BOOST_TEST(!*ec);
    BOOST_TEST(r.wait_returned(2s));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(listen_errors)

// A taken port: the error_code overloads say address_in_use and throw
// nothing; the throwing ones throw system_error with that code.
BOOST_AUTO_TEST_CASE(taken_port_reports_address_in_use)
{
    asio::io_context ioc;
    wsio::server& first = wsio::listen(ioc, 0, {}, "127.0.0.1");
    unsigned short const port = first.http_server()->local_endpoint().port();

    error_code ec;
    wsio::server* const second =
        wsio::listen(ioc, port, {}, "127.0.0.1", ec);
    BOOST_TEST(second == nullptr);
    BOOST_TEST(ec == asio::error::address_in_use);

    ec = {};
    BOOST_TEST(wsio::listen(ioc, port, ec) == nullptr); // 0.0.0.0:port
    BOOST_TEST(ec == asio::error::address_in_use);

    wsio::http_server http(ioc.get_executor());
    ec = {};
    http.listen({asio::ip::make_address("127.0.0.1"), port}, ec);
    BOOST_TEST(ec == asio::error::address_in_use);
    ec = {};
    http.listen(port, "127.0.0.1", ec);
    BOOST_TEST(ec == asio::error::address_in_use);

    // The failed attempts left nothing half-open: a free port still works.
    ec = {};
    http.listen(0, "127.0.0.1", ec);
    BOOST_TEST(!ec);
    BOOST_TEST(http.local_endpoint().port() != 0);

    BOOST_CHECK_EXCEPTION(
        wsio::listen(ioc, port, {}, "127.0.0.1"), boost::system::system_error,
        [](boost::system::system_error const& e) {
            return e.code() == asio::error::address_in_use;
        });
}

BOOST_AUTO_TEST_CASE(bad_address_is_an_error_not_an_exception)
{
    asio::io_context ioc;
    error_code ec;
    BOOST_TEST(wsio::listen(ioc, 0, {}, "not-an-address", ec) == nullptr);
    BOOST_TEST(ec == asio::error::invalid_argument);
    wsio::http_server http(ioc.get_executor());
    ec = {};
    http.listen(0, "999.0.0.1", ec);
    BOOST_TEST(ec == asio::error::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
