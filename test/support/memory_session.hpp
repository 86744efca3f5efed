//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_MEMORY_SESSION_HPP
#define BOOST_WEBSOCKETIO_TEST_MEMORY_SESSION_HPP

// Test support: one WebSocket session over an in-memory stream, driven
// step by step on a single-threaded io_context, no sockets and no sleeps.
//
// The server end is a Beast test stream (boost::beast::test::stream) with
// what a TCP socket adds (half-close, cancel, peer address), handed to
// server::handle_upgrade; the test holds the other end and writes the
// client's bytes into it, then polls the io_context until nothing is ready.
// The server end records every operation (stream_log) so that tests can
// assert on them: overlapping reads or writes, writes after the half-close,
// the first simulated failure (beast::test::fail_count) and how many bytes
// the server had read by then.
//
// No Boost.Test here: the fuzz target uses it too.

#include "raw_client.hpp" // frame and request builders

#include <boost/websocketio.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/beast/_experimental/test/error.hpp>
#include <boost/beast/_experimental/test/fail_count.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <chrono>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsio_test {

namespace beast = boost::beast;
using boost::system::error_code;

/** What the server did with its end of the in-memory connection, in the
    order its completion handlers ran (which is the order the socket saw
    the results in). */
struct stream_log
{
    std::size_t reads_started = 0;
    std::size_t writes_started = 0; // asynchronous writes
    std::size_t writes_now = 0;     // non-blocking writes (write_now)
    std::size_t reads_pending = 0;
    std::size_t writes_pending = 0;
    std::size_t overlapping_reads = 0;  // a read started while one pending
    std::size_t overlapping_writes = 0; // a write started while one pending
                                        // (a write_now counts too)
    std::size_t writes_after_shutdown = 0;
    std::size_t bytes_read = 0;    // delivered by successful reads
    std::size_t bytes_written = 0; // accepted by successful writes
    std::size_t shutdowns = 0;     // shutdown(shutdown_send) calls
    std::size_t closes = 0;        // close() calls
    std::size_t failures = 0;      // simulated failures delivered
    // At the first simulated failure: bytes_read and shutdowns then.
    std::size_t bytes_read_at_failure = 0;
    std::size_t shutdowns_at_failure = 0;

    // The client end, for the half-close (null once the session is gone).
    beast::test::stream* peer = nullptr;

    void
    completed(error_code const& ec)
    {
        if (ec == beast::test::error::test_failure && failures++ == 0)
        {
            bytes_read_at_failure = bytes_read;
            shutdowns_at_failure = shutdowns;
        }
    }

    /// Bytes read by the server before its first simulated failure (all of
    /// them when none happened).
    std::size_t
    bytes_read_before_failure() const noexcept
    {
        return failures == 0 ? bytes_read : bytes_read_at_failure;
    }

    /// The server half-closed before its first simulated failure.
    bool
    shut_down_before_failure() const noexcept
    {
        return failures == 0 ? shutdowns != 0 : shutdowns_at_failure != 0;
    }
};

/** The server's end: a Beast test stream that logs its operations and has
    the members the socket's transport uses on a lowest layer, like a TCP
    socket: `shutdown(shutdown_send, ec)` (a half-close: the client reads
    what was written, then EOF, while the server can still read),
    `close()`, `remote_endpoint(ec)` (a fixed TEST-NET-1 address,
    192.0.2.7:40000) and, when `Cancellable`, `cancel()` (the pending read
    completes with `operation_aborted`; bytes that arrive later wait for
    the next read). Beast's stream has no `cancel()`: reads go through a
    buffer of this class so that one can be abandoned.

    The fail count (`beast::test::fail_count`) applies to Beast's
    operations: every write, and every read that has to wait for bytes
    from the stream (a read served from bytes kept after a cancel does
    not count). */
template <bool Cancellable>
class basic_memory_stream : public beast::test::stream
{
    // The completion of the socket's pending read, type-erased.
    struct pending_read
    {
        asio::mutable_buffer buffer;
        virtual ~pending_read() = default;
        virtual void
        complete(error_code ec, std::size_t n) = 0;
    };

    template <class Handler, class Executor>
    struct pending_read_impl final : pending_read
    {
        Handler h;
        Executor ex;
        pending_read_impl(Handler&& handler, Executor e)
            : h(std::move(handler)), ex(std::move(e))
        {
        }
        void
        complete(error_code ec, std::size_t n) override
        {
            // Posted: never inside the call that started or cancelled it.
            asio::post(ex, [h = std::move(h), ec, n]() mutable {
                std::move(h)(ec, n);
            });
        }
    };

