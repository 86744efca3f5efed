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

// The chat room: who has joined, the last messages, and the JSON protocol.
//
//   client -> server  {"type":"join","nick":"..."}
//                     {"type":"message","text":"..."}
//   server -> client  {"type":"welcome","you":"...","online":N,"history":[...]}
//                     {"type":"join","nick":"...","online":N}
//                     {"type":"leave","nick":"...","online":N}
//                     {"type":"message","nick":"...","text":"...","time":MS}
//                     {"type":"error","message":"..."}
//
// `time` is milliseconds since the Unix epoch (UTC). Sockets of any draft
// take part alike: old drafts send the same JSON in their text frames.

#include "json.hpp"

#include <boost/websocketio/server.hpp>
#include <boost/websocketio/socket.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace chat {

class room
{
public:
    static constexpr std::size_t history_size = 50;
    static constexpr std::size_t max_nick_chars = 32;
    static constexpr std::size_t max_text_chars = 2000;

    /// Sets the server whose `clients()` receive the broadcasts.
    void
    set_server(boost::websocketio::server* srv) noexcept
    {
        srv_ = srv;
    }

    /// Wires a new socket to the room (call from `on_connection`).
    void
    adopt(std::shared_ptr<boost::websocketio::socket> const& s)
    {
        namespace wsio = boost::websocketio;
        wsio::socket* const raw = s.get(); // slots die with the socket
        std::uint64_t const id = s->id();
        s->on_message().connect([this, raw](wsio::message const& m) {
            if (m.is_binary())
            {
                raw->close(wsio::close_code::unsupported_data,
                           "binary messages are not supported");
                return;
            }
            on_text(*raw, m.data);
        });
        s->on_close().connect(
            [this, id](wsio::close_code, std::string_view) { leave(id); });
    }

private:
    using text_ptr = std::shared_ptr<std::string const>;

    static void
    reply_error(boost::websocketio::socket& s, std::string_view what)
    {
        s.send(R"({"type":"error","message":)" + json::quote(what) + "}");
    }

    // Number of code points in valid UTF-8.
    static std::size_t
    chars(std::string_view s) noexcept
    {
        std::size_t n = 0;
        for (char c : s)
            n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    }

    static std::string_view
    trim(std::string_view s) noexcept
    {
        auto const space = [](char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                   c == '\f' || c == '\v';
        };
        while (!s.empty() && space(s.front()))
            s.remove_prefix(1);
        while (!s.empty() && space(s.back()))
            s.remove_suffix(1);
        return s;
    }

