//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// An io_context run by 4 threads, 8 pipelining clients, and foreign
// threads calling send() and close() on the server's sockets: nothing is
// lost, duplicated or reordered, and everything sent before close()
// arrives before the close frame. Also built with -fsanitize=thread: the
// test code shares state only through atomics and mutexes.

#define BOOST_TEST_MODULE integration_threads
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/socket.h>

using namespace wsio_test;
using namespace std::chrono_literals;

namespace {

constexpr int n_clients = 8;
constexpr int n_threads = 4;

// Failures seen on client threads (Boost.Test assertions are not
// thread-safe): collected here, checked on the main thread.
class failures
{
public:
    void
    add(std::string what)
    {
        std::lock_guard<std::mutex> lock(m_);
        list_.push_back(std::move(what));
    }

    std::vector<std::string>
    get() const
    {
        std::lock_guard<std::mutex> lock(m_);
        return list_;
    }

private:
    mutable std::mutex m_;
    std::vector<std::string> list_;
};

void
check_no_failures(failures const& f)
{
    auto const list = f.get();
    for (auto const& s : list)
        BOOST_ERROR(s);
    BOOST_TEST(list.empty());
}

// "c<client>:<seq>" -> seq, or -1 if it is not this client's.
int
seq_of(std::string const& payload, int client)
{
    std::string const prefix = "c" + std::to_string(client) + ":";
    if (payload.compare(0, prefix.size(), prefix) != 0)
        return -1;
    return std::stoi(payload.substr(prefix.size()));
}

std::string
message_of(int client, int seq)
{
    return "c" + std::to_string(client) + ":" + std::to_string(seq);
}

// Writes "c<client>:<seq>" frames on a file descriptor until stopped.
class writer_thread
{
public:
    static constexpr int max_messages = 20000; // bounds the writer

    writer_thread(int fd, int client) : fd_(fd)
    {
        thread_ = std::thread([this, client] {
            for (int seq = 0; seq < max_messages && !stop_.load(); ++seq)
            {
                std::string const fr =
                    client_frame(0x1, message_of(client, seq));
                if (::send(fd_, fr.data(), fr.size(), MSG_NOSIGNAL) !=
                    static_cast<ssize_t>(fr.size()))
                    return;
            }
        });
    }

    void
    finish()
    {
        stop_ = true;
        thread_.join();
    }

