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
#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/signals2/signal.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace boost {
namespace websocketio {

namespace detail {

// The completion handler of an async_shutdown as a copyable, type-erased
// callable: keeps the handler's executor busy until it runs, then runs it
// (once) on that executor. Callers never invoke it from the initiating
// function.
template <class Handler, class IoExecutor>
std::function<void(boost::system::error_code)>
erase_shutdown_handler(Handler&& handler, IoExecutor const& io_ex)
{
    using handler_type = std::decay_t<Handler>;
    using work_type = decltype(boost::asio::make_work_guard(
        std::declval<handler_type&>(), io_ex));
    struct holder
    {
        handler_type handler;
        work_type work;
    };
    work_type work = boost::asio::make_work_guard(handler, io_ex);
    auto h = std::make_shared<holder>(
        holder{std::forward<Handler>(handler), std::move(work)});
    return [h](boost::system::error_code ec) {
        auto ex = h->work.get_executor();
        boost::asio::dispatch(ex, [h, ec]() mutable {
            handler_type fn(std::move(h->handler));
            h->work.reset();
            std::move(fn)(ec);
        });
    };
}

} // namespace detail

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

    /** How long accepting pauses after `accept` failed for lack of
        resources (`EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`) or with an
        unexpected error. The pending connections wait in the listen
        backlog meanwhile; accepting resumes by itself once descriptors are
        free. Without the pause the accept loop would spin (an `EMFILE`
        listener retries some 17,000 times a second). */
    std::chrono::milliseconds accept_backoff{100};

    /** TLS: when set, every accepted connection does the TLS handshake
        (server side) first, inside `request_timeout`; requests are then
        served over `https` and WebSocket upgrades become `wss://` (their
        handshake timeout counts from the start of the TLS handshake).
        Null (the default): plain `http`. The context is shared by every
        connection; configure it (certificate chain, private key,
        protocol versions) before the server accepts. A connection's end
        sends TLS close_notify. */
    std::shared_ptr<boost::asio::ssl::context> tls;
};

