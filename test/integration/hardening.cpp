//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// No single client can exhaust the server: every byte it makes the server
// queue is bounded and returned, no connection is held by a trickle, a
// throwing handler or a destroyed io_context leaves nothing behind, and
// socket::close refuses what may not go on the wire. Each case asserts the
// figure (bytes, close code, time window), over real loopback TCP.

#define BOOST_TEST_MODULE integration_hardening
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "measure.hpp"

#include <boost/system/system_error.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#if defined(__SANITIZE_ADDRESS__)
#define WSIO_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WSIO_TEST_ASAN 1
#endif
#endif
#ifdef WSIO_TEST_ASAN
// From the sanitizer runtime (GCC ships no allocator_interface.h).
extern "C" std::size_t
__sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Named, not anonymous: the test cases' lambdas capture these types.
namespace hardening_test {

/// Bytes allocated on the heap right now by the whole process (what the
/// server's connections hold, plus the test's own data).
std::size_t
heap_in_use()
{
#ifdef WSIO_TEST_ASAN
    return __sanitizer_get_current_allocated_bytes();
#else
    struct mallinfo2 const m = mallinfo2();
    return m.uordblks + m.hblkhd;
#endif
}

/// Records what each socket reports: errors and the close code. Declare it
/// before the server_fixture: the server's threads push into it until the
/// fixture is gone.
struct observed
{
    mailbox<boost::system::error_code> errors;
    mailbox<close_event> closes;
    mailbox<weak_socket> sockets;

    void
    watch(wsio::server& srv, bool echo = true)
    {
        srv.on_connection().connect([this, echo](socket_ptr const& s) {
            sockets.push(weak_socket(s));
            wsio::socket* const raw = s.get();
            if (echo)
                s->on_message().connect([raw](wsio::message const& m) {
                    raw->send(m.data, m.type);
                });
            s->on_error().connect(
                [this](boost::system::error_code ec) { errors.push(ec); });
            s->on_close().connect(
                [this](wsio::close_code c, std::string_view r) {
                    closes.push({static_cast<unsigned>(c), std::string(r)});
                });
        });
    }

    /// True if `e` is among the errors reported within `timeout`.
    bool
    saw(wsio::error e, std::chrono::milliseconds timeout = 3000ms)
    {
        auto const end = clock_type::now() + timeout;
        while (clock_type::now() < end)
        {
            auto ec = errors.pop(std::chrono::duration_cast<
                                 std::chrono::milliseconds>(end -
                                                            clock_type::now()));
            if (!ec)
                return false;
            if (*ec == e)
                return true;
        }
        return false;
    }
};

/// A masked client frame header declaring `len` payload bytes (key 0, so
/// the payload bytes go on the wire as they are).
std::string
frame_header_only(std::uint8_t first_byte, std::uint64_t len)
{
    std::string h;
    h += static_cast<char>(first_byte);
    if (len < 126)
        h += static_cast<char>(0x80 | len);
    else if (len < 65536)
    {
        h += static_cast<char>(0x80 | 126);
        h += static_cast<char>(len >> 8);
        h += static_cast<char>(len & 0xFF);
    }
    else
    {
        h += static_cast<char>(0x80 | 127);
        for (int i = 7; i >= 0; --i)
            h += static_cast<char>((len >> (8 * i)) & 0xFF);
    }
    h.append(4, '\0'); // masking key 0
    return h;
}

/// Joins a thread on every path out of a scope (a failed check throws).
struct joiner
{
    std::thread& t;
    ~joiner()
    {
        if (t.joinable())
            t.join();
    }
};

/// Writes what `next()` returns every `period` from a thread of its own
/// until destroyed or the connection fails: a peer that trickles.
class trickler
{
public:
    trickler(raw_client& c, std::function<std::string()> next,
             std::chrono::milliseconds period)
        : thread_([this, &c, next = std::move(next), period] {
              boost::system::error_code ec;
              while (!stop_ && !ec)
              {
                  boost::asio::write(c.socket(), boost::asio::buffer(next()),
                                     ec);
                  std::this_thread::sleep_for(period);
              }
          })
    {
    }

