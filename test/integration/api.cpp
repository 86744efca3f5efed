//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The public API beyond websocket.io's own suite, over loopback TCP:
// chaining and aliases, destroy, graceful shutdown, handle_upgrade from a
// user's Beast HTTP session, socket lifetime, on_data, buffered_amount.

#define BOOST_TEST_MODULE integration_api
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

using namespace wsio_test;
using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

void
record_close(socket_ptr const& s, mailbox<close_event>& box)
{
    s->on_close().connect([&box](wsio::close_code code,
                                 std::string_view reason) {
        box.push({static_cast<unsigned>(code), std::string(reason)});
    });
}

// The client answers a close frame the server sent, then sees EOF.
void
answer_close(raw_client& c, std::uint16_t code)
{
    c.send(client_close(code));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
}

//------------------------------------------------------------------------
// A user's own Beast HTTP server handing upgrades to server::handle_upgrade.

class beast_session : public std::enable_shared_from_this<beast_session>
{
public:
    beast_session(tcp::socket s, wsio::server& srv)
        : stream_(std::move(s)), srv_(srv)
    {
    }

    void
    run()
    {
        stream_.expires_after(5s);
        http::async_read_header(
            stream_, buffer_, parser_,
            [self = shared_from_this()](boost::system::error_code ec,
                                        std::size_t) {
                if (ec)
                    return;
                self->stream_.expires_never();
                // Everything the parser read past the header (hixie-76
                // key3, frames) goes along with the request and stream.
                auto const d = self->buffer_.data();
                std::string_view const leftover(
                    static_cast<char const*>(d.data()), d.size());
                self->srv_.handle_upgrade(self->parser_.release(),
                                          std::move(self->stream_), leftover);
            });
    }

private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request_parser<http::empty_body> parser_;
    wsio::server& srv_;
};

class beast_fixture
{
public:
    explicit beast_fixture(wsio::options opts = {})
        : guard_(asio::make_work_guard(ioc_)),
          srv_(std::make_unique<wsio::server>(ioc_.get_executor(),
                                              std::move(opts))),
          acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0})
    {
        accept();
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~beast_fixture()
    {
        guard_.reset();
        ioc_.stop();
        thread_.join();
        srv_.reset();
    }

    wsio::server&
    server() noexcept
    {
        return *srv_;
    }

    unsigned short
    port() const
    {
        return acceptor_.local_endpoint().port();
    }

private:
    void
    accept()
    {
        acceptor_.async_accept(
            asio::make_strand(ioc_),
            [this](boost::system::error_code ec, tcp::socket s) {
                if (ec)
                    return;
                std::make_shared<beast_session>(std::move(s), *srv_)->run();
                accept();
            });
    }

    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    std::unique_ptr<wsio::server> srv_;
    tcp::acceptor acceptor_;
    std::thread thread_;
};

// An io_context run by one thread, stopped and joined on destruction.
class io_runner
{
public:
    io_runner() : guard_(asio::make_work_guard(ioc_))
    {
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~io_runner()
    {
        guard_.reset();
        ioc_.stop();
        thread_.join();
    }

    asio::io_context&
    ioc() noexcept
    {
        return ioc_;
    }

private:
    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    std::thread thread_;
};

} // namespace

BOOST_AUTO_TEST_CASE(send_reports_queued_and_keeps_order)
{
    mailbox<bool> same;
    server_fixture f;
    f.server().on_connection().connect([&same](socket_ptr const& s) {
        bool all = s->send("one") == wsio::send_status::queued;
        all = s->send(std::string_view("\x01\x02", 2),
                      wsio::frame_type::binary) ==
                  wsio::send_status::queued && all;
        all = s->send(std::make_shared<std::string const>("three"),
                      wsio::frame_type::text) == wsio::send_status::queued &&
              all;
        all = s->write("four") == wsio::send_status::queued && all;
        same.push(all);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    BOOST_TEST(same.pop().value_or(false));
    frame fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "one");
    fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x2);
    BOOST_TEST(fr.payload == std::string("\x01\x02", 2));
    fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "three");
    fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "four");
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(write_and_end_are_aliases_of_send_and_close)
{
    mailbox<close_event> closes;
    server_fixture f;
    f.server().on_connection().connect([&closes](socket_ptr const& s) {
        record_close(s, closes);
        s->write("written");
        s->end(wsio::close_code::normal, "ended");
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    frame fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "written");
    fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x8);
    BOOST_TEST(close_code_of(fr.payload) == 1000u);
    BOOST_TEST(fr.payload.substr(2) == "ended");
    answer_close(c, 1000);
    auto const ev = closes.pop();
    BOOST_REQUIRE(ev);
    BOOST_TEST(ev->code == 1000u);
}