    // On an early exit (exception), unblock a pending send and join.
    ~writer_thread()
    {
        if (!thread_.joinable())
            return;
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
    }

private:
    int const fd_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

void
set_receive_timeout_ms(raw_client& c, long ms)
{
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    ::setsockopt(c.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
                 sizeof(tv));
}

} // namespace

BOOST_AUTO_TEST_CASE(echoes_and_foreign_sends_arrive_complete_and_in_order)
{
    constexpr int n_messages = 500;
    constexpr int n_rounds = 100;
    failures fails;
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    server_fixture f({}, n_threads);
    echo_messages(f.server());

    std::vector<std::thread> clients;
    for (int i = 0; i < n_clients; ++i)
    {
        clients.emplace_back([&, i] {
            std::string const who = "client " + std::to_string(i) + ": ";
            try
            {
                raw_client c(f.port(), 10s);
                bool const ok = status_of(open_hybi(c)) == 101;
                ++ready;
                if (!ok)
                    return fails.add(who + "no 101");
                if (!eventually([&] { return go.load(); }, 10s))
                    return fails.add(who + "never started");
                // Pipeline every message before reading anything.
                std::string batch;
                for (int seq = 0; seq < n_messages; ++seq)
                    batch += client_frame(0x1, message_of(i, seq));
                c.send(batch);
                int next_echo = 0;
                int next_round = 0;
                while (next_echo < n_messages || next_round < n_rounds)
                {
                    frame const fr = c.read_frame();
                    if (fr.opcode != 0x1)
                        return fails.add(who + "unexpected opcode " +
                                         std::to_string(fr.opcode));
                    if (fr.payload.compare(0, 2, "f:") == 0)
                    {
                        int const r = std::stoi(fr.payload.substr(2));
                        if (r != next_round)
                            return fails.add(who + "foreign " +
                                             std::to_string(r) + ", expected " +
                                             std::to_string(next_round));
                        ++next_round;
                        continue;
                    }
                    int const seq = seq_of(fr.payload, i);
                    if (seq != next_echo)
                        return fails.add(who + "echo '" + fr.payload +
                                         "', expected seq " +
                                         std::to_string(next_echo));
                    ++next_echo;
                }
                c.send(client_close(1000));
                frame const cl = c.read_frame();
                if (cl.opcode != 0x8 || close_code_of(cl.payload) != 1000)
                    return fails.add(who + "no close echo");
                if (!c.closed_by_peer())
                    return fails.add(who + "data after the close frame");
                hang_up(c);
            }
            catch (std::exception const& e)
            {
                fails.add(who + e.what());
            }
        });
    }

    bool const all_ready = eventually(
        [&] {
            return ready.load() == n_clients &&
                   f.server().clients_count() == n_clients;
        },
        10s);
    BOOST_TEST(all_ready);
    go = true;
    // A foreign thread sends to every socket while the echoes flow.
    std::thread foreign([&] {
        auto const all = f.server().clients();
        for (int r = 0; r < n_rounds; ++r)
            for (auto const& entry : all)
                entry.second->send("f:" + std::to_string(r));
    });
    foreign.join();
    for (auto& t : clients)
        t.join();
    check_no_failures(fails);
    BOOST_TEST(eventually([&] { return f.server().connections_count() == 0; }));
}

BOOST_AUTO_TEST_CASE(close_from_a_foreign_thread_while_messages_flow)
{
    constexpr int echoes_before_close = 50;
    failures fails;
    std::array<std::atomic<int>, n_clients> echoed;
    for (auto& e : echoed)
        e = 0;
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    server_fixture f({}, n_threads);
    echo_messages(f.server());

    std::vector<std::thread> clients;
    for (int i = 0; i < n_clients; ++i)
    {
        clients.emplace_back([&, i] {
            std::string const who = "client " + std::to_string(i) + ": ";
            try
            {
                raw_client c(f.port(), 10s);
                bool const ok = status_of(open_hybi(c)) == 101;
                ++ready;
                if (!ok)
                    return fails.add(who + "no 101");
                if (!eventually([&] { return go.load(); }, 10s))
                    return fails.add(who + "never started");

                // A writer keeps sending until the close frame is seen;
                // it writes on the file descriptor, the reader below
                // reads through raw_client.
                writer_thread writer(c.socket().native_handle(), i);

                int next_echo = 0;
                bool last_seen = false;
                frame fr;
                for (;;)
                {
                    fr = c.read_frame();
                    if (fr.opcode != 0x1)
                        break;
                    if (fr.payload == "last")
                    {
                        last_seen = true;
                        continue;
                    }
                    int const seq = seq_of(fr.payload, i);
                    if (seq != next_echo)
                    {
                        fails.add(who + "echo '" + fr.payload +
                                  "', expected seq " +
                                  std::to_string(next_echo));
                        break;
                    }
                    echoed[i] = ++next_echo;
                }
                writer.finish();
                if (fr.opcode != 0x8)
                    return fails.add(who + "ended without a close frame");
                if (close_code_of(fr.payload) != 1001)
                    return fails.add(who + "close code " +
                                     std::to_string(close_code_of(fr.payload)));
                if (!last_seen)
                    return fails.add(who + "'last' did not come before close");
                if (next_echo < echoes_before_close)
                    return fails.add(who + "too few echoes");
                c.send(client_close(1001));
                if (!c.read_to_eof().empty())
                    return fails.add(who + "data after the close frame");
                hang_up(c);
            }
            catch (std::exception const& e)
            {
                fails.add(who + e.what());
            }
        });
    }

    bool const all_ready = eventually(
        [&] {
            return ready.load() == n_clients &&
                   f.server().clients_count() == n_clients;
        },
        10s);
    BOOST_TEST(all_ready);
    go = true;
    // Once every client's echoes flow, a foreign thread closes them all.
    std::thread closer([&] {
        bool const flowing = eventually(
            [&] {
                for (auto const& e : echoed)
                    if (e.load() < echoes_before_close)
                        return false;
                return true;
            },
            10s);
        if (!flowing)
            fails.add("echoes never flowed on every client");
        for (auto const& entry : f.server().clients())
        {
            entry.second->send("last");
            entry.second->close(wsio::close_code::going_away);
        }
    });
    closer.join();
    for (auto& t : clients)
        t.join();
    check_no_failures(fails);
    BOOST_TEST(eventually([&] { return f.server().connections_count() == 0; }));
}

// Calls ordered by the application (here by a mutex) leave in that order,
// whether they come from another thread (posted) or from a handler on the
// socket's strand (which must not overtake the posted ones).
BOOST_AUTO_TEST_CASE(sends_from_the_strand_do_not_overtake_posted_sends)
{
    std::mutex order; // these outlive the server's threads
    unsigned next = 0;
    mailbox<socket_ptr> opened;
    server_fixture f({}, 2);
    f.server().on_connection().connect([&](socket_ptr const& s) {
        wsio::socket* const raw = s.get();
        s->on_message().connect([&, raw](wsio::message const&) {
            std::lock_guard<std::mutex> lock(order);
            raw->send(std::to_string(next++)); // on the strand
        });
        opened.push(s);
    });
    raw_client c(f.port());
    BOOST_REQUIRE_EQUAL(status_of(open_hybi(c)), 101);
    auto const s = opened.pop();
    BOOST_REQUIRE(s);
    constexpr unsigned foreign = 3000, triggers = 300;
    std::thread sender([&] {
        for (unsigned i = 0; i < foreign; ++i)
        {
            std::lock_guard<std::mutex> lock(order);
            (*s)->send(std::to_string(next++)); // posted
        }
    });
    for (unsigned i = 0; i < triggers; ++i)
        c.send(client_frame(0x1, "go"));
    sender.join();
    long last = -1;
    unsigned out_of_order = 0;
    for (unsigned i = 0; i < foreign + triggers; ++i)
    {
        frame const fr = c.read_frame();
        long const n = std::stol(fr.payload);
        if (n != last + 1)
            ++out_of_order;
        last = n;
    }
    BOOST_TEST(out_of_order == 0u);
    BOOST_TEST(last == long(foreign + triggers - 1));
    client_closes(c);
}

// Pub/sub across threads: 4 io threads, 4 foreign publisher threads, a
// thread that subscribes and unsubscribes a socket over and over, and a
// subscriber that leaves mid-way. Every steady subscriber gets every
// publish once, each publisher's in order; the churning one gets each
// publisher's in order too (a subset); nothing races (TSan).
BOOST_AUTO_TEST_CASE(publishes_from_foreign_threads_reach_every_subscriber_in_order)
{
    constexpr int n_publishers = 4;
    constexpr int n_messages = 500;
    constexpr int n_steady = 5;
    failures fails;
    mailbox<socket_ptr> opened;
    server_fixture f({}, n_threads);
    f.server().on_connection().connect([&opened](socket_ptr const& s) {
        if (s->req().target() == "/sub")
            s->subscribe("t");
        opened.push(s);
    });

    auto open_at = [&](std::string_view path) {
        auto c = std::make_unique<raw_client>(f.port());
        BOOST_REQUIRE_EQUAL(status_of(open_hybi(*c, path)), 101);
        auto s = opened.pop();
        BOOST_REQUIRE(s);
        return std::make_pair(std::move(c), *s);
    };
    std::vector<std::unique_ptr<raw_client>> steady;
    for (int i = 0; i < n_steady; ++i)
        steady.push_back(open_at("/sub").first);
    auto leaver = open_at("/sub");
    auto churn = open_at("/");
    auto publisher = open_at("/"); // publishes with socket::publish
    BOOST_REQUIRE_EQUAL(f.server().subscribers("t"),
                        std::size_t(n_steady + 1));

    // Readers first: each checks per-publisher order.
    auto read_all = [&fails](raw_client& c, int expected, bool exact,
                             std::string name) {
        std::array<int, n_publishers> next{};
        int got = 0;
        try
        {
            while (exact ? got < expected : true)
            {
                frame const fr = c.read_frame();
                if (fr.opcode == 0x8)
                    break;
                int const k = fr.payload[1] - '0';
                int const i = std::stoi(fr.payload.substr(3));
                if (k < 0 || k >= n_publishers ||
                    (exact ? i != next[k] : i < next[k]))
                {
                    fails.add(name + ": " + fr.payload + " out of order");
                    return;
                }
                next[k] = i + 1;
                ++got;
            }
        }
        catch (std::exception const& e)
        {
            if (exact)
                fails.add(name + ": " + e.what() + " after " +
                          std::to_string(got));
        }
    };
    std::vector<std::thread> readers;
    for (int i = 0; i < n_steady; ++i)
        readers.emplace_back(read_all, std::ref(*steady[i]),
                             n_publishers * n_messages, true,
                             "steady " + std::to_string(i));
    set_receive_timeout_ms(*churn.first, 1000);
    readers.emplace_back(read_all, std::ref(*churn.first), 0, false,
                         "churn");

    std::atomic<bool> stop{false};
    std::thread churner([&] {
        while (!stop.load())
        {
            churn.second->subscribe("t");
            std::this_thread::yield();
            churn.second->unsubscribe("t");
        }
    });
    std::vector<std::thread> publishers;
    for (int k = 0; k < n_publishers; ++k)
        publishers.emplace_back([&, k] {
            for (int i = 0; i < n_messages; ++i)
            {
                std::string const m =
                    "p" + std::to_string(k) + ":" + std::to_string(i);
                if (k == 0)
                    publisher.second->publish("t", m);
                else
                    f.server().publish("t", m);
                if (k == 1 && i == n_messages / 2)
                    leaver.first->send(client_close(1000)); // leaves
            }
        });
    for (auto& t : publishers)
        t.join();
    for (auto& t : readers)
        if (&t != &readers.back())
            t.join();
    stop = true;
    churner.join();
    readers.back().join();
    check_no_failures(fails);
    BOOST_TEST(eventually([&] {
        return f.server().subscribers("t") == std::size_t(n_steady);
    }));
    BOOST_TEST(!leaver.second->is_subscribed("t"));
}
