//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_INTEGRATION_HELPERS_HPP
#define BOOST_WEBSOCKETIO_TEST_INTEGRATION_HELPERS_HPP

// Helpers shared by the integration tests, on top of raw_client.hpp: a
// thread-safe mailbox for events raised on the server's threads, and small
// handshake and framing helpers for each draft.

#include "raw_client.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace wsio_test {

/// A queue filled on the server's threads and drained by the test.
template <class T>
class mailbox
{
public:
    void
    push(T v)
    {
        {
            std::lock_guard<std::mutex> lock(m_);
            q_.push_back(std::move(v));
        }
        cv_.notify_all();
    }

    /// The oldest item, waiting for one up to `timeout`.
    std::optional<T>
    pop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
    {
        std::unique_lock<std::mutex> lock(m_);
        if (!cv_.wait_for(lock, timeout, [this] { return !q_.empty(); }))
            return std::nullopt;
        T v = std::move(q_.front());
        q_.pop_front();
        return v;
    }

    std::size_t
    size() const
    {
        std::lock_guard<std::mutex> lock(m_);
        return q_.size();
    }

private:
    mutable std::mutex m_;
    std::condition_variable cv_;
    std::deque<T> q_;
};

/// What a socket's on_close reported.
struct close_event
{
    unsigned code = 0;
    std::string reason;
};

/// The RFC 6455 1.3 accept value of hybi_request()'s key.
inline constexpr std::string_view rfc6455_accept =
    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/// draft-hixie-76 1.2: key3 of hixie76_request() and the 16-byte answer.
inline constexpr std::string_view hixie76_key3 = "^n:ds[4U";
inline constexpr std::string_view hixie76_answer = "8jKS'y:G*Co,Wxa-";

/// A hixie text frame.
inline std::string
hixie_text(std::string_view text)
{
    std::string f(1, '\x00');
    f += text;
    f += '\xFF';
    return f;
}

/// The HTTP status code of a response header ("HTTP/1.1 101 ..."), or 0.
inline int
status_of(std::string_view header)
{
    if (header.size() < 12 || header.substr(0, 5) != "HTTP/")
        return 0;
    auto const sp = header.find(' ');
    if (sp == std::string_view::npos || sp + 4 > header.size())
        return 0;
    return std::stoi(std::string(header.substr(sp + 1, 3)));
}

/// The value of header field `name` (case-insensitive), or nullopt.
inline std::optional<std::string>
header_value(std::string_view header, std::string_view name)
{
    auto lower = [](std::string_view s) {
        std::string out(s);
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    std::string const h = lower(header);
    std::string const key = "\r\n" + lower(name) + ":";
    auto pos = h.find(key);
    if (pos == std::string::npos)
        return std::nullopt;
    pos += key.size();
    auto const end = h.find("\r\n", pos);
    std::string v(header.substr(pos, end - pos));
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.erase(0, 1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.pop_back();
    return v;
}

/// A whole HTTP response: header, and the body by Content-Length.
struct http_response
{
    std::string header;
    std::string body;
    int status = 0;
};

inline http_response
read_http_response(raw_client& c)
{
    http_response r;
    r.header = c.read_http_header();
    r.status = status_of(r.header);
    if (auto const len = header_value(r.header, "Content-Length"))
        r.body = c.read_exactly(std::stoul(*len));
    return r;
}

/// Sends an RFC 6455 (or hybi-07/08) upgrade and returns the response
/// header.
inline std::string
open_hybi(raw_client& c, std::string_view path = "/",
          std::string_view version = "13", std::string_view extra = {})
{
    c.send(hybi_request(path, version, extra));
    return c.read_http_header();
}

/// Sends the hixie-76 example upgrade with key3 and reads the header and
/// the 16-byte answer; returns the header (empty if the answer is wrong).
inline std::string
open_hixie76(raw_client& c, std::string_view path = "/demo")
{
    c.send(hixie76_request(path) + std::string(hixie76_key3));
    std::string header = c.read_http_header();
    if (c.read_exactly(16) != hixie76_answer)
        return {};
    return header;
}

/// Sends a hixie-75 upgrade and returns the response header.
inline std::string
open_hixie75(raw_client& c, std::string_view path = "/")
{
    c.send(hixie75_request(path));
    return c.read_http_header();
}

/// Makes every socket of `srv` echo text as text and binary as binary.
inline void
echo_messages(wsio::server& srv)
{
    srv.on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get(); // slots run while it lives
        s->on_message().connect([raw](wsio::message const& m) {
            raw->send(m.data, m.type);
        });
    });
}

/// Closes the client's end, as a real client does once the server has
/// closed: the server waits for it (bounded by close_timeout) before it
/// reports on_close, so that its last bytes are not lost to a reset.
inline void
hang_up(raw_client& c)
{
    boost::system::error_code ec;
    c.socket().shutdown(tcp::socket::shutdown_both, ec);
    c.socket().close(ec);
}

/// A close frame from the client, masked.
inline std::string
client_close(std::uint16_t code, std::string_view reason = {})
{
    return client_frame(0x8, close_payload(code, reason));
}

/// The code in a close frame payload (0 when it has none).
inline unsigned
close_code_of(std::string_view payload)
{
    if (payload.size() < 2)
        return 0;
    return (static_cast<unsigned char>(payload[0]) << 8) |
           static_cast<unsigned char>(payload[1]);
}

using socket_ptr = std::shared_ptr<wsio::socket>;
using weak_socket = std::weak_ptr<wsio::socket>;

/// Records every new socket weakly: a mailbox declared before the fixture
/// must not keep sockets alive past their io_context.
inline void
record_connections(wsio::server& srv, mailbox<weak_socket>& box)
{
    srv.on_connection().connect(
        [&box](socket_ptr const& s) { box.push(weak_socket(s)); });
}

/// The next socket from `record_connections`, still alive.
inline socket_ptr
next_socket(mailbox<weak_socket>& box)
{
    auto w = box.pop();
    BOOST_REQUIRE_MESSAGE(w, "no connection event");
    auto s = w->lock();
    BOOST_REQUIRE(s);
    return s;
}

/// The client side of a hybi closing handshake it starts: send a close,
/// get the echo with the same code, then EOF.
inline void
client_closes(raw_client& c, std::uint16_t code = 1000)
{
    c.send(client_close(code));
    frame const f = c.read_frame();
    BOOST_TEST(f.opcode == 0x8);
    BOOST_TEST(close_code_of(f.payload) == code);
    BOOST_TEST(c.closed_by_peer());
    hang_up(c);
}

} // namespace wsio_test

#endif
