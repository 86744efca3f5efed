//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Topics and backpressure over loopback TCP, with raw clients of every
// draft: subscribe/unsubscribe/publish, one publish seen by hixie and hybi
// subscribers alike, compressed once per permessage-deflate setting, the
// order of publishes and sends, the send_status of each case, on_drain,
// and what a subscriber that never reads costs (dropped or closed, per
// options::overflow).

#define BOOST_TEST_MODULE integration_pubsub
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "deflate_peer.hpp"
#include "wire.hpp"

#include <boost/system/system_error.hpp>

#include <atomic>
#include <cstdint>
#include <future>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>

namespace boost {
namespace websocketio {
// For BOOST_TEST's messages.
inline std::ostream&
operator<<(std::ostream& os, send_status st)
{
    switch (st)
    {
    case send_status::queued: return os << "queued";
    case send_status::backpressure: return os << "backpressure";
    case send_status::dropped: return os << "dropped";
    }
    return os << "?";
}
} // namespace websocketio
} // namespace boost

using namespace wsio_test;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace pubsub_test {

/* A server whose sockets subscribe to the topic named by their path
   (`/t/NAME` subscribes to NAME; any other path to nothing) and publish
   every message they receive to topic "chat" with socket::publish (the
   sender is skipped). Sockets, errors and closes are recorded. */
class pubsub_server : public recording_server
{
public:
    explicit pubsub_server(wsio::options opts = {}, int threads = 1)
        : recording_server(
              std::move(opts), threads,
              [](std::shared_ptr<wsio::socket> const& s) {
                  std::string const target(s->req().target());
                  if (target.rfind("/t/", 0) == 0)
                      BOOST_TEST(s->subscribe(target.substr(3)));
                  wsio::socket* const raw = s.get();
                  s->on_message().connect([raw](wsio::message const& m) {
                      raw->publish("chat", m.data, m.type);
                  });
              })
    {
    }

    // Waits until `topic` has `n` subscribers.
    void
    wait_subscribers(std::string_view topic, std::size_t n)
    {
        eventually([&] { return server().subscribers(topic) == n; });
        BOOST_REQUIRE_EQUAL(server().subscribers(topic), n);
    }
};

std::unique_ptr<raw_client>
hixie76_at(unsigned short port, std::string_view path)
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hixie76_request(path) + std::string(hixie76_key3));
    auto const h = c->read_http_header();
    BOOST_REQUIRE_MESSAGE(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    BOOST_REQUIRE_EQUAL(c->read_exactly(16), hixie76_answer);
    return c;
}

std::unique_ptr<raw_client>
hixie75_at(unsigned short port, std::string_view path)
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hixie75_request(path));
    auto const h = c->read_http_header();
    BOOST_REQUIRE_MESSAGE(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    return c;
}

std::unique_ptr<raw_client>
hybi_offering_deflate(unsigned short port, std::string_view path)
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hybi_request(path, "13",
                         "Sec-WebSocket-Extensions: permessage-deflate; "
                         "client_max_window_bits\r\n"));
    auto const h = c->read_http_header();
    BOOST_REQUIRE_MESSAGE(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    BOOST_REQUIRE_MESSAGE(h.find("permessage-deflate") != std::string::npos,
                          h);
    return c;
}

// Reads one hixie binary frame (0x80, base-128 length, bytes).
std::string
read_hixie_binary(raw_client& c)
{
    BOOST_REQUIRE_EQUAL(static_cast<unsigned char>(c.read_exactly(1)[0]),
                        0x80u);
    std::size_t len = 0;
    for (;;)
    {
        auto const b = static_cast<unsigned char>(c.read_exactly(1)[0]);
        len = len * 128 + (b & 0x7F);
        if ((b & 0x80) == 0)
            break;
    }
    return c.read_exactly(len);
}

} // namespace pubsub_test

using namespace pubsub_test;

