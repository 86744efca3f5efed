//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_INTEGRATION_WIRE_HPP
#define BOOST_WEBSOCKETIO_TEST_INTEGRATION_WIRE_HPP

// Shared by the wire-level integration tests (protocol.cpp, bad_input.cpp):
// an in-process echo server that records what its sockets saw, and helpers
// that open a connection of each draft with raw bytes.

#include "measure.hpp"
#include "raw_client.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace wsio_test {

/// What the server's sockets reported, across all connections.
struct server_events
{
    std::mutex mutex;
    std::vector<boost::system::error_code> errors;
    std::vector<std::pair<wsio::close_code, std::string>> closes;
    std::vector<std::weak_ptr<wsio::socket>> sockets;

    std::size_t
    close_count()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return closes.size();
    }

    bool
    saw_error(boost::system::error_code ec)
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto const& e : errors)
            if (e == ec)
                return true;
        return false;
    }
};

/** A server_fixture that records its sockets, and their errors and closes,
    in `events()`; `setup` runs first for each new socket (on its strand)
    and gives it its behaviour. */
class recording_server
{
public:
    using setup_fn = std::function<void(std::shared_ptr<wsio::socket> const&)>;

    recording_server(wsio::options opts, int threads, setup_fn setup)
        : fx_(std::move(opts), threads), ev_(std::make_shared<server_events>())
    {
        auto ev = ev_;
        fx_.server().on_connection().connect(
            [ev, setup = std::move(setup)](
                std::shared_ptr<wsio::socket> const& s) {
                setup(s);
                s->on_error().connect([ev](boost::system::error_code ec) {
                    std::lock_guard<std::mutex> lock(ev->mutex);
                    ev->errors.push_back(ec);
                });
                s->on_close().connect(
                    [ev](wsio::close_code code, std::string_view reason) {
                        std::lock_guard<std::mutex> lock(ev->mutex);
                        ev->closes.emplace_back(code, std::string(reason));
                    });
                std::lock_guard<std::mutex> lock(ev->mutex);
                ev->sockets.push_back(s);
            });
    }

    unsigned short
    port() const noexcept
    {
        return fx_.port();
    }

    wsio::server&
    server() noexcept
    {
        return fx_.server();
    }

    server_events&
    events() noexcept
    {
        return *ev_;
    }

    /// The most recent socket opened, waiting for `count` to appear.
    std::shared_ptr<wsio::socket>
    last_socket(std::size_t count = 1)
    {
        std::shared_ptr<wsio::socket> s;
        eventually([&] {
            std::lock_guard<std::mutex> lock(ev_->mutex);
            if (ev_->sockets.size() < count)
                return false;
            s = ev_->sockets.back().lock();
            return true;
        });
        return s;
    }

    /// The `i`th socket opened (from 0), waiting for it to appear; fails
    /// the test if it is already gone.
    std::shared_ptr<wsio::socket>
    socket(std::size_t i)
    {
        std::shared_ptr<wsio::socket> s;
        eventually([&] {
            std::lock_guard<std::mutex> lock(ev_->mutex);
            if (ev_->sockets.size() <= i)
                return false;
            s = ev_->sockets[i].lock();
            return true;
        });
        BOOST_REQUIRE(s);
        return s;
    }

private:
    server_fixture fx_;
    std::shared_ptr<server_events> ev_;
};

/** A recording_server whose sockets echo every message with its type. */
class echo_server : public recording_server
{
public:
    explicit echo_server(wsio::options opts = {}, int threads = 1)
        : recording_server(std::move(opts), threads,
                           [](std::shared_ptr<wsio::socket> const& s) {
                               // The slots die with the socket.
                               wsio::socket* const raw = s.get();
                               s->on_message().connect(
                                   [raw](wsio::message const& m) {
                                       raw->send(m.data, m.type);
                                   });
                           })
    {
    }
};

/// Opens a hybi connection (`version` 13, 8 or 7) and checks the 101.
inline std::unique_ptr<raw_client>
open_hybi(unsigned short port, std::string_view version = "13",
          std::string_view path = "/")
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hybi_request(path, version));
    auto const h = c->read_http_header();
    BOOST_REQUIRE_MESSAGE(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    return c;
}

/// The draft-hixie-76 1.2 example key3 and the answer it must produce.
inline constexpr std::string_view hixie76_key3 = "^n:ds[4U";
inline constexpr std::string_view hixie76_answer = "8jKS'y:G*Co,Wxa-";

/// Opens a hixie-76 connection with the 1.2 example and checks the answer.
inline std::unique_ptr<raw_client>
open_hixie76(unsigned short port)
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hixie76_request() + std::string(hixie76_key3));
    auto const h = c->read_http_header();
    BOOST_REQUIRE_MESSAGE(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    BOOST_REQUIRE_EQUAL(c->read_exactly(16), hixie76_answer);
    return c;
}

/// Opens a hixie-75 connection and checks the 101.
inline std::unique_ptr<raw_client>
open_hixie75(unsigned short port)
{
    auto c = std::make_unique<raw_client>(port);
    c->send(hixie75_request());
    auto const h = c->read_http_header();
    BOOST_REQUIRE_MESSAGE(h.rfind("HTTP/1.1 101 ", 0) == 0, h);
    return c;
}

/// A hixie text frame: 0x00, UTF-8 bytes, 0xFF.
inline std::string
hixie_text(std::string_view text)
{
    std::string f(1, '\0');
    f += text;
    f += '\xFF';
    return f;
}

/// Reads one hixie text frame and returns its payload.
inline std::string
read_hixie_text(raw_client& c)
{
    BOOST_REQUIRE_EQUAL(static_cast<int>(c.read_exactly(1)[0]), 0);
    auto s = c.read_until("\xFF");
    s.pop_back();
    return s;
}

/// The 2-byte code of a hybi close payload (0 when there is none).
inline unsigned
close_code_of(frame const& f)
{
    if (f.payload.size() < 2)
        return 0;
    return (static_cast<unsigned>(static_cast<unsigned char>(f.payload[0]))
            << 8) |
           static_cast<unsigned char>(f.payload[1]);
}

/// Sets the client's receive timeout.
inline void
set_receive_timeout(raw_client& c, std::chrono::milliseconds t)
{
    timeval tv{};
    tv.tv_sec = static_cast<long>(t.count() / 1000);
    tv.tv_usec = static_cast<long>((t.count() % 1000) * 1000);
    ::setsockopt(c.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
                 sizeof(tv));
}

/** True if, for the whole `window`, the server neither sent a byte nor
    closed the connection. */
inline bool
stays_open_and_silent(raw_client& c, std::chrono::milliseconds window)
{
    set_receive_timeout(c, window);
    bool silent = false;
    try
    {
        (void)c.closed_by_peer();
    }
    catch (std::runtime_error const&)
    {
        silent = true; // the receive timed out
    }
    set_receive_timeout(c, std::chrono::milliseconds(5000));
    return silent;
}

/// A hybi-13 round trip on a fresh connection: the server still serves.
inline void
check_still_serves(unsigned short port)
{
    auto c = open_hybi(port);
    c->send(client_frame(0x1, "still here"));
    auto const f = c->read_frame();
    BOOST_TEST(f.opcode == 0x1);
    BOOST_TEST((f.payload == "still here"), "got " << f.payload.size()
                                                  << " bytes");
}

} // namespace wsio_test

#endif
