//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TRANSPORT_HPP
#define BOOST_WEBSOCKETIO_TRANSPORT_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace boost {
namespace websocketio {

class socket;

/** The completion handler of every @ref transport operation: it resumes
    the @ref socket that started the operation, on that socket's strand.

    Its associated executor (`get_executor()`) is the socket's strand, so
    Asio runs it there without `bind_executor`. Move-only, two words. A
    transport calls it exactly once per operation, with the error and the
    number of bytes transferred (0 for waits and shutdowns).
*/
class transport_handler
{
public:
    /// The socket's strand.
    using executor_type = boost::asio::strand<boost::asio::any_io_executor>;

    /// @cond internal
    enum class op : unsigned char
    {
        read,     // async_read_some or async_wait_read completed (the
                  // upgrade's remaining bytes too: the phase tells)
        write,    // async_write completed
        shutdown  // async_shutdown completed
    };
    transport_handler(std::shared_ptr<websocketio::socket> s, op o) noexcept
        : socket_(std::move(s)), op_(o)
    {
    }
    /// @endcond

    /// Moves the pending completion (Asio moves handlers).
    transport_handler(transport_handler&&) noexcept = default;
    /// Moves the pending completion.
    transport_handler& operator=(transport_handler&&) noexcept = default;
    transport_handler(transport_handler const&) = delete;
    transport_handler& operator=(transport_handler const&) = delete;

    /// The socket's strand: where the completion runs.
    executor_type
    get_executor() const noexcept;

    /// Resumes the socket with the operation's outcome.
    void
    operator()(boost::system::error_code ec, std::size_t n = 0);

private:
    std::shared_ptr<websocketio::socket> socket_;
    op op_;
};

/** The byte stream a @ref socket runs over, with its type erased.

    The socket is compiled once, in the library, against this interface;
    each kind of stream gets a small adapter: @ref basic_transport for any
    Asio stream (header-only, a template), and a compiled one for
    `asio::ip::tcp::socket` that reads by readiness (see
    `can_wait_read`). `server::handle_upgrade` makes the adapter; a user
    rarely meets this class, except to write an adapter for a stream that
    the template cannot drive.

    At most one read (`async_read_some` or `async_wait_read`) and one of
    `async_write`/`async_shutdown` are pending at a time; the socket
    guarantees it. Every completion goes through the handler's executor.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe; the socket calls it
    from its strand only.
*/
class transport
{
public:
    /// Destroys the stream (closing it, for the usual streams).
    virtual ~transport() = default;

    /// The stream's executor (the socket's strand is made from it).
    virtual boost::asio::any_io_executor
    get_executor() = 0;

    /// True when the bytes are encrypted (TLS): hixie drafts then answer
    /// `wss://` locations.
    virtual bool
    is_secure() const noexcept
    {
        return false;
    }

    /// The peer's address, or a default endpoint when the stream has none.
    virtual boost::asio::ip::tcp::endpoint
    remote_endpoint() const noexcept
    {
        return {};
    }

    /** True when `async_wait_read` and `read_some_now` work: the socket
        then waits for readability and reads into a buffer of its thread,
        so an idle socket owns no read buffer. */
    virtual bool
    can_wait_read() const noexcept
    {
        return false;
    }

    /// Completes once bytes (or an end of stream) can be read without
    /// blocking. Only when `can_wait_read()`.
    virtual void
    async_wait_read(transport_handler h)
    {
        auto ex = h.get_executor();
        boost::asio::post(ex, [h = std::move(h)]() mutable {
            h(boost::asio::error::operation_not_supported);
        });
    }

    /** Reads what is available into `b` without blocking: the bytes read,
        or 0 with `ec` set (`asio::error::would_block` when nothing is
        there, `asio::error::eof` at the end). Only when
        `can_wait_read()`. */
    virtual std::size_t
    read_some_now(boost::asio::mutable_buffer b, boost::system::error_code& ec)
    {
        (void)b;
        ec = boost::asio::error::operation_not_supported;
        return 0;
    }

    /** Writes what the OS takes now of `count` buffers from `bufs`,
        without blocking: the bytes written (possibly 0, with `ec` set to
        `asio::error::would_block`), so a large payload can leave without
        being copied into a queue. Only when `can_write_now()`. */
    virtual std::size_t
    write_some_now(boost::asio::const_buffer const* bufs, std::size_t count,
                   boost::system::error_code& ec)
    {
        (void)bufs;
        (void)count;
        ec = boost::asio::error::operation_not_supported;
        return 0;
    }

    /// True when `write_some_now` works.
    virtual bool
    can_write_now() const noexcept
    {
        return false;
    }

    /// Reads at least one byte into `b` (Asio `async_read_some`).
    virtual void
    async_read_some(boost::asio::mutable_buffer b, transport_handler h) = 0;

    /** Writes all of `count` buffers starting at `bufs` (Asio
        `async_write`). The array and the bytes must stay valid until the
        handler runs. */
    virtual void
    async_write(boost::asio::const_buffer const* bufs, std::size_t count,
                transport_handler h) = 0;

