//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_SERVER_HPP
#define BOOST_WEBSOCKETIO_SERVER_HPP

#include <boost/websocketio/http_server.hpp>
#include <boost/websocketio/options.hpp>
#include <boost/websocketio/socket.hpp>
#include <boost/websocketio/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/signals2/signal.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <type_traits>

namespace boost {
namespace websocketio {

/** A WebSocket server: turns upgrade requests into @ref socket objects
    (websocket.io's `Server`).

    It owns no listening socket: feed it upgrades with `handle_upgrade`
    from any HTTP server (Beast's included), or use @ref attach / @ref
    listen with the bundled @ref http_server.

    @par Thread Safety
    Every member function is safe to call from any thread. `on_connection`
    is a thread-safe signal; its slots run on the new socket's strand.
*/
class server
{
public:
    /// The signal type of `on_connection`: thread-safe (Signals2's
    /// default mutex); slots receive the new, open socket.
    using connection_signal =
        boost::signals2::signal<void(std::shared_ptr<socket> const&)>;

    /** Creates a server whose sockets run on strands of `ex`.

        @param ex The executor; each socket gets its own strand of it.
        @param opts Settings and limits, copied; see @ref options for the
        defaults. `opts.codecs` null means `registry::global()`.
    */
    explicit server(boost::asio::any_io_executor ex, options opts = {});

    /// Closes every socket with 1001 (going away); see `close`.
    ~server();

    server(server const&) = delete;
    server& operator=(server const&) = delete;

    /** Fires for each new open socket (websocket.io `'connection'`),
        after the 101 response was queued and before any message event;
        what a slot sends leaves in the same write as the 101. Slots run
        on the socket's strand: connect to the socket's signals there. Connect to this before upgrades arrive; a socket opened with
        no slot connected is served but nobody hears its messages. */
    connection_signal&
    on_connection() noexcept;

    /** The tracked sockets by id (websocket.io `clients`): a snapshot.
        Empty when `client_tracking` is off. A socket leaves when it
        closes. */
    std::map<std::uint64_t, std::shared_ptr<socket>>
    clients() const;

    /** Calls `f(socket&)` for each tracked socket (nothing when
        `client_tracking` is off), without copying the map: the sockets are
        gathered into a buffer the calling thread reuses, then `f` runs
        outside the server's lock, so it may do anything (send, close,
        even call this again). A socket that closes meanwhile is still
        visited (a send to it reports `send_status::dropped`).

        For a broadcast prefer topics (`publish`): they encode the message
        once for all.

        @throws std::bad_alloc, and what `f` throws (the rest are not
        visited). */
    template <class F>
    void
    for_each_client(F&& f) const
    {
        visit_clients(
            [](void* ctx, socket& s) { (*static_cast<std::remove_reference_t<F>*>(ctx))(s); },
            const_cast<void*>(static_cast<void const*>(std::addressof(f))));
    }

    /** Sends `data` to every subscriber of `topic` (see
        `socket::subscribe`), from any thread.

        The message is checked once (text must be UTF-8, else
        `error::bad_utf8` is thrown and nothing is sent) and framed once
        per wire format among the subscribers: hixie drafts, hybi, and
        hybi compressed with permessage-deflate without context takeover
        (one per compressor setting); each subscriber's queue references
        those bytes, nothing is copied per subscriber. A subscriber with a
        context-takeover compressor compresses the shared payload itself.
        Each subscriber's `max_buffered_amount` applies as for `send`
        (`options::overflow`).

        Every subscriber receives the publishes of one topic in the order
        they were made, whoever made them, interleaved in order with the
        socket's own `send`s.

        @param topic The topic's name (any bytes).
        @param data The message: UTF-8 for `text`, any bytes for `binary`;
        copied (once) before this returns.
        @param type `text` or `binary`; hixie subscribers get binary as a
        `0x80` frame, which their clients discard.
        @return The number of subscribers the message was queued for.
        @throws std::invalid_argument for another `type`;
        boost::system::system_error with `error::bad_utf8`;
        std::bad_alloc.

        @par Thread Safety
        Safe from any thread; publishes to a topic are serialized. */
    std::size_t
    publish(std::string_view topic, std::string_view data,
            frame_type type = frame_type::text);