    // Shared with Beast's pending read, which may outlive a cancelled one.
    struct read_state
    {
        std::unique_ptr<pending_read> user; // the socket's read
        bool beast_pending = false;         // a read of Beast's stream
        std::vector<char> buf;              // what Beast reads into
        std::string kept;                   // bytes no read took yet
        error_code kept_error;              // an end nobody saw yet
    };

public:
    basic_memory_stream(asio::io_context& ioc, std::shared_ptr<stream_log> log)
        : beast::test::stream(ioc), log_(std::move(log))
    {
    }

    basic_memory_stream(asio::io_context& ioc, beast::test::fail_count& fc,
                        std::shared_ptr<stream_log> log)
        : beast::test::stream(ioc, fc), log_(std::move(log))
    {
    }

    basic_memory_stream(basic_memory_stream&&) = default;

    static tcp::endpoint
    fake_remote() noexcept
    {
        return {asio::ip::make_address_v4("192.0.2.7"), 40000};
    }

    template <class MutableBufferSequence, class ReadToken>
    auto
    async_read_some(MutableBufferSequence const& buffers, ReadToken&& token)
    {
        return asio::async_initiate<ReadToken, void(error_code, std::size_t)>(
            [this](auto handler, MutableBufferSequence const& b) {
                auto const log = log_;
                ++log->reads_started;
                auto ex = asio::get_associated_executor(handler,
                                                        get_executor());
                if (log->reads_pending != 0)
                {
                    // Two reads at once (a TCP socket would accept it, and
                    // Beast's stream throw). Record it and fail this read.
                    ++log->overlapping_reads;
                    asio::post(ex, [h = std::move(handler)]() mutable {
                        std::move(h)(asio::error::already_started, 0);
                    });
                    return;
                }
                ++log->reads_pending;
                auto const& st = rs_;
                auto const first = asio::buffer_sequence_begin(b);
                asio::mutable_buffer const target =
                    first == asio::buffer_sequence_end(b)
                        ? asio::mutable_buffer()
                        : asio::mutable_buffer(*first);
                st->user = std::make_unique<
                    pending_read_impl<decltype(handler), decltype(ex)>>(
                    std::move(handler), ex);
                st->user->buffer = target;
                if (!st->kept.empty() || st->kept_error)
                {
                    deliver(st, log, {}, 0);
                    return;
                }
                if (st->beast_pending)
                    return; // the read a cancel left behind delivers
                // Not the socket's handler: Beast's read keeps a work guard
                // of the handler's executor, which a strand of
                // any_io_executor does not support under
                // BOOST_ASIO_NO_DEPRECATED.
                st->beast_pending = true;
                st->buf.resize((std::max<std::size_t>)(
                    1, (std::min<std::size_t>)(target.size(), 65536)));
                base().async_read_some(
                    asio::buffer(st->buf),
                    [st, log](error_code ec, std::size_t n) {
                        st->beast_pending = false;
                        deliver(st, log, ec, n);
                    });
            },
            token, buffers);
    }

    /// Completes the pending read with `operation_aborted` (a TCP
    /// socket's `cancel()`); present when `Cancellable`.
    template <bool C = Cancellable, std::enable_if_t<C, int> = 0>
    void
    cancel()
    {
        auto const& st = rs_;
        if (!st->user)
            return;
        --log_->reads_pending;
        auto u = std::move(st->user);
        u->complete(asio::error::operation_aborted, 0);
    }

    template <class ConstBufferSequence, class WriteToken>
    auto
    async_write_some(ConstBufferSequence const& buffers, WriteToken&& token)
    {
        return asio::async_initiate<WriteToken, void(error_code, std::size_t)>(
            [this](auto handler, ConstBufferSequence const& b) {
                auto const log = log_;
                ++log->writes_started;
                if (log->writes_pending != 0)
                    ++log->overlapping_writes;
                if (log->shutdowns != 0 && asio::buffer_size(b) != 0)
                    ++log->writes_after_shutdown;
                ++log->writes_pending;
                auto ex = asio::get_associated_executor(handler,
                                                        get_executor());
                base().async_write_some(
                    b, [log, ex, h = std::move(handler)](
                           error_code ec, std::size_t n) mutable {
                        asio::dispatch(
                            ex, [log, h = std::move(h), ec, n]() mutable {
                                --log->writes_pending;
                                if (!ec)
                                    log->bytes_written += n;
                                log->completed(ec);
                                std::move(h)(ec, n);
                            });
                    });
            },
            token, buffers);
    }