    /** Writes at least one byte of `count` buffers starting at `bufs`
        (Asio `async_write_some`): the handler gets the bytes written. The
        socket writes the rest with further calls, and counts each part
        out of its buffered amount as it leaves, so a peer that reads part
        of a large batch makes room at once. The array and the bytes must
        stay valid until the handler runs. The default writes them all
        (`async_write`). */
    virtual void
    async_write_some(boost::asio::const_buffer const* bufs, std::size_t count,
                     transport_handler h)
    {
        async_write(bufs, count, std::move(h));
    }

    /** Ends the sending direction at once when that needs no I/O of its
        own (TCP: `shutdown(shutdown_send)`, a FIN; streams without a
        shutdown: nothing) and returns true, with `ec` set on failure; a
        pending read goes on. Returns false, doing nothing, when the end
        is an exchange (TLS close_notify): then use `async_shutdown`, with
        no read pending. */
    virtual bool
    shutdown_now(boost::system::error_code& ec)
    {
        (void)ec;
        return false;
    }

    /** Ends the sending direction after the last write: TLS sends
        close_notify; TCP shuts down for sending (FIN). Reading stays
        possible (to drain what the peer still sends). No read may be
        pending (TLS cannot read and shut down at once). */
    virtual void
    async_shutdown(transport_handler h) = 0;

    /// Cancels the pending operations (they complete with
    /// `operation_aborted`).
    virtual void
    cancel() noexcept = 0;