    ~trickler()
    {
        stop_ = true;
        thread_.join();
    }

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

/// Receives exactly `n` bytes straight from the socket into `out` (or
/// discards them when `out` is null), bypassing raw_client's buffer so the
/// test holds no large buffer of its own.
void
recv_exactly(raw_client& c, char* out, std::size_t n)
{
    char tmp[16384];
    while (n != 0)
    {
        auto const want = (std::min)(n, sizeof(tmp));
        auto const got = ::recv(c.socket().native_handle(),
                                out ? out : tmp, want, 0);
        if (got <= 0)
        {
            if (got < 0 && errno == EINTR)
                continue;
            throw std::runtime_error("connection closed or timed out");
        }
        n -= static_cast<std::size_t>(got);
        if (out)
            out += got;
    }
}

/// Skips one server hybi frame straight from the socket; returns its
/// opcode and payload length.
std::pair<int, std::uint64_t>
skip_frame_direct(raw_client& c)
{
    unsigned char h[2];
    recv_exactly(c, reinterpret_cast<char*>(h), 2);
    std::uint64_t len = h[1] & 0x7F;
    if (len >= 126)
    {
        unsigned char e[8];
        std::size_t const k = len == 126 ? 2 : 8;
        recv_exactly(c, reinterpret_cast<char*>(e), k);
        len = 0;
        for (std::size_t i = 0; i < k; ++i)
            len = (len << 8) | e[i];
    }
    recv_exactly(c, nullptr, static_cast<std::size_t>(len));
    return {h[0] & 0x0F, len};
}

/// Sends `bytes` from a thread of its own, ignoring errors (the server may
/// close before it has all arrived).
std::thread
send_in_background(raw_client& c, std::shared_ptr<std::string const> bytes)
{
    return std::thread([&c, bytes] {
        boost::system::error_code ec;
        boost::asio::write(c.socket(), boost::asio::buffer(*bytes), ec);
    });
}

/// The client's side of a closing handshake the server started: echo the
/// code, then the server closes the TCP connection.
void
client_closes_after_server(raw_client& c, std::uint16_t code = 1011)
{
    c.send(client_close(code));
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
}

} // namespace hardening_test

using namespace hardening_test;

//------------------------------------------------------------------------
// 1. Memory: everything the server queues is bounded, and returned

BOOST_AUTO_TEST_SUITE(memory)

// A client that sends pings and never reads: the pongs pile up until
// high_water_mark, then the server stops reading, and TCP holds the client
// back. Nothing is lost: once the client reads, every pong arrives.
BOOST_AUTO_TEST_CASE(ping_flood_from_a_peer_that_never_reads_is_held_back)
{
    wsio::options opts; // the defaults
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port(), 10s);
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    auto const s = next_socket(obs.sockets);

    // One ping of 125 bytes, numbered so the pongs can be checked.
    auto ping_with = [](std::uint32_t i) {
        std::string p(125, 'p');
        std::memcpy(&p[0], &i, sizeof(i));
        return client_frame(0x9, p);
    };
    int const fd = c.socket().native_handle();
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    auto const rss0 = rss_bytes();
    std::size_t sent_bytes = 0, max_buffered = 0;
    std::uint32_t pings = 0;
    constexpr std::size_t give_up = std::size_t(256) << 20;
    auto blocked_since = clock_type::now();
    std::string pending;
    // Flood until the server has held us back for 500 ms without a break.
    while (sent_bytes < give_up &&
           clock_type::now() - blocked_since < 500ms)
    {
        if (pending.empty())
            for (int i = 0; i < 64; ++i)
                pending += ping_with(pings++);
        auto const n = ::send(fd, pending.data(), pending.size(),
                              MSG_NOSIGNAL);
        if (n > 0)
        {
            pending.erase(0, static_cast<std::size_t>(n));
            sent_bytes += static_cast<std::size_t>(n);
            blocked_since = clock_type::now();
        }
        else
        {
            ::pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 20);
        }
        max_buffered = (std::max)(max_buffered, s->buffered_amount());
    }
    auto const rss_growth = rss_bytes() - (std::min)(rss0, rss_bytes());
    BOOST_TEST_MESSAGE("ping flood: client could send "
                       << sent_bytes / 1024 << " KiB; server buffered at most "
                       << max_buffered / 1024 << " KiB; RSS grew "
                       << rss_growth / 1024 << " KiB");
    // Held back: the kernel's buffers on both sides (a few MiB on
    // loopback) plus what the server queued, never hundreds of MiB.
    BOOST_TEST(sent_bytes < std::size_t(64) << 20);
    // What the server queued: high water plus one small read's worth of
    // pongs (64 KiB near the mark, however large reads are elsewhere).
    BOOST_TEST(max_buffered <= opts.high_water_mark + (64u << 10) + 256u);
#ifndef WSIO_TEST_ASAN // ASan's quarantine holds freed memory in RSS
    BOOST_TEST(rss_growth < std::size_t(64) << 20);
