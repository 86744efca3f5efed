//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_RAW_CLIENT_HPP
#define BOOST_WEBSOCKETIO_TEST_RAW_CLIENT_HPP

// Test support: an in-process server on its own threads, and a blocking
// raw-byte client that speaks whatever bytes a test gives it.

#include <boost/websocketio.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <vector>

namespace wsio_test {

namespace asio = boost::asio;
namespace wsio = boost::websocketio;
using tcp = asio::ip::tcp;

/// An io_context run by `threads` threads, with `listen` on an ephemeral
/// port of 127.0.0.1. Stops and joins in its destructor.
class server_fixture
{
public:
    explicit server_fixture(wsio::options opts = {}, int threads = 1)
        : ioc_(threads), guard_(asio::make_work_guard(ioc_))
    {
        server_ = &wsio::listen(ioc_, 0, std::move(opts), "127.0.0.1");
        port_ = server_->http_server()->local_endpoint().port();
        for (int i = 0; i < threads; ++i)
            threads_.emplace_back([this] { ioc_.run(); });
    }

    ~server_fixture()
    {
        guard_.reset();
        ioc_.stop();
        for (auto& t : threads_)
            t.join();
    }

    wsio::server&
    server() noexcept
    {
        return *server_;
    }

    unsigned short
    port() const noexcept
    {
        return port_;
    }

    asio::io_context&
    ioc() noexcept
    {
        return ioc_;
    }

private:
    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    wsio::server* server_ = nullptr;
    unsigned short port_ = 0;
    std::vector<std::thread> threads_;
};

/// A decoded server frame (servers never mask).
struct frame
{
    bool fin = true;
    std::uint8_t rsv = 0; // RSV1..3 as bits 2..0 (RSV1 = 4)
    std::uint8_t opcode = 0;
    std::string payload;
};

/// A blocking client over loopback with a receive timeout.
class raw_client
{
public:
    explicit raw_client(unsigned short port,
                        std::chrono::milliseconds timeout =
                            std::chrono::milliseconds(5000))
        : sock_(ioc_)
    {
        sock_.connect({asio::ip::make_address("127.0.0.1"), port});
        timeval tv{};
        tv.tv_sec = static_cast<long>(timeout.count() / 1000);
        tv.tv_usec = static_cast<long>((timeout.count() % 1000) * 1000);
        ::setsockopt(sock_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
                     sizeof(tv));
    }

    void
    send(std::string_view bytes)
    {
        asio::write(sock_, asio::buffer(bytes.data(), bytes.size()));
    }

    /// Reads until `delim` is in the received data; returns everything up
    /// to and including it (the rest stays buffered).
    std::string
    read_until(std::string_view delim)
    {
        for (;;)
        {
            auto const pos = buf_.find(delim);
            if (pos != std::string::npos)
            {
                std::string out = buf_.substr(0, pos + delim.size());
                buf_.erase(0, pos + delim.size());
                return out;
            }
            if (!fill())
                throw std::runtime_error("connection closed before delimiter");
        }
    }

    /// Reads exactly n bytes.
    std::string
    read_exactly(std::size_t n)
    {
        while (buf_.size() < n)
            if (!fill())
                throw std::runtime_error("connection closed early");
        std::string out = buf_.substr(0, n);
        buf_.erase(0, n);
        return out;
    }

    /// Reads the HTTP response header (through the blank line).
    std::string
    read_http_header()
    {
        return read_until("\r\n\r\n");
    }

    /// Reads one hybi frame sent by the server.
    frame
    read_frame()
    {
        auto const h = read_exactly(2);
        frame f;
        f.fin = (static_cast<unsigned char>(h[0]) & 0x80) != 0;
        f.rsv = static_cast<std::uint8_t>(
            (static_cast<unsigned char>(h[0]) >> 4) & 0x7);
        f.opcode = static_cast<std::uint8_t>(h[0] & 0x0F);
        std::uint64_t len = static_cast<unsigned char>(h[1]) & 0x7F;
        if (len == 126)
        {
            auto const e = read_exactly(2);
            len = (std::uint64_t(static_cast<unsigned char>(e[0])) << 8) |
                  static_cast<unsigned char>(e[1]);
        }
        else if (len == 127)
        {
            auto const e = read_exactly(8);
            len = 0;
            for (char c : e)
                len = (len << 8) | static_cast<unsigned char>(c);
        }
        f.payload = read_exactly(static_cast<std::size_t>(len));
        return f;
    }

