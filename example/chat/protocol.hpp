//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_EXAMPLE_CHAT_PROTOCOL_HPP
#define BOOST_WEBSOCKETIO_EXAMPLE_CHAT_PROTOCOL_HPP

// The chat's JSON messages (doc/chat.md describes them all): reading what a
// client sends, strictly, and writing what the server sends. JSON is
// Boost.JSON's.
//
//   client -> server  {"type":"join","nick":"..."}
//                     {"type":"message","text":"..."}
//   server -> client  {"type":"roster","online":["...",...]}   (first)
//                     {"type":"welcome","you":"...","online":N,"history":[...]}
//                     {"type":"join","nick":"...","online":N}
//                     {"type":"leave","nick":"...","online":N}
//                     {"type":"message","nick":"...","text":"...","time":MS}
//                     {"type":"error","message":"..."}

#include "nicks.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chat {

/// At most this many code points in a message's text (after trimming).
inline constexpr std::size_t max_text_chars = 2000;

/// A valid `join` request: the nick, trimmed.
struct join_request
{
    std::string nick;
};

/// A valid `message` request: the text, trimmed.
struct message_request
{
    std::string text;
};

/// An invalid request: what to say in the `error` reply.
struct bad_request
{
    std::string message;
};

using request = std::variant<join_request, message_request, bad_request>;

namespace detail {

// Number of code points in valid UTF-8.
inline std::size_t
chars(std::string_view s) noexcept
{
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

inline std::string_view
trim(std::string_view s) noexcept
{
    auto const space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
               c == '\v';
    };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

inline std::string
quoted(std::string_view s)
{
    return boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

} // namespace detail

/** Reads one text message from a client.

    The text must be one JSON object (RFC 8259, as Boost.JSON parses it by
    default: no comments, no trailing commas, valid UTF-8, no lone
    surrogate escapes, nesting at most 32 deep) with a string member
    "type": "join" with a string "nick" of 1 to 32 code points and no
    control characters, or "message" with a string "text" of 1 to 2000
    code points. Both are trimmed of ASCII white space first. Other
    members are ignored; of duplicate members the last counts.

    @return the request, or `bad_request` with the reply to send.
*/
inline request
parse_request(std::string_view text)
{
    namespace json = boost::json;
    static constexpr char const* shapes =
        R"(send {"type":"join","nick":"..."} or )"
        R"({"type":"message","text":"..."})";

    // Member values are no larger than the message (64 KiB at most): a
    // small arena on the stack holds most of them.
    unsigned char arena[4096];
    json::monotonic_resource mr(arena, sizeof(arena));
    json::error_code ec;
    json::value const v =
        json::parse(json::string_view(text.data(), text.size()), ec, &mr);
    if (ec)
        return bad_request{"not JSON (" + ec.message() + "); " + shapes};
    json::object const* obj = v.if_object();
    if (!obj)
        return bad_request{std::string("not a JSON object; ") + shapes};
    auto const string_member = [obj](char const* name) -> json::string const* {
        auto const it = obj->find(name);
        return it == obj->end() ? nullptr : it->value().if_string();
    };

    json::string const* type = string_member("type");
    if (!type)
        return bad_request{R"(missing string member "type"; )" +
                           std::string(shapes)};
    if (*type == "join")
    {
        json::string const* nick = string_member("nick");
        if (!nick)
            return bad_request{R"(join needs a string "nick")"};
        std::string_view const n =
            detail::trim(std::string_view(nick->data(), nick->size()));
        if (n.empty() || detail::chars(n) > max_nick_chars)
            return bad_request{"a nick has 1 to 32 characters"};
        for (char c : n)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
                return bad_request{"a nick has no control characters"};
        return join_request{std::string(n)};
    }
    if (*type == "message")
    {
        json::string const* t = string_member("text");
        if (!t)
            return bad_request{R"(a message needs a string "text")"};
        std::string_view const s =
            detail::trim(std::string_view(t->data(), t->size()));
        if (s.empty())
            return bad_request{"empty message"};
        if (detail::chars(s) > max_text_chars)
            return bad_request{"message too long (over 2000 characters)"};
        return message_request{std::string(s)};
    }
    // The reply quotes at most 32 code points of the unknown type.
    std::string_view const t(type->data(), type->size());
    std::string_view const shown = prefix_chars(t, 32);
    return bad_request{"unknown type " + detail::quoted(shown) +
                       (shown.size() < t.size() ? "..." : "") +
                       R"( (expected "join" or "message"))"};
}

/// {"type":"error","message":...}
inline std::string
error_event(std::string_view message)
{
    return boost::json::serialize(boost::json::object{
        {"type", "error"},
        {"message", boost::json::string_view(message.data(), message.size())},
    });
}

/// {"type":"join"|"leave","nick":...,"online":N}
inline std::string
presence_event(std::string_view type, std::string_view nick,
               std::size_t online)
{
    return boost::json::serialize(boost::json::object{
        {"type", boost::json::string_view(type.data(), type.size())},
        {"nick", boost::json::string_view(nick.data(), nick.size())},
        {"online", online},
    });
}

/// {"type":"message","nick":...,"text":...,"time":MS}; `time_ms` is
/// milliseconds since the Unix epoch (UTC).
inline std::string
message_event(std::string_view nick, std::string_view text,
              std::int64_t time_ms)
{
    return boost::json::serialize(boost::json::object{
        {"type", "message"},
        {"nick", boost::json::string_view(nick.data(), nick.size())},
        {"text", boost::json::string_view(text.data(), text.size())},
        {"time", time_ms},
    });
}

/// {"type":"welcome","you":...,"online":N,"history":[...]}; `history`
/// holds message events as `message_event` wrote them, oldest first.
inline std::string
welcome_event(std::string_view you, std::size_t online,
              std::vector<std::shared_ptr<std::string const>> const& history)
{
    std::string out = boost::json::serialize(boost::json::object{
        {"type", "welcome"},
        {"you", boost::json::string_view(you.data(), you.size())},
        {"online", online},
    });
    out.pop_back(); // the closing brace: the history follows
    out += R"(,"history":[)";
    for (std::size_t i = 0; i < history.size(); ++i)
    {
        if (i != 0)
            out += ',';
        out += *history[i];
    }
    out += "]}";
    return out;
}

/// {"type":"roster","online":[nicks...]} for the nicks in `nicks`, sorted
/// case-insensitively.
inline std::string
roster_event(nick_registry const& nicks)
{
    boost::json::array online;
    online.reserve(nicks.size());
    nicks.for_each([&online](std::string_view n) {
        online.emplace_back(boost::json::string_view(n.data(), n.size()));
    });
    return boost::json::serialize(boost::json::object{
        {"type", "roster"},
        {"online", std::move(online)},
    });
}

} // namespace chat

#endif
