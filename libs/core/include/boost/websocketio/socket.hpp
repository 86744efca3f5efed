//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_SOCKET_HPP
#define BOOST_WEBSOCKETIO_SOCKET_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/error.hpp>
#include <boost/websocketio/options.hpp>
#include <boost/websocketio/transport.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/signals2/dummy_mutex.hpp>
#include <boost/signals2/signal_type.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace websocketio {

class server;
namespace detail {
struct server_state;
class socket_service;
class topic_table;
struct subscription;
}

/** What a send did with a message (uWebSockets' `SUCCESS`,
    `BACKPRESSURE`, `DROPPED`): returned by `socket::send`, and counted
    per subscriber by `publish`. Decided in the calling thread, when the
    call is made. */
enum class send_status : unsigned char
{
    /// Queued; `buffered_amount()` is at most `options::high_water_mark`.
    queued,
    /** Queued, and `buffered_amount()` is now over
        `options::high_water_mark`: the peer reads slower than we send.
        `on_drain` fires once it falls to `options::low_water_mark`. */
    backpressure,
    /** Not queued: the socket is not open, the message is invalid (text
        that is not UTF-8, a type the draft cannot send; `on_error` says
        which), or it would take `buffered_amount()` past
        `options::max_buffered_amount` (then the connection closes with
        1008 unless `options::overflow` is `drop`). */
    dropped
};

/// websocket.io's `readyState`, plus `closing`.
enum class ready_state
{
    opening, ///< handshake in progress
    open,    ///< messages flow
    closing, ///< closing handshake in progress
    closed   ///< done; no more events
};

/** A received message: text or binary, and its bytes.

    `data` points into the socket's buffers and is valid only while the
    handler runs; copy it (`str()`) to keep it.
*/
struct message
{
    frame_type type = frame_type::text; ///< `text` or `binary`
    std::string_view data;              ///< the payload

    /// `type == frame_type::text`: `data` is valid UTF-8 (checked).
    bool
    is_text() const noexcept
    {
        return type == frame_type::text;
    }

    /// `type == frame_type::binary`: `data` is arbitrary bytes.
    bool
    is_binary() const noexcept
    {
        return type == frame_type::binary;
    }

    /// A copy of `data` that outlives the handler.
    /// @throws std::bad_alloc if memory runs out.
    std::string
    str() const
    {
        return std::string(data);
    }
};

/** One WebSocket connection, of any draft (websocket.io's `Socket`).

    Created by a @ref server after a successful handshake and handed out by
    its `on_connection` signal; always owned by a `std::shared_ptr`.

    @par Events
    `on_message`, `on_data`, `on_close` and `on_error` are Boost.Signals2
    signals that fire on the socket's strand, never concurrently. Connect to
    them from the `on_connection` handler (which runs on that strand) or from
    a handler posted to `get_executor()`; connecting from another thread
    while the socket runs is a data race. A signal object is created only
    when something first connects to it. After `on_close` fires, every slot
    is disconnected, so slots may capture the `shared_ptr` without keeping
    the socket alive forever.

    @par Thread Safety
    `send`, `write`, `close`, `end`, `destroy`, `ready_state()`,
    `buffered_amount()` and the const observers are safe from any thread;
    calls from other threads are handed to the strand. Operations leave in
    the order of the calls, across threads too, publishes included: a call
    on the strand runs at once only when nothing handed over earlier is
    still waiting. What the socket is handed goes into one queue (a
    mailbox), and one post to the strand runs everything queued by then,
    writing it in one batch. Work the application posts to
    `get_executor()` itself is ordered with that post, not with each
    operation in the mailbox: to order a message after a send or publish
    from another thread, send it with `send`, not from a posted handler.
*/
class socket : public std::enable_shared_from_this<socket>
{
public:
    /// The strand the socket's work and events run on.
    using executor_type = boost::asio::strand<boost::asio::any_io_executor>;

    /** A Boost.Signals2 signal of `Signature` without locking
        (`dummy_mutex`): fired and connected to on the socket's strand
        only. */
    template <class Signature>
    using signal = typename boost::signals2::signal_type<
        Signature,
        boost::signals2::keywords::mutex_type<boost::signals2::dummy_mutex>>::
        type;