    /** A write that does not wait, as a TCP socket's `write_some` in
        non-blocking mode: takes at most `take` bytes of `buffers` now (and
        at most the stream's `write_size`), or none with
        `asio::error::would_block` when `take` is 0. Logged as
        `writes_now`; bytes taken count in `bytes_written`; the fail count
        applies. */
    template <class ConstBufferSequence>
    std::size_t
    write_now(ConstBufferSequence const& buffers, std::size_t take,
              error_code& ec)
    {
        auto const log = log_;
        ++log->writes_now;
        if (log->writes_pending != 0)
            ++log->overlapping_writes;
        if (log->shutdowns != 0 && asio::buffer_size(buffers) != 0)
            ++log->writes_after_shutdown;
        if (take == 0)
        {
            ec = asio::error::would_block;
            return 0;
        }
        std::size_t const n =
            base().write_some(beast::buffers_prefix(take, buffers), ec);
        if (!ec)
            log->bytes_written += n;
        log->completed(ec);
        return n;
    }

    void
    shutdown(asio::socket_base::shutdown_type what, error_code& ec)
    {
        ec = {};
        if (what == asio::socket_base::shutdown_receive)
            return;
        ++log_->shutdowns;
        if (log_->peer)
            log_->peer->close_remote(); // EOF after what it has
    }

    void
    close()
    {
        ++log_->closes;
        base().close();
    }

    void
    close(error_code& ec)
    {
        ec = {};
        close();
    }

    tcp::endpoint
    remote_endpoint(error_code& ec) const
    {
        ec = {};
        return fake_remote();
    }

private:
    // Beast's read ended (or bytes were kept): hand the result to the
    // socket's read if there is one, else keep it for the next read.
    static void
    deliver(std::shared_ptr<read_state> const& st,
            std::shared_ptr<stream_log> const& log, error_code ec,
            std::size_t n)
    {
        st->kept.append(st->buf.data(), ec ? 0 : n);
        if (ec && !st->kept_error)
            st->kept_error = ec;
        if (!st->user)
            return;
        auto u = std::move(st->user);
        --log->reads_pending;
        std::size_t got = 0;
        error_code result;
        if (!st->kept.empty() && u->buffer.size() != 0)
        {
            got = (std::min)(st->kept.size(), u->buffer.size());
            std::memcpy(u->buffer.data(), st->kept.data(), got);
            st->kept.erase(0, got);
        }
        else if (st->kept_error)
        {
            result = st->kept_error;
            st->kept_error = {};
        }
        log->bytes_read += got;
        log->completed(result);
        u->complete(result, got);
    }

    beast::test::stream&
    base() noexcept
    {
        return *this;
    }

    std::shared_ptr<stream_log> log_;
    std::shared_ptr<read_state> rs_ = std::make_shared<read_state>();
};

/// The stream of a memory_session: like a TCP socket, with `cancel()`.
using memory_stream = basic_memory_stream<true>;

/** The transport of a server end that writes without waiting, as the
    library's TCP transport does (`transport::can_write_now`): everything
    else is `basic_transport<End>`'s. Each `write_some_now` takes at most
    `*take` bytes (0: it would block, and the socket's asynchronous write
    runs instead); the test may change `*take` between steps. */
template <class End>
class write_now_transport final : public wsio::transport
{
public:
    write_now_transport(End&& end, std::shared_ptr<std::size_t> take)
        : inner_(std::move(end)), take_(std::move(take))
    {
    }

    asio::any_io_executor
    get_executor() override
    {
        return inner_.get_executor();
    }

    tcp::endpoint
    remote_endpoint() const noexcept override
    {
        return inner_.remote_endpoint();
    }

    bool
    can_write_now() const noexcept override
    {
        return true;
    }

    std::size_t
    write_some_now(asio::const_buffer const* bufs, std::size_t count,
                   error_code& ec) override
    {
        return inner_.next_layer().write_now(
            wsio::detail::buffer_span{bufs, count}, *take_, ec);
    }

    void
    async_read_some(asio::mutable_buffer b,
                    wsio::transport_handler h) override
    {
        inner_.async_read_some(b, std::move(h));
    }

    void
    async_write(asio::const_buffer const* bufs, std::size_t count,
                wsio::transport_handler h) override
    {
        inner_.async_write(bufs, count, std::move(h));
    }

