//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_MEMORY_COMMON_HPP
#define BOOST_WEBSOCKETIO_TEST_MEMORY_COMMON_HPP

// Shared by the in-memory tests: opening a session of each draft with
// Boost.Test checks on the handshake answer.

#include "memory_session.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace boost {
namespace websocketio {

inline std::ostream&
operator<<(std::ostream& os, ready_state s)
{
    switch (s)
    {
    case ready_state::opening: return os << "opening";
    case ready_state::open: return os << "open";
    case ready_state::closing: return os << "closing";
    case ready_state::closed: return os << "closed";
    }
    return os << "?";
}

inline std::ostream&
operator<<(std::ostream& os, close_code c)
{
    return os << static_cast<unsigned>(c);
}

} // namespace websocketio
} // namespace boost

namespace wsio_test {

/// Printable bytes for failure messages: "\xNN" for the unprintable.
inline std::string
show(std::string_view s)
{
    static char const hex[] = "0123456789ABCDEF";
    std::string out;
    for (char const ch : s)
    {
        auto const c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7F && c != '\\')
            out += ch;
        else
        {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

/** Upgrades `m` with a valid request of `draft` (hixie-76 with its key3 in
    the same bytes), checks the 101 answer and that the socket is open,
    and returns the socket. */
inline std::shared_ptr<wsio::socket>
open_session(memory_session& m, std::string_view draft)
{
    std::string req = upgrade_request(draft);
    if (draft == "hixie-76")
        req += memory_hixie76_key3;
    BOOST_REQUIRE(m.upgrade(req));
    std::string const answer = m.take();
    BOOST_REQUIRE_MESSAGE(answer.rfind("HTTP/1.1 101 ", 0) == 0, show(answer));
    if (draft == "hixie-76")
    {
        auto const tail = std::string("\r\n\r\n") +
                          std::string(memory_hixie76_answer);
        BOOST_REQUIRE_MESSAGE(answer.size() > tail.size() &&
                                  answer.compare(answer.size() - tail.size(),
                                                 tail.size(), tail) == 0,
                              show(answer));
    }
    else
    {
        BOOST_REQUIRE_MESSAGE(answer.size() > 4 &&
                                  answer.compare(answer.size() - 4, 4,
                                                 "\r\n\r\n") == 0,
                              show(answer));
        if (is_hybi(draft))
            BOOST_REQUIRE_MESSAGE(
                answer.find("Sec-WebSocket-Accept: "
                            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") !=
                    std::string::npos,
                show(answer));
    }
    auto s = m.socket();
    BOOST_REQUIRE(s);
    BOOST_REQUIRE_EQUAL(s->protocol_version(), draft);
    BOOST_REQUIRE_EQUAL(s->ready_state(), wsio::ready_state::open);
    return s;
}

/// "p0", "p1", ...: numbered message payloads.
inline std::string
nth(char const* prefix, int i)
{
    return prefix + std::to_string(i);
}

/** From outside the strand: 100 publishes to topic "t" (which `s` must be
    subscribed to, and alone) with a send after every tenth, each checked
    as accepted. Returns what `draft`'s client must then receive, in
    order. */
inline std::string
publish_and_send_burst(memory_session& m, wsio::socket& s,
                       std::string_view draft)
{
    std::string expected;
    for (int i = 0; i < 100; ++i)
    {
        BOOST_TEST(m.server().publish("t", nth("p", i)) == 1u);
        expected += server_text(draft, nth("p", i));
        if (i % 10 == 9)
        {
            BOOST_TEST((s.send(nth("s", i)) == wsio::send_status::queued));
            expected += server_text(draft, nth("s", i));
        }
    }
    return expected;
}

} // namespace wsio_test

#endif