#endif
    BOOST_TEST((s->ready_state() == wsio::ready_state::open));

    // Now read: every ping is answered, in order, with its payload, and the
    // server resumes reading what it had left in the kernel.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    std::thread rest([&] {
        boost::system::error_code ec;
        boost::asio::write(c.socket(), boost::asio::buffer(pending), ec);
    });
    std::uint32_t answered = 0;
    bool in_order = true;
    std::uint32_t const total = pings;
    while (answered < total)
    {
        frame const fr = c.read_frame();
        std::uint32_t i = 0;
        if (fr.opcode != 0xA || fr.payload.size() != 125)
        {
            in_order = false;
            break;
        }
        std::memcpy(&i, fr.payload.data(), sizeof(i));
        if (i != answered)
        {
            in_order = false;
            break;
        }
        ++answered;
    }
    rest.join();
    BOOST_TEST(in_order);
    BOOST_TEST(answered == total);
    BOOST_TEST(s->buffered_amount() == 0u);
    client_closes(c);
}

// With the cap at the high-water mark, the pongs of one read can pass the
// cap: then the connection fails with 1008, as for data.
BOOST_AUTO_TEST_CASE(pongs_past_max_buffered_amount_fail_the_connection_1008)
{
    wsio::options opts;
    opts.max_buffered_amount = 64 * 1024;
    opts.high_water_mark = 64 * 1024;
    opts.low_water_mark = 16 * 1024;
    opts.close_timeout = 300ms;
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    auto const s = next_socket(obs.sockets);
    std::string burst;
    while (burst.size() < (std::size_t(16) << 20))
        burst += client_frame(0x9, std::string(125, 'x'));
    auto const t0 = clock_type::now();
    auto writer = send_in_background(
        c, std::make_shared<std::string const>(std::move(burst)));
    joiner const j{writer};
    BOOST_TEST(obs.saw(wsio::error::buffer_overflow, 5000ms));
    auto const closed = obs.closes.pop(5000ms);
    BOOST_REQUIRE(closed);
    // Its close frame waits behind unread pongs: the close timeout cuts
    // the TCP connection, so locally 1006; or the 1008 handshake finished.
    BOOST_TEST((closed->code == 1006 || closed->code == 1008),
               "close code " << closed->code);
    BOOST_TEST(ms(clock_type::now() - t0) < 3000);
    hang_up(c);
    BOOST_TEST(s->buffered_amount() == 0u);
}

// With default options, the largest message accepted can be echoed
// (Autobahn 9.1.6 / 9.2.6; hixie-76 and hixie-75 text too).
BOOST_DATA_TEST_CASE(largest_accepted_message_is_echoed_with_default_options,
                     bdata::make({"hybi-13", "hybi-08", "hixie-76",
                                  "hixie-75"}),
                     draft)
{
    std::string const d = draft;
    wsio::options const opts;
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port(), 20s);
    std::size_t const n = opts.max_message_size;
    auto msg = std::make_shared<std::string>();
    if (d == "hybi-13" || d == "hybi-08")
    {
        BOOST_REQUIRE_EQUAL(
            status_of(open_hybi(c, "/", d == "hybi-13" ? "13" : "8")), 101);
        *msg = frame_header_only(0x82, n);
        msg->append(n, 'b');
    }
    else
    {
        BOOST_REQUIRE(!(d == "hixie-76" ? open_hixie76(c) : open_hixie75(c))
                           .empty());
        msg->assign(1, '\0');
        msg->append(n, 't');
        msg->push_back('\xFF');
    }
    auto writer = send_in_background(c, msg);
    joiner const j{writer};
    if (d.rfind("hybi", 0) == 0)
    {
        auto const [op, len] = skip_frame_direct(c);
        BOOST_TEST(op == 0x2);
        BOOST_TEST(len == n);
    }
    else
    {
        BOOST_TEST(c.read_exactly(1) == std::string(1, '\0'));
        std::size_t left = n;
        bool same = true;
        while (left != 0 && same)
        {
            auto const k = (std::min<std::size_t>)(left, 60000);
            same = c.read_exactly(k) == std::string(k, 't');
            left -= k;
        }
        BOOST_TEST(same);
        BOOST_TEST(c.read_exactly(1) == "\xFF");
    }
    BOOST_TEST(obs.errors.size() == 0u);
    BOOST_TEST(obs.closes.size() == 0u);
}