    void
    async_write_some(asio::const_buffer const* bufs, std::size_t count,
                     wsio::transport_handler h) override
    {
        inner_.async_write_some(bufs, count, std::move(h));
    }

    bool
    shutdown_now(error_code& ec) override
    {
        return inner_.shutdown_now(ec);
    }

    void
    async_shutdown(wsio::transport_handler h) override
    {
        inner_.async_shutdown(std::move(h));
    }

    void
    cancel() noexcept override
    {
        inner_.cancel();
    }

    void
    close() noexcept override
    {
        inner_.close();
    }

private:
    wsio::basic_transport<End> inner_;
    std::shared_ptr<std::size_t> take_;
};

/// What the socket reported through its signals.
struct session_events
{
    std::weak_ptr<wsio::socket> socket;
    std::size_t connections = 0; // on_connection calls
    std::vector<std::pair<wsio::frame_type, std::string>> messages;
    std::vector<error_code> errors;
    std::vector<std::pair<wsio::close_code, std::string>> closes;
    // ready_state() as seen from inside each on_close slot.
    std::vector<wsio::ready_state> state_in_on_close;
    // messages.size() when on_close fired (none may follow it).
    std::size_t messages_before_close = 0;

    bool
    saw_error(error_code const& ec) const
    {
        for (auto const& e : errors)
            if (e == ec)
                return true;
        return false;
    }
};

/// Options without timers that depend on the wall clock (idle, keep-alive,
/// message timeouts off), so a session is deterministic.
inline wsio::options
quiet_options()
{
    wsio::options o;
    o.idle_timeout = std::chrono::milliseconds(0);
    o.ping_interval = std::chrono::milliseconds(0);
    o.message_timeout = std::chrono::milliseconds(0);
    return o;
}

struct session_config
{
    wsio::options opts = quiet_options();
    /// The number (from 1) of the server end's first I/O operation (read
    /// or write) to fail with `beast::test::error::test_failure`, as
    /// `beast::test::fail_count` counts; every later one fails too (0 acts
    /// as 1). None: no failure.
    std::optional<std::size_t> fail_at;
    /// At most this many bytes per read / write on the server end.
    std::size_t read_size = (std::numeric_limits<std::size_t>::max)();
    std::size_t write_size = (std::numeric_limits<std::size_t>::max)();
    /// Echo every message with its type.
    bool echo = true;
    /// The server end has `cancel()`, like a TCP socket (Beast's test
    /// stream alone has none).
    bool cancellable = true;
    /// When set, the server end also writes without waiting, as a TCP
    /// socket does (see write_now_transport): at most `*write_now` bytes
    /// per non-blocking write, 0 for "would block".
    std::shared_ptr<std::size_t> write_now;
};

/** One server and one in-memory connection to it.

    Single-threaded: everything runs inside `poll()` / `run_until()` on the
    calling thread. Bounded: `poll()` runs at most `max_handlers` handlers
    and then reports a runaway instead of looping forever.
*/
class memory_session
{
public:
    static constexpr std::size_t max_handlers = 100000;

    explicit memory_session(session_config cfg = {})
        : log_(std::make_shared<stream_log>()), client_(ioc_),
          events_(std::make_shared<session_events>()), cfg_(std::move(cfg))
    {
        if (cfg_.fail_at)
            fc_ = std::make_unique<beast::test::fail_count>(*cfg_.fail_at);
        server_ = std::make_unique<wsio::server>(ioc_.get_executor(),
                                                 cfg_.opts);
        auto ev = events_;
        bool const echo = cfg_.echo;
        server_->on_connection().connect(
            [ev, echo](std::shared_ptr<wsio::socket> const& s) {
                ++ev->connections;
                ev->socket = s;
                wsio::socket* const raw = s.get(); // slots die with it
                s->on_message().connect([ev, raw, echo](
                                            wsio::message const& m) {
                    ev->messages.emplace_back(m.type, m.str());
                    if (echo)
                        raw->send(m.data, m.type);
                });
                s->on_error().connect(
                    [ev](error_code ec) { ev->errors.push_back(ec); });
                s->on_close().connect(
                    [ev, raw](wsio::close_code c, std::string_view r) {
                        ev->closes.emplace_back(c, std::string(r));
                        ev->messages_before_close = ev->messages.size();
                        ev->state_in_on_close.push_back(raw->ready_state());
                    });
            });
        log_->peer = &client_;
        start_client_read();
    }

    ~memory_session()
    {
        log_->peer = nullptr;
        *client_alive_ = false;
        client_.close();
        server_.reset(); // closes what is still open (1001)
        poll();
    }

