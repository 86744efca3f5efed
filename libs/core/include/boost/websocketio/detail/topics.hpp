//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_DETAIL_TOPICS_HPP
#define BOOST_WEBSOCKETIO_DETAIL_TOPICS_HPP

#include <boost/websocketio/codec.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace websocketio {

class socket;

namespace detail {

struct topic;

// One of a socket's subscriptions: the topic, and where the socket sits
// in its subscriber list (so leaving is O(1) in the topic's size).
struct subscription
{
    topic* t;
    std::size_t index;
};

// A topic while it has subscribers.
struct topic
{
    std::string name;
    std::vector<socket*> subscribers;
};

// A server's topics: who is subscribed to what, and publishing. One mutex
// guards the table and every socket's subscription list; publishes are
// serialized by it, so every subscriber sees one order.
//
// A socket leaves every topic when it closes (socket::finish) and in its
// destructor, under the mutex, so the raw pointers here are always live
// while the mutex is held.
class topic_table
{
public:
    topic_table() = default;
    topic_table(topic_table const&) = delete;
    topic_table& operator=(topic_table const&) = delete;

    bool subscribe(socket& s, std::string_view name);
    bool unsubscribe(socket& s, std::string_view name);
    bool is_subscribed(socket const& s, std::string_view name) const;
    void unsubscribe_all(socket& s) noexcept;
    std::size_t subscribers(std::string_view name) const;

    // Queues the message on every subscriber but `skip`; returns how many
    // queued it. Throws as server::publish.
    std::size_t publish(std::string_view name, std::string_view data,
                        frame_type type, socket const* skip);

private:
    void leave(socket& s, std::size_t which) noexcept;

    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<topic>, std::less<>> topics_;
};

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