// After a large message is delivered and echoed, an idle connection
// returns to its idle footprint: neither the reassembly buffer, nor the
// grown read buffer, nor the send batches stay with it.
BOOST_DATA_TEST_CASE(idle_connection_returns_to_its_idle_footprint,
                     bdata::make({std::size_t(15) << 20, std::size_t(1) << 20,
                                  std::size_t(100) << 10}) *
                         bdata::make({"hybi-13", "hixie-76"}),
                     size, draft)
{
    std::string const d = draft;
    constexpr int conns = 4;
    observed obs;
    server_fixture f;
    obs.watch(f.server());
    auto const before_open = heap_in_use();
    std::vector<std::unique_ptr<raw_client>> clients;
    for (int i = 0; i < conns; ++i)
    {
        clients.push_back(std::make_unique<raw_client>(f.port(), 20s));
        if (d == "hixie-76")
            BOOST_REQUIRE(!open_hixie76(*clients.back()).empty());
        else
            BOOST_REQUIRE_EQUAL(status_of(open_hybi(*clients.back())), 101);
    }
    BOOST_REQUIRE(eventually([&] { return obs.sockets.size() == conns; }));
    // One small echo each first: the server thread's read buffer (one per
    // thread, shared by all its connections) exists before `idle`.
    for (auto& c : clients)
    {
        if (d == "hixie-76")
        {
            c->send(std::string("\0w\xFF", 3));
            BOOST_REQUIRE(c->read_exactly(3) == std::string("\0w\xFF", 3));
        }
        else
        {
            c->send(client_frame(0x1, "w"));
            BOOST_REQUIRE(skip_frame_direct(*c).second == 1u);
        }
    }
    std::this_thread::sleep_for(50ms);
    auto const idle = heap_in_use();
    for (auto& c : clients)
    {
        {
            auto msg = std::make_shared<std::string>();
            if (d == "hixie-76")
            {
                msg->assign(1, '\0');
                msg->append(size, 'm');
                msg->push_back('\xFF');
            }
            else
            {
                *msg = frame_header_only(0x82, size);
                msg->append(size, 'm');
            }
            auto writer = send_in_background(*c, msg);
            joiner const j{writer};
            msg.reset();
            if (d == "hixie-76")
            {
                char b = 1;
                recv_exactly(*c, &b, 1);
                BOOST_REQUIRE(b == '\0');
                recv_exactly(*c, nullptr, size);
                recv_exactly(*c, &b, 1);
                BOOST_REQUIRE(b == '\xFF');
            }
            else
                BOOST_REQUIRE(skip_frame_direct(*c).second == size);
        }
    }
    // The test's clients read straight from their sockets, so what grew
    // is the server's. Allowance: 8 KiB per connection (allocator slack).
    std::size_t after = 0;
    std::size_t const allowance = conns * std::size_t(8) * 1024;
    bool const settled = eventually(
        [&] {
            after = heap_in_use();
            return after <= idle + allowance;
        },
        2000ms);
    auto const per_conn_idle =
        (idle - (std::min)(idle, before_open)) / conns;
    BOOST_TEST_MESSAGE(d << ", " << size / 1024 << " KiB message: idle "
                         << per_conn_idle << " B per connection (test client "
                         << "included); after the message "
                         << (static_cast<long long>(after) -
                             static_cast<long long>(idle)) /
                                conns
                         << " B more per connection");
    BOOST_TEST(settled, "heap grew by " << (after - idle) / 1024 << " KiB for "
                                        << conns << " idle connections");
    for (auto& c : clients)
    {
        if (d == "hixie-76")
        {
            c->send(std::string("\xFF\x00", 2)); // closing handshake
            BOOST_TEST(c->read_to_eof() == std::string("\xFF\x00", 2));
            hang_up(*c);
        }
        else
            client_closes(*c);
    }
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// 2. Time: no connection is held by a trickle

BOOST_AUTO_TEST_SUITE(timeouts)

BOOST_AUTO_TEST_CASE(default_timeouts_are_on)
{
    wsio::options const o;
    BOOST_TEST(o.idle_timeout.count() == 120000);
    BOOST_TEST(o.ping_interval.count() == 30000);
    BOOST_TEST(o.message_timeout.count() == 60000);
    BOOST_TEST(o.handshake_timeout.count() == 10000);
    BOOST_TEST(o.close_timeout.count() == 5000);
}

// One byte of a 16 MiB frame every 100 ms: the message timeout fails it.
BOOST_AUTO_TEST_CASE(a_trickled_frame_is_cut_by_message_timeout_1008)
{
    wsio::options opts;
    opts.message_timeout = 600ms;
    opts.ping_interval = 0ms;
    opts.idle_timeout = 10s;
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    c.send(frame_header_only(0x82, std::size_t(16) << 20));
    auto const t0 = clock_type::now();
    trickler const t(c, [] { return std::string("x"); }, 100ms);
    // Tick = 600 / 4 = 150 ms: the close comes in [600, 900) ms.
    frame const fr = c.read_frame();
    auto const took = ms(clock_type::now() - t0);
    BOOST_TEST(fr.opcode == 0x8);
    BOOST_TEST(close_code_of(fr.payload) == 1008u);
    BOOST_TEST(took >= 600);
    BOOST_TEST(took < 1100);
    BOOST_TEST(obs.saw(wsio::error::message_timeout));
    BOOST_TEST(c.closed_by_peer());
}

// A message of 1-byte fragments, one every 50 ms: every frame is complete
// (so keep-alive sees life), yet the message as a whole may not take longer.
BOOST_AUTO_TEST_CASE(a_trickled_fragmented_message_is_cut_by_message_timeout)
{
    wsio::options opts;
    opts.message_timeout = 600ms;
    opts.ping_interval = 200ms;
    opts.idle_timeout = 10s;
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    auto const t0 = clock_type::now();
    trickler const t(
        c,
        [first = true]() mutable {
            auto fr = client_frame(first ? 0x2 : 0x0, "y", false);
            first = false;
            return fr;
        },
        50ms);
    // Every fragment is a complete frame, so keep-alive sees life and sends
    // no ping: only the message timeout can end this.
    frame const fr = c.read_frame();
    auto const took = ms(clock_type::now() - t0);
    BOOST_TEST(fr.opcode == 0x8);
    BOOST_TEST(close_code_of(fr.payload) == 1008u);
    BOOST_TEST(took >= 600);
    BOOST_TEST(took < 1100);
}

// Keep-alive counts complete frames and pongs only: the bytes of an
// endless frame do not keep a connection alive.
BOOST_AUTO_TEST_CASE(bytes_of_an_unfinished_frame_are_not_life_for_keep_alive)
{
    wsio::options opts;
    opts.ping_interval = 300ms;
    opts.idle_timeout = 10s;
    opts.message_timeout = 0ms; // off: keep-alive alone must cut it
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    c.send(frame_header_only(0x82, std::size_t(16) << 20));
    auto const t0 = clock_type::now();
    trickler const t(c, [] { return std::string("z"); }, 50ms);
    // Ping after 300 ms of no complete frame, dropped 300 ms later (the
    // peer cannot pong in the middle of its frame); tick 75 ms.
    frame const ping = c.read_frame();
    BOOST_TEST(ping.opcode == 0x9, "opcode " << int(ping.opcode) << " code "
                                             << close_code_of(ping.payload));
    auto const closed = obs.closes.pop(3000ms);
    auto const took = ms(clock_type::now() - t0);
    BOOST_REQUIRE(closed);
    BOOST_TEST(closed->code == 1006u);
    BOOST_TEST(took >= 600);
    BOOST_TEST(took < 1100);
    BOOST_TEST(obs.saw(wsio::error::ping_timeout));
}

// A peer that sends nothing complete for idle_timeout is closed with 1001
// (hybi) or the draft's closing frame (hixie-76, which has no ping).
BOOST_DATA_TEST_CASE(a_silent_peer_is_closed_after_idle_timeout,
                     bdata::make({"hybi-13", "hixie-76"}), draft)
{
    std::string const d = draft;
    wsio::options opts;
    opts.idle_timeout = 400ms;
    opts.ping_interval = 0ms;
    opts.message_timeout = 0ms;
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port());
    auto const t0 = clock_type::now();
    if (d == "hixie-76")
    {
        BOOST_REQUIRE(!open_hixie76(c).empty());
        // hixie-76 closing frame 0xFF 0x00
        BOOST_TEST(c.read_exactly(2) == std::string("\xFF\x00", 2));
    }
    else
    {
        BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
        frame const fr = c.read_frame();
        BOOST_TEST(fr.opcode == 0x8);
        BOOST_TEST(close_code_of(fr.payload) == 1001u);
    }
    auto const took = ms(clock_type::now() - t0);
    BOOST_TEST(took >= 400);
    BOOST_TEST(took < 800); // tick 100 ms: [400, 600) plus scheduling
    BOOST_TEST(obs.saw(wsio::error::idle_timeout));
}

