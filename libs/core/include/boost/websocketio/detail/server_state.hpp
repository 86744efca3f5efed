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

#include <boost/websocketio/options.hpp>
#include <boost/websocketio/socket.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/signals2/signal.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace boost {
namespace websocketio {
class http_server;
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

    mutable std::mutex mutex;
    // Tracked open sockets (client_tracking); strong references, like
    // websocket.io's clients table.
    std::map<std::uint64_t, std::shared_ptr<socket>> clients;
    std::atomic<std::size_t> clients_count{0};
    // Every live socket, tracked or not, for shutdown.
    std::map<std::uint64_t, std::weak_ptr<socket>> live;

    boost::signals2::signal<void(std::shared_ptr<socket> const&)>
        on_connection;

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
        std::lock_guard<std::mutex> lock(mutex);
        live.erase(id);
        if (clients.erase(id))
            clients_count.store(clients.size(), std::memory_order_relaxed);
    }
};

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
