//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_DETAIL_SERVER_STATE_HPP
#define BOOST_WEBSOCKETIO_DETAIL_SERVER_STATE_HPP

#include <boost/websocketio/http_server.hpp>
#include <boost/websocketio/options.hpp>
#include <boost/websocketio/socket.hpp>
#include <boost/websocketio/detail/topics.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/signals2/signal.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace boost {
namespace websocketio {
namespace detail {

// What sockets share with their server. Sockets hold it weakly, so a
// server may go away before its sockets.
struct server_state
{
    boost::asio::any_io_executor ex;
    std::shared_ptr<options const> opts;
    std::shared_ptr<registry const> codecs;
    std::atomic<std::uint64_t> next_id{1};
    std::atomic<bool> closing{false};
    std::atomic<websocketio::http_server*> http{nullptr};
    // The same HTTP server's state, for async_shutdown (set by attach,
    // under `mutex`); weak: the HTTP server may go first.
    std::weak_ptr<websocketio::http_server::impl> http_impl;

    mutable std::mutex mutex;
    // Tracked open sockets (client_tracking); strong references, like
    // websocket.io's clients table.
    std::map<std::uint64_t, std::shared_ptr<socket>> clients;
    std::atomic<std::size_t> clients_count{0};
    // Every live socket, tracked or not, for shutdown.
    std::map<std::uint64_t, std::weak_ptr<socket>> live;
    // Called once `live` is empty (async_shutdown).
    std::vector<std::function<void()>> drained_waiters;

    boost::signals2::signal<void(std::shared_ptr<socket> const&)>
        on_connection;

    // Pub/sub: its own mutex, so publishing never waits for `mutex`.
    topic_table topics;

    void
    opened(std::shared_ptr<socket> const& s)
    {
        if (!opts->client_tracking)
            return;
        std::lock_guard<std::mutex> lock(mutex);
        clients.emplace(s->id(), s);
        clients_count.store(clients.size(), std::memory_order_relaxed);
    }

    void
    gone(std::uint64_t id)
    {
        std::vector<std::function<void()>> ready;
        {
            std::lock_guard<std::mutex> lock(mutex);
            live.erase(id);
            if (clients.erase(id))
                clients_count.store(clients.size(),
                                    std::memory_order_relaxed);
            if (live.empty())
                ready.swap(drained_waiters);
        }
        for (auto& fn : ready)
            fn();
    }

    // Runs `fn` once no socket is live: now, or when the last one goes.
    void
    when_drained(std::function<void()> fn)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!live.empty())
            {
                drained_waiters.push_back(std::move(fn));
                return;
            }
        }
        fn();
    }
};

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
