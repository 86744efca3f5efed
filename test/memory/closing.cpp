//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The closing handshake of every draft, step by step over an in-memory
// stream: the exact bytes the server writes, its ready_state after each
// step, when it half-closes and closes its end, and what on_close reports.
// No sleeps: each step polls the io_context until nothing is ready; the
// close_timeout cases wait for the timer with a bounded run.
//
// hybi-07/08/13: RFC 6455 sections 5.5.1 and 7.1 (the server closes TCP
// first, once both close frames went); hixie-76: draft-hixie-76 section
// 4.2 (0xFF 0x00 both ways); hixie-75: no closing frame, the server's close
// is its TCP close.

#define BOOST_TEST_MODULE memory_closing
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
using wsio::close_code;
using wsio::ready_state;

namespace {

std::vector<std::string> const hybi_drafts{"hybi-07", "hybi-08", "hybi-13"};

std::string const hybi_close_1000 = std::string("\x88\x02\x03\xE8", 4);

close_code
code(unsigned c)
{
    return static_cast<close_code>(c);
}

/// After the client's FIN: on_close fired once, from the closed state,
/// the server closed its end, and nothing is left once `s` is dropped.
void
check_closed(memory_session& m, std::shared_ptr<wsio::socket>& s,
             close_code expected, std::string_view reason)
{
    BOOST_TEST(s->ready_state() == ready_state::closed);
    BOOST_REQUIRE_EQUAL(m.events().closes.size(), 1u);
    BOOST_TEST(m.events().closes[0].first == expected);
    BOOST_TEST(m.events().closes[0].second == reason);
    BOOST_TEST(m.events().state_in_on_close[0] == ready_state::closed);
    BOOST_TEST(m.log().closes >= 1u);
    BOOST_TEST(m.log().overlapping_reads == 0u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    BOOST_TEST(m.log().writes_after_shutdown == 0u);
    BOOST_TEST(m.exceptions().empty());
    s.reset();
    m.poll();
    BOOST_TEST(m.drained());
    BOOST_TEST(m.server().connections_count() == 0u);
}

} // namespace

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(hybi)

BOOST_DATA_TEST_CASE(server_initiated_close, bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    // The transport asked the stream for its peer's address.
    BOOST_TEST(s->remote_endpoint() == memory_stream::fake_remote());

    s->close(close_code::going_away);
    BOOST_TEST(show(m.take()) == show(std::string("\x88\x02\x03\xE9", 4)));
    BOOST_TEST(s->ready_state() == ready_state::closing);
    // Waiting for the peer's close frame: TCP stays open both ways.
    BOOST_TEST(!m.server_eof());
    BOOST_TEST(m.log().shutdowns == 0u);
    BOOST_TEST(m.log().closes == 0u);
    BOOST_TEST(m.events().closes.empty());

    // The peer answers with a code of its own: that is the one reported
    // (RFC 6455 7.1.5: the code of the close frame received).
    m.send(client_frame(0x8, close_payload(4001, "client")));
    BOOST_TEST(show(m.take()) == ""); // no second close frame
    // Both close frames went: the server closes TCP first (7.1.1).
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().shutdowns == 1u);
    BOOST_TEST(m.events().closes.size() <= 1u);

    m.close_client();
    check_closed(m, s, code(4001), "client");
}

BOOST_DATA_TEST_CASE(peer_initiated_close_echoes_the_code,
                     bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    m.send(client_frame(0x8, close_payload(1001, "going")));
    // Section 5.5.1: the code is echoed (the reason is not).
    BOOST_TEST(show(m.take()) == show(std::string("\x88\x02\x03\xE9", 4)));
    BOOST_TEST(s->ready_state() != ready_state::open);
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().shutdowns == 1u);
    m.close_client();
    check_closed(m, s, code(1001), "going");
}

BOOST_DATA_TEST_CASE(peer_close_without_code_is_answered_without_code,
                     bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    m.send(client_frame(0x8, ""));
    BOOST_TEST(show(m.take()) == show(std::string("\x88\x00", 2)));
    BOOST_TEST(m.server_eof());
    m.close_client();
    check_closed(m, s, close_code::no_status, "");
}