BOOST_AUTO_TEST_SUITE(topics)

BOOST_AUTO_TEST_CASE(subscribe_unsubscribe_and_counts)
{
    pubsub_server srv;
    auto c = open_hybi(srv.port());
    auto const s = srv.socket(0);
    BOOST_TEST(srv.server().subscribers("a") == 0u);
    BOOST_TEST(s->subscribe("a"));
    BOOST_TEST(!s->subscribe("a")); // already
    BOOST_TEST(s->subscribe("b"));
    BOOST_TEST(s->is_subscribed("a"));
    BOOST_TEST(s->is_subscribed("b"));
    BOOST_TEST(!s->is_subscribed("c"));
    BOOST_TEST(srv.server().subscribers("a") == 1u);
    BOOST_TEST(s->unsubscribe("a"));
    BOOST_TEST(!s->unsubscribe("a"));
    BOOST_TEST(!s->unsubscribe("never"));
    BOOST_TEST(!s->is_subscribed("a"));
    BOOST_TEST(srv.server().subscribers("a") == 0u);
    BOOST_TEST(srv.server().publish("a", "nobody") == 0u);
    BOOST_TEST(srv.server().publish("b", "one") == 1u);
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST(f.payload == "one");
    // Topic names are bytes: empty and binary names are names too.
    BOOST_TEST(s->subscribe(""));
    BOOST_TEST(s->subscribe(std::string_view("\0x", 2)));
    BOOST_TEST(srv.server().subscribers(std::string_view("\0x", 2)) == 1u);
    BOOST_TEST(srv.server().subscribers(std::string_view("\0y", 2)) == 0u);
}

BOOST_AUTO_TEST_CASE(one_publish_reaches_every_draft)
{
    pubsub_server srv;
    auto h75 = hixie75_at(srv.port(), "/t/news");
    auto h76 = hixie76_at(srv.port(), "/t/news");
    auto v8 = open_hybi(srv.port(), "8", "/t/news");
    auto v13 = open_hybi(srv.port(), "13", "/t/news");
    auto other = open_hybi(srv.port(), "13", "/t/other");
    srv.wait_subscribers("news", 4);

    BOOST_TEST(srv.server().publish("news", "h\xC3\xA9llo") == 4u);
    BOOST_TEST(read_hixie_text(*h75) == "h\xC3\xA9llo");
    BOOST_TEST(read_hixie_text(*h76) == "h\xC3\xA9llo");
    for (auto* c : {v8.get(), v13.get()})
    {
        auto const f = c->read_frame();
        BOOST_TEST(f.opcode == 0x1);
        BOOST_TEST(f.rsv == 0u);
        BOOST_TEST(f.payload == "h\xC3\xA9llo");
    }
    std::string const bin("\x00\xFF\x01", 3);
    BOOST_TEST(srv.server().publish("news", bin, wsio::frame_type::binary) ==
               4u);
    BOOST_TEST(read_hixie_binary(*h75) == bin);
    BOOST_TEST(read_hixie_binary(*h76) == bin);
    for (auto* c : {v8.get(), v13.get()})
    {
        auto const f = c->read_frame();
        BOOST_TEST(f.opcode == 0x2);
        BOOST_TEST(f.payload == bin);
    }
    // A large message (shared by reference in each queue) arrives whole.
    std::string const big(200000, 'x');
    BOOST_TEST(srv.server().publish("news", big) == 4u);
    BOOST_TEST(read_hixie_text(*h75) == big);
    BOOST_TEST(read_hixie_text(*h76) == big);
    for (auto* c : {v8.get(), v13.get()})
        BOOST_TEST(c->read_frame().payload == big);
    // The other topic's subscriber saw none of it.
    BOOST_TEST(stays_open_and_silent(*other, 200ms));
}