    memory_session(memory_session const&) = delete;
    memory_session& operator=(memory_session const&) = delete;

    /** Parses `request` (the header, then whatever follows it: hixie-76
        key3, frames) as an HTTP server would, and hands the header, the
        server end and the bytes after the header to
        `server::handle_upgrade`; then polls. Returns false (and hands
        nothing over) when Beast refuses the header or it is incomplete. */
    bool
    upgrade(std::string_view request)
    {
        beast::http::request_parser<beast::http::empty_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(
            (std::min<std::size_t>)(cfg_.opts.max_header_size, 1u << 20)));
        parser.eager(false);
        error_code ec;
        std::size_t const used =
            parser.put(asio::buffer(request.data(), request.size()), ec);
        if (ec || !parser.is_header_done())
            return false;
        auto hand_over = [&](auto end) {
            end->connect(client_);
            end->read_size(cfg_.read_size);
            end->write_size(cfg_.write_size);
            using end_type = typename decltype(end)::element_type;
            if (cfg_.write_now)
                server_->handle_upgrade(
                    parser.release(),
                    std::unique_ptr<wsio::transport>(
                        new write_now_transport<end_type>(std::move(*end),
                                                          cfg_.write_now)),
                    request.substr(used));
            else
                server_->handle_upgrade(parser.release(), std::move(*end),
                                        request.substr(used));
        };
        if (cfg_.cancellable)
            hand_over(make_end<basic_memory_stream<true>>());
        else
            hand_over(make_end<basic_memory_stream<false>>());
        poll();
        return true;
    }

    /// The client writes `bytes` (all of them, unless the server's end is
    /// gone), then the io_context is polled. Returns false when the
    /// connection refused bytes.
    bool
    send(std::string_view bytes)
    {
        bool ok = true;
        while (!bytes.empty())
        {
            error_code ec;
            std::size_t const n = client_.write_some(
                asio::buffer(bytes.data(), bytes.size()), ec);
            if (ec)
            {
                ok = false;
                break;
            }
            bytes.remove_prefix(n);
            sent_ += n;
        }
        poll();
        return ok;
    }

    /// Bytes the client wrote into the connection so far (the request
    /// given to `upgrade` is not among them: it never went through the
    /// stream).
    std::size_t
    client_bytes_sent() const noexcept
    {
        return sent_;
    }

    /// The client closes its end (TCP FIN and close): the server reads
    /// EOF; then polls.
    void
    close_client()
    {
        poll(); // collect what the server wrote so far
        *client_alive_ = false;
        client_.close();
        poll();
    }

    /// Everything the server wrote since the last call.
    std::string
    take()
    {
        poll();
        std::string out;
        out.swap(client_state_->received);
        return out;
    }

    /// The server closed or half-closed its end, and the client read
    /// everything before the EOF (call `take()` for those bytes).
    bool
    server_eof()
    {
        poll();
        return client_state_->eof;
    }

    /// Runs every ready handler (bounded), timers that are due included.
    std::size_t
    poll()
    {
        std::size_t n = 0;
        ioc_.restart();
        for (std::size_t i = 0; i < max_handlers; ++i)
        {
            std::size_t k = 0;
            try
            {
                k = ioc_.poll_one();
            }
            catch (std::exception const& e)
            {
                exceptions_.emplace_back(e.what());
                k = 1;
            }
            if (k == 0)
                return n;
            n += k;
        }
        runaway_ = true;
        return n;
    }

    /// Polls, then waits for timers, until `pred()` or `timeout`; returns
    /// `pred()`.
    template <class Pred>
    bool
    run_until(Pred pred, std::chrono::milliseconds timeout)
    {
        auto const end = std::chrono::steady_clock::now() + timeout;
        for (;;)
        {
            poll();
            if (pred())
                return true;
            auto const now = std::chrono::steady_clock::now();
            if (now >= end || runaway_)
                return pred();
            ioc_.restart();
            try
            {
                ioc_.run_one_for((std::min)(
                    std::chrono::duration_cast<std::chrono::milliseconds>(
                        end - now),
                    std::chrono::milliseconds(20)));
            }
            catch (std::exception const& e)
            {
                exceptions_.emplace_back(e.what());
            }
        }
    }

    /// The session's socket (null before `on_connection` or once freed).
    std::shared_ptr<wsio::socket>
    socket() const
    {
        return events_->socket.lock();
    }

    /// `on_connection` fired and that socket has been freed since.
    bool
    socket_freed() const
    {
        return events_->connections != 0 && events_->socket.expired();
    }

    /// Nothing of the connection is left: the server counts no live
    /// connection and the socket (if one opened) is freed.
    bool
    drained() const
    {
        return server_->connections_count() == 0 &&
               events_->socket.expired();
    }

    wsio::server&
    server() noexcept
    {
        return *server_;
    }

    session_events const&
    events() const noexcept
    {
        return *events_;
    }

    stream_log const&
    log() const noexcept
    {
        return *log_;
    }

    /// Exceptions that escaped a handler (none expected).
    std::vector<std::string> const&
    exceptions() const noexcept
    {
        return exceptions_;
    }

    /// `poll()` hit `max_handlers`: something reschedules itself forever.
    bool
    runaway() const noexcept
    {
        return runaway_;
    }

    asio::io_context&
    ioc() noexcept
    {
        return ioc_;
    }

