//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Bad input over real loopback TCP: every case ends in a defined close
// code or an HTTP 4xx within a second, with bounded memory, and the server
// still serves a new client afterwards.

#define BOOST_TEST_MODULE integration_bad_input
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "wire.hpp"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

/// An HTTP answer read until the server closed the connection.
struct refusal
{
    int status = 0;
    std::string header;
    std::string body;
    bool closed = false;
    clock_type::duration took{};
};

int
status_of(std::string const& header)
{
    // "HTTP/1.1 426 Upgrade Required"
    if (header.size() < 12 || header.rfind("HTTP/1.1 ", 0) != 0)
        return 0;
    return std::stoi(header.substr(9, 3));
}

/** Sends `request` and reads the whole answer up to EOF. The writing runs
    in its own thread and ignores errors: a server that refuses a huge
    request may close before it has all been sent. */
refusal
send_and_read_to_eof(unsigned short port, std::string const& request)
{
    refusal r;
    raw_client c(port, 3s);
    auto const t0 = clock_type::now();
    std::thread writer([&] {
        boost::system::error_code ec;
        boost::asio::write(c.socket(), boost::asio::buffer(request), ec);
    });
    std::string all;
    try
    {
        all = c.read_to_eof();
        r.closed = true;
    }
    catch (std::exception const&)
    {
        // receive timeout: the server left the connection open
    }
    r.took = clock_type::now() - t0;
    // Unblock a writer stuck on a full socket buffer.
    boost::system::error_code ec;
    c.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    writer.join();
    auto const end = all.find("\r\n\r\n");
    r.header = all.substr(0, end == std::string::npos ? all.size() : end + 4);
    if (end != std::string::npos)
        r.body = all.substr(end + 4);
    r.status = status_of(r.header);
    return r;
}

std::string
request_with(std::string_view method, std::string_view fields)
{
    std::string r(method);
    r += " / HTTP/1.1\r\n";
    r += fields;
    r += "\r\n";
    return r;
}

std::string const key_line = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
std::string const base_fields = "Host: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                "Connection: Upgrade\r\n";

struct refused_case
{
    char const* name;
    std::string request;
    int status;
};

std::ostream&
operator<<(std::ostream& os, refused_case const& c)
{
    return os << c.name;
}

std::string
hixie76_with_keys(std::string_view key1, std::string_view key2)
{
    std::string r = "GET /demo HTTP/1.1\r\nHost: example.com\r\n"
                    "Connection: Upgrade\r\nUpgrade: WebSocket\r\n"
                    "Sec-WebSocket-Key1: ";
    r += key1;
    r += "\r\nSec-WebSocket-Key2: ";
    r += key2;
    r += "\r\nOrigin: http://example.com\r\n\r\n^n:ds[4U";
    return r;
}

