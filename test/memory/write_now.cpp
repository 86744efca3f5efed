//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Writes that leave at once. Over a transport that can write without
// waiting (TCP: transport::can_write_now), the socket hands each batch to
// the OS directly; only what the OS does not take goes on as an
// asynchronous write. Here the server end is an in-memory stream that
// takes at most `*take` bytes per such write (write_now_transport), so the
// tests set exactly how much leaves at once, and count both kinds of
// write (stream_log::writes_now, writes_started).

#define BOOST_TEST_MODULE memory_write_now
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "common.hpp"

#include <boost/asio/post.hpp>

#include <limits>
#include <memory>
#include <string>
#include <thread>

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using wsio::send_status;

namespace {

constexpr std::size_t all = (std::numeric_limits<std::size_t>::max)();

session_config
writing_now(std::size_t take)
{
    session_config cfg;
    cfg.write_now = std::make_shared<std::size_t>(take);
    return cfg;
}

} // namespace

// The 101, an echo and a burst of 100 publishes and 10 sends each leave in
// one write that the OS takes whole: no asynchronous write at all, the
// bytes in order, nothing left buffered.
BOOST_DATA_TEST_CASE(writes_the_os_takes_whole_need_no_asynchronous_write,
                     bdata::make(all_drafts), draft)
{
    memory_session m(writing_now(all));
    auto s = open_session(m, draft);
    BOOST_TEST(m.log().writes_now == 1u);
    BOOST_TEST(m.log().writes_started == 0u);

    m.send(text_frame(draft, "hello"));
    BOOST_TEST(show(m.take()) == show(server_text(draft, "hello")));
    BOOST_TEST(m.log().writes_now == 2u);

    BOOST_TEST(s->subscribe("t"));
    std::string const expected = publish_and_send_burst(m, *s, draft);
    m.poll();
    BOOST_TEST(show(m.take()) == show(expected));
    BOOST_TEST(m.log().writes_now == 3u);
    BOOST_TEST(m.log().writes_started == 0u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    BOOST_TEST(s->buffered_amount() == 0u);
}

// The OS takes 5 bytes of a batch: the rest goes on asynchronously, from
// the right byte. A send made while that write is pending waits for it
// (no second write at once, no overlap), and leaves after it.
BOOST_DATA_TEST_CASE(what_the_os_does_not_take_goes_on_asynchronously,
                     bdata::make(all_drafts), draft)
{
    session_config cfg = writing_now(all);
    auto const take = cfg.write_now;
    memory_session m(cfg);
    auto s = open_session(m, draft);
    std::size_t const now0 = m.log().writes_now;

    *take = 5;
    boost::asio::post(s->get_executor(), [s] {
        BOOST_TEST((s->send("first message") == send_status::queued));
        BOOST_TEST((s->send("second") == send_status::queued));
    });
    m.poll();
    BOOST_TEST(show(m.take()) == show(server_text(draft, "first message") +
                                      server_text(draft, "second")));
    // "first message" at once (5 bytes) and its rest, then "second",
    // which was queued behind the pending write, at once (5 bytes) and
    // its rest.
    BOOST_TEST(m.log().writes_now - now0 == 2u);
    BOOST_TEST(m.log().writes_started == 2u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    BOOST_TEST(s->buffered_amount() == 0u);

    // Would block: everything goes asynchronously.
    *take = 0;
    m.send(text_frame(draft, "echo"));
    BOOST_TEST(show(m.take()) == show(server_text(draft, "echo")));
    BOOST_TEST(m.log().writes_now - now0 == 3u);
    BOOST_TEST(m.log().writes_started == 3u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    BOOST_TEST(s->buffered_amount() == 0u);
}

// on_drain never runs inside the send whose write brought the queue back
// to low water at once: the send returns first (backpressure: the
// message was over the high-water mark when queued), then on_drain runs
// once from the strand. Small messages (batched) and large ones (written
// straight from the caller's bytes, 16 KiB and up) alike.
BOOST_DATA_TEST_CASE(on_drain_runs_after_the_send_returns,
                     bdata::make(std::vector<std::size_t>{100, 20000}), size)
{
    session_config cfg = writing_now(all);
    cfg.opts.high_water_mark = 64;
    cfg.opts.low_water_mark = 32;
    memory_session m(cfg);
    auto s = open_session(m, "hybi-13");
    int drains = 0;
    s->on_drain().connect([&] { ++drains; });
    int drains_at_return = -1;
    send_status status = send_status::dropped;
    boost::asio::post(s->get_executor(), [&, s] {
        status = s->send(std::string(size, 'd'), wsio::frame_type::binary);
        drains_at_return = drains;
    });
    m.poll();
    BOOST_TEST((status == send_status::backpressure));
    BOOST_TEST(drains_at_return == 0);
    BOOST_TEST(drains == 1);
    BOOST_TEST(m.take().size() == size + (size < 126 ? 2u : 4u));
    BOOST_TEST(s->buffered_amount() == 0u);
    BOOST_TEST(m.log().writes_started == 0u);
}

// Reading held back at the high-water mark resumes when a write that
// leaves at once brings the queue to low water; no asynchronous write
// completes to do it. Here a message's handler makes another thread send
// 120 bytes (over the 64-byte high-water mark): when the read ends the
// send is counted but still in the mailbox, so the next read is held
// back; then the mailbox runs and its write leaves whole. The client's
// next message must still be read and echoed.
BOOST_DATA_TEST_CASE(reading_held_at_high_water_resumes_after_a_write_now,
                     bdata::make(all_drafts), draft)
{
    session_config cfg = writing_now(all);
    cfg.opts.high_water_mark = 64;
    cfg.opts.low_water_mark = 32;
    memory_session m(cfg);
    auto s = open_session(m, draft);
    std::string const big(120, 'y');
    wsio::socket* const raw = s.get();
    s->on_message().connect([raw, &big](wsio::message const& msg) {
        if (msg.str() == "go")
            std::thread([raw, &big] { raw->send(big); }).join();
    });

    m.send(text_frame(draft, "go"));
    BOOST_TEST(show(m.take()) ==
               show(server_text(draft, "go") + server_text(draft, big)));
    m.send(text_frame(draft, "again"));
    BOOST_TEST(show(m.take()) == show(server_text(draft, "again")));
    BOOST_TEST(m.log().writes_started == 0u);
    BOOST_TEST(m.log().overlapping_reads == 0u);
    BOOST_TEST(s->buffered_amount() == 0u);
}

// A batch the transport takes in parts (here 1,000 bytes per asynchronous
// write, after `at_once` bytes written at once) leaves the buffered amount
// part by part, as the OS takes it, not when its last byte is out: so a
// peer that reads part of a large batch makes room at once, and on_drain
// fires in the middle of the batch, as soon as what is left is at low
// water. Five 1,000-byte messages are queued as one batch from a message
// handler (corked); high water 2,000, low water 1,500.
BOOST_DATA_TEST_CASE(
    a_batch_leaves_the_buffered_amount_part_by_part,
    bdata::make(all_drafts) * bdata::make(std::vector<std::size_t>{0, 300}),
    draft, at_once)
{
    session_config cfg = writing_now(at_once);
    cfg.write_size = 1000;
    cfg.echo = false;
    cfg.opts.high_water_mark = 2000;
    cfg.opts.low_water_mark = 1500;
    memory_session m(cfg);
    auto s = open_session(m, draft);
    std::string const msg(1000, 'p');
    std::size_t const frame = server_text(draft, msg).size();
    std::size_t const total = 5 * frame;
    std::vector<send_status> statuses;
    wsio::socket* const raw = s.get();
    s->on_message().connect([&, raw](wsio::message const&) {
        for (int i = 0; i < 5; ++i)
            statuses.push_back(raw->send(msg));
    });
    std::size_t const written0 = m.log().bytes_written;
    int drains = 0;
    std::size_t left_at_drain = 0, out_at_drain = 0;
    s->on_drain().connect([&] {
        ++drains;
        left_at_drain = raw->buffered_amount();
        out_at_drain = m.log().bytes_written - written0;
    });

    m.send(text_frame(draft, "go"));
    std::string expected;
    for (int i = 0; i < 5; ++i)
        expected += server_text(draft, msg);
    BOOST_TEST(show(m.take()) == show(expected));
    BOOST_TEST(statuses.size() == 5u);
    BOOST_TEST((statuses.back() == send_status::backpressure));
    BOOST_TEST(drains == 1);
    // The first part that brought what is left to low water fired it:
    // the buffered amount is exactly what the OS had not taken.
    std::size_t const parts = (total - at_once - 1500 + 999) / 1000;
    BOOST_TEST(out_at_drain == at_once + parts * 1000);
    BOOST_TEST(left_at_drain == total - out_at_drain);
    BOOST_TEST(left_at_drain > 0u);
    BOOST_TEST(left_at_drain <= 1500u);
    BOOST_TEST(s->buffered_amount() == 0u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
}

// A large batch written in small parts keeps only its rest once half of
// it is out (compact_writing): the bytes must still arrive exactly, in
// order, whether a part ends inside the batch's own bytes, inside a shared
// payload or on a boundary between them. Forty rounds of 100 small frames
// (copied into the batch), a 5,000-byte and a 20,000-byte shared payload
// (referenced), about 1 MB, are queued as one batch; `at_once` bytes
// leave at once (0: it would block), then each asynchronous write takes
// `part` bytes.
BOOST_DATA_TEST_CASE(
    a_batch_written_in_small_parts_arrives_exactly,
    bdata::make(all_drafts) *
        (bdata::make(std::vector<std::size_t>{0, 300, 300, 300, 300}) ^
         bdata::make(std::vector<std::size_t>{4096, 999, 7001, 25104, 65536})),
    draft, at_once, part)
{
    session_config cfg = writing_now(at_once);
    cfg.write_size = part;
    cfg.echo = false;
    memory_session m(cfg);
    auto s = open_session(m, draft);
    std::string expected;
    std::vector<std::shared_ptr<std::string const>> payloads;
    for (int i = 0; i < 40; ++i)
    {
        payloads.push_back(std::make_shared<std::string const>(
            5000, static_cast<char>('a' + i % 26)));
        payloads.push_back(std::make_shared<std::string const>(
            20000, static_cast<char>('A' + i % 26)));
        for (int j = 0; j < 100; ++j)
            expected += server_text(draft, nth("s", 100 * i + j));
        expected += server_text(draft, *payloads[payloads.size() - 2]);
        expected += server_text(draft, *payloads.back());
    }
    wsio::socket* const raw = s.get();
    s->on_message().connect([&, raw](wsio::message const&) {
        for (int i = 0; i < 40; ++i)
        {
            for (int j = 0; j < 100; ++j)
                raw->send(nth("s", 100 * i + j));
            raw->send(payloads[2 * i], wsio::frame_type::text);
            raw->send(payloads[2 * i + 1], wsio::frame_type::text);
        }
    });
    m.send(text_frame(draft, "go"));
    std::string const got = m.take();
    BOOST_TEST(got.size() == expected.size());
    BOOST_TEST((got == expected));
    BOOST_TEST(s->buffered_amount() == 0u);
    BOOST_TEST(m.log().overlapping_writes == 0u);
    // Still writes after it.
    boost::asio::post(s->get_executor(), [s] { s->send("after"); });
    m.poll();
    BOOST_TEST(show(m.take()) == show(server_text(draft, "after")));
}
