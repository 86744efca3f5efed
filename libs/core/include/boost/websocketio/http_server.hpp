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

/** Limits of the bundled HTTP server.

    @par Thread Safety
    A plain value, copied by the @ref http_server constructor.
*/
struct http_server_options
{
    /// Time allowed to receive one request (header and body), and to wait
    /// for the next one on a kept-alive connection; default 10 s. A
    /// connection that runs out of it is closed without an answer.
    std::chrono::milliseconds request_timeout{10000};

    /// Largest request header in bytes (default 8 KiB); larger is answered
    /// `431 Request Header Fields Too Large` and closed.
    std::size_t max_header_size = 8 * 1024;

    /// Largest body of a plain request in bytes (default 1 MiB); larger is
    /// answered `413 Payload Too Large` and closed. Upgrade requests have
    /// no body to read.
    std::size_t max_body_size = 1024 * 1024;
};

/** A small HTTP/1.1 server over Asio and Beast, with Node-like `request`
    and `upgrade` events, for @ref attach and @ref listen.

    Requests carrying an `Upgrade` header go to `on_upgrade` as soon as
    their header has arrived, with every byte read past it; the others are
    read whole and go to `on_request`, whose slots fill in the response
    (404 when nobody does). Keep-alive is honoured.

    @par Thread Safety
    `listen`, `close` and `local_endpoint` are safe from any thread. The
    signals are thread-safe; slots run on the connection's strand.
*/
class http_server
{
public:
    /// A plain (non-upgrade) request, read whole: header and body of at
    /// most `http_server_options::max_body_size` bytes.
    using request = boost::beast::http::request<boost::beast::http::string_body>;
    /// The response `on_request` slots fill in. It starts as
    /// `404 Not Found` (`text/plain`, body `"Not Found\n"`) in the
    /// request's HTTP version; the connection stays open only if both the
    /// request and the response allow keep-alive; `Content-Length` is set
    /// from the body before it is written.
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

    /// The signal type of `on_request`: slots receive the request and
    /// the response to fill in, in connection order.
    using request_signal =
        boost::signals2::signal<void(request const&, response&)>;
    /// The signal type of `on_upgrade`: slots receive the event and may
    /// take its connection.
    using upgrade_signal = boost::signals2::signal<void(upgrade_event&)>;

    /** Creates a server that is not listening yet; call `listen`.

        @param ex The executor connections run on, each on its own strand
        of it (typically `io_context::get_executor()`).
        @param opts Limits; see @ref http_server_options for the defaults.
    */
    explicit http_server(boost::asio::any_io_executor ex,
                         http_server_options opts = {});

    /// Stops accepting, disconnects every slot (no slot starts after
    /// this) and closes the connections still waiting for a request.
    ~http_server();

    http_server(http_server const&) = delete;
    http_server& operator=(http_server const&) = delete;

    /** Binds and listens on `ep`, then accepts connections (on a strand
        of the executor) until `close` or destruction. `SO_REUSEADDR` is
        set.
        @throws boost::system::system_error if opening, binding or
        listening fails (e.g. the address is in use). */
    void
    listen(boost::asio::ip::tcp::endpoint const& ep);

    /** Listens on `address:port` (port 0 picks a free port; read it back
        with `local_endpoint`). `address` is a numeric IPv4 or IPv6
        address, not a host name.
        @throws boost::system::system_error if `address` does not parse or
        binding fails. */
    void
    listen(unsigned short port, std::string_view address = "0.0.0.0");

    /// The executor connections run on (strands of it).
    boost::asio::any_io_executor
    get_executor() const noexcept;

    /** The bound address (useful after listening on port 0).
        @throws boost::system::system_error if not listening. */
    boost::asio::ip::tcp::endpoint
    local_endpoint() const;

    /// Stops accepting new connections; connections already accepted
    /// carry on. Idempotent.
    void
    close();

    /// Plain HTTP requests (Node `'request'`): slots run on the
    /// connection's strand, in the order they were connected, and fill in
    /// the response.
    request_signal&
    on_request() noexcept;

    /// Upgrade requests (Node `'upgrade'`), on the connection's strand;
    /// see @ref upgrade_event for taking the connection.
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