// A live peer that keeps sending complete messages is never idle, and one
// that answers pings stays open past several idle timeouts.
BOOST_AUTO_TEST_CASE(a_peer_that_answers_pings_outlives_idle_timeout)
{
    wsio::options opts;
    opts.idle_timeout = 400ms;
    opts.ping_interval = 100ms;
    observed obs;
    server_fixture f(opts);
    obs.watch(f.server());
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    auto const t0 = clock_type::now();
    int pongs = 0;
    while (clock_type::now() - t0 < 1200ms)
    {
        frame const fr = c.read_frame();
        BOOST_REQUIRE(fr.opcode == 0x9);
        c.send(client_frame(0xA, fr.payload));
        ++pongs;
    }
    BOOST_TEST(pongs >= 4);
    BOOST_TEST(obs.closes.size() == 0u);
    BOOST_TEST(f.server().clients_count() == 1u);
    client_closes(c);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// 3. Resources: contradicting options, throwing handlers, dying contexts,
// close arguments

BOOST_AUTO_TEST_SUITE(resources)

struct bad_options
{
    char const* name;
    void (*set)(wsio::options&);
    char const* mentions;
};

std::ostream&
operator<<(std::ostream& os, bad_options const& b)
{
    return os << b.name;
}

bad_options const contradictions[] = {
    {"zero max_message_size", [](wsio::options& o) { o.max_message_size = 0; },
     "max_message_size"},
    {"zero max_header_size", [](wsio::options& o) { o.max_header_size = 0; },
     "max_header_size"},
    {"zero handshake_timeout",
     [](wsio::options& o) { o.handshake_timeout = 0ms; }, "handshake_timeout"},
    {"negative close_timeout",
     [](wsio::options& o) { o.close_timeout = -1ms; }, "close_timeout"},
    {"negative idle_timeout", [](wsio::options& o) { o.idle_timeout = -5ms; },
     "idle_timeout"},
    {"negative ping_interval",
     [](wsio::options& o) { o.ping_interval = -5ms; }, "ping_interval"},
    {"negative message_timeout",
     [](wsio::options& o) { o.message_timeout = -5ms; }, "message_timeout"},
    {"zero high_water_mark", [](wsio::options& o) { o.high_water_mark = 0; },
     "high_water_mark"},
    {"low above high water",
     [](wsio::options& o) { o.low_water_mark = o.high_water_mark + 1; },
     "low_water_mark"},
    {"high water above the cap",
     [](wsio::options& o) { o.max_buffered_amount = o.high_water_mark - 1; },
     "high_water_mark"},
    {"ping_interval not shorter than idle_timeout",
     [](wsio::options& o) {
         o.idle_timeout = 1000ms;
         o.ping_interval = 1000ms;
     },
     "ping_interval"},
    {"deflate level 10",
     [](wsio::options& o) { o.permessage_deflate.compression_level = 10; },
     "compression_level"},
    {"deflate level -2",
     [](wsio::options& o) { o.permessage_deflate.compression_level = -2; },
     "compression_level"},
    {"deflate memory_level 0",
     [](wsio::options& o) { o.permessage_deflate.memory_level = 0; },
     "memory_level"},
    {"deflate memory_level 10",
     [](wsio::options& o) { o.permessage_deflate.memory_level = 10; },
     "memory_level"},
    {"deflate server window 7",
     [](wsio::options& o) { o.permessage_deflate.server_max_window_bits = 7; },
     "server_max_window_bits"},
    {"deflate server window 16",
     [](wsio::options& o) {
         o.permessage_deflate.server_max_window_bits = 16;
     },
     "server_max_window_bits"},
    {"deflate client window 7",
     [](wsio::options& o) { o.permessage_deflate.client_max_window_bits = 7; },
     "client_max_window_bits"},
    {"deflate client window 16",
     [](wsio::options& o) {
         o.permessage_deflate.client_max_window_bits = 16;
     },
     "client_max_window_bits"},
};

BOOST_DATA_TEST_CASE(options_that_contradict_each_other_are_refused,
                     bdata::make(contradictions), bad)
{
    boost::asio::io_context ioc;
    wsio::options o;
    bad.set(o);
    std::string what;
    try
    {
        wsio::server s(ioc.get_executor(), o);
    }
    catch (std::invalid_argument const& e)
    {
        what = e.what();
    }
    BOOST_TEST(what.find(bad.mentions) != std::string::npos,
               "message: '" << what << "'");
}

BOOST_AUTO_TEST_CASE(default_options_and_disabled_timeouts_are_accepted)
{
    boost::asio::io_context ioc;
    BOOST_CHECK_NO_THROW(wsio::server(ioc.get_executor(), wsio::options{}));
    wsio::options off;
    off.idle_timeout = off.ping_interval = off.message_timeout = 0ms;
    BOOST_CHECK_NO_THROW(wsio::server(ioc.get_executor(), off));
    wsio::options edges; // every permessage-deflate bound is inclusive
    edges.permessage_deflate.enabled = true;
    edges.permessage_deflate.compression_level = -1;
    edges.permessage_deflate.memory_level = 9;
    edges.permessage_deflate.server_max_window_bits = 8;
    edges.permessage_deflate.client_max_window_bits = 15;
    BOOST_CHECK_NO_THROW(wsio::server(ioc.get_executor(), edges));
    edges.permessage_deflate.compression_level = 9;
    edges.permessage_deflate.memory_level = 1;
    edges.permessage_deflate.server_max_window_bits = 15;
    edges.permessage_deflate.client_max_window_bits = 8;
    BOOST_CHECK_NO_THROW(wsio::server(ioc.get_executor(), edges));
}

// A slot that throws does not wedge the socket: on_error reports
// handler_exception, the peer gets 1011, and the server keeps serving.
BOOST_DATA_TEST_CASE(a_throwing_handler_fails_the_connection_1011,
                     bdata::make({"on_message", "on_data", "on_connection"}),
                     where)
{
    std::string const w = where;
    mailbox<boost::system::error_code> errors; // outlives the server
    server_fixture f;
    f.server().on_connection().connect([&errors, w](socket_ptr const& s) {
        s->on_error().connect(
            [&errors](boost::system::error_code ec) { errors.push(ec); });
        wsio::socket* const raw = s.get();
        s->on_message().connect([raw, w](wsio::message const& m) {
            if (w == "on_message" && m.data == "boom")
                throw std::runtime_error("handler failed");
            raw->send(m.data, m.type);
        });
        s->on_data().connect([w](wsio::message const& m) {
            if (w == "on_data" && m.data == "boom")
                throw 42; // not even a std::exception
        });
        if (w == "on_connection" && s->req().target() == "/boom")
            throw std::logic_error("refusing in on_connection");
    });
    // The error handler itself throwing must not matter either.
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(
        status_of(open_hybi(c, w == "on_connection" ? "/boom" : "/")), 101);
    if (w != "on_connection")
    {
        c.send(client_frame(0x1, "fine"));
        BOOST_TEST(c.read_frame().payload == "fine");
        c.send(client_frame(0x1, "boom"));
        if (w == "on_data") // on_message ran first and echoed it
            BOOST_TEST(c.read_frame().payload == "boom");
    }
    frame const fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x8);
    BOOST_TEST(close_code_of(fr.payload) == 1011u);
    auto const ec = errors.pop(2000ms);
    BOOST_REQUIRE(ec);
    BOOST_TEST(*ec == wsio::error::handler_exception);
    client_closes_after_server(c);

    // The io_context thread survived: another client is served.
    raw_client d(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(d)), 101);
    d.send(client_frame(0x1, "again"));
    BOOST_TEST(d.read_frame().payload == "again");
    client_closes(d);
}

