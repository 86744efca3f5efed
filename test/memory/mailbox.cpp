//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The socket's mailbox, over an in-memory stream: what other threads hand
// a socket (publishes, sends, closes) is queued in the order of the calls,
// and one run on the strand writes everything queued by then in one batch.
// The test thread is "another thread" here: it calls the socket while the
// io_context is not running, then polls it.

#define BOOST_TEST_MODULE memory_mailbox
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "common.hpp"

#include <boost/asio/post.hpp>

#include <string>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using wsio::close_code;
using wsio::ready_state;
using wsio::send_status;

// 100 publishes with a send after every tenth, made before the strand
// runs: all of them leave, in the order of the calls, in exactly one
// write (each used to be a post of its own, and took two writes).
BOOST_DATA_TEST_CASE(a_burst_of_publishes_and_sends_is_one_write,
                     bdata::make(all_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    BOOST_TEST(s->subscribe("t"));
    std::size_t const writes = m.log().writes_started;

    std::string const expected = publish_and_send_burst(m, *s, draft);
    BOOST_TEST(s->buffered_amount() == expected.size());
    m.poll();
    BOOST_TEST(show(m.take()) == show(expected));
    BOOST_TEST(m.log().writes_started - writes == 1u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    BOOST_TEST(s->buffered_amount() == 0u);
}

// A send made on the strand while mail from another thread waits goes in
// behind that mail, not ahead of it: the order is the order of the calls.
BOOST_DATA_TEST_CASE(a_send_on_the_strand_waits_for_earlier_mail,
                     bdata::make(all_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    BOOST_TEST(s->subscribe("t"));
    std::size_t const writes = m.log().writes_started;

    // Posted first, runs first; by then the publish below is queued.
    boost::asio::post(s->get_executor(), [s] { s->send("after"); });
    BOOST_TEST(m.server().publish("t", "before") == 1u);
    m.poll();
    BOOST_TEST(show(m.take()) == show(server_text(draft, "before") +
                                      server_text(draft, "after")));
    BOOST_TEST(m.log().writes_started - writes == 1u);

    // With nothing waiting, a send on the strand leaves at once.
    boost::asio::post(s->get_executor(), [s] { s->send("now"); });
    m.poll();
    BOOST_TEST(show(m.take()) == show(server_text(draft, "now")));
}

// A close handed over behind queued messages leaves after them, in the
// same write; publishes and sends made after it are dropped at the call.
BOOST_DATA_TEST_CASE(a_close_behind_mail_leaves_after_it,
                     bdata::make(std::vector<std::string>{"hybi-07", "hybi-08",
                                                          "hybi-13"}),
                     draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    BOOST_TEST(s->subscribe("t"));
    std::size_t const writes = m.log().writes_started;

    BOOST_TEST(m.server().publish("t", "one") == 1u);
    BOOST_TEST((s->send("two") == send_status::queued));
    s->close(close_code::going_away);
    BOOST_TEST(m.server().publish("t", "three") == 0u);
    BOOST_TEST((s->send("four") == send_status::dropped));
    m.poll();
    BOOST_TEST(show(m.take()) ==
               show(server_text(draft, "one") + server_text(draft, "two") +
                    std::string("\x88\x02\x03\xE9", 4)));
    BOOST_TEST(m.log().writes_started - writes == 1u);
    BOOST_TEST(s->ready_state() == ready_state::closing);
}

// The peer leaves while mail is queued: the socket ends with nothing
// counted in buffered_amount and no subscription left.
BOOST_DATA_TEST_CASE(the_peer_leaving_with_mail_queued_leaves_nothing,
                     bdata::make(all_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    BOOST_TEST(s->subscribe("t"));
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(m.server().publish("t", nth("p", i)) == 1u);
    BOOST_TEST(s->buffered_amount() != 0u);
    m.close_client();
    BOOST_TEST(s->ready_state() == ready_state::closed);
    BOOST_TEST(s->buffered_amount() == 0u);
    BOOST_TEST(m.server().subscribers("t") == 0u);
}
