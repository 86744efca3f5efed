//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Every I/O operation of a session failing in turn, over a stream with
// only asynchronous writes and over one that also writes at once (as the
// TCP transport does). A session (handshake,
// messages both ways, ping/pong on hybi, a closing handshake started by
// either side) runs over an in-memory stream whose server end fails its
// Nth read or write (beast::test::fail_count, from 1) and every later
// one; N grows from 1 until a run completes with no failure at all.
//
// Whatever N, the run must end with the socket closed, on_close fired
// exactly once (when the socket had opened), with the right code: the
// code of the peer's close frame when the server read all of it before
// the failure (RFC 6455 7.1.5; hixie-76: its frame has no code), else
// 1006; hixie-75, which has no closing frame, reports the server's own
// code once its half-close went out and 1006 otherwise. Nothing may leak:
// the server counts no connection and the socket is freed. Run under
// ASan + UBSan in CI.

#define BOOST_TEST_MODULE memory_io_failures
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "common.hpp"

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using wsio::close_code;
using wsio::ready_state;

namespace {

// Bound on the number of runs: a session takes far fewer operations.
constexpr std::size_t max_runs = 2000;

struct io_sizes
{
    char const* name;
    std::size_t read_size;
    std::size_t write_size;
    // The server end also writes without waiting, as TCP does, taking at
    // most this many bytes at once (see write_now_transport); 0: it has
    // only the asynchronous write.
    std::size_t take_now = 0;
};

std::ostream&
operator<<(std::ostream& os, io_sizes const& s)
{
    return os << s.name;
}

std::vector<io_sizes> const sizes{
    {"whole", (std::numeric_limits<std::size_t>::max)(),
     (std::numeric_limits<std::size_t>::max)()},
    // Reads and writes of a few bytes: composed writes take many steps.
    {"small", 5, 3},
    // Writes the OS takes whole at once, and writes it takes 2 bytes of
    // at once, the rest asynchronously (3 at a time).
    {"whole, at once", (std::numeric_limits<std::size_t>::max)(),
     (std::numeric_limits<std::size_t>::max)(),
     (std::numeric_limits<std::size_t>::max)()},
    {"small, partly at once", 5, 3, 2},
};

std::vector<std::string> const drafts(std::begin(all_drafts),
                                      std::end(all_drafts));

struct outcome
{
    std::size_t failures = 0;
    bool opened = false;
};

// Checks every invariant and says whether a failure happened.
// `server_closes`: the server starts the closing handshake, else the
// client.
/** Runs the session once with the server end failing from operation
    `fail_at`. `strict`: also when the write of the server's own close
    frame failed, the code must be 1006; else the socket's old answer
    (its own code) is accepted and counted in `known_deviations`. */
outcome
run_session(std::string const& draft, bool server_closes, io_sizes io,
            std::size_t fail_at, bool strict, std::size_t& known_deviations)
{
    BOOST_TEST_CONTEXT("draft " << draft << ", "
                                << (server_closes ? "server" : "client")
                                << " closes, " << io.name
                                << " I/O, failing from operation " << fail_at)
    {
        session_config cfg;
        cfg.fail_at = fail_at;
        cfg.read_size = io.read_size;
        cfg.write_size = io.write_size;
        if (io.take_now != 0)
            cfg.write_now = std::make_shared<std::size_t>(io.take_now);
        memory_session m(cfg);
        bool const hybi = is_hybi(draft);

        // Handshake. hixie-76's key3 comes separately, in two pieces, so
        // the handshake reads from the stream too.
        BOOST_REQUIRE(m.upgrade(upgrade_request(draft)));
        if (draft == "hixie-76")
        {
            m.send(memory_hixie76_key3.substr(0, 3));
            m.send(memory_hixie76_key3.substr(3));
        }
        outcome out;
        out.opened = m.events().connections != 0;

        // Messages both ways, ping/pong.
        m.send(text_frame(draft, "hello"));
        if (auto s = m.socket())
            s->send("from server");
        m.poll();
        if (hybi)
        {
            m.send(client_frame(0x9, "p"));
            if (auto s = m.socket())
                s->ping("q");
            m.poll();
            m.send(client_frame(0xA, "q"));
            m.send(client_frame(0x2, std::string("\x00\x01\x02", 3)));
        }
        else
        {
            m.send(text_frame(draft, "second"));
        }

        // The closing handshake. peer_close_end: where the peer's close
        // frame ends in what the server reads.
        std::size_t peer_close_end = 0;
        close_code peer_code = close_code::abnormal;
        std::string peer_reason;
        if (server_closes)
        {
            if (auto s = m.socket())
                s->close(close_code::going_away);
            m.poll();
        }
        if (hybi)
        {
            peer_code = static_cast<close_code>(server_closes ? 4001 : 4002);
            peer_reason = server_closes ? "ok" : "bye";
            std::string const frame = client_frame(
                0x8, close_payload(static_cast<std::uint16_t>(peer_code),
                                   peer_reason));
            // (Once the server's end is gone the client's writes fail:
            // the frame is then never read.)
            peer_close_end = m.client_bytes_sent() + frame.size();
            m.send(frame);
        }
        else if (draft == "hixie-76")
        {
            peer_code = close_code::none;
            peer_close_end = m.client_bytes_sent() + 2;
            m.send(hixie76_close_frame());
        }
        m.close_client();
        BOOST_TEST(m.run_until(
            [&] {
                auto const s = m.socket();
                return !s || s->ready_state() == ready_state::closed;
            },
            5000ms));

        auto const& log = m.log();
        auto const& ev = m.events();
        out.failures = log.failures;

        // The expected code.
        close_code expected = close_code::abnormal;
        std::string expected_reason;
        if (draft == "hixie-75")
        {
            if (server_closes && log.shut_down_before_failure())
                expected = close_code::going_away;
        }
        else if (log.bytes_read_before_failure() >= peer_close_end)
        {
            expected = peer_code;
            expected_reason = peer_reason;
        }

        BOOST_TEST(ev.connections == (out.opened ? 1u : 0u));
        BOOST_TEST(ev.closes.size() == ev.connections);
        if (ev.closes.size() == 1 && !strict && server_closes &&
            draft != "hixie-75" && expected == close_code::abnormal &&
            ev.closes[0].first == close_code::going_away)
        {
            // The socket's old answer (its own code after the write of its
            // close frame failed), accepted only when not strict; every
            // caller is strict now, so this counts what must stay 0.
            ++known_deviations;
            expected = close_code::going_away;
        }
        if (ev.closes.size() == 1)
        {
            BOOST_TEST(ev.closes[0].first == expected);
            BOOST_TEST(ev.closes[0].second == expected_reason);
            BOOST_TEST(ev.state_in_on_close[0] == ready_state::closed);
        }
        if (log.failures == 0)
        {
            // The complete session: both messages arrived and were echoed.
            BOOST_TEST(ev.messages.size() == 2u);
        }
        BOOST_TEST(log.closes >= 1u); // the server closed its end
        BOOST_TEST(log.overlapping_reads == 0u);
        BOOST_TEST(log.overlapping_writes == 0u);
        BOOST_TEST(log.writes_after_shutdown == 0u);
        BOOST_TEST(m.exceptions().empty());
        BOOST_TEST(!m.runaway());
        m.poll();
        BOOST_TEST(m.server().connections_count() == 0u);
        BOOST_TEST(m.drained());
        return out;
    }
    return {};
}

std::size_t
every_failure_point(std::string const& draft, bool server_closes,
                    io_sizes io, bool strict = true)
{
    std::size_t known_deviations = 0;
    std::size_t n = 1;
    for (; n <= max_runs; ++n)
    {
        if (run_session(draft, server_closes, io, n, strict,
                        known_deviations)
                .failures == 0)
            break;
    }
    // Run n had no failure: the session takes n - 1 operations.
    BOOST_TEST_MESSAGE(draft << (server_closes ? " server" : " client")
                             << " close, " << io.name << ": " << n - 1
                             << " I/O operations, each failed in turn");
    BOOST_REQUIRE_LE(n, max_runs);
    // A session does some I/O: the loop did fail it somewhere.
    BOOST_TEST(n - 1 >= 3u);
    return known_deviations;
}

} // namespace

BOOST_DATA_TEST_CASE(server_initiated_close,
                     bdata::make(drafts) * bdata::make(sizes), draft, io)
{
    every_failure_point(draft, true, io);
}

BOOST_DATA_TEST_CASE(client_initiated_close,
                     bdata::make(drafts) * bdata::make(sizes), draft, io)
{
    every_failure_point(draft, false, io);
}

// When the write that carries the server's close frame fails, the peer's
// close frame never arrived: on_close reports 1006 (RFC 6455 7.1.5), not
// the code the server closed with. (Found by this test: the socket used to
// report its own code.) The cases above check the same, strictly; this one
// also says that no run needed the old allowance.
BOOST_DATA_TEST_CASE(server_close_frame_write_failure_reports_1006,
                     bdata::make(std::vector<std::string>{
                         "hixie-76", "hybi-07", "hybi-08", "hybi-13"}) *
                         bdata::make(sizes),
                     draft, io)
{
    BOOST_TEST(every_failure_point(draft, true, io, true) == 0u);
}