BOOST_AUTO_TEST_CASE(socket_publish_skips_the_sender)
{
    pubsub_server srv;
    auto a = open_hybi(srv.port(), "13", "/t/chat");
    auto b = hixie76_at(srv.port(), "/t/chat");
    auto c = open_hybi(srv.port(), "13", "/"); // publishes, not subscribed
    srv.wait_subscribers("chat", 2);
    a->send(client_frame(0x1, "from a"));
    BOOST_TEST(read_hixie_text(*b) == "from a");
    BOOST_TEST(stays_open_and_silent(*a, 200ms));
    c->send(client_frame(0x1, "from c"));
    BOOST_TEST(a->read_frame().payload == "from c");
    BOOST_TEST(read_hixie_text(*b) == "from c");
}

BOOST_AUTO_TEST_CASE(subscriptions_end_when_the_socket_closes)
{
    pubsub_server srv;
    auto a = open_hybi(srv.port(), "13", "/t/x");
    auto b = open_hybi(srv.port(), "13", "/t/x");
    auto c = hixie75_at(srv.port(), "/t/x");
    srv.wait_subscribers("x", 3);
    auto const sa = srv.socket(0);
    a->send(client_frame(0x8, close_payload(1000, {}))); // closing handshake
    BOOST_TEST(a->read_frame().opcode == 0x8);
    // As a client does after the server's close (RFC 6455 7.1.1): without
    // it the server lingers for close_timeout (5 s), as long as the wait.
    a->socket().close();
    srv.wait_subscribers("x", 2);
    c->socket().close(); // TCP end without a handshake
    srv.wait_subscribers("x", 1);
    srv.socket(1)->destroy();
    srv.wait_subscribers("x", 0);
    BOOST_TEST(srv.server().publish("x", "late") == 0u);
    // A closed socket cannot subscribe again.
    BOOST_TEST(!sa->subscribe("x"));
    BOOST_TEST(!sa->is_subscribed("x"));
    BOOST_TEST(srv.server().subscribers("x") == 0u);
}

BOOST_AUTO_TEST_CASE(publishes_and_sends_keep_the_order_of_the_calls)
{
    // From a foreign thread (the test's), alternating publish and send to
    // one subscriber: both are posted to its strand, in call order.
    pubsub_server srv;
    auto c = open_hybi(srv.port(), "13", "/t/o");
    srv.wait_subscribers("o", 1);
    auto const s = srv.socket(0);
    for (int i = 0; i < 500; ++i)
    {
        BOOST_TEST(s->send("s" + std::to_string(i)) ==
                   wsio::send_status::queued);
        BOOST_TEST(srv.server().publish("o", "p" + std::to_string(i)) == 1u);
    }
    for (int i = 0; i < 500; ++i)
    {
        BOOST_TEST(c->read_frame().payload == "s" + std::to_string(i));
        BOOST_TEST(c->read_frame().payload == "p" + std::to_string(i));
    }
}

BOOST_AUTO_TEST_CASE(publish_refuses_bad_text_and_control_types)
{
    pubsub_server srv;
    auto c = open_hybi(srv.port(), "13", "/t/v");
    srv.wait_subscribers("v", 1);
    try
    {
        srv.server().publish("v", "\xC3\x28");
        BOOST_FAIL("no exception");
    }
    catch (boost::system::system_error const& e)
    {
        BOOST_TEST(e.code() == wsio::error::bad_utf8);
    }
    BOOST_CHECK_THROW(srv.server().publish("v", "x", wsio::frame_type::ping),
                      std::invalid_argument);
    // Binary is any bytes.
    BOOST_TEST(srv.server().publish("v", "\xC3\x28",
                                    wsio::frame_type::binary) == 1u);
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x2);
    BOOST_TEST(f.payload == "\xC3\x28");
}