    /// True if the server closed the connection (EOF or reset) with no more
    /// bytes pending, within the receive timeout.
    bool
    closed_by_peer()
    {
        if (!buf_.empty())
            return false;
        return !fill();
    }

    /// Whatever is buffered plus everything until EOF.
    std::string
    read_to_eof()
    {
        while (fill())
        {
        }
        std::string out;
        out.swap(buf_);
        return out;
    }

    tcp::socket&
    socket() noexcept
    {
        return sock_;
    }

private:
    bool
    fill()
    {
        // ::recv, not read_some: on a blocking socket Asio's read_some
        // answers SO_RCVTIMEO's EAGAIN by polling with no timeout, so the
        // receive timeout would never fire.
        char tmp[65536];
        for (;;)
        {
            auto const n = ::recv(sock_.native_handle(), tmp, sizeof(tmp), 0);
            if (n > 0)
            {
                buf_.append(tmp, static_cast<std::size_t>(n));
                return true;
            }
            if (n == 0)
                return false;
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                throw std::runtime_error("receive timeout");
            return false; // reset: the peer is gone
        }
    }

    asio::io_context ioc_;
    tcp::socket sock_;
    std::string buf_;
};

/// A masked client frame (RFC 6455 5.2).
inline std::string
client_frame(std::uint8_t opcode, std::string_view payload, bool fin = true,
             std::uint8_t rsv = 0, bool masked = true)
{
    // thread_local: clients on several threads build frames at once.
    thread_local std::uint32_t counter = 0x1234567u;
    std::string out;
    out += static_cast<char>((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    std::uint8_t const mbit = masked ? 0x80 : 0;
    std::uint64_t const n = payload.size();
    if (n < 126)
        out += static_cast<char>(mbit | n);
    else if (n < 65536)
    {
        out += static_cast<char>(mbit | 126);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xFF);
    }
    else
    {
        out += static_cast<char>(mbit | 127);
        for (int i = 7; i >= 0; --i)
            out += static_cast<char>((n >> (8 * i)) & 0xFF);
    }
    if (!masked)
        return out + std::string(payload);
    counter = counter * 1103515245u + 12345u;
    char key[4] = {static_cast<char>(counter >> 24),
                   static_cast<char>(counter >> 16),
                   static_cast<char>(counter >> 8), static_cast<char>(counter)};
    out.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out += static_cast<char>(payload[i] ^ key[i & 3]);
    return out;
}

/// A close frame payload: 2-byte code + reason.
inline std::string
close_payload(std::uint16_t code, std::string_view reason = {})
{
    std::string p;
    p += static_cast<char>(code >> 8);
    p += static_cast<char>(code & 0xFF);
    p += reason;
    return p;
}

/// An RFC 6455 upgrade request for `path` with version `v`.
inline std::string
hybi_request(std::string_view path = "/", std::string_view version = "13",
             std::string_view extra = {})
{
    std::string r = "GET ";
    r += path;
    r += " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: ";
    r += version;
    r += "\r\n";
    r += extra;
    r += "\r\n";
    return r;
}

/// The draft-hixie-76 1.2 example request (key3 not included).
inline std::string
hixie76_request(std::string_view path = "/demo", std::string_view extra = {})
{
    std::string r = "GET ";
    r += path;
    r += " HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\nUpgrade: WebSocket\r\n"
         "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
         "Origin: http://example.com\r\n";
    r += extra;
    r += "\r\n";
    return r;
}

/// A hixie-75 upgrade request.
inline std::string
hixie75_request(std::string_view path = "/")
{
    std::string r = "GET ";
    r += path;
    r += " HTTP/1.1\r\nHost: example.com\r\nUpgrade: WebSocket\r\n"
         "Connection: Upgrade\r\nOrigin: http://example.com\r\n\r\n";
    return r;
}

/// Waits until pred() or the timeout; returns pred().
template <class Pred>
bool
eventually(Pred pred, std::chrono::milliseconds timeout =
                          std::chrono::milliseconds(5000))
{
    auto const end = std::chrono::steady_clock::now() + timeout;
    while (!pred())
    {
        if (std::chrono::steady_clock::now() > end)
            return pred();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace wsio_test

#endif
