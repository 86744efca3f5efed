//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HTTP_SERVER_HPP
#define BOOST_WEBSOCKETIO_HTTP_SERVER_HPP

#include <boost/websocketio/codec.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/signals2/signal.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace boost {
namespace websocketio {

/** Limits of the bundled HTTP server. */
struct http_server_options
{
    /// Time allowed to receive one request (header and body).
    std::chrono::milliseconds request_timeout{10000};

    /// Largest request header (bytes); larger is answered 431.
    std::size_t max_header_size = 8 * 1024;

    /// Largest request body (bytes); larger is answered 413.
    std::size_t max_body_size = 1024 * 1024;
};

/** A small HTTP/1.1 server over Asio and Beast, with Node-like `request`
    and `upgrade` events, for @ref attach and @ref listen.

    WebSocket upgrade requests (HTTP/1.1 with `websocket`, any case, among
    the elements of their `Upgrade` lines) go to `on_upgrade` as soon as
    their header has arrived, with every byte read past it; the others,
    other upgrades (`h2c`, `TLS/1.0`) and HTTP/1.0 requests included (RFC
    7230 section 6.7 lets a server ignore `Upgrade`), are read whole and go
    to `on_request`, whose slots fill in the response (404 when nobody
    does). Keep-alive is honoured.

    @par Thread Safety
    `listen`, `close` and `local_endpoint` are safe from any thread. The
    signals are thread-safe; slots run on the connection's strand.
*/
class http_server
{
public:
    using request = boost::beast::http::request<boost::beast::http::string_body>;
    using response =
        boost::beast::http::response<boost::beast::http::string_body>;

    /** An upgrade request handed to `on_upgrade` slots. A slot that takes
        the connection moves `socket` out (and sets `taken`); if no slot
        takes it, the server answers 400 and closes. */
    struct upgrade_event
    {
        request_type request;                ///< the parsed header
        boost::asio::ip::tcp::socket socket; ///< the connection
        std::string leftover;                ///< bytes read past the header
        bool taken = false;                  ///< set by the slot that takes it
        /// When reading this request began (handshake timeouts count from
        /// it, so a slow header and a slow key3 share one budget).
        std::chrono::steady_clock::time_point started{};
    };

    using request_signal =
        boost::signals2::signal<void(request const&, response&)>;
    using upgrade_signal = boost::signals2::signal<void(upgrade_event&)>;

    explicit http_server(boost::asio::any_io_executor ex,
                         http_server_options opts = {});

    /// Stops accepting and closes idle connections.
    ~http_server();

    http_server(http_server const&) = delete;
    http_server& operator=(http_server const&) = delete;

    /** Binds and listens on `ep`, then accepts connections.
        @throws boost::system::system_error if binding fails. */
    void
    listen(boost::asio::ip::tcp::endpoint const& ep);

    /// Listens on `address:port` (port 0 picks a free port).
    void
    listen(unsigned short port, std::string_view address = "0.0.0.0");

    /// The executor connections run on (strands of it).
    boost::asio::any_io_executor
    get_executor() const noexcept;

    /// The bound address (useful after listening on port 0).
    boost::asio::ip::tcp::endpoint
    local_endpoint() const;

    /// Stops accepting new connections.
    void
    close();

    /// Plain HTTP requests (Node `'request'`).
    request_signal&
    on_request() noexcept;

    /// Upgrade requests (Node `'upgrade'`).
    upgrade_signal&
    on_upgrade() noexcept;

    /// @cond internal
    struct impl;
    /// @endcond

private:
    std::shared_ptr<impl> impl_;
};

} // namespace websocketio
} // namespace boost

#endif