BOOST_AUTO_TEST_CASE(for_each_client_visits_every_tracked_socket)
{
    pubsub_server srv;
    auto a = open_hybi(srv.port());
    auto b = hixie76_at(srv.port(), "/");
    (void)srv.socket(1);
    std::size_t visited = 0, nested = 0;
    srv.server().for_each_client([&](wsio::socket& s) {
        ++visited;
        s.send("hi");
        // Visiting again from inside a visit works (own buffer).
        srv.server().for_each_client([&](wsio::socket&) { ++nested; });
    });
    BOOST_TEST(visited == 2u);
    BOOST_TEST(nested == 4u);
    BOOST_TEST(a->read_frame().payload == "hi");
    BOOST_TEST(read_hixie_text(*b) == "hi");
}

BOOST_AUTO_TEST_CASE(for_each_client_visits_nothing_without_tracking)
{
    wsio::options o;
    o.client_tracking = false;
    pubsub_server srv(o);
    auto a = open_hybi(srv.port());
    (void)srv.socket(0);
    std::size_t visited = 0;
    srv.server().for_each_client([&](wsio::socket&) { ++visited; });
    BOOST_TEST(visited == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(publish_with_permessage_deflate)

BOOST_AUTO_TEST_CASE(shared_mode_subscribers_get_the_same_compressed_bytes)
{
    // Without context takeover every subscriber's frame is the one
    // compression of the message; plain and hixie subscribers get it
    // uncompressed, and a message under the threshold is never compressed.
    pubsub_server srv(deflate_options(false, 64));
    auto d1 = hybi_offering_deflate(srv.port(), "/t/z");
    auto d2 = hybi_offering_deflate(srv.port(), "/t/z");
    auto plain = open_hybi(srv.port(), "13", "/t/z");
    auto h76 = hixie76_at(srv.port(), "/t/z");
    srv.wait_subscribers("z", 4);
    for (int n = 0; n < 3; ++n)
    {
        std::string const msg = json_text(4000, n);
        BOOST_TEST(srv.server().publish("z", msg) == 4u);
        auto const f1 = d1->read_frame();
        auto const f2 = d2->read_frame();
        BOOST_TEST(f1.rsv == 4u); // RSV1: compressed
        BOOST_TEST(f1.opcode == 0x1);
        BOOST_TEST((f1.payload == f2.payload));
        BOOST_TEST(f1.payload.size() < msg.size() / 2);
        inflater inf; // no context takeover: each message on its own
        BOOST_TEST(inf(f1.payload) == msg);
        auto const p = plain->read_frame();
        BOOST_TEST(p.rsv == 0u);
        BOOST_TEST(p.payload == msg);
        BOOST_TEST(read_hixie_text(*h76) == msg);
    }
    BOOST_TEST(srv.server().publish("z", "short") == 4u);
    BOOST_TEST(d1->read_frame().rsv == 0u);
    BOOST_TEST(d2->read_frame().rsv == 0u);
}

BOOST_AUTO_TEST_CASE(dedicated_mode_subscribers_compress_with_their_context)
{
    pubsub_server srv(deflate_options(true, 64));
    auto d1 = hybi_offering_deflate(srv.port(), "/t/z");
    auto d2 = hybi_offering_deflate(srv.port(), "/t/z");
    srv.wait_subscribers("z", 2);
    // d2 got a message of its own first: its context differs from d1's.
    BOOST_TEST(srv.socket(1)->send(json_text(3000, 9)) ==
               wsio::send_status::queued);
    inflater i1, i2;
    BOOST_TEST(i2(d2->read_frame().payload) == json_text(3000, 9));
    for (int n = 0; n < 3; ++n)
    {
        std::string const msg = json_text(3000, n);
        BOOST_TEST(srv.server().publish("z", msg) == 2u);
        auto const f1 = d1->read_frame();
        auto const f2 = d2->read_frame();
        BOOST_TEST(f1.rsv == 4u);
        BOOST_TEST(f2.rsv == 4u);
        BOOST_TEST(i1(f1.payload) == msg);
        BOOST_TEST(i2(f2.payload) == msg);
    }
}

BOOST_AUTO_TEST_SUITE_END()

//------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(backpressure)

BOOST_AUTO_TEST_CASE(send_reports_dropped_when_not_open_or_invalid)
{
    pubsub_server srv;
    auto c = open_hybi(srv.port());
    auto const s = srv.socket(0);
    BOOST_TEST(s->send("\xC3\x28") == wsio::send_status::dropped);
    eventually([&] { return srv.events().saw_error(wsio::error::bad_utf8); });
    BOOST_TEST(srv.events().saw_error(wsio::error::bad_utf8));
    BOOST_TEST(s->send("x", wsio::frame_type::pong) ==
               wsio::send_status::dropped);
    eventually([&] {
        return srv.events().saw_error(wsio::error::operation_not_supported);
    });
    BOOST_TEST(srv.events().saw_error(wsio::error::operation_not_supported));
    BOOST_TEST(s->send(std::shared_ptr<std::string const>(),
                       wsio::frame_type::text) == wsio::send_status::dropped);
    BOOST_TEST(s->send("fine") == wsio::send_status::queued);
    BOOST_TEST(c->read_frame().payload == "fine");
    s->close();
    BOOST_TEST(s->send("after close") == wsio::send_status::dropped);
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
}

// Fills a socket whose client does not read, from its strand, until a
// send is dropped; returns the statuses in order.
std::vector<wsio::send_status>
fill_until_dropped(wsio::socket& s, std::string const& msg)
{
    std::vector<wsio::send_status> seen;
    std::promise<void> done;
    boost::asio::post(s.get_executor(), [&] {
        for (int i = 0; i < 100000; ++i)
        {
            seen.push_back(s.send(msg));
            if (seen.back() == wsio::send_status::dropped)
                break;
        }
        done.set_value();
    });
    done.get_future().wait();
    return seen;
}

wsio::options
small_buffers(wsio::overflow_action action)
{
    wsio::options o;
    o.max_buffered_amount = 1024 * 1024;
    o.high_water_mark = 256 * 1024;
    o.low_water_mark = 64 * 1024;
    o.overflow = action;
    // A failed socket waits this long for a peer that never reads.
    o.close_timeout = std::chrono::milliseconds(300);
    return o;
}

BOOST_AUTO_TEST_CASE(queued_then_backpressure_then_dropped_and_drain)
{
    pubsub_server srv(small_buffers(wsio::overflow_action::drop));
    auto c = open_hybi(srv.port());
    auto const s = srv.socket(0);
    std::atomic<int> drains{0};
    std::promise<void> connected;
    boost::asio::post(s->get_executor(), [&] {
        wsio::socket* const raw = s.get();
        s->on_drain().connect([raw, &drains] {
            ++drains;
            raw->send("drained");
        });
        connected.set_value();
    });
    connected.get_future().wait();

    std::string const msg(16 * 1024, 'm');
    auto const seen = fill_until_dropped(*s, msg);
    BOOST_REQUIRE(!seen.empty());
    BOOST_TEST((seen.back() == wsio::send_status::dropped));
    // In order: queued, then backpressure, then the one drop; the buffered
    // amount never passed the cap.
    std::size_t i = 0;
    while (i < seen.size() && seen[i] == wsio::send_status::queued)
        ++i;
    std::size_t const queued = i;
    while (i < seen.size() && seen[i] == wsio::send_status::backpressure)
        ++i;
    BOOST_TEST(queued > 0u);
    BOOST_TEST(i - queued > 0u); // some backpressure
    BOOST_TEST(i == seen.size() - 1);
    BOOST_TEST(s->buffered_amount() <= 1024u * 1024u);
    BOOST_TEST(drains.load() == 0);
    // The connection stays (drop policy); reading it all fires on_drain
    // once, whose slot's message comes last.
    for (std::size_t k = 0; k + 1 < seen.size(); ++k)
    {
        auto const f = c->read_frame();
        BOOST_REQUIRE(f.payload.size() == msg.size());
    }
    auto const last = c->read_frame();
    BOOST_TEST(last.payload == "drained");
    BOOST_TEST(drains.load() == 1);
    BOOST_TEST((s->ready_state() == wsio::ready_state::open));
    BOOST_TEST(s->send("still open") == wsio::send_status::queued);
    BOOST_TEST(c->read_frame().payload == "still open");
    BOOST_TEST(drains.load() == 1);
}

BOOST_AUTO_TEST_CASE(overflow_close_fails_the_connection_with_1008)
{
    pubsub_server srv(small_buffers(wsio::overflow_action::close));
    auto c = open_hybi(srv.port());
    auto const s = srv.socket(0);
    std::string const msg(16 * 1024, 'm');
    auto const seen = fill_until_dropped(*s, msg);
    BOOST_REQUIRE(!seen.empty());
    BOOST_TEST((seen.back() == wsio::send_status::dropped));
    // What was queued arrives, then the close frame with 1008.
    for (std::size_t k = 0; k + 1 < seen.size(); ++k)
        BOOST_REQUIRE(c->read_frame().payload.size() == msg.size());
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f) == 1008u);
    BOOST_TEST(srv.events().saw_error(wsio::error::buffer_overflow));
}