    /// `on_message` and `on_data`: slots receive the message, whose
    /// `data` is valid during the call only.
    using message_signal = signal<void(message const&)>;
    /// `on_close`: slots receive the close code and the reason (UTF-8,
    /// at most 123 bytes, valid during the call only; empty for drafts
    /// without reasons).
    using close_signal = signal<void(close_code, std::string_view)>;
    /// `on_error`: slots receive the error (a @ref error, or an Asio
    /// error for I/O failures).
    using error_signal = signal<void(boost::system::error_code)>;
    /// `on_drain`: slots take no argument.
    using drain_signal = signal<void()>;

    socket(socket const&) = delete;
    socket& operator=(socket const&) = delete;
    /// Runs when the last `shared_ptr` is gone, which the socket's own
    /// pending operations prevent until it has closed; tells the server.
    ~socket();

    /// The id given by the server: from 1, increasing, never reused by
    /// that server; the key of `server::clients()`.
    std::uint64_t
    id() const noexcept
    {
        return id_;
    }

    /** The upgrade request (websocket.io `socket.req`): the header only,
        valid as long as the socket. Once the socket is open, the fields
        the handshake consumed (`Sec-WebSocket-Key`, `Sec-WebSocket-Key1`,
        `Sec-WebSocket-Key2`, `Sec-WebSocket-Version`, `Upgrade`,
        `Connection`) are gone unless `options::keep_handshake_fields` is
        set: each costs an idle connection some 100 bytes. The request
        line and every other field (`Host`, `Origin`, `Cookie`,
        `User-Agent`, `Sec-WebSocket-Protocol`, ...) stay. */
    request_type const&
    req() const noexcept
    {
        return *req_;
    }

    /// The peer's address, captured when the socket was created; a
    /// default endpoint for a stream that has none (an in-memory stream).
    boost::asio::ip::tcp::endpoint
    remote_endpoint() const noexcept
    {
        return remote_;
    }

    /// True when the connection is encrypted (`wss://`, TLS).
    bool
    is_secure() const noexcept
    {
        return secure_;
    }

    /// The current state (websocket.io `readyState`).
    websocketio::ready_state
    ready_state() const noexcept;

    /// `"websocket"` (hybi) or `"websocket-hixie"`.
    std::string_view
    name() const noexcept;

    /// `"hixie-75"`, `"hixie-76"`, `"hybi-07"`, `"hybi-08"` or `"hybi-13"`.
    std::string_view
    protocol_version() const noexcept;

    /** The `Sec-WebSocket-Extensions` value of the handshake's answer,
        like the browser's `WebSocket.extensions` (e.g. `permessage-deflate;
        server_no_context_takeover; client_no_context_takeover`); empty when
        none was negotiated, and before the handshake is done. Safe from any
        thread once `on_connection` ran (it never changes afterwards). */
    std::string_view
    extensions() const noexcept;

    /// The negotiated subprotocol, empty for none.
    std::string const&
    subprotocol() const noexcept
    {
        return subprotocol_;
    }

    /// The origin the client announced, empty when absent.
    std::string const&
    origin() const noexcept
    {
        return origin_;
    }

    /// Bytes queued for sending and not yet written to the OS, framing
    /// included; at most `options::max_buffered_amount` for messages. A
    /// batch written in parts counts out each part as the OS takes it.
    std::size_t
    buffered_amount() const noexcept
    {
        return buffered_.load(std::memory_order_relaxed);
    }

    /// The strand all of this socket's work and events run on.
    executor_type
    get_executor() const noexcept
    {
        return strand_;
    }

    //--------------------------------------------------------------------

    /// Fires for every text or binary message, whole (fragments are
    /// reassembled; text is valid UTF-8, RFC 6455 section 8.1).
    message_signal&
    on_message();

    /// websocket.io's `data` event: fires after `on_message` with the same
    /// message.
    message_signal&
    on_data();

    /** Fires once when the socket closes: the close code received from the
        peer (or `no_status`), the code we failed the connection with, or
        `abnormal` (1006) when the TCP connection was lost. */
    close_signal&
    on_close();

    /** Fires for protocol errors and I/O errors. Unobserved errors are
        ignored: never a crash.

        A slot of `on_message`, `on_data` or the server's `on_connection`
        that throws does not unwind into Asio: the exception is caught,
        `on_error` fires with `error::handler_exception`, and the
        connection fails with close code 1011 (internal error). Exceptions
        thrown by `on_error` and `on_close` slots are caught and dropped.
    */
    error_signal&
    on_error();

    /** Fires when `buffered_amount()` falls to `options::low_water_mark`
        or below after a `send` to this socket (or a publish reaching it)
        reported `send_status::backpressure`: once per such episode, on the
        strand, after the write that brought it down; never inside a
        `send` (when a write leaves at once, the slot runs from the
        strand's queue after the call returns). Not after the socket
        closed. Exceptions a slot throws are handled as for `on_message`. */
    drain_signal&
    on_drain();

