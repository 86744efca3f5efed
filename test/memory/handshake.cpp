//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The handshake over an in-memory stream, where its reads and a close can
// interleave: hixie-76's key3 (draft-hixie-76 section 5.2, the 8 bytes
// after the header) arriving in pieces while the server closes, times out
// or the client leaves. The socket's read for the missing key3 bytes must
// be the only read in flight: the close path used to start a second one
// (its drain-until-FIN read) while the handshake read was pending.

#define BOOST_TEST_MODULE memory_handshake
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "common.hpp"

#include <chrono>
#include <string>
#include <vector>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace {

void
check_no_overlap_and_drained(memory_session& m)
{
    BOOST_TEST(m.log().overlapping_reads == 0u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    BOOST_TEST(m.log().writes_after_shutdown == 0u);
    BOOST_TEST(m.exceptions().empty());
    // Never opened: no on_connection, hence no on_close.
    BOOST_TEST(m.events().connections == 0u);
    BOOST_TEST(m.events().closes.empty());
    m.close_client();
    BOOST_TEST(m.run_until([&] { return m.drained(); }, 5000ms));
    BOOST_TEST(m.server().connections_count() == 0u);
}

} // namespace

// The server closes after `k` bytes of key3 arrived; the rest follows one
// byte at a time. The answer is 503 (the server is closing), never 101.
BOOST_DATA_TEST_CASE(hixie76_key3_in_chunks_while_the_server_closes,
                     bdata::xrange(8), k)
{
    memory_session m;
    BOOST_REQUIRE(m.upgrade(upgrade_request("hixie-76")));
    std::size_t const have = static_cast<std::size_t>(k);
    if (have != 0)
        m.send(memory_hixie76_key3.substr(0, have));
    BOOST_TEST(m.take() == ""); // still waiting for key3
    BOOST_TEST(m.log().reads_pending == 1u);

    m.server().close();
    m.poll();
    for (std::size_t i = have; i < memory_hixie76_key3.size(); ++i)
        m.send(memory_hixie76_key3.substr(i, 1));
    m.send(text_frame("hixie-76", "too late"));

    std::string const answer = m.take();
    BOOST_TEST_MESSAGE(show(answer.substr(0, 40)));
    BOOST_TEST(answer.rfind("HTTP/1.1 503 ", 0) == 0, show(answer));
    BOOST_TEST(answer.find(std::string(memory_hixie76_answer)) ==
               std::string::npos);
    BOOST_TEST(m.server_eof());
    check_no_overlap_and_drained(m);
}

// The same with async_shutdown: it completes once the socket is gone.
BOOST_DATA_TEST_CASE(hixie76_key3_in_chunks_while_the_server_shuts_down,
                     bdata::xrange(8), k)
{
    memory_session m;
    BOOST_REQUIRE(m.upgrade(upgrade_request("hixie-76")));
    std::size_t const have = static_cast<std::size_t>(k);
    if (have != 0)
        m.send(memory_hixie76_key3.substr(0, have));
    bool done = false;
    boost::system::error_code result = asio::error::would_block;
    m.server().async_shutdown(5000ms, [&](boost::system::error_code ec) {
        done = true;
        result = ec;
    });
    m.poll();
    for (std::size_t i = have; i < memory_hixie76_key3.size(); ++i)
        m.send(memory_hixie76_key3.substr(i, 1));
    std::string const answer = m.take();
    BOOST_TEST(answer.rfind("HTTP/1.1 503 ", 0) == 0, show(answer));
    check_no_overlap_and_drained(m);
    BOOST_TEST(m.run_until([&] { return done; }, 5000ms));
    BOOST_TEST(!result.failed(), result.message());
}

// The handshake timeout fires while a key3 read is pending: dropped
// without an answer.
BOOST_DATA_TEST_CASE(hixie76_key3_never_completes, bdata::xrange(8), k)
{
    session_config cfg;
    cfg.opts.handshake_timeout = 100ms;
    memory_session m(cfg);
    auto const t0 = std::chrono::steady_clock::now();
    BOOST_REQUIRE(m.upgrade(upgrade_request("hixie-76")));
    m.send(memory_hixie76_key3.substr(0, static_cast<std::size_t>(k)));
    BOOST_TEST(m.run_until([&] { return m.log().closes != 0; }, 5000ms));
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 100ms));
    BOOST_TEST(m.take() == "");
    BOOST_TEST(m.server_eof());
    check_no_overlap_and_drained(m);
}

// The client leaves in the middle of key3.
BOOST_DATA_TEST_CASE(hixie76_client_leaves_during_key3, bdata::xrange(8), k)
{
    memory_session m;
    BOOST_REQUIRE(m.upgrade(upgrade_request("hixie-76")));
    m.send(memory_hixie76_key3.substr(0, static_cast<std::size_t>(k)));
    m.close_client();
    BOOST_TEST(m.log().closes >= 1u);
    check_no_overlap_and_drained(m);
}

// key3 one byte at a time, a frame glued to its last byte: the answer,
// then the echo, in that order.
BOOST_AUTO_TEST_CASE(hixie76_key3_byte_by_byte_then_a_frame)
{
    memory_session m;
    BOOST_REQUIRE(m.upgrade(upgrade_request("hixie-76")));
    for (std::size_t i = 0; i + 1 < memory_hixie76_key3.size(); ++i)
    {
        m.send(memory_hixie76_key3.substr(i, 1));
        BOOST_TEST(m.take() == "");
        BOOST_TEST(m.log().reads_pending == 1u);
    }
    m.send(std::string(memory_hixie76_key3.substr(7)) +
           text_frame("hixie-76", "right after key3"));
    std::string const out = m.take();
    std::string const tail = std::string("\r\n\r\n") +
                             std::string(memory_hixie76_answer) +
                             server_text("hixie-76", "right after key3");
    BOOST_TEST(out.rfind("HTTP/1.1 101 ", 0) == 0, show(out));
    BOOST_TEST((out.size() > tail.size() &&
                out.compare(out.size() - tail.size(), tail.size(), tail) == 0),
               show(out));
    BOOST_TEST(m.log().overlapping_reads == 0u);
    // 8 one-byte reads for key3 at most, then the frame.
    BOOST_TEST(m.log().reads_started <= 10u);
}

// Upgrades after server::close() are answered 503 and closed, every draft.
BOOST_DATA_TEST_CASE(upgrade_after_close_is_refused,
                     bdata::make(std::vector<std::string>(
                         std::begin(all_drafts), std::end(all_drafts))),
                     draft)
{
    memory_session m;
    m.server().close();
    std::string req = upgrade_request(draft);
    if (draft == "hixie-76")
        req += memory_hixie76_key3;
    BOOST_REQUIRE(m.upgrade(req));
    std::string const answer = m.take();
    BOOST_TEST(answer.rfind("HTTP/1.1 503 ", 0) == 0, show(answer));
    BOOST_TEST(m.server_eof());
    check_no_overlap_and_drained(m);
}