BOOST_DATA_TEST_CASE(a_subscriber_that_never_reads_costs_the_others_nothing,
                     bdata::make({0, 1}), close_it)
{
    auto const action = close_it ? wsio::overflow_action::close
                                 : wsio::overflow_action::drop;
    pubsub_server srv(small_buffers(action));
    auto slow = open_hybi(srv.port(), "13", "/t/feed");
    auto fast = open_hybi(srv.port(), "13", "/t/feed");
    srv.wait_subscribers("feed", 2);
    std::string const msg(64 * 1024, 'f');
    // The fast subscriber reads everything, on its own thread.
    std::atomic<int> got{0};
    std::thread reader([&] {
        try
        {
            for (;;)
            {
                auto const f = fast->read_frame();
                if (f.opcode != 0x1 || f.payload.size() != msg.size())
                    break;
                if (++got == 400)
                    break;
            }
        }
        catch (std::exception const&)
        {
        }
    });
    std::size_t to_both = 0, to_one = 0;
    for (int i = 0; i < 400; ++i)
    {
        // At most 5 messages ahead of the fast reader. Its buffered amount
        // is then at most 10 messages (640 KiB), under its 1 MiB cap, so
        // only the slow one can overflow: the 5 not read yet, and at most
        // 5 more (one batch) that it read before the server's thread ran
        // the completion that counts them out.
        for (int k = 0; k < 5000 && got.load() < i - 4; ++k)
            std::this_thread::sleep_for(1ms);
        std::size_t const n = srv.server().publish("feed", msg);
        (n == 2 ? to_both : to_one) += 1;
        BOOST_REQUIRE(n >= 1u);
    }
    reader.join();
    BOOST_TEST(got.load() == 400); // every publish reached the fast one
    BOOST_TEST(to_one > 0u);       // the slow one was left out
    auto const s = srv.socket(0);
    BOOST_TEST(s->buffered_amount() <= 1024u * 1024u);
    if (action == wsio::overflow_action::close)
    {
        // Failed with 1008 at its first overflow, and unsubscribed once
        // closed (its peer never reads: after close_timeout).
        BOOST_TEST(eventually([&] {
            return srv.server().subscribers("feed") == 1u;
        }, 2000ms));
        BOOST_TEST(srv.events().saw_error(wsio::error::buffer_overflow));
    }
    else
    {
        BOOST_TEST(srv.server().subscribers("feed") == 2u);
        BOOST_TEST((s->ready_state() == wsio::ready_state::open));
    }
}

BOOST_AUTO_TEST_SUITE_END()