BOOST_DATA_TEST_CASE(server_close_with_reason, bdata::make(hybi_drafts),
                     draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    s->close(code(4001), "bye now");
    BOOST_TEST(show(m.take()) ==
               show(server_frame(0x8, close_payload(4001, "bye now"))));
    BOOST_TEST(s->ready_state() == ready_state::closing);
    m.send(client_frame(0x8, ""));
    BOOST_TEST(show(m.take()) == "");
    BOOST_TEST(m.server_eof());
    m.close_client();
    check_closed(m, s, close_code::no_status, "");
}

BOOST_DATA_TEST_CASE(queued_data_leaves_before_the_close_frame,
                     bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    s->send("one");
    s->send("two");
    s->close();
    // Sends after close are ignored.
    s->send("three");
    BOOST_TEST(show(m.take()) == show(server_text(draft, "one") +
                                      server_text(draft, "two") +
                                      hybi_close_1000));
    m.send(client_frame(0x8, close_payload(1000)));
    BOOST_TEST(m.server_eof());
    m.close_client();
    check_closed(m, s, close_code::normal, "");
}

BOOST_DATA_TEST_CASE(messages_after_the_peer_close_frame_are_ignored,
                     bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    m.send(client_frame(0x8, close_payload(1000)) + client_frame(0x1, "late"));
    BOOST_TEST(show(m.take()) == show(hybi_close_1000));
    BOOST_TEST(m.events().messages.empty());
    m.close_client();
    check_closed(m, s, close_code::normal, "");
}

BOOST_DATA_TEST_CASE(close_frames_that_cross_are_not_answered_twice,
                     bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    // Posted (not on the strand): runs before the peer's frame is read.
    s->close(close_code::normal);
    m.send(client_frame(0x8, close_payload(1001)));
    BOOST_TEST(show(m.take()) == show(hybi_close_1000));
    BOOST_TEST(m.server_eof());
    m.close_client();
    check_closed(m, s, code(1001), "");
}

BOOST_DATA_TEST_CASE(close_timeout_when_the_peer_never_answers,
                     bdata::make(hybi_drafts), draft)
{
    session_config cfg;
    cfg.opts.close_timeout = 100ms;
    memory_session m(cfg);
    auto s = open_session(m, draft);
    auto const t0 = std::chrono::steady_clock::now();
    s->close();
    BOOST_TEST(show(m.take()) == show(hybi_close_1000));
    BOOST_TEST(s->ready_state() == ready_state::closing);
    BOOST_REQUIRE(m.run_until([&] { return !m.events().closes.empty(); },
                              5000ms));
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 100ms));
    // No close frame was received: 1006, and close_timeout reported.
    BOOST_TEST(m.events().saw_error(wsio::error::close_timeout));
    BOOST_TEST(m.server_eof()); // the server cut the connection
    check_closed(m, s, close_code::abnormal, "");
}

BOOST_DATA_TEST_CASE(close_timeout_when_the_peer_keeps_tcp_open,
                     bdata::make(hybi_drafts), draft)
{
    // The handshake itself completed; only the peer's FIN is missing:
    // the peer's code is reported and close_timeout is no error.
    session_config cfg;
    cfg.opts.close_timeout = 100ms;
    memory_session m(cfg);
    auto s = open_session(m, draft);
    m.send(client_frame(0x8, close_payload(4002, "x")));
    BOOST_TEST(show(m.take()) == show(server_frame(0x8, close_payload(4002))));
    BOOST_TEST(m.server_eof());
    BOOST_REQUIRE(m.run_until([&] { return !m.events().closes.empty(); },
                              5000ms));
    BOOST_TEST(!m.events().saw_error(wsio::error::close_timeout));
    check_closed(m, s, code(4002), "x");
}