BOOST_AUTO_TEST_CASE(throwing_close_and_error_handlers_are_contained)
{
    std::atomic<int> close_calls{0}; // outlives the server
    server_fixture f;
    f.server().on_connection().connect([&](socket_ptr const& s) {
        s->on_error().connect(
            [](boost::system::error_code) { throw std::runtime_error("e"); });
        s->on_close().connect([&](wsio::close_code, std::string_view) {
            ++close_calls;
            throw std::runtime_error("c");
        });
    });
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    c.send(client_frame(0x1, "\xFF")); // invalid UTF-8: on_error, then 1007
    frame const fr = c.read_frame();
    BOOST_TEST(close_code_of(fr.payload) == 1007u);
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
    BOOST_TEST(eventually([&] { return close_calls.load() == 1; }));
    BOOST_TEST(eventually([&] { return f.server().clients_count() == 0u; }));
    raw_client d(f.port());
    BOOST_TEST(status_of(open_hybi(d)) == 101);
    client_closes(d);
}

// The io_context is destroyed while sockets are open and their own slots
// hold their shared_ptrs: every server-side TCP connection is closed and
// every socket is freed (LeakSanitizer checks the rest in the ASan build).
BOOST_AUTO_TEST_CASE(destroying_the_io_context_closes_and_frees_every_socket)
{
    constexpr int conns = 8;
    std::vector<std::unique_ptr<raw_client>> clients;
    std::vector<weak_socket> sockets;
    {
        auto ioc = std::make_unique<boost::asio::io_context>();
        auto& srv = wsio::listen(*ioc, 0, {}, "127.0.0.1");
        auto const port = srv.http_server()->local_endpoint().port();
        std::mutex m;
        srv.on_connection().connect([&](socket_ptr const& s) {
            {
                std::lock_guard<std::mutex> lock(m);
                sockets.push_back(s);
            }
            // The cycle the docs allow: slots capture the shared_ptr.
            s->on_message().connect(
                [s](wsio::message const& msg) { s->send(msg.data); });
            s->on_close().connect(
                [s](wsio::close_code, std::string_view) {});
            s->on_error().connect([s](boost::system::error_code) {});
        });
        std::thread runner([&] { ioc->run(); });
        for (int i = 0; i < conns; ++i)
        {
            clients.push_back(std::make_unique<raw_client>(port, 2s));
            BOOST_REQUIRE_EQUAL(status_of(open_hybi(*clients.back())), 101);
            clients.back()->send(client_frame(0x1, "hi"));
            BOOST_REQUIRE(clients.back()->read_frame().payload == "hi");
        }
        // One more socket mid-handshake (hixie-76 without key3).
        clients.push_back(std::make_unique<raw_client>(port, 2s));
        clients.back()->send(hixie76_request());
        BOOST_REQUIRE(eventually(
            [&] { return srv.connections_count() == conns + 1u; }));
        ioc->stop();
        runner.join();
    } // ~io_context, with no handler run after stop()
    for (auto const& w : sockets)
        BOOST_TEST(w.expired());
    int closed = 0;
    for (auto& c : clients)
    {
        try
        {
            (void)c->read_to_eof(); // EOF or reset at once, no 2 s timeout
            ++closed;
        }
        catch (std::exception const&)
        {
        }
    }
    BOOST_TEST(closed == conns + 1);
}