BOOST_AUTO_TEST_CASE(destroy_drops_the_connection_at_once)
{
    mailbox<weak_socket> conns;
    mailbox<close_event> closes;
    server_fixture f;
    f.server().on_connection().connect([&](socket_ptr const& s) {
        record_close(s, closes);
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    auto const s = next_socket(conns);
    wsio::socket& r = s->destroy();
    BOOST_TEST(&r == s.get());
    BOOST_TEST(c.read_to_eof().empty()); // EOF, no close frame
    auto const ev = closes.pop();
    BOOST_REQUIRE(ev);
    BOOST_TEST(ev->code == 1006u);
    BOOST_TEST((s->ready_state() == wsio::ready_state::closed));
    BOOST_TEST(eventually([&] { return f.server().clients_count() == 0; }));
    // Later calls are harmless.
    s->send("too late");
    s->close().destroy();
    BOOST_TEST(!closes.pop(50ms));
}

BOOST_AUTO_TEST_CASE(server_close_sends_going_away_to_every_client)
{
    mailbox<close_event> closes;
    server_fixture f;
    f.server().on_connection().connect(
        [&closes](socket_ptr const& s) { record_close(s, closes); });
    raw_client c13(f.port()), c8(f.port()), c76(f.port()), c75(f.port());
    BOOST_TEST(status_of(open_hybi(c13, "/", "13")) == 101);
    BOOST_TEST(status_of(open_hybi(c8, "/", "8")) == 101);
    BOOST_TEST(!open_hixie76(c76).empty());
    BOOST_TEST(status_of(open_hixie75(c75)) == 101);
    BOOST_TEST(eventually([&] { return f.server().clients_count() == 4; }));

    f.server().close();

    for (raw_client* c : {&c13, &c8})
    {
        frame const fr = c->read_frame();
        BOOST_TEST(fr.opcode == 0x8);
        BOOST_TEST(close_code_of(fr.payload) == 1001u);
        answer_close(*c, 1001);
    }
    BOOST_TEST(c76.read_exactly(2) == std::string("\xFF\x00", 2));
    c76.send(std::string("\xFF\x00", 2));
    BOOST_TEST(c76.closed_by_peer());
    hang_up(c76);
    BOOST_TEST(c75.closed_by_peer()); // no closing frame in hixie-75
    hang_up(c75);

    for (int i = 0; i < 4; ++i)
        BOOST_TEST(closes.pop().has_value());
    BOOST_TEST(eventually([&] { return f.server().connections_count() == 0; }));
    BOOST_TEST(f.server().clients_count() == 0u);
}

BOOST_AUTO_TEST_CASE(upgrades_after_server_close_are_answered_503)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    record_connections(f.server(), conns);
    f.server().close();
    for (int i = 0; i < 2; ++i)
    {
        raw_client c(f.port());
        c.send(i == 0 ? hybi_request()
                      : hixie76_request() + std::string(hixie76_key3));
        std::string const all = c.read_to_eof(); // answered and closed
        BOOST_TEST(status_of(all) == 503);
    }
    BOOST_TEST(conns.size() == 0u);
}

BOOST_AUTO_TEST_CASE(keep_alive_pings_an_idle_peer_and_drops_a_silent_one)
{
    wsio::options opts;
    opts.ping_interval = std::chrono::milliseconds(150);
    server_fixture f(opts);
    std::atomic<int> closed_with{0};
    f.server().on_connection().connect([&](socket_ptr const& s) {
        s->on_close().connect([&](wsio::close_code code, std::string_view) {
            closed_with = static_cast<int>(code);
        });
    });

    // An idle but live peer is pinged and stays open while it answers.
    raw_client live(f.port());
    BOOST_TEST(status_of(open_hybi(live)) == 101);
    for (int i = 0; i < 3; ++i)
    {
        frame const ping = live.read_frame();
        BOOST_TEST(ping.opcode == 0x9);
        live.send(client_frame(0xA, ping.payload));
    }
    BOOST_TEST(f.server().clients_count() == 1u);

    // A peer that never answers is cut after two silent intervals.
    raw_client silent(f.port());
    BOOST_TEST(status_of(open_hybi(silent)) == 101);
    BOOST_TEST(silent.read_frame().opcode == 0x9);
    std::string const rest = silent.read_to_eof();
    BOOST_TEST(eventually([&] { return closed_with.load() == 1006; }));
    BOOST_TEST(f.server().clients_count() == 1u); // the live one remains
}

BOOST_AUTO_TEST_CASE(handshake_in_progress_at_server_close_is_answered_503)
{
    server_fixture f;
    raw_client c(f.port());
    c.send(hixie76_request()); // key3 not sent: the handshake waits
    BOOST_TEST(eventually([&] { return f.server().connections_count() == 1u; }));
    f.server().close();
    std::string const all = c.read_to_eof();
    BOOST_TEST(status_of(all) == 503);
}

BOOST_AUTO_TEST_CASE(handshake_timeout_counts_from_the_first_header_byte)
{
    // A slow header and a slow key3 share one budget: the peer is cut
    // handshake_timeout after it started, not twice that.
    wsio::options opts;
    opts.handshake_timeout = std::chrono::milliseconds(600);
    server_fixture f(opts);
    raw_client c(f.port());
    auto const start = std::chrono::steady_clock::now();
    std::string const req = hixie76_request();
    c.send(req.substr(0, 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    c.send(req.substr(10)); // header complete; key3 never comes
    BOOST_TEST(c.closed_by_peer());
    auto const took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - start)
                             .count();
    BOOST_TEST(took_ms < 1000); // two budgets would be 1100 ms
}

BOOST_AUTO_TEST_CASE(handle_upgrade_from_a_beast_session_speaks_rfc6455)
{
    beast_fixture f;
    echo_messages(f.server());
    raw_client c(f.port());
    // The first frame rides in the same segment as the request.
    c.send(hybi_request() + client_frame(0x1, "via beast"));
    std::string const h = c.read_http_header();
    BOOST_TEST(status_of(h) == 101);
    BOOST_TEST(header_value(h, "Sec-WebSocket-Accept").value_or("") ==
               rfc6455_accept);
    frame const fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "via beast");
    BOOST_TEST(f.server().clients_count() == 1u);
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(handle_upgrade_from_a_beast_session_speaks_hixie76)
{
    beast_fixture f;
    echo_messages(f.server());
    raw_client c(f.port());
    // key3 and a frame in the same segment as the header: both are in the
    // Beast parser's leftover bytes.
    c.send(hixie76_request() + std::string(hixie76_key3) +
           hixie_text("leftover frame"));
    BOOST_TEST(status_of(c.read_http_header()) == 101);
    BOOST_TEST(c.read_exactly(16) == hixie76_answer);
    std::string const echo = hixie_text("leftover frame");
    BOOST_TEST(c.read_exactly(echo.size()) == echo);
}

BOOST_AUTO_TEST_CASE(handle_upgrade_refuses_bad_requests_and_closes)
{
    beast_fixture f;
    raw_client c(f.port());
    c.send(hybi_request("/", "constructor"));
    std::string const all = c.read_to_eof();
    BOOST_TEST(status_of(all) == 426);
}

BOOST_AUTO_TEST_CASE(a_socket_whose_slots_capture_it_is_freed_after_close)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    f.server().on_connection().connect([&conns](socket_ptr const& s) {
        // Each slot keeps the socket alive, until the socket drops them.
        s->on_message().connect([s](wsio::message const& m) { s->send(m.data); });
        s->on_data().connect([s](wsio::message const&) {});
        s->on_close().connect([s](wsio::close_code, std::string_view) {});
        s->on_error().connect([s](boost::system::error_code) {});
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    weak_socket const weak = conns.pop().value_or(weak_socket());
    BOOST_TEST(!weak.expired());
    c.send(client_frame(0x1, "ping me"));
    BOOST_TEST(c.read_frame().payload == "ping me");
    BOOST_TEST(!weak.expired());
    client_closes(c);
    BOOST_TEST(eventually([&] { return weak.expired(); }));
}

BOOST_AUTO_TEST_CASE(a_destroyed_socket_whose_slots_capture_it_is_freed)
{
    mailbox<weak_socket> conns;
    wsio::options opts;
    opts.client_tracking = false;
    server_fixture f(opts);
    f.server().on_connection().connect([&conns](socket_ptr const& s) {
        s->on_message().connect([s](wsio::message const&) { s->destroy(); });
        s->on_close().connect([s](wsio::close_code, std::string_view) {});
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    weak_socket const weak = conns.pop().value_or(weak_socket());
    BOOST_TEST(!weak.expired());
    c.send(client_frame(0x1, "destroy yourself"));
    BOOST_TEST(c.read_to_eof().empty());
    BOOST_TEST(eventually([&] { return weak.expired(); }));
}

BOOST_AUTO_TEST_CASE(on_data_fires_after_on_message_with_the_same_data)
{
    mailbox<std::string> events;
    server_fixture f;
    f.server().on_connection().connect([&events](socket_ptr const& s) {
        s->on_data().connect([&events](wsio::message const& m) {
            events.push("data:" + m.str());
        });
        s->on_message().connect([&events](wsio::message const& m) {
            events.push("message:" + m.str());
        });
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    c.send(client_frame(0x1, "x") + client_frame(0x2, "y"));
    for (char const* e : {"message:x", "data:x", "message:y", "data:y"})
        BOOST_TEST(events.pop().value_or("none") == e);
    client_closes(c);
    BOOST_TEST(events.size() == 0u);
}

BOOST_AUTO_TEST_CASE(buffered_amount_returns_to_zero_after_writes_complete)
{
    mailbox<weak_socket> conns;
    mailbox<std::size_t> queued;
    std::size_t const big = 1024 * 1024;
    server_fixture f;
    f.server().on_connection().connect([&, big](socket_ptr const& s) {
        s->send(std::string(big, 'b'), wsio::frame_type::binary);
        // Sends from the handler are queued until it returns.
        queued.push(s->buffered_amount());
        conns.push(s);
    });
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    auto const s = next_socket(conns);
    BOOST_TEST(queued.pop().value_or(0) >= big);
    frame const fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x2);
    BOOST_TEST(fr.payload.size() == big);
    BOOST_TEST(eventually([&] { return s->buffered_amount() == 0; }));

    // Many sends from a foreign thread, then drained.
    for (int i = 0; i < 200; ++i)
        s->send(std::string(1000, 'x'));
    for (int i = 0; i < 200; ++i)
        BOOST_TEST_REQUIRE(c.read_frame().payload.size() == 1000u);
    BOOST_TEST(eventually([&] { return s->buffered_amount() == 0; }));
    client_closes(c);
    BOOST_TEST(s->buffered_amount() == 0u);
}

BOOST_AUTO_TEST_CASE(listen_serves_keep_alive_requests_then_an_upgrade_on_one_connection)
{
    mailbox<weak_socket> conns;
    server_fixture f;
    record_connections(f.server(), conns);
    raw_client c(f.port());
    c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    for (int i = 0; i < 2; ++i)
    {
        http_response const r = read_http_response(c);
        BOOST_TEST(r.status == 501);
        BOOST_TEST(r.body == "Not Implemented");
    }
    BOOST_TEST(status_of(open_hybi(c, "/after-http")) == 101);
    BOOST_TEST(next_socket(conns)->req().target() == "/after-http");
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(destroying_an_http_server_closes_its_idle_connections)
{
    mailbox<int> requests;
    io_runner io;
    auto http = std::make_unique<wsio::http_server>(io.ioc().get_executor());
    http->on_request().connect([&requests](wsio::http_server::request const&,
                                           wsio::http_server::response& res) {
        requests.push(1);
        res.result(http::status::ok);
        res.body() = "ok";
    });
    http->listen(0, "127.0.0.1");
    auto const port = http->local_endpoint().port();
    // Far shorter than request_timeout (10 s): only the destructor can end
    // these connections in time.
    raw_client idle(port, 3s);
    idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    http_response const r = read_http_response(idle);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == "ok");
    BOOST_TEST(!header_value(r.header, "Connection").has_value()); // kept alive
    raw_client partial(port, 3s);
    partial.send("GET / HTTP/1.1\r\nHo");

    http.reset();

    BOOST_TEST(idle.closed_by_peer());
    BOOST_TEST(partial.closed_by_peer());
    BOOST_TEST(requests.size() == 1u);
}
