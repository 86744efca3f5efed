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

#include <boost/websocketio/socket.hpp>

#include <boost/asio/post.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace chat {

/** A chat room over WebSocket sockets of any draft.

    Every connected socket gets the roster first, then every join and
    leave; joined sockets (members) also get every message. All sockets
    see these events in one order, the order the room's mutex took them.

    The mutex is held for map updates (O(log n): a join costs at most a
    few lookups in `nick_registry`), for copying at most 50 history
    pointers, for handing each event to its recipients (one `post` per
    recipient, O(n)), and, for the first connection after the members
    changed, for writing the roster (O(n)). Parsing, validation and the
    other JSON writing happen outside it.

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

    /** Wires a new open socket to the room (call from `on_connection`,
        which runs on the socket's strand). */
    void
    adopt(std::shared_ptr<boost::websocketio::socket> const& s)
    {
        namespace wsio = boost::websocketio;
        // The nick once joined. Only this socket's strand touches it.
        auto const me = std::make_shared<std::string>();
        wsio::socket* const raw = s.get(); // the slots die with the socket
        std::uint64_t const id = s->id();
        s->on_message().connect([this, raw, me](wsio::message const& m) {
            if (m.is_binary())
            {
                raw->close(wsio::close_code::unsupported_data,
                           "binary messages are not supported");
                return;
            }
            on_text(*raw, *me, m.data);
        });
        s->on_close().connect(
            [this, id, me](wsio::close_code, std::string_view) {
                leave(id, *me);
            });

        std::lock_guard<std::mutex> lock(mutex_);
        connected_.emplace(id, s);
        if (!roster_)
            roster_ = std::make_shared<std::string const>(roster_event(nicks_));
        deliver(s, roster_);
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
    using socket_map =
        std::map<std::uint64_t, std::weak_ptr<boost::websocketio::socket>>;

    // Hands `msg` to `s`'s strand. Every room event goes this way, so a
    // socket receives them in the order they were handed over (a `send`
    // made on the socket's own strand would overtake events still queued
    // for it).
    static void
    deliver(std::shared_ptr<boost::websocketio::socket> const& s,
            text_ptr const& msg)
    {
        boost::asio::post(s->get_executor(), [s, msg] {
            s->send(msg, boost::websocketio::frame_type::text);
        });
    }

    // An answer to `s` alone (an error). It goes the same way as the
    // events, so it cannot overtake the roster.
    static void
    reply(boost::websocketio::socket& s, std::string text)
    {
        deliver(s.shared_from_this(),
                std::make_shared<std::string const>(std::move(text)));
    }

    // Requires mutex_. Hands `msg` to every socket in `to` but `except`.
    static void
    fan_out(socket_map const& to, text_ptr const& msg, std::uint64_t except = 0)
    {
        for (auto const& [id, weak] : to)
            if (id != except)
                if (auto s = weak.lock())
                    deliver(s, msg);
    }

    void
    on_text(boost::websocketio::socket& s, std::string& me,
            std::string_view text)
    {
        request r = parse_request(text);
        if (auto* bad = std::get_if<bad_request>(&r))
            reply(s, error_event(bad->message));
        else if (auto* j = std::get_if<join_request>(&r))
            join(s, me, j->nick);
        else
            say(s, me, std::get<message_request>(r).text);
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
        auto const self = s.shared_from_this();
        std::lock_guard<std::mutex> lock(mutex_);
        me = nicks_.add(nick);
        members_.emplace(s.id(), self);
        roster_.reset();
        std::size_t const online = nicks_.size();
        // The welcome is written on the socket's strand, outside the lock.
        std::vector<text_ptr> history(history_.begin(), history_.end());
        boost::asio::post(s.get_executor(), [self, you = me, online,
                                             history = std::move(history)] {
            self->send(welcome_event(you, online, history));
        });
        fan_out(connected_,
                std::make_shared<std::string const>(
                    presence_event("join", me, online)),
                s.id());
    }

    void
    say(boost::websocketio::socket& s, std::string const& me,
        std::string_view text)
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
        fan_out(members_, msg);
    }

    void
    leave(std::uint64_t id, std::string const& me)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        connected_.erase(id);
        if (me.empty())
            return;
        members_.erase(id);
        nicks_.remove(me);
        roster_.reset();
        fan_out(connected_, std::make_shared<std::string const>(
                                presence_event("leave", me, nicks_.size())));
    }

    // Guards everything below, and orders the events: every socket sees
    // them in one global order, a newcomer's roster ends exactly where its
    // join and leave events begin, and its history where its messages do.
    mutable std::mutex mutex_;
    socket_map connected_;         // every open socket, by id
    socket_map members_;           // the joined ones
    nick_registry nicks_;          // the members' nicks
    text_ptr roster_;              // the roster event, until nicks change
    std::deque<text_ptr> history_; // message events, oldest first
};

} // namespace chat

#endif