    /// Number of sockets subscribed to `topic`; safe from any thread.
    std::size_t
    subscribers(std::string_view topic) const;

    /// Number of tracked sockets (websocket.io `clientsCount`); 0 when
    /// tracking is off.
    std::size_t
    clients_count() const noexcept;

    /** Number of live sockets, tracked or not, handshakes included (for
        example to wait for a graceful shutdown to finish). */
    std::size_t
    connections_count() const;

    /// The options this server was made with.
    options const&
    get_options() const noexcept;

    /** Takes over an HTTP upgrade request (websocket.io `handleUpgrade`).

        @param req The parsed request header.
        @param stream The connection the request came on, as a
        @ref transport (see the overloads below for TCP, TLS and any Asio
        stream). The server owns it from now on and always answers: 101 on
        success, else an HTTP error (400, 403, 404, 426 with the supported
        versions, 503 once `close` was called; see @ref to_http_status)
        followed by closing the connection. A handshake still incomplete
        after `options::handshake_timeout` is dropped without an answer.
        The header size limit is the HTTP reader's job (@ref http_server
        answers 431).
        @param leftover The bytes the HTTP parser read past the header
        (hixie-76 key3 and possibly frames). Pass them all.
        @param started When reading the request began (for TLS: when the
        TLS handshake began); `handshake_timeout` counts from it. Default:
        now.

        @par Thread Safety
        Safe from any thread.
    */
    void
    handle_upgrade(request_type req, std::unique_ptr<transport> stream,
                   std::string_view leftover = {},
                   std::chrono::steady_clock::time_point started = {});

    /** Overload for a plain TCP connection (`ws://`). The socket gets
        `TCP_NODELAY` and non-blocking mode; while idle it is waited on
        for readability, without a read buffer. */
    void
    handle_upgrade(request_type req, boost::asio::ip::tcp::socket sock,
                   std::string_view leftover = {},
                   std::chrono::steady_clock::time_point started = {});

    /// Overload for a Beast `tcp_stream` (its socket is released; its
    /// timeout no longer applies). The handshake timeout counts from now.
    void
    handle_upgrade(request_type req, boost::beast::tcp_stream&& stream,
                   std::string_view leftover = {})
    {
        handle_upgrade(std::move(req), stream.release_socket(), leftover);
    }

    /** Overload for any other Asio stream, moved from: a TLS stream whose
        TLS handshake is done (`asio::ssl::stream<asio::ip::tcp::socket>`,
        `beast::ssl_stream<beast::tcp_stream>`; the connection is then
        `wss://`, and the closing handshake ends with TLS close_notify), an
        in-memory stream (`beast::test::stream`), or any movable
        AsyncReadStream and AsyncWriteStream. It is wrapped in a
        @ref basic_transport. */
    template <class AsyncStream,
              class = std::enable_if_t<
                  !std::is_same_v<std::decay_t<AsyncStream>,
                                  boost::asio::ip::tcp::socket> &&
                  !std::is_same_v<std::decay_t<AsyncStream>,
                                  boost::beast::tcp_stream> &&
                  !std::is_same_v<std::decay_t<AsyncStream>,
                                  std::unique_ptr<transport>> &&
                  !std::is_lvalue_reference_v<AsyncStream>>>
    void
    handle_upgrade(request_type req, AsyncStream&& stream,
                   std::string_view leftover = {},
                   std::chrono::steady_clock::time_point started = {})
    {
        handle_upgrade(
            std::move(req),
            std::unique_ptr<transport>(
                new basic_transport<std::decay_t<AsyncStream>>(
                    std::move(stream))),
            leftover, started);
    }