    //--------------------------------------------------------------------

    /** Sends a text (UTF-8) message. Safe from any thread; messages
        leave in the order of the calls.

        @return What happened, decided before this returns (see
        @ref send_status): `dropped` unless `open`; `dropped` for invalid
        UTF-8 (`on_error` gets `error::bad_utf8`); `dropped` for a message
        that would take `buffered_amount()` over
        `options::max_buffered_amount` (its uncompressed frame size
        counts), which also fails the connection with 1008
        (`error::buffer_overflow`) unless `options::overflow` is `drop`;
        `backpressure` when it was queued but `buffered_amount()` is now
        over `options::high_water_mark`; else `queued`. Nothing is
        thrown but `std::bad_alloc`. */
    send_status
    send(std::string_view text)
    {
        return send(text, frame_type::text);
    }

    /** Sends a message of `type` (`text` or `binary`). Drafts without
        binary frames (hixie) send binary as a length-prefixed `0x80` frame,
        which their clients discard. Another `type` reports
        `error::operation_not_supported` and returns `dropped`; otherwise
        as `send(text)`. When called off the strand, `data` is copied
        before this returns. */
    send_status
    send(std::string_view data, frame_type type);

    /** Sends a message whose bytes are shared (broadcast without copying):
        the socket keeps `data` alive until written; do not modify it. A
        null `data` is `dropped`. Otherwise as `send(data, type)`. */
    send_status
    send(std::shared_ptr<std::string const> data, frame_type type);

    /// websocket.io's alias of `send`.
    send_status
    write(std::string_view text)
    {
        return send(text);
    }

    /** Sends a ping with `payload` as application data (RFC 6455 section
        5.5.2); the peer's pong arrives as traffic, not as an event.
        Ignored unless `open`. Drafts without ping (hixie) and payloads over
        125 bytes report `error::operation_not_supported` via `on_error`
        and send nothing. Never refused by `max_buffered_amount`. */
    socket&
    ping(std::string_view payload = {});

    /** Starts the closing handshake: data already queued is sent first,
        then the draft's close frame (hybi: `code` and `reason`; hixie-76:
        `0xFF 0x00`; hixie-75: none), then the TCP connection closes once
        the peer answers, or after `options::close_timeout`. Chainable.

        `code` must be one an endpoint may send (RFC 6455 section 7.4):
        1000-1003, 1007-1014 or 3000-4999, or `close_code::none` for a
        close frame without a code (then `reason` must be empty). `reason`
        must be valid UTF-8 of at most 123 bytes (section 5.5: a control
        frame carries at most 125). The arguments are checked in the
        calling thread, before anything is queued.

        @throws boost::system::system_error with `error::bad_close_code`
        (for 1004, 1005, 1006, 1015, codes below 1000 or from 5000, or a
        reason with `none`), `error::bad_close_payload` (reason not UTF-8)
        or `error::close_reason_too_long`; nothing is sent then and the
        socket is unchanged. */
    socket&
    close(close_code code = close_code::normal, std::string_view reason = {});

    /// websocket.io's alias of `close`.
    socket&
    end(close_code code = close_code::normal, std::string_view reason = {})
    {
        return close(code, reason);
    }

    /// Drops the connection at once, without a closing handshake; queued
    /// data is discarded. `on_close` fires with `abnormal`.
    socket&
    destroy();

    //--------------------------------------------------------------------
    // Topics (pub/sub); see server::publish.

    /** Subscribes this socket to `topic` (any bytes; the application's
        names): every `server::publish` or `socket::publish` to it from now
        on reaches this socket. Subscriptions end when the socket closes.
        Safe from any thread.

        Cost: a topic costs its name plus about 100 bytes while it has a
        subscriber; a subscription about 24 bytes.

        @return `true` if it was not subscribed yet; `false` if it was, or
        if the socket is closed or its server is gone.
        @throws std::bad_alloc */
    bool
    subscribe(std::string_view topic);

    /** Ends this socket's subscription to `topic`; safe from any thread.
        Publishes already made still arrive (they are queued).
        @return `true` if it was subscribed. */
    bool
    unsubscribe(std::string_view topic);

    /// Whether this socket is subscribed to `topic`; safe from any thread.
    bool
    is_subscribed(std::string_view topic) const;