struct close_args
{
    unsigned code;
    std::string reason;
    bool allowed;
    wsio::error refused_with;
};

std::ostream&
operator<<(std::ostream& os, close_args const& a)
{
    return os << a.code << " '" << a.reason.substr(0, 8) << "' ("
              << a.reason.size() << " B)";
}

std::vector<close_args> const close_cases = {
    {1000, "", true, {}},
    {1000, std::string(123, 'r'), true, {}},
    {1001, "bye", true, {}},
    {1003, "", true, {}},
    {1007, "", true, {}},
    {1011, "", true, {}},
    {1014, "", true, {}},
    {3000, "", true, {}},
    {4999, "\xC3\xA9t\xC3\xA9", true, {}},
    {0, "", true, {}}, // close_code::none: a close frame without a code
    {0, "why", false, wsio::error::bad_close_code},
    {999, "", false, wsio::error::bad_close_code},
    {1004, "", false, wsio::error::bad_close_code},
    {1005, "", false, wsio::error::bad_close_code},
    {1006, "", false, wsio::error::bad_close_code},
    {1015, "", false, wsio::error::bad_close_code},
    {1016, "", false, wsio::error::bad_close_code},
    {2999, "", false, wsio::error::bad_close_code},
    {5000, "", false, wsio::error::bad_close_code},
    {65535, "", false, wsio::error::bad_close_code},
    {1000, std::string(124, 'r'), false, wsio::error::close_reason_too_long},
    {1000, "\xFF\xFE", false, wsio::error::bad_close_payload},
    {1000, "\xC3", false, wsio::error::bad_close_payload},
};