BOOST_DATA_TEST_CASE(tcp_lost_without_close_frame_reports_1006,
                     bdata::make(hybi_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    m.send(client_frame(0x1, "half", false));
    m.close_client();
    check_closed(m, s, close_code::abnormal, "");
    BOOST_TEST(m.log().shutdowns == 0u); // nothing was said to close
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(hixie76)

BOOST_AUTO_TEST_CASE(server_initiated_close)
{
    memory_session m;
    auto s = open_session(m, "hixie-76");
    s->send("bye");
    s->close(close_code::going_away);
    BOOST_TEST(show(m.take()) ==
               show(server_text("hixie-76", "bye") + hixie76_close_frame()));
    BOOST_TEST(s->ready_state() == ready_state::closing);
    BOOST_TEST(!m.server_eof());
    BOOST_TEST(m.events().closes.empty());

    m.send(hixie76_close_frame());
    BOOST_TEST(show(m.take()) == "");
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().shutdowns == 1u);
    m.close_client();
    // The draft's closing frame carries no code.
    check_closed(m, s, close_code::none, "");
}

BOOST_AUTO_TEST_CASE(peer_initiated_close_is_answered)
{
    memory_session m;
    auto s = open_session(m, "hixie-76");
    m.send(text_frame("hixie-76", "x") + hixie76_close_frame());
    BOOST_TEST(show(m.take()) ==
               show(server_text("hixie-76", "x") + hixie76_close_frame()));
    BOOST_TEST(s->ready_state() != ready_state::open);
    BOOST_TEST(m.server_eof());
    m.close_client();
    check_closed(m, s, close_code::none, "");
}

BOOST_AUTO_TEST_CASE(close_timeout_when_the_peer_never_answers)
{
    session_config cfg;
    cfg.opts.close_timeout = 100ms;
    memory_session m(cfg);
    auto s = open_session(m, "hixie-76");
    s->close();
    BOOST_TEST(show(m.take()) == show(hixie76_close_frame()));
    BOOST_REQUIRE(m.run_until([&] { return !m.events().closes.empty(); },
                              5000ms));
    BOOST_TEST(m.events().saw_error(wsio::error::close_timeout));
    BOOST_TEST(m.server_eof());
    check_closed(m, s, close_code::abnormal, "");
}

BOOST_AUTO_TEST_CASE(tcp_lost_without_close_frame_reports_1006)
{
    memory_session m;
    auto s = open_session(m, "hixie-76");
    m.send(std::string("\x00half", 5)); // an unfinished frame
    m.close_client();
    check_closed(m, s, close_code::abnormal, "");
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(hixie75)

BOOST_AUTO_TEST_CASE(server_close_is_the_tcp_close)
{
    memory_session m;
    auto s = open_session(m, "hixie-75");
    s->send("one");
    s->close();
    // No closing frame: the data, then the server's FIN.
    BOOST_TEST(show(m.take()) == show(server_text("hixie-75", "one")));
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().shutdowns == 1u);
    BOOST_TEST(s->ready_state() != ready_state::open);
    m.close_client();
    // Nothing came from the peer: the code the server closed with.
    check_closed(m, s, close_code::normal, "");
}

BOOST_AUTO_TEST_CASE(peer_tcp_close_reports_1006)
{
    memory_session m;
    auto s = open_session(m, "hixie-75");
    m.send(text_frame("hixie-75", "x"));
    BOOST_TEST(show(m.take()) == show(server_text("hixie-75", "x")));
    m.close_client();
    check_closed(m, s, close_code::abnormal, "");
}

BOOST_AUTO_TEST_CASE(peer_closing_frame_closes_tcp_without_answer)
{
    // 0xFF 0x00 from a newer client means the same as in hixie-76, but
    // hixie-75 has nothing to answer it with.
    memory_session m;
    auto s = open_session(m, "hixie-75");
    m.send(hixie76_close_frame());
    BOOST_TEST(show(m.take()) == "");
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().shutdowns == 1u);
    m.close_client();
    check_closed(m, s, close_code::none, "");
}

