//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_EXAMPLE_CHAT_ROOM_HPP
#define BOOST_WEBSOCKETIO_EXAMPLE_CHAT_ROOM_HPP

// The chat room: who is connected, who has joined, the last messages. The
// JSON messages are in protocol.hpp; doc/chat.md describes the protocol.

#include "nicks.hpp"
#include "protocol.hpp"

#include <boost/websocketio/server.hpp>
#include <boost/websocketio/socket.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace chat {

/** A chat room over WebSocket sockets of any draft, built on the server's
    topics (`socket::subscribe`, `server::publish`).

    Every connected socket gets the roster first, then every join and
    leave (it is subscribed to the topic `presence_topic`); joined sockets
    (members) also get every message (topic `messages_topic`). All sockets
    see these events in one order, the order the room's mutex took them:
    every publish and every event for one socket is handed over under it,
    and a socket's strand runs what it was handed in that order.

    A publish frames the event once per wire format among the subscribers
    and every subscriber's queue references those bytes, so a message to
    n members costs one encoding and n queue entries, not n copies. The
    mutex is held for the nick registry (a join costs at most a few
    lookups in `nick_registry`), for writing a newcomer's welcome (at most
    50 history messages), for the publish (O(n): one hand-over per
    subscriber) and, for the first connection after the members changed,
    for writing the roster (O(n)). Parsing, validation and the other JSON
    writing happen outside it.

    @par Thread Safety
    `adopt` may be called from any thread; each socket's events run on its
    strand. Declare the room before the io_context: the sockets' slots
    point at it, and the io_context destroys the sockets.
*/
class room
{
public:
    /// Messages a newcomer gets in its welcome.
    static constexpr std::size_t history_size = 50;

    /// The topic every connected socket is subscribed to: joins, leaves.
    static constexpr std::string_view presence_topic = "chat/presence";

    /// The topic members are subscribed to: messages.
    static constexpr std::string_view messages_topic = "chat/messages";

    /** Wires a new open socket of `srv` to the room (call from
        `on_connection`, which runs on the socket's strand). */
    void
    adopt(boost::websocketio::server& srv,
          std::shared_ptr<boost::websocketio::socket> const& s)
    {
        namespace wsio = boost::websocketio;
        // The nick once joined. Only this socket's strand touches it.
        auto const me = std::make_shared<std::string>();
        wsio::socket* const raw = s.get(); // the slots die with the socket
        wsio::server* const server = &srv; // outlives its sockets' slots
        s->on_message().connect(
            [this, raw, server, me](wsio::message const& m) {
                if (m.is_binary())
                {
                    raw->close(wsio::close_code::unsupported_data,
                               "binary messages are not supported");
                    return;
                }
                on_text(*server, *raw, *me, m.data);
            });
        s->on_close().connect(
            [this, raw, me](wsio::close_code, std::string_view) {
                leave(*raw, *me);
            });

        std::lock_guard<std::mutex> lock(mutex_);
        if (!roster_)
            roster_ = std::make_shared<std::string const>(roster_event(nicks_));
        // The roster, then (subscribed under the same lock) every presence
        // event published after it: a send and the publishes reach the
        // socket in the order they were made.
        s->send(roster_, wsio::frame_type::text);
        s->subscribe(presence_topic);
    }

    /// Number of members (joined sockets).
    std::size_t
    members() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return nicks_.size();
    }

private:
    using text_ptr = std::shared_ptr<std::string const>;

    // An answer to `s` alone (an error). A send keeps its place among the
    // publishes handed to the socket before it, so it cannot overtake the
    // roster.
    static void
    reply(boost::websocketio::socket& s, std::string const& text)
    {
        s.send(text);
    }

    void
    on_text(boost::websocketio::server& srv, boost::websocketio::socket& s,
            std::string& me, std::string_view text)
    {
        request r = parse_request(text);
        if (auto* bad = std::get_if<bad_request>(&r))
            reply(s, error_event(bad->message));
        else if (auto* j = std::get_if<join_request>(&r))
            join(s, me, j->nick);
        else
            say(srv, s, me, std::get<message_request>(r).text);
    }

    void
    join(boost::websocketio::socket& s, std::string& me,
         std::string const& nick)
    {
        if (!me.empty())
        {
            reply(s, error_event("already joined as " + me));
            return;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        me = nicks_.add(nick);
        roster_.reset();
        // The welcome (with the history), then the messages published
        // after it.
        std::vector<text_ptr> const history(history_.begin(), history_.end());
        s.send(welcome_event(me, nicks_.size(), history));
        s.subscribe(messages_topic);
        // Everyone else connected (socket::publish skips the sender).
        s.publish(presence_topic, presence_event("join", me, nicks_.size()));
    }

    void
    say(boost::websocketio::server& srv, boost::websocketio::socket& s,
        std::string const& me, std::string_view text)
    {
        if (me.empty())
        {
            reply(s,
                  error_event(R"(join first: {"type":"join","nick":"..."})"));
            return;
        }
        auto const now = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch());
        auto const msg = std::make_shared<std::string const>(
            message_event(me, text, now.count()));

        std::lock_guard<std::mutex> lock(mutex_);
        history_.push_back(msg);
        if (history_.size() > history_size)
            history_.pop_front();
        srv.publish(messages_topic, *msg); // the sender too
    }

    // Runs on `s`'s strand when it closes. It publishes through the
    // socket, not the server: that reaches everyone else, and does nothing
    // if the server is already gone.
    void
    leave(boost::websocketio::socket& s, std::string const& me)
    {
        if (me.empty())
            return;
        std::lock_guard<std::mutex> lock(mutex_);
        nicks_.remove(me);
        roster_.reset();
        s.publish(presence_topic, presence_event("leave", me, nicks_.size()));
    }

    // Guards everything below, and orders the events: every socket sees
    // them in one global order, a newcomer's roster ends exactly where its
    // join and leave events begin, and its history where its messages do.
    mutable std::mutex mutex_;
    nick_registry nicks_;          // the members' nicks
    text_ptr roster_;              // the roster event, until nicks change
    std::deque<text_ptr> history_; // message events, oldest first
};

} // namespace chat

#endif