/** A small HTTP/1.1 server over Asio and Beast, with Node-like `request`
    and `upgrade` events, for @ref attach and @ref listen.

    WebSocket upgrade requests (HTTP/1.1 with `websocket`, any case, among
    the elements of their `Upgrade` lines) go to `on_upgrade` as soon as
    their header has arrived, with every byte read past it; the others,
    other upgrades (`h2c`, `TLS/1.0`) and HTTP/1.0 requests included (RFC
    7230 section 6.7 lets a server ignore `Upgrade`), are read whole and go
    to `on_request`, whose slots fill in the response (404 when nobody
    does). Keep-alive is honoured. Accepted sockets get `TCP_NODELAY`.

    When `accept` fails for lack of descriptors or memory the server pauses
    for `http_server_options::accept_backoff`, reports the error once
    through `on_error`, and resumes by itself (see `on_error`).

    @par Thread Safety
    `listen`, `close`, `async_shutdown` and `local_endpoint` are safe from
    any thread. The signals are thread-safe; `on_request` and `on_upgrade`
    slots run on the connection's strand, `on_error` slots on the
    acceptor's strand.
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
        the connection moves `socket` (plain connections) or `*tls_stream`
        (TLS connections) out and sets `taken`; if no slot takes it, the
        server answers 400 and closes. */
    struct upgrade_event
    {
        request_type request; ///< the parsed header
        /// The connection, for plain `http`; closed when `tls_stream` is
        /// set.
        boost::asio::ip::tcp::socket socket;
        std::string leftover; ///< bytes read past the header (decrypted)
        bool taken = false;   ///< set by the slot that takes it
        /// When reading this request began (for TLS: when the TLS handshake
        /// began); handshake timeouts count from it, so a slow header and
        /// a slow key3 share one budget.
        std::chrono::steady_clock::time_point started{};
        /// The connection when `http_server_options::tls` is set: a TLS
        /// stream whose handshake is done (give it to
        /// `server::handle_upgrade`).
        std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>>
            tls_stream;
    };

    /// The signal type of `on_request`: slots receive the request and
    /// the response to fill in, in connection order.
    using request_signal =
        boost::signals2::signal<void(request const&, response&)>;
    /// The signal type of `on_upgrade`: slots receive the event and may
    /// take its connection.
    using upgrade_signal = boost::signals2::signal<void(upgrade_event&)>;
    /// The signal type of `on_error`: slots receive the accept error.
    using error_signal =
        boost::signals2::signal<void(boost::system::error_code)>;

    /** Creates a server that is not listening yet; call `listen`.

        @param ex The executor connections run on, each on its own strand
        of it (typically `io_context::get_executor()`).
        @param opts Limits; see @ref http_server_options for the defaults.
    */
    explicit http_server(boost::asio::any_io_executor ex,
                         http_server_options opts = {});

    /** Stops accepting and ends every connection: those waiting for a
        request now, one being answered after its response. No slot runs
        afterwards. */
    ~http_server();

    http_server(http_server const&) = delete;
    http_server& operator=(http_server const&) = delete;

    /** Binds and listens on `ep` (with `SO_REUSEADDR`), then accepts
        connections.
        @throws boost::system::system_error if binding fails, for example
        `boost::asio::error::address_in_use` when another socket listens on
        the port. */
    void
    listen(boost::asio::ip::tcp::endpoint const& ep);

    /** Binds and listens on `ep`; on failure sets `ec` (for example
        `boost::asio::error::address_in_use`,
        `boost::asio::error::address_not_available`,
        `boost::asio::error::access_denied`) and leaves the server not
        listening. Never throws for a bind failure. */
    void
    listen(boost::asio::ip::tcp::endpoint const& ep,
           boost::system::error_code& ec);

    /** Listens on `address:port` (port 0 picks a free port). The default
        address `0.0.0.0` is every IPv4 interface: reachable from other
        machines. Pass `"127.0.0.1"` to stay local.
        @throws boost::system::system_error if `address` is not an IP
        address or binding fails. */
    void
    listen(unsigned short port, std::string_view address = "0.0.0.0");

    /** Listens on `address:port`; on failure (an `address` that is not an
        IP address included: `boost::asio::error::invalid_argument`) sets
        `ec` instead of throwing. */
    void
    listen(unsigned short port, std::string_view address,
           boost::system::error_code& ec);

    /// The executor connections run on (strands of it).
    boost::asio::any_io_executor
    get_executor() const noexcept;

    /** The bound address (useful after listening on port 0).
        @throws boost::system::system_error if not listening. */
    boost::asio::ip::tcp::endpoint
    local_endpoint() const;

    /** Stops accepting new connections. Open connections stay, idle
        keep-alive ones until `request_timeout`; `async_shutdown` also ends
        them. */
    void
    close();

    /** Graceful shutdown: stops accepting, closes every connection that
        waits for a request (idle keep-alive) at once, and lets each
        connection with a request in progress (being read, handled or
        written) finish it: its response goes out with `Connection: close`,
        then the connection closes. Connections still open after `deadline`
        are closed without further ado.

        Connections handed to `on_upgrade` belong to whoever took them and
        are not waited for (`server::async_shutdown` also closes those).

        The handler runs once, when no connection is left, with signature
        `void(boost::system::error_code ec)`: `ec` is success when every
        connection closed by itself, `boost::asio::error::timed_out` when
        some were cut at the deadline. It runs on its associated executor
        (by default this server's executor), never inside this call.

        @param deadline How long in-flight requests may take (ms); zero
        closes everything now.
        @param token A completion token: a handler, `asio::use_future`,
        `asio::detached`, ...

        Calling it again is allowed: every handler runs. The server stays
        shut down: connections accepted by a later `listen` are closed at
        once.
    */
    template <class CompletionToken>
    auto
    async_shutdown(std::chrono::milliseconds deadline, CompletionToken&& token)
    {
        return boost::asio::async_initiate<CompletionToken,
                                           void(boost::system::error_code)>(
            [p = impl_](auto handler, std::chrono::milliseconds d) {
                auto ex = executor_of(p);
                start_shutdown(
                    p, d,
                    detail::erase_shutdown_handler(std::move(handler), ex));
            },
            token, deadline);
    }

    /// Plain HTTP requests (Node `'request'`).
    request_signal&
    on_request() noexcept;

    /// Upgrade requests (Node `'upgrade'`), on the connection's strand;
    /// see @ref upgrade_event for taking the connection.
    upgrade_signal&
    on_upgrade() noexcept;

    /** Errors of the accept loop (like Node's error event), on the
        acceptor's strand. `accept` failing for lack of resources (EMFILE
        and ENFILE give `boost::asio::error::no_descriptors`, ENOBUFS
        `no_buffer_space`, ENOMEM `no_memory`) or with an
        unexpected error is reported once per episode: accepting pauses for
        `accept_backoff` and retries, silently, until a connection is
        accepted again; the next failure after that is reported again.
        Failures that concern one connection only (`ECONNABORTED` and the
        network errors Linux passes on from the new socket) are retried at
        once and not reported. */
    error_signal&
    on_error() noexcept;

    /// @cond internal
    struct impl;
    static void
    start_shutdown(std::shared_ptr<impl> const& p,
                   std::chrono::milliseconds deadline,
                   std::function<void(boost::system::error_code)> done);
    static boost::asio::any_io_executor
    executor_of(std::shared_ptr<impl> const& p) noexcept;
    std::shared_ptr<impl> const&
    get_impl() const noexcept
    {
        return impl_;
    }
    /// @endcond

private:
    std::shared_ptr<impl> impl_;
};

} // namespace websocketio
} // namespace boost

#endif
