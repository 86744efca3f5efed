//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/transport.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/write.hpp>

namespace boost {
namespace websocketio {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// TCP, compiled once: readiness-based reads (no buffer while idle),
// gathered writes, shutdown(shutdown_send) as the end of the stream.
class tcp_transport final : public transport
{
public:
    explicit tcp_transport(asio::ip::tcp::socket sock)
        : sock_(std::move(sock))
    {
        error_code ignored;
        // Small frames (echoes, pongs, close frames) leave at once instead
        // of waiting for the peer's delayed ACK (Nagle).
        sock_.set_option(asio::ip::tcp::no_delay(true), ignored);
        // read_some_now must not block; Asio's asynchronous operations
        // work the same in this mode.
        sock_.non_blocking(true, ignored);
    }

    asio::any_io_executor
    get_executor() override
    {
        return sock_.get_executor();
    }

    asio::ip::tcp::endpoint
    remote_endpoint() const noexcept override
    {
        error_code ec;
        auto ep = sock_.remote_endpoint(ec);
        return ec ? asio::ip::tcp::endpoint{} : ep;
    }

    bool
    can_wait_read() const noexcept override
    {
        return true;
    }

    void
    async_wait_read(transport_handler h) override
    {
        // The wrapper keeps the handler's executor (the socket's strand).
        auto ex = h.get_executor();
        sock_.async_wait(asio::socket_base::wait_read,
                         asio::bind_executor(
                             ex, [h = std::move(h)](error_code ec) mutable {
                                 h(ec, 0);
                             }));
    }

    std::size_t
    read_some_now(asio::mutable_buffer b, error_code& ec) override
    {
        return sock_.read_some(b, ec);
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
        return sock_.write_some(detail::buffer_span{bufs, count}, ec);
    }

    void
    async_read_some(asio::mutable_buffer b, transport_handler h) override
    {
        sock_.async_read_some(b, std::move(h));
    }

    void
    async_write(asio::const_buffer const* bufs, std::size_t count,
                transport_handler h) override
    {
        asio::async_write(sock_, detail::buffer_span{bufs, count},
                          std::move(h));
    }

    void
    async_write_some(asio::const_buffer const* bufs, std::size_t count,
                     transport_handler h) override
    {
        sock_.async_write_some(detail::buffer_span{bufs, count}, std::move(h));
    }

    bool
    shutdown_now(error_code& ec) override
    {
        sock_.shutdown(asio::socket_base::shutdown_send, ec);
        return true;
    }

    void
    async_shutdown(transport_handler h) override
    {
        error_code ec;
        sock_.shutdown(asio::socket_base::shutdown_send, ec);
        auto ex = h.get_executor();
        asio::post(ex, [h = std::move(h), ec]() mutable { h(ec, 0); });
    }

    void
    cancel() noexcept override
    {
        error_code ignored;
        sock_.cancel(ignored);
    }

    void
    close() noexcept override
    {
        error_code ignored;
        sock_.close(ignored);
    }

private:
    asio::ip::tcp::socket sock_;
};

} // namespace

std::unique_ptr<transport>
make_tcp_transport(asio::ip::tcp::socket sock)
{
    return std::make_unique<tcp_transport>(std::move(sock));
}

} // namespace websocketio
} // namespace boost