    /// Overload for a request with another body type: the header is copied
    /// (the body is ignored); `stream` as in the overloads above, moved
    /// from.
    template <class Body, class Stream,
              class = std::enable_if_t<!std::is_same_v<
                  Body, boost::beast::http::empty_body>>>
    void
    handle_upgrade(boost::beast::http::request<Body> const& req,
                   Stream&& stream, std::string_view leftover = {})
    {
        request_type r{static_cast<boost::beast::http::request_header<> const&>(
            req)};
        handle_upgrade(std::move(r), std::forward<Stream>(stream), leftover);
    }

    /** Closes every socket: each gets a closing handshake with `code`
        (1001 by default) after its queued data. Upgrades that arrive
        afterwards are answered 503 and closed. The HTTP server stays
        open (it still accepts, and its idle connections stay): to stop
        everything use `async_shutdown`. */
    void
    close(close_code code = close_code::going_away);

    /** Graceful shutdown in one call: stops the HTTP server this server
        was attached to by `attach`/`listen` (it accepts no more, closes
        its idle keep-alive connections at once and each other one after
        its response in progress, see `http_server::async_shutdown`), sends
        a closing handshake with 1001 (going away) to every socket (later
        upgrades are answered 503), and completes once every socket and
        every HTTP connection is closed. Whatever is still open when
        `deadline` passes is dropped: sockets with `destroy()` (their
        `on_close` reports 1006), HTTP connections closed.

        Once it completed, nothing of this server or its HTTP server keeps
        the io_context busy: `run()` returns when the application's own
        work is done (cancel your `signal_set`).

        A server fed by your own HTTP server (`handle_upgrade`) closes only
        its sockets; stop your acceptor and connections yourself.

        The handler runs once, with signature
        `void(boost::system::error_code ec)`: success when everything
        closed by itself, `boost::asio::error::timed_out` when something
        was dropped at the deadline. It runs on its associated executor
        (by default this server's), never inside this call.

        @param deadline How long closing handshakes and in-flight HTTP
        responses may take (ms). Sockets are also bounded by
        `options::close_timeout`.
        @param token A completion token: a handler, `asio::use_future`,
        `asio::detached`, ...

        @par Thread Safety
        Safe from any thread (a signal handler's included); may be called
        again: every handler runs.

        @par Example
        @code
        asio::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code, int) {
            server.async_shutdown(std::chrono::seconds(5),
                                  [](boost::system::error_code) {});
        });
        ioc.run(); // returns once everything is closed
        @endcode
    */
    template <class CompletionToken>
    auto
    async_shutdown(std::chrono::milliseconds deadline, CompletionToken&& token)
    {
        return boost::asio::async_initiate<CompletionToken,
                                           void(boost::system::error_code)>(
            [st = state_](auto handler, std::chrono::milliseconds d) {
                auto ex = executor_of(st);
                start_shutdown(
                    st, d,
                    detail::erase_shutdown_handler(std::move(handler), ex));
            },
            token, deadline);
    }

    /** The HTTP server this server was attached to by `attach`/`listen`,
        or null. With `listen` it lives as long as the io_context; with
        `attach` it is the caller's, and the pointer is valid only while
        that `http_server` exists. */
    websocketio::http_server*
    http_server() const noexcept;

    /// @cond internal
    std::shared_ptr<detail::server_state> const&
    state() const noexcept
    {
        return state_;
    }
    static void
    start_shutdown(std::shared_ptr<detail::server_state> const& st,
                   std::chrono::milliseconds deadline,
                   std::function<void(boost::system::error_code)> done);
    static boost::asio::any_io_executor
    executor_of(std::shared_ptr<detail::server_state> const& st) noexcept;
    /// @endcond

private:
    void
    visit_clients(void (*fn)(void*, socket&), void* ctx) const;

    void
    start_socket(request_type req, std::unique_ptr<transport> stream,
                 socket::executor_type strand, std::string_view leftover,
                 std::chrono::steady_clock::time_point started);

    std::shared_ptr<detail::server_state> state_;
};

} // namespace websocketio
} // namespace boost

#endif