    /** Publishes to every subscriber of `topic` but this socket, as
        `server::publish` does (websocket.io's broadcast from a client).
        @return The number of subscribers the message was queued for.
        @throws std::bad_alloc */
    std::size_t
    publish(std::string_view topic, std::string_view data,
            frame_type type = frame_type::text);

    /// @cond internal
    struct private_tag
    {
    };
    socket(private_tag, std::uint64_t id, executor_type strand,
           std::unique_ptr<transport> stream,
           std::shared_ptr<request_type> req,
           std::weak_ptr<detail::server_state> owner);
    void
    start(std::string leftover, std::chrono::steady_clock::time_point started);
    /// @endcond

private:
    friend class transport_handler;

    /*  The connection's phase: one variable, every transition in
        `set_phase` callers listed in doc/socket.md. `ready_state()` is a
        view of it.

        handshake     reading and answering the upgrade request
        open          messages flow both ways
        closing_sent  our close frame is queued or sent; frames are still
                      read until the peer's close arrives
        flushing      no more input is read as frames (the peer's close
                      arrived, the connection failed, the handshake was
                      refused, or hixie-75 closed): the queued bytes are
                      written, then the transport is shut down
        shutting_down the last byte is written; the transport's shutdown
                      (TCP FIN, TLS close_notify) is in progress
        lingering     shut down for sending; what the peer still sends is
                      read and discarded until its end of stream
        closed        done: no I/O, no event
    */
    enum class phase : unsigned char
    {
        handshake,
        open,
        closing_sent,
        flushing,
        shutting_down,
        lingering,
        closed
    };

    struct out_batch
    {
        std::string bytes;
        // (offset in bytes, shared payload inserted there)
        std::vector<std::pair<std::size_t, std::shared_ptr<std::string const>>>
            shared;
        std::size_t total = 0;
        std::size_t sent = 0; // of total, taken by the OS (writing_ only)
        void
        clear()
        {
            bytes.clear();
            shared.clear();
            total = 0;
            sent = 0;
        }
    };

    using clock_type = std::chrono::steady_clock;

    // The mailbox: work handed to the strand (from other threads, or from
    // the strand while earlier work waits), run in the order it came.
    struct mail_op
    {
        virtual ~mail_op() = default;
        virtual void run(socket& s) = 0;
    };
    struct mail
    {
        enum class kind : unsigned char
        {
            frame,   // a publish's frame, built once: enqueue_frame
            payload, // a message to frame here: do_send
            op       // anything else
        };
        kind what;
        frame_type type;
        std::size_t reserved;
        std::shared_ptr<std::string const> bytes;
        std::unique_ptr<mail_op> op;
    };
    bool put_mail(mail m);
    static std::vector<std::vector<mail>>& mail_pool() noexcept;
    void post_mail_run(std::shared_ptr<socket> self);
    void run_mail();

    bool can_run_inline() const noexcept;
    template <class Op>
    void post_op(Op op);
    template <class Op>
    void post_op(std::shared_ptr<socket> self, Op op);
    transport_handler handler(transport_handler::op o);
    void on_io(transport_handler::op o, boost::system::error_code ec,
               std::size_t n);

    // Everything below runs on the strand.
    phase current() const noexcept
    {
        return phase_.load(std::memory_order_relaxed);
    }
    void set_phase(phase p) noexcept;
    void do_ping(std::string_view payload);
    void do_handshake();
    void on_handshake_done();
    void reject_handshake(std::string response);
    void start_read();
    void on_read(boost::system::error_code ec, std::size_t n);
    void consume(char* data, std::size_t n);
    void process(char* data, std::size_t size);
    template <class Signal, class... Args>
    bool deliver(Signal& sig, Args const&... args);
    bool enqueue(frame_type type, std::string_view data,
                 std::shared_ptr<std::string const> const& shared,
                 std::size_t reserved = 0);
    void enqueue_raw(std::string_view bytes);
    void flush();
    bool write_now();
    bool end_write(boost::system::error_code ec);
    void after_write_now();
    void gather();
    void compact_writing();
    void write_rest(std::size_t sent);
    void on_write(boost::system::error_code ec, std::size_t n);
    void do_send(std::string_view data, frame_type type,
                 std::shared_ptr<std::string const> const& shared,
                 std::size_t reserved);
    std::size_t frame_size(frame_type type, std::size_t size) const noexcept;
    send_status send_message(std::string_view data, frame_type type,
                             std::shared_ptr<std::string const> shared);
    bool reserve(std::size_t n, send_status& st) noexcept;
    void release(std::size_t n) noexcept;
    void overflowed(std::shared_ptr<socket> const& self, bool may_run_inline);
    void report(boost::system::error_code ec);
    void enqueue_frame(std::shared_ptr<std::string const> const& frame,
                       std::size_t reserved);
    void maybe_drain();
    void drain_soon();
    void post_published(std::shared_ptr<std::string const> const& bytes,
                        bool framed, frame_type type, std::size_t reserved);
    void do_close(close_code code, std::string_view reason);
    void fail(boost::system::error_code ec, close_code code);
    void begin_shutdown();
    void on_shutdown(boost::system::error_code ec);
    bool append_close(close_code code, std::string_view reason);
    void finish(close_code code, std::string_view reason);
    void emit_error(boost::system::error_code ec) noexcept;
    void arm_timer(clock_type::time_point at);
    void on_timer();
    void arm_tick();
    void on_tick();
    void abandon() noexcept;