std::vector<refused_case>
refused_cases()
{
    std::string const good_key2 = "12998 5 Y3 1  .P00";
    std::vector<refused_case> v;
    auto add = [&](char const* n, std::string r, int s) {
        v.push_back({n, std::move(r), s});
    };
    for (auto const* ver : {"14", "constructor", "toString", "__proto__",
                            "hasOwnProperty", "07", "+8", "13,8", "0x0d",
                            "1.3"})
        add(ver, hybi_request("/", ver), 426);
    add("version_missing_with_key",
        request_with("GET", base_fields + key_line), 426);
    add("key_missing",
        request_with("GET", base_fields + "Sec-WebSocket-Version: 13\r\n"),
        400);
    add("key_10_bytes",
        request_with("GET", base_fields +
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZQ==\r\n"
                                "Sec-WebSocket-Version: 13\r\n"),
        400);
    add("key_17_bytes",
        request_with("GET", base_fields +
                                "Sec-WebSocket-Key: "
                                "dGhlIHNhbXBsZSBub25jZSE=\r\n"
                                "Sec-WebSocket-Version: 13\r\n"),
        400);
    add("key_not_base64",
        request_with("GET", base_fields +
                                "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n"
                                "Sec-WebSocket-Version: 13\r\n"),
        400);
    add("post",
        request_with("POST", base_fields + key_line +
                                 "Sec-WebSocket-Version: 13\r\n"
                                 "Content-Length: 0\r\n"),
        400);
    add("connection_without_upgrade",
        request_with("GET", "Host: 127.0.0.1\r\nUpgrade: websocket\r\n"
                            "Connection: keep-alive\r\n" +
                                key_line + "Sec-WebSocket-Version: 13\r\n"),
        400);
    add("host_missing",
        request_with("GET", "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
                                key_line + "Sec-WebSocket-Version: 13\r\n"),
        400);
    add("hixie76_key_without_spaces",
        hixie76_with_keys("4@146546xW%0l15", good_key2), 400);
    add("hixie76_key_with_non_integer_quotient",
        hixie76_with_keys("1 2 5", good_key2), 400);
    add("hixie76_key_over_2_32_minus_1",
        hixie76_with_keys("4 @1  46546xW%0l 1 5", "42949672950 x"), 400);
    add("hixie76_quotient_over_2_32_minus_1",
        hixie76_with_keys("8589934590 ", good_key2), 400);
    add("hixie76_key_without_digits", hixie76_with_keys("a b c", good_key2),
        400);
    add("hixie76_key2_missing",
        "GET /demo HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
        "Upgrade: WebSocket\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
        "\r\n^n:ds[4U",
        400);
    add("not_http", "\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03\r\n\r\n",
        400);
    return v;
}

} // namespace

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(refused_upgrade)