BOOST_AUTO_TEST_CASE(close_timeout_when_the_peer_keeps_tcp_open)
{
    session_config cfg;
    cfg.opts.close_timeout = 100ms;
    memory_session m(cfg);
    auto s = open_session(m, "hixie-75");
    s->close();
    BOOST_TEST(show(m.take()) == "");
    BOOST_TEST(m.server_eof());
    BOOST_REQUIRE(m.run_until([&] { return !m.events().closes.empty(); },
                              5000ms));
    // The server's close was complete (its FIN went): not an error.
    BOOST_TEST(!m.events().saw_error(wsio::error::close_timeout));
    check_closed(m, s, close_code::normal, "");
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------
// Closes the server starts while its read is pending: the read is
// cancelled and the FIN goes out at once, without waiting for the peer to
// send something or for close_timeout. memory_session's stream has
// cancel(), like a TCP socket; Beast's test stream alone has none.

BOOST_AUTO_TEST_SUITE(close_while_reading)

namespace {

void
hixie75_server_close_fin_at_once(bool cancellable)
{
    session_config cfg;
    cfg.cancellable = cancellable;
    memory_session m(cfg);
    auto s = open_session(m, "hixie-75");
    BOOST_TEST(m.log().reads_pending == 1u);
    s->close();
    BOOST_TEST(show(m.take()) == "");
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().shutdowns == 1u);
    m.close_client();
    check_closed(m, s, close_code::normal, "");
}

void
send_over_the_cap_fin_at_once(bool cancellable)
{
    session_config cfg;
    cfg.cancellable = cancellable;
    cfg.opts.max_buffered_amount = 1024;
    cfg.opts.high_water_mark = 512;
    cfg.opts.low_water_mark = 256;
    memory_session m(cfg);
    auto s = open_session(m, "hybi-13");
    s->send(std::string(2000, 'x'));
    // Not queued: the connection fails with 1008 (options.hpp).
    BOOST_TEST(show(m.take()) == show(server_frame(0x8, close_payload(1008))));
    BOOST_TEST(m.events().saw_error(wsio::error::buffer_overflow));
    BOOST_TEST(m.server_eof());
    m.close_client();
    check_closed(m, s, close_code::policy_violation, "");
}

void
hixie76_key3_then_server_close_fin_at_once(bool cancellable)
{
    session_config cfg;
    cfg.cancellable = cancellable;
    memory_session m(cfg);
    BOOST_REQUIRE(m.upgrade(upgrade_request("hixie-76")));
    m.send(memory_hixie76_key3.substr(0, 3));
    m.server().close();
    std::string const answer = m.take();
    BOOST_TEST(answer.rfind("HTTP/1.1 503 ", 0) == 0, show(answer));
    BOOST_TEST(m.server_eof());
    BOOST_TEST(m.log().overlapping_reads == 0u);
    m.close_client();
    BOOST_TEST(m.drained());
}

} // namespace

BOOST_AUTO_TEST_CASE(hixie75_server_close)
{
    hixie75_server_close_fin_at_once(true);
}

BOOST_AUTO_TEST_CASE(send_over_the_cap)
{
    send_over_the_cap_fin_at_once(true);
}

BOOST_AUTO_TEST_CASE(hixie76_key3_then_server_close)
{
    hixie76_key3_then_server_close_fin_at_once(true);
}

// Over a stream without cancel() (Beast's beast::test::stream itself) the
// FIN still leaves right after the last write: the half-close does not wait
// for the pending read. (Found by these tests: it used to wait for the
// peer's next byte or close_timeout.)
BOOST_AUTO_TEST_CASE(hixie75_server_close_without_cancel)
{
    hixie75_server_close_fin_at_once(false);
}

// The 1008 close frame goes, then the FIN.
BOOST_AUTO_TEST_CASE(send_over_the_cap_without_cancel)
{
    send_over_the_cap_fin_at_once(false);
}

// The 503 goes, then the FIN, without waiting for key3's last bytes.
BOOST_AUTO_TEST_CASE(hixie76_key3_then_server_close_without_cancel)
{
    hixie76_key3_then_server_close_fin_at_once(false);
}

BOOST_AUTO_TEST_SUITE_END()