    std::uint64_t id_;
    executor_type strand_;
    std::unique_ptr<transport> transport_;
    // One timer for the phase's deadline: the handshake budget, the
    // idle/keep-alive/message tick while open, then the close timeout.
    boost::asio::steady_timer timer_;
    std::shared_ptr<request_type> req_;
    std::weak_ptr<detail::server_state> owner_;
    detail::socket_service* service_ = nullptr;
    boost::asio::ip::tcp::endpoint remote_;
    bool secure_ = false;
    std::unique_ptr<codec> codec_;
    options const* opts_ = nullptr;
    std::shared_ptr<options const> opts_hold_;
    std::string subprotocol_;
    std::string origin_;
    std::atomic<phase> phase_{phase::handshake};
    std::atomic<std::size_t> buffered_{0};
    std::atomic<std::uint32_t> posted_{0}; // mail not yet run
    std::mutex mail_mutex_;
    std::vector<mail> mail_; // guarded by mail_mutex_; a post runs it
                             // whenever it is not empty
    // A send reported backpressure: on_drain fires at low water.
    std::atomic<bool> drain_armed_{false};
    // close() or destroy() was called: later sends report dropped even
    // before the posted close runs.
    std::atomic<bool> ending_{false};
    // The topics this socket is subscribed to: owned here, guarded by the
    // server's topic table (whose entries point back to this socket).
    std::unique_ptr<std::vector<detail::subscription>> topics_;

    std::string handshake_bytes_;
    std::string_view delivering_; // text message in its handlers (valid UTF-8)
    // Read buffer of transports that cannot wait for readability (TLS,
    // other streams); a TCP socket reads into its thread's buffer.
    std::vector<char> rbuf_;
    out_batch filling_;
    out_batch writing_;
    std::vector<boost::asio::const_buffer> wbufs_; // the batch being written
    std::size_t wfirst_ = 0; // wbufs_[wfirst_] on are not written yet
    // The one owner of each direction: at most one read (or readiness
    // wait) and one write (or shutdown) pending.
    bool read_pending_ = false;
    bool write_pending_ = false;
    bool corked_ = false;     // process(), a mail run, the 101 and
                              // on_connection: writes join one batch
    bool read_paused_ = false; // start_read held back at high water
    bool opened_ = false;     // on_connection ran: on_close will fire
    bool close_sent_ = false; // a close frame is queued (facts, not phases)
    bool close_received_ = false;
    bool ping_outstanding_ = false;
    bool partial_ = false;    // a frame or message is partly received
    std::uint32_t timer_gen_ = 0; // which arm_timer the pending wait is for
    // Liveness, sampled by the tick so the hot path only counts.
    std::uint32_t events_in_ = 0;   // complete messages and control frames
    std::uint32_t seen_events_ = 0;
    std::uint32_t writes_done_ = 0; // completed writes (life while paused)
    std::uint32_t seen_writes_ = 0;
    clock_type::time_point last_life_{};
    clock_type::time_point message_started_{};
    clock_type::time_point ping_sent_{};
    clock_type::duration tick_{};
    close_code close_code_ = close_code::abnormal;
    std::string close_reason_;

    std::unique_ptr<message_signal> on_message_;
    std::unique_ptr<message_signal> on_data_;
    std::unique_ptr<close_signal> on_close_;
    std::unique_ptr<error_signal> on_error_;
    std::unique_ptr<drain_signal> on_drain_;

    friend class server;
    friend class detail::socket_service;
    friend class detail::topic_table;
};

} // namespace websocketio
} // namespace boost

#endif