    /// Closes the connection at once; pending operations complete.
    virtual void
    close() noexcept = 0;
};

namespace detail {

// A buffer sequence over an array of const_buffer, without copying it.
struct buffer_span
{
    using value_type = boost::asio::const_buffer;
    using const_iterator = boost::asio::const_buffer const*;
    boost::asio::const_buffer const* data;
    std::size_t size;
    const_iterator
    begin() const noexcept
    {
        return data;
    }
    const_iterator
    end() const noexcept
    {
        return data + size;
    }
};

template <class T, class = void>
struct has_socket_member : std::false_type
{
};
template <class T>
struct has_socket_member<T, std::void_t<decltype(std::declval<T&>().socket())>>
    : std::true_type
{
};

template <class T, class = void>
struct has_shutdown_send : std::false_type
{
};
template <class T>
struct has_shutdown_send<
    T, std::void_t<decltype(std::declval<T&>().shutdown(
           boost::asio::socket_base::shutdown_send,
           std::declval<boost::system::error_code&>()))>> : std::true_type
{
};

template <class T, class = void>
struct has_close_ec : std::false_type
{
};
template <class T>
struct has_close_ec<T, std::void_t<decltype(std::declval<T&>().close(
                           std::declval<boost::system::error_code&>()))>>
    : std::true_type
{
};

template <class T, class = void>
struct has_remote_endpoint : std::false_type
{
};
template <class T>
struct has_remote_endpoint<
    T, std::void_t<decltype(std::declval<T const&>().remote_endpoint(
           std::declval<boost::system::error_code&>()))>> : std::true_type
{
};

template <class T, class = void>
struct has_cancel : std::false_type
{
};
template <class T>
struct has_cancel<T, std::void_t<decltype(std::declval<T&>().cancel())>>
    : std::true_type
{
};

template <class T, class = void>
struct has_expires_never : std::false_type
{
};
template <class T>
struct has_expires_never<
    T, std::void_t<decltype(std::declval<T&>().expires_never())>>
    : std::true_type
{
};

// TLS streams (asio::ssl::stream, beast::ssl_stream) shut down
// asynchronously (close_notify).
template <class T, class = void>
struct has_async_shutdown : std::false_type
{
};
template <class T>
struct has_async_shutdown<
    T, std::void_t<decltype(std::declval<T&>().async_shutdown(
           std::declval<void (*)(boost::system::error_code)>()))>>
    : std::true_type
{
};

// The object that owns the descriptor: Beast's tcp_stream keeps a socket.
template <class Lowest>
decltype(auto)
descriptor_of(Lowest& l) noexcept
{
    if constexpr (has_socket_member<Lowest>::value)
        return l.socket();
    else
        return (l);
}

} // namespace detail

/** The @ref transport adapter for any Asio stream: `Stream` is a movable
    AsyncReadStream and AsyncWriteStream with `get_executor()`.

    Used for TLS streams whose handshake is done
    (`asio::ssl::stream<asio::ip::tcp::socket>`,
    `beast::ssl_stream<beast::tcp_stream>`), Beast's in-memory
    `beast::test::stream`, and any other stream. Of the lowest layer
    (`beast::get_lowest_layer`, or the `socket()` of a Beast `tcp_stream`)
    it uses what exists: `shutdown(shutdown_send, ec)` after the last
    write, `close(ec)` or `close()`, `remote_endpoint(ec)`, `cancel()`. A
    stream with `async_shutdown` (TLS) is shut down with it (close_notify).
    A Beast `tcp_stream`'s timeout is turned off: the socket has its own.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
template <class Stream>
class basic_transport final : public transport
{
public:
    /// Takes over `stream`.
    explicit basic_transport(Stream&& stream) : stream_(std::move(stream))
    {
        auto& lowest = boost::beast::get_lowest_layer(stream_);
        if constexpr (detail::has_expires_never<
                          std::decay_t<decltype(lowest)>>::value)
            lowest.expires_never();
    }

    /// The stream.
    Stream&
    next_layer() noexcept
    {
        return stream_;
    }

    boost::asio::any_io_executor
    get_executor() override
    {
        return stream_.get_executor();
    }

    bool
    is_secure() const noexcept override
    {
        return detail::has_async_shutdown<Stream>::value;
    }

    boost::asio::ip::tcp::endpoint
    remote_endpoint() const noexcept override
    {
        auto& d = detail::descriptor_of(
            boost::beast::get_lowest_layer(const_cast<Stream&>(stream_)));
        using D = std::decay_t<decltype(d)>;
        if constexpr (detail::has_remote_endpoint<D>::value)
        {
            boost::system::error_code ec;
            auto ep = d.remote_endpoint(ec);
            if constexpr (std::is_convertible_v<
                              decltype(ep), boost::asio::ip::tcp::endpoint>)
                return ec ? boost::asio::ip::tcp::endpoint{} : ep;
            else
                return {};
        }
        else
            return {};
    }

    void
    async_read_some(boost::asio::mutable_buffer b,
                    transport_handler h) override
    {
        stream_.async_read_some(b, resume(std::move(h)));
    }

    void
    async_write(boost::asio::const_buffer const* bufs, std::size_t count,
                transport_handler h) override
    {
        boost::asio::async_write(stream_, detail::buffer_span{bufs, count},
                                 resume(std::move(h)));
    }

    void
    async_write_some(boost::asio::const_buffer const* bufs, std::size_t count,
                     transport_handler h) override
    {
        stream_.async_write_some(detail::buffer_span{bufs, count},
                                 resume(std::move(h)));
    }

    bool
    shutdown_now(boost::system::error_code& ec) override
    {
        if constexpr (detail::has_async_shutdown<Stream>::value)
            return false;
        else
        {
            auto& d =
                detail::descriptor_of(boost::beast::get_lowest_layer(stream_));
            if constexpr (detail::has_shutdown_send<
                              std::decay_t<decltype(d)>>::value)
                d.shutdown(boost::asio::socket_base::shutdown_send, ec);
            return true;
        }
    }

    void
    async_shutdown(transport_handler h) override
    {
        if constexpr (detail::has_async_shutdown<Stream>::value)
        {
            // The wrapper keeps the handler's executor (the socket's
            // strand).
            auto ex = h.get_executor();
            stream_.async_shutdown(boost::asio::bind_executor(
                ex, [h = std::move(h)](boost::system::error_code ec) mutable {
                    h(ec, 0);
                }));
        }
        else
        {
            boost::system::error_code ec;
            auto& d =
                detail::descriptor_of(boost::beast::get_lowest_layer(stream_));
            if constexpr (detail::has_shutdown_send<
                              std::decay_t<decltype(d)>>::value)
                d.shutdown(boost::asio::socket_base::shutdown_send, ec);
            auto ex = h.get_executor();
            boost::asio::post(ex, [h = std::move(h), ec]() mutable {
                h(ec, 0);
            });
        }
    }

    void
    cancel() noexcept override
    {
        auto& d =
            detail::descriptor_of(boost::beast::get_lowest_layer(stream_));
        if constexpr (detail::has_cancel<std::decay_t<decltype(d)>>::value)
        {
            try
            {
                d.cancel();
            }
            catch (...)
            {
            }
        }
    }

    void
    close() noexcept override
    {
        auto& d =
            detail::descriptor_of(boost::beast::get_lowest_layer(stream_));
        using D = std::decay_t<decltype(d)>;
        if constexpr (detail::has_close_ec<D>::value)
        {
            boost::system::error_code ec;
            d.close(ec);
        }
        else
        {
            try
            {
                d.close();
            }
            catch (...)
            {
            }
        }
    }

private:
    // The completion runs on the stream's executor, then goes to the
    // socket's strand: a stream's operation then sees a plain handler
    // (Beast's test stream keeps a work guard of the handler's executor,
    // which a strand of any_io_executor cannot give). For the streams of
    // http_server the two executors are one strand: no extra hop.
    static auto
    resume(transport_handler h)
    {
        return [h = std::move(h)](boost::system::error_code ec,
                                  std::size_t n) mutable {
            auto ex = h.get_executor();
            boost::asio::dispatch(ex, [h = std::move(h), ec, n]() mutable {
                h(ec, n);
            });
        };
    }

    Stream stream_;
};

/** Makes the compiled transport of a TCP socket: reads by readiness
    (`async_wait(wait_read)`, then a non-blocking read into the thread's
    buffer), writes with `async_write`, and shuts down with
    `shutdown(shutdown_send)`. Sets `TCP_NODELAY` and non-blocking mode.
*/
std::unique_ptr<transport>
make_tcp_transport(boost::asio::ip::tcp::socket sock);

} // namespace websocketio
} // namespace boost

#endif