private:
    template <class Stream>
    std::unique_ptr<Stream>
    make_end()
    {
        if (fc_)
            return std::make_unique<Stream>(ioc_, *fc_, log_);
        return std::make_unique<Stream>(ioc_, log_);
    }

    struct client_state
    {
        std::string received;
        bool eof = false;
        char buf[4096];
    };

    // The client always has a read pending, so what the server writes is
    // collected as it is written and its EOF is seen.
    void
    start_client_read()
    {
        auto st = client_state_;
        auto alive = client_alive_;
        client_.async_read_some(
            asio::buffer(st->buf),
            [this, st, alive](error_code ec, std::size_t n) {
                if (!*alive)
                    return;
                st->received.append(st->buf, n);
                if (ec)
                {
                    if (ec == asio::error::eof)
                        st->eof = true;
                    return;
                }
                start_client_read();
            });
    }

    asio::io_context ioc_;
    std::shared_ptr<stream_log> log_;
    std::unique_ptr<beast::test::fail_count> fc_;
    beast::test::stream client_;
    std::shared_ptr<client_state> client_state_ =
        std::make_shared<client_state>();
    std::shared_ptr<bool> client_alive_ = std::make_shared<bool>(true);
    std::shared_ptr<session_events> events_;
    session_config cfg_;
    std::unique_ptr<wsio::server> server_;
    std::vector<std::string> exceptions_;
    std::size_t sent_ = 0;
    bool runaway_ = false;
};

//------------------------------------------------------------------------
// Requests and frames per draft

/// The drafts, by the name `socket::protocol_version()` reports.
inline constexpr std::string_view all_drafts[] = {
    "hixie-75", "hixie-76", "hybi-07", "hybi-08", "hybi-13"};

/// The draft-hixie-76 section 1.2 example key3 and its answer.
inline constexpr std::string_view memory_hixie76_key3 = "^n:ds[4U";
inline constexpr std::string_view memory_hixie76_answer = "8jKS'y:G*Co,Wxa-";

/// A valid upgrade request for `draft` (hixie-76: without key3).
inline std::string
upgrade_request(std::string_view draft)
{
    if (draft == "hixie-75")
        return hixie75_request("/");
    if (draft == "hixie-76")
        return hixie76_request("/demo");
    if (draft == "hybi-07")
        return hybi_request("/", "7");
    if (draft == "hybi-08")
        return hybi_request("/", "8");
    return hybi_request("/", "13");
}

inline bool
is_hybi(std::string_view draft) noexcept
{
    return draft.substr(0, 4) == "hybi";
}

/// A text message as `draft`'s client sends it.
inline std::string
text_frame(std::string_view draft, std::string_view text)
{
    if (is_hybi(draft))
        return client_frame(0x1, text);
    std::string f(1, '\0');
    f += text;
    f += '\xFF';
    return f;
}

/// A hybi frame as the server sends it: FIN set, unmasked, the payload
/// length in its shortest form (RFC 6455 section 5.2).
inline std::string
server_frame(std::uint8_t opcode, std::string_view payload)
{
    return client_frame(opcode, payload, true, 0, false);
}

/// A text message as the server sends it (unmasked hybi, or hixie).
inline std::string
server_text(std::string_view draft, std::string_view text)
{
    if (!is_hybi(draft))
        return text_frame(draft, text);
    return server_frame(0x1, text);
}

/// The hixie-76 closing frame (draft-hixie-76 section 4.2).
inline std::string
hixie76_close_frame()
{
    return std::string("\xFF\x00", 2);
}

} // namespace wsio_test

#endif