    // The first `n` code points of `s`.
    static std::string_view
    prefix_chars(std::string_view s, std::size_t n) noexcept
    {
        std::size_t i = 0;
        for (std::size_t seen = 0; i < s.size(); ++i)
        {
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 &&
                seen++ == n)
                break;
        }
        return s.substr(0, i);
    }

    static std::string
    fold(std::string_view s)
    {
        std::string out(s);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }

    // Requires mutex_. `nick` is valid; returns it, or it with the lowest
    // number appended that makes it unique (case-insensitively).
    std::string
    unique_nick(std::string_view nick) const
    {
        auto const taken = [this](std::string const& n) {
            std::string const f = fold(n);
            for (auto const& m : members_)
                if (fold(m.second) == f)
                    return true;
            return false;
        };
        std::string candidate(nick);
        for (unsigned k = 2; taken(candidate); ++k)
        {
            std::string const suffix = std::to_string(k);
            candidate = std::string(
                            prefix_chars(nick, max_nick_chars - suffix.size())) +
                        suffix;
        }
        return candidate;
    }

    // Requires mutex_. Sends `msg` to every joined socket but `except`.
    void
    broadcast(text_ptr const& msg, std::uint64_t except = 0) const
    {
        if (!srv_)
            return;
        for (auto const& [id, sock] : srv_->clients())
            if (id != except && members_.count(id))
                sock->send(msg, boost::websocketio::frame_type::text);
    }

    void
    on_text(boost::websocketio::socket& s, std::string_view text)
    {
        auto const obj = json::parse_object(text);
        if (!obj)
            return reply_error(s, "not a JSON object; send "
                                  R"({"type":"join","nick":"..."} or )"
                                  R"({"type":"message","text":"..."})");
        auto const type = obj->find("type");
        if (type == obj->end() || type->second.k != json::value::kind::string)
            return reply_error(s, R"(missing string member "type")");
        if (type->second.str == "join")
            return join(s, *obj);
        if (type->second.str == "message")
            return say(s, *obj);
        reply_error(s, "unknown type " + json::quote(type->second.str) +
                           R"( (expected "join" or "message"))");
    }

    void
    join(boost::websocketio::socket& s, json::object const& obj)
    {
        auto const it = obj.find("nick");
        if (it == obj.end() || it->second.k != json::value::kind::string)
            return reply_error(s, R"(join needs a string "nick")");
        std::string_view const nick = trim(it->second.str);
        if (nick.empty() || chars(nick) > max_nick_chars)
            return reply_error(s, "a nick has 1 to 32 characters");
        for (char c : nick)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                return reply_error(s, "a nick has no control characters");

        std::lock_guard<std::mutex> lock(mutex_);
        auto const me = members_.find(s.id());
        if (me != members_.end())
            return reply_error(s, "already joined as " + me->second);
        std::string const name = unique_nick(nick);
        members_.emplace(s.id(), name);
        std::string const online = std::to_string(members_.size());

        std::string welcome = R"({"type":"welcome","you":)" +
                              json::quote(name) + R"(,"online":)" + online +
                              R"(,"history":[)";
        bool first = true;
        for (auto const& h : history_)
        {
            if (!first)
                welcome += ',';
            first = false;
            welcome += *h;
        }
        welcome += "]}";
        s.send(welcome);
        broadcast(std::make_shared<std::string const>(
                      R"({"type":"join","nick":)" + json::quote(name) +
                      R"(,"online":)" + online + "}"),
                  s.id());
    }

    void
    say(boost::websocketio::socket& s, json::object const& obj)
    {
        auto const it = obj.find("text");
        if (it == obj.end() || it->second.k != json::value::kind::string)
            return reply_error(s, R"(a message needs a string "text")");
        std::string_view const text = trim(it->second.str);
        if (text.empty())
            return reply_error(s, "empty message");
        if (chars(text) > max_text_chars)
            return reply_error(s, "message too long (over 2000 characters)");
        auto const now = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch());

        std::lock_guard<std::mutex> lock(mutex_);
        auto const me = members_.find(s.id());
        if (me == members_.end())
            return reply_error(
                s, R"(join first: {"type":"join","nick":"..."})");
        auto msg = std::make_shared<std::string const>(
            R"({"type":"message","nick":)" + json::quote(me->second) +
            R"(,"text":)" + json::quote(text) +
            R"(,"time":)" + std::to_string(now.count()) + "}");
        history_.push_back(msg);
        if (history_.size() > history_size)
            history_.pop_front();
        broadcast(msg);
    }

    void
    leave(std::uint64_t id)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto const me = members_.find(id);
        if (me == members_.end())
            return;
        std::string const name = std::move(me->second);
        members_.erase(me);
        broadcast(std::make_shared<std::string const>(
            R"({"type":"leave","nick":)" + json::quote(name) +
            R"(,"online":)" + std::to_string(members_.size()) + "}"));
    }

    boost::websocketio::server* srv_ = nullptr;
    // Guards members_ and history_, and orders the broadcasts: every
    // socket sees the events in one global order, and a newcomer's
    // history ends exactly where its live messages begin.
    std::mutex mutex_;
    std::map<std::uint64_t, std::string> members_; // socket id -> nick
    std::deque<text_ptr> history_;                  // message events
};

} // namespace chat

#endif
