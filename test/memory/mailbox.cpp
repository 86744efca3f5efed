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

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

// GCC pairs the replaced operator new with std::free below and warns; the
// pair is consistent (both malloc/free).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// Counts every operator new in this program
// (a_publish_in_steady_state_allocates_only_its_frame).
std::atomic<std::size_t> new_calls{0};

void*
operator new(std::size_t n)
{
    new_calls.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n != 0 ? n : 1))
        return p;
    throw std::bad_alloc();
}

void
operator delete(void* p) noexcept
{
    std::free(p);
}

void
operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

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

// Once warm, a publish allocates its frame and nothing else of ours: the
// subscriber's mailbox is not allocated per publish (the run that empties
// it gives it to a pool of its thread, and the next publish's mail takes
// it from there), nor is the list of wire formats (on the stack). Counted
// with Boost 1.81 on x86-64, a round is 4 allocations: the frame; one in
// each of the two posts to the socket's strand (the mail run and the
// write's completion: `strand<any_io_executor>` asks its inner executor
// for `blocking.possibly`, which any_executor answers on the heap); and
// the in-memory client's next read. It was 6 before the mailbox pool and
// the stack list. At most 4, and the same every round.
BOOST_DATA_TEST_CASE(a_publish_in_steady_state_allocates_only_its_frame,
                     bdata::make(all_drafts), draft)
{
    memory_session m;
    auto s = open_session(m, draft);
    BOOST_TEST(s->subscribe("t"));
    for (int i = 0; i < 5; ++i) // warm: pool, batch, stream buffers
    {
        BOOST_TEST(m.server().publish("t", nth("w", i)) == 1u);
        m.poll();
        BOOST_TEST(show(m.take()) == show(server_text(draft, nth("w", i))));
    }
    std::vector<std::size_t> news;
    for (int i = 0; i < 20; ++i)
    {
        std::string const payload = nth("p", i);
        std::string const expected = server_text(draft, payload);
        std::size_t const before = new_calls.load();
        BOOST_TEST(m.server().publish("t", payload) == 1u);
        m.poll();
        news.push_back(new_calls.load() - before);
        BOOST_TEST(show(m.take()) == show(expected));
    }
    BOOST_TEST(news[0] <= 4u);
    for (std::size_t i = 0; i < news.size(); ++i)
        BOOST_TEST(news[i] == news[0], "publish " << i);
}