BOOST_DATA_TEST_CASE(socket_close_sends_only_what_the_rfc_allows,
                     bdata::make(close_cases), a)
{
    observed obs;
    server_fixture f;
    obs.watch(f.server());
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    auto const s = next_socket(obs.sockets);
    auto const code = static_cast<wsio::close_code>(a.code);
    if (a.allowed)
    {
        BOOST_CHECK_NO_THROW(s->close(code, a.reason));
        frame const fr = c.read_frame();
        BOOST_TEST(fr.opcode == 0x8);
        if (a.code == 0)
            BOOST_TEST(fr.payload.empty());
        else
        {
            BOOST_TEST(close_code_of(fr.payload) == a.code);
            BOOST_TEST(fr.payload.substr(2) == a.reason);
        }
        c.send(client_close(a.code == 0 ? 1000 : a.code));
        BOOST_TEST(c.closed_by_peer());
        return;
    }
    boost::system::error_code got;
    try
    {
        s->close(code, a.reason);
    }
    catch (boost::system::system_error const& e)
    {
        got = e.code();
    }
    BOOST_TEST(got == a.refused_with);
    BOOST_TEST((s->ready_state() == wsio::ready_state::open));
    // Nothing went on the wire: the next frame is the echo of a message.
    c.send(client_frame(0x1, "still open"));
    frame const fr = c.read_frame();
    BOOST_TEST(fr.opcode == 0x1);
    BOOST_TEST(fr.payload == "still open");
    client_closes(c);
}

BOOST_AUTO_TEST_CASE(server_close_refuses_a_code_that_may_not_be_sent)
{
    server_fixture f;
    boost::system::error_code got;
    try
    {
        f.server().close(wsio::close_code::abnormal);
    }
    catch (boost::system::system_error const& e)
    {
        got = e.code();
    }
    BOOST_TEST(got == wsio::error::bad_close_code);
    // Not half-done: the server still upgrades.
    raw_client c(f.port());
    BOOST_TEST(status_of(open_hybi(c)) == 101);
    client_closes(c);
}

BOOST_AUTO_TEST_SUITE_END()