BOOST_DATA_TEST_CASE(refused_upgrade_is_answered_and_closed,
                     bdata::make(refused_cases()), rc)
{
    echo_server srv;
    auto const r = send_and_read_to_eof(srv.port(), rc.request);
    BOOST_TEST(r.status == rc.status, r.header);
    BOOST_TEST(r.closed, "the server must close after refusing");
    BOOST_TEST(ms(r.took) < 1000);
    BOOST_TEST(r.header.find("\r\nConnection: close\r\n") != std::string::npos);
    if (rc.status == 426)
        BOOST_TEST(r.header.find("\r\nSec-WebSocket-Version: 13, 8, 7\r\n") !=
                   std::string::npos);
    // Nothing follows the announced body: no smuggled 101, no frames.
    auto const cl = r.header.find("Content-Length: ");
    if (cl != std::string::npos)
        BOOST_TEST(r.body.size() ==
                   std::stoul(r.header.substr(cl + 16,
                                              r.header.find('\r', cl) -
                                                  cl - 16)));
    BOOST_TEST(srv.events().close_count() == 0u); // no socket was opened
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_CASE(path_mismatch_is_answered_404_and_closed)
{
    wsio::options opts;
    opts.path = "/chat";
    echo_server srv(opts);
    for (auto const* path : {"/", "/chat/", "/chatroom", "/CHAT", "/x/chat"})
    {
        auto const r = send_and_read_to_eof(srv.port(),
                                            hybi_request(path, "13"));
        BOOST_TEST(r.status == 404, path << ": " << r.header);
        BOOST_TEST(r.closed);
        BOOST_TEST(ms(r.took) < 1000);
    }
    // The right path, with or without a query, still upgrades.
    for (auto const* path : {"/chat", "/chat?room=1"})
    {
        auto c = open_hybi(srv.port(), "13", path);
        c->send(client_frame(0x1, path));
        BOOST_TEST(c->read_frame().payload == path);
    }
    // Hixie drafts obey the path too.
    auto const r = send_and_read_to_eof(srv.port(),
                                        hixie76_request("/demo") + "^n:ds[4U");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(r.closed);
}

BOOST_AUTO_TEST_CASE(plain_http_is_answered_501_and_closed)
{
    echo_server srv;
    auto const r = send_and_read_to_eof(
        srv.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(r.status == 501);
    BOOST_TEST(r.closed);
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(header_limits)

BOOST_AUTO_TEST_CASE(a_1_mib_header_is_refused_fast)
{
    echo_server srv;
    std::string req = hybi_request("/", "13",
                                   "X-Big: " + std::string(1 << 20, 'a') +
                                       "\r\n");
    auto const r = send_and_read_to_eof(srv.port(), req);
    BOOST_TEST((r.status == 431 || r.status == 400), r.header);
    BOOST_TEST(r.closed);
    BOOST_TEST(ms(r.took) < 1000);
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_CASE(ten_thousand_headers_are_refused_fast)
{
    echo_server srv;
    std::string many;
    for (int i = 0; i < 10000; ++i)
        many += "X-H" + std::to_string(i) + ": v\r\n";
    // Upgrade hidden behind them (ws CVE-2024-37890).
    auto const r = send_and_read_to_eof(
        srv.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many +
                        "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
                        key_line + "Sec-WebSocket-Version: 13\r\n\r\n");
    BOOST_TEST((r.status == 431 || r.status == 400), r.header);
    BOOST_TEST(r.closed);
    BOOST_TEST(ms(r.took) < 1000);
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_CASE(ten_thousand_headers_within_a_raised_limit_still_upgrade)
{
    wsio::options opts;
    opts.max_header_size = 512 * 1024;
    echo_server srv(opts);
    std::string many;
    for (int i = 0; i < 10000; ++i)
        many += "X-H" + std::to_string(i) + ": v\r\n";
    raw_client c(srv.port());
    auto const t0 = clock_type::now();
    c.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many +
           "Upgrade: websocket\r\nConnection: Upgrade\r\n" + key_line +
           "Sec-WebSocket-Version: 13\r\n\r\n");
    auto const h = c.read_http_header();
    BOOST_TEST(ms(clock_type::now() - t0) < 1000);
    BOOST_TEST(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    c.send(client_frame(0x1, "ok"));
    BOOST_TEST(c.read_frame().payload == "ok");
}

BOOST_AUTO_TEST_CASE(space_padded_subprotocol_list_is_parsed_in_linear_time)
{
    wsio::options opts;
    opts.choose_subprotocol = [](std::vector<std::string_view> const& offered) {
        return std::find(offered.begin(), offered.end(), "b") != offered.end()
                   ? std::string("b")
                   : std::string();
    };
    echo_server srv(opts);
    // ws's ReDoS (CVE-2021-32640): "a" followed by many spaces. 7,500
    // spaces keep the request under the default 8 KiB header limit.
    std::string const spaces(7500, ' ');
    struct shape
    {
        std::string value;
        bool chooses_b;
    };
    for (auto const& sh : {shape{"a," + spaces + ",b", true},
                           shape{"a" + spaces + "x", false},
                           shape{"a" + spaces + ",b", true},
                           shape{"," + spaces + "b", true}})
    {
        // Best of three, to keep a loaded machine's hiccups out of it.
        auto best = clock_type::duration::max();
        std::string h;
        for (int i = 0; i < 3; ++i)
        {
            raw_client c(srv.port());
            auto const req = hybi_request(
                "/", "13", "Sec-WebSocket-Protocol: " + sh.value + "\r\n");
            BOOST_REQUIRE(req.size() < 8192);
            auto const t0 = clock_type::now();
            c.send(req);
            h = c.read_http_header();
            best = std::min(best, clock_type::now() - t0);
        }
        BOOST_TEST(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
        BOOST_TEST((h.find("\r\nSec-WebSocket-Protocol: b\r\n") !=
                    std::string::npos) == sh.chooses_b);
        BOOST_TEST(ms(best) < 50, "took " << ms(best) << " ms");
    }
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(slow_peers)

BOOST_AUTO_TEST_CASE(slowloris_sockets_are_closed_by_the_handshake_timeout)
{
    // Note: listen() holds the header read of its http_server to
    // options::handshake_timeout; then the socket's own handshake timer
    // covers the rest (hixie-76 key3).
    wsio::options opts;
    opts.handshake_timeout = 500ms;
    echo_server srv(opts);

    constexpr int sockets = 50;
    boost::asio::io_context ioc;
    std::vector<tcp::socket> slow;
    // From before the first connect: no socket can be accepted earlier.
    auto const t0 = clock_type::now();
    for (int i = 0; i < sockets; ++i)
    {
        slow.emplace_back(ioc);
        slow.back().connect(
            {boost::asio::ip::make_address("127.0.0.1"), srv.port()});
        slow.back().non_blocking(true);
    }
    auto const request = hybi_request();
    std::vector<clock_type::duration> closed_after(sockets,
                                                   clock_type::duration::max());
    bool real_done = false;
    std::size_t sent = 0;
    int open = sockets;
    while (open > 0 && clock_type::now() - t0 < 5s)
    {
        // One more byte on each socket still open.
        for (int i = 0; i < sockets; ++i)
        {
            if (closed_after[i] != clock_type::duration::max())
                continue;
            boost::system::error_code ec;
            slow[i].write_some(boost::asio::buffer(&request[sent], 1), ec);
        }
        if (sent + 1 < request.size())
            ++sent;
        // A real client is served meanwhile.
        if (!real_done && clock_type::now() - t0 > 200ms)
        {
            check_still_serves(srv.port());
            real_done = true;
        }
        // Wait 100 ms, noting each socket the server closes.
        auto const tick_end = clock_type::now() + 100ms;
        while (clock_type::now() < tick_end && open > 0)
        {
            std::vector<pollfd> fds;
            std::vector<int> index;
            for (int i = 0; i < sockets; ++i)
                if (closed_after[i] == clock_type::duration::max())
                {
                    fds.push_back({slow[i].native_handle(), POLLIN, 0});
                    index.push_back(i);
                }
            auto const left = std::chrono::duration_cast<
                std::chrono::milliseconds>(tick_end - clock_type::now());
            if (::poll(fds.data(), fds.size(),
                       static_cast<int>(std::max<long>(1, left.count()))) <= 0)
                continue;
            for (std::size_t k = 0; k < fds.size(); ++k)
            {
                if (fds[k].revents == 0)
                    continue;
                char buf[256];
                boost::system::error_code ec;
                slow[index[k]].read_some(boost::asio::buffer(buf), ec);
                if (ec && ec != boost::asio::error::would_block)
                {
                    closed_after[index[k]] = clock_type::now() - t0;
                    --open;
                }
            }
        }
    }
    BOOST_TEST(real_done);
    BOOST_TEST(open == 0);
    auto const last =
        *std::max_element(closed_after.begin(), closed_after.end());
    auto const first =
        *std::min_element(closed_after.begin(), closed_after.end());
    BOOST_TEST(ms(first) >= 450); // not before the timeout
    BOOST_TEST(ms(last) < 1500, "last closed after " << ms(last) << " ms");
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_CASE(hixie76_key3_never_sent_is_closed_by_the_timeout)
{
    wsio::options opts;
    opts.handshake_timeout = 500ms;
    echo_server srv(opts);
    raw_client c(srv.port(), 3s);
    auto const t0 = clock_type::now();
    c.send(hixie76_request() + "^n:d"); // half of key3, then silence
    BOOST_TEST(c.read_to_eof().empty());
    auto const took = clock_type::now() - t0;
    BOOST_TEST(ms(took) >= 400);
    BOOST_TEST(ms(took) < 1500);
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_CASE(a_client_that_never_reads_cannot_grow_server_memory)
{
    constexpr std::size_t cap = 1 << 20;
    constexpr std::size_t chunk = 64 * 1024;
    wsio::options opts;
    opts.max_buffered_amount = cap;
    opts.close_timeout = 300ms;
    wsio_test::server_fixture fx(opts);

    struct shared_state
    {
        std::atomic<std::size_t> max_buffered{0};
        std::atomic<std::size_t> sent{0};
        std::atomic<bool> overflow{false};
        std::atomic<int> close_code{-1};
        std::atomic<bool> flooding{false};
        std::shared_ptr<wsio::socket> flooded; // set before the client reads
        std::string payload = std::string(chunk, 'z');
    };
    auto st = std::make_shared<shared_state>();
    fx.server().on_connection().connect(
        [st](std::shared_ptr<wsio::socket> const& s) {
            if (st->flooding.exchange(true))
            {
                // Later connections (check_still_serves) just echo.
                wsio::socket* const raw = s.get();
                s->on_message().connect([raw](wsio::message const& m) {
                    raw->send(m.data, m.type);
                });
                return;
            }
            st->flooded = s;
            std::weak_ptr<wsio::socket> weak = s;
            s->on_error().connect([st](boost::system::error_code ec) {
                if (ec == wsio::error::buffer_overflow)
                    st->overflow = true;
            });
            s->on_close().connect([st](wsio::close_code c, std::string_view) {
                st->close_code = static_cast<int>(c);
            });
            // A timer on the socket's strand sends 64 KiB messages for as
            // long as the socket is open.
            auto timer =
                std::make_shared<boost::asio::steady_timer>(s->get_executor());
            auto tick = std::make_shared<std::function<void()>>();
            *tick = [st, weak, timer, tick] {
                auto s = weak.lock();
                if (!s || s->ready_state() != wsio::ready_state::open)
                {
                    *tick = nullptr; // break the cycle
                    return;
                }
                for (int i = 0; i < 4 && s->ready_state() ==
                                             wsio::ready_state::open;
                     ++i)
                {
                    s->send(st->payload, wsio::frame_type::binary);
                    ++st->sent;
                    // Sampled after the send that overflows too: what
                    // the server holds then is the worst case.
                    auto const b = s->buffered_amount();
                    auto m = st->max_buffered.load();
                    while (b > m &&
                           !st->max_buffered.compare_exchange_weak(m, b))
                    {
                    }
                }
                timer->expires_after(std::chrono::milliseconds(1));
                timer->async_wait([tick](boost::system::error_code ec) {
                    if (!ec && *tick)
                        (*tick)();
                });
            };
            (*tick)();
        });

    auto const rss0 = rss_bytes();
    std::atomic<std::size_t> rss_max{rss0};
    std::atomic<bool> sampling{true};
    std::thread sampler([&] {
        while (sampling)
        {
            rss_max = std::max(rss_max.load(), rss_bytes());
            std::this_thread::sleep_for(5ms);
        }
    });

    auto c = open_hybi(fx.port()); // and never read again
    auto const t0 = clock_type::now();
    BOOST_TEST(eventually([&] { return st->overflow.load(); }, 5s));
    BOOST_TEST(eventually([&] { return st->close_code.load() != -1; }, 5s));
    auto const took = clock_type::now() - t0;
    sampling = false;
    sampler.join();

    BOOST_TEST_MESSAGE("slow reader: " << st->sent << " messages queued, "
                                       << "max buffered "
                                       << st->max_buffered << " B, cut after "
                                       << std::chrono::duration_cast<
                                              std::chrono::milliseconds>(took)
                                              .count()
                                       << " ms");
    // The cap holds for data; only the closing frame may go past it.
    BOOST_TEST(st->max_buffered.load() <= cap + 8);
    BOOST_TEST(ms(took) < 3000);
    // The close frame (1008) cannot get past the unread data, so the close
    // timeout cuts the TCP connection: 1006 locally.
    BOOST_TEST((st->close_code == 1006 || st->close_code == 1008),
               "close code " << st->close_code);
    BOOST_TEST(rss_max - rss0 < std::size_t(32) << 20,
               "RSS grew by " << (rss_max - rss0) / 1024 << " KiB");
    // Once closed, nothing is queued; the aborted write completing after
    // the close must not make the count wrap around.
    BOOST_REQUIRE(st->flooded);
    BOOST_TEST(!eventually([&] { return st->flooded->buffered_amount() != 0; },
                           100ms),
               "buffered_amount() " << st->flooded->buffered_amount());
    st->flooded.reset();
    // The cut connection ends (EOF or reset) once its data is drained.
    c->socket().non_blocking(false);
    set_receive_timeout(*c, 3s);
    std::size_t drained = 0;
    bool ended = false;
    try
    {
        char buf[65536];
        for (;;)
        {
            boost::system::error_code ec;
            auto const n = c->socket().read_some(boost::asio::buffer(buf), ec);
            if (ec == boost::asio::error::would_block ||
                ec == boost::asio::error::try_again)
                break;
            if (ec)
            {
                ended = true;
                break;
            }
            drained += n;
        }
    }
    catch (std::exception const&)
    {
    }
    BOOST_TEST(ended, "drained " << drained << " B without reaching EOF");
    check_still_serves(fx.port());
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(frame_floods)

BOOST_AUTO_TEST_CASE(a_million_one_byte_fragments_use_bounded_memory)
{
    constexpr std::size_t fragments = 1000000;
    echo_server srv; // default limits: 16 MiB messages
    auto c = open_hybi(srv.port());

    // Masked 1-byte frames: FIN/opcode, 0x81, 4-byte key, 1 byte.
    std::string expected(fragments, '\0');
    std::string wire;
    wire.reserve(fragments * 7);
    char const key[4] = {'\x5A', '\x13', '\x77', '\x01'};
    for (std::size_t i = 0; i < fragments; ++i)
    {
        char const ch = static_cast<char>('a' + i % 26);
        expected[i] = ch;
        std::uint8_t const op = i == 0 ? 0x1 : 0x0;
        std::uint8_t const fin = i + 1 == fragments ? 0x80 : 0x00;
        wire += static_cast<char>(fin | op);
        wire += '\x81';
        wire.append(key, 4);
        wire += static_cast<char>(ch ^ key[0]);
    }

    auto const rss0 = rss_bytes();
    std::atomic<std::size_t> rss_max{rss0};
    std::atomic<bool> sampling{true};
    std::thread sampler([&] {
        while (sampling)
        {
            rss_max = std::max(rss_max.load(), rss_bytes());
            std::this_thread::sleep_for(5ms);
        }
    });
    auto const t0 = clock_type::now();
    std::thread writer([&] {
        boost::system::error_code ec;
        boost::asio::write(c->socket(), boost::asio::buffer(wire), ec);
    });
    frame f;
    try
    {
        f = c->read_frame();
    }
    catch (std::exception const& e)
    {
        BOOST_ERROR(e.what());
    }
    auto const took = clock_type::now() - t0;
    writer.join();
    sampling = false;
    sampler.join();

    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST(f.payload.size() == fragments);
    BOOST_TEST((f.payload == expected));
    BOOST_TEST_MESSAGE("1M fragments echoed in "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(
                              took)
                              .count()
                       << " ms, RSS +" << (rss_max - rss0) / 1024 << " KiB");
    BOOST_TEST(rss_max - rss0 < std::size_t(64) << 20,
               "RSS grew by " << (rss_max - rss0) / 1024 << " KiB");
    BOOST_TEST(ms(took) < 10000);
    check_still_serves(srv.port());
}

BOOST_AUTO_TEST_CASE(fragments_past_the_limit_fail_with_1009)
{
    wsio::options opts;
    opts.max_message_size = 1000;
    echo_server srv(opts);
    auto c = open_hybi(srv.port());
    std::string wire = client_frame(0x2, "x", false);
    for (int i = 0; i < 2000; ++i)
        wire += client_frame(0x0, "x", false);
    std::thread writer([&] {
        boost::system::error_code ec;
        boost::asio::write(c->socket(), boost::asio::buffer(wire), ec);
    });
    auto const f = c->read_frame();
    writer.join();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == 1009u);
    BOOST_TEST(c->closed_by_peer());
    BOOST_TEST(srv.events().saw_error(wsio::error::message_too_big));
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(hixie_frames)

namespace {

enum class hixie
{
    v75,
    v76
};

std::ostream&
operator<<(std::ostream& os, hixie h)
{
    return os << (h == hixie::v75 ? "hixie-75" : "hixie-76");
}

std::unique_ptr<raw_client>
open_hixie(hixie h, unsigned short port)
{
    return h == hixie::v75 ? open_hixie75(port) : open_hixie76(port);
}

/// hixie-76 answers a failure with its closing frame; hixie-75 has none.
void
expect_hixie_close(hixie h, raw_client& c)
{
    if (h == hixie::v76)
        BOOST_TEST(c.read_exactly(2) == std::string("\xFF\x00", 2));
    BOOST_TEST(c.closed_by_peer());
}

std::vector<hixie> const both{hixie::v75, hixie::v76};

} // namespace

BOOST_DATA_TEST_CASE(text_frame_without_terminator_is_cut_at_the_size_limit,
                     bdata::make(both), h)
{
    wsio::options opts;
    opts.max_message_size = 1024;
    echo_server srv(opts);
    auto c = open_hixie(h, srv.port());
    c->send(hixie_text("fits"));
    BOOST_TEST(read_hixie_text(*c) == "fits");
    auto const t0 = clock_type::now();
    c->send(std::string(1, '\0') + std::string(2000, 'a')); // no 0xFF
    expect_hixie_close(h, *c);
    BOOST_TEST(ms(clock_type::now() - t0) < 1000);
    BOOST_TEST(eventually(
        [&] { return srv.events().saw_error(wsio::error::message_too_big); }));
    check_still_serves(srv.port());
}

BOOST_DATA_TEST_CASE(text_frame_without_terminator_in_many_pieces_is_cut,
                     bdata::make(both), h)
{
    wsio::options opts;
    opts.max_message_size = 4096;
    echo_server srv(opts);
    auto c = open_hixie(h, srv.port());
    c->socket().set_option(boost::asio::ip::tcp::no_delay(true));
    c->send(std::string(1, '\0'));
    boost::system::error_code ec;
    for (int i = 0; i < 100 && !ec; ++i)
        boost::asio::write(c->socket(),
                           boost::asio::buffer(std::string(100, 'b')), ec);
    expect_hixie_close(h, *c);
}

BOOST_DATA_TEST_CASE(length_prefixed_frame_with_11_length_bytes_is_closed,
                     bdata::make(both), h)
{
    echo_server srv;
    auto c = open_hixie(h, srv.port());
    // Ten continuation digits of zero, then an eleventh: no 64-bit length
    // needs that many.
    c->send(std::string(11, '\x80') + std::string(1, '\x01') + "x");
    expect_hixie_close(h, *c);
    BOOST_TEST(eventually(
        [&] { return srv.events().saw_error(wsio::error::message_too_big); }));
    check_still_serves(srv.port());
}

BOOST_DATA_TEST_CASE(length_prefixed_frame_over_the_limit_is_closed_at_once,
                     bdata::make(both), h)
{
    wsio::options opts;
    opts.max_message_size = 1024;
    echo_server srv(opts);
    auto c = open_hixie(h, srv.port());
    // 0x80 frame declaring 2^56 bytes: refused from the length alone.
    c->send(std::string("\x80\x81\x80\x80\x80\x80\x80\x80\x00", 9));
    expect_hixie_close(h, *c);
}

BOOST_DATA_TEST_CASE(unknown_frame_type_is_closed, bdata::make(both), h)
{
    echo_server srv;
    auto c = open_hixie(h, srv.port());
    c->send(std::string("\x01hello\xFF", 7));
    expect_hixie_close(h, *c);
    BOOST_TEST(eventually(
        [&] { return srv.events().saw_error(wsio::error::bad_frame_type); }));
}

BOOST_DATA_TEST_CASE(invalid_utf8_in_a_text_frame_is_closed,
                     bdata::make(both), h)
{
    echo_server srv;
    auto c = open_hixie(h, srv.port());
    c->send(hixie_text("\xC3\x28"));
    expect_hixie_close(h, *c);
    BOOST_TEST(eventually(
        [&] { return srv.events().saw_error(wsio::error::bad_utf8); }));
}

BOOST_AUTO_TEST_SUITE_END()
