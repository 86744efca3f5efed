//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/http_server.hpp>

#include <boost/websocketio/detail/http.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace boost {
namespace websocketio {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
class session;
}

struct http_server::impl : std::enable_shared_from_this<impl>
{
    asio::any_io_executor ex;
    http_server_options opts;
    asio::ip::tcp::acceptor acceptor;
    request_signal on_request;
    upgrade_signal on_upgrade;

    // Set when the http_server is destroyed: sessions dispatch no more
    // requests, and close instead of waiting for the next one.
    std::atomic<bool> stopped{false};
    std::mutex sessions_mutex;
    std::uint64_t next_session = 0;
    std::map<std::uint64_t, std::weak_ptr<session>> sessions;

    void
    stop();

    impl(asio::any_io_executor e, http_server_options o)
        : ex(e), opts(o), acceptor(asio::make_strand(e))
    {
    }

    void
    accept()
    {
        acceptor.async_accept(
            asio::make_strand(ex),
            [self = shared_from_this()](error_code ec,
                                        asio::ip::tcp::socket s) {
                if (ec == asio::error::operation_aborted ||
                    !self->acceptor.is_open())
                    return;
                if (!ec)
                    start_session(self, std::move(s));
                self->accept();
            });
    }

    static void
    start_session(std::shared_ptr<impl> const& srv, asio::ip::tcp::socket s);
};

namespace {

class session : public std::enable_shared_from_this<session>
{
public:
    session(std::shared_ptr<http_server::impl> srv, asio::ip::tcp::socket s)
        : srv_(std::move(srv)), stream_(std::move(s))
    {
    }

    ~session()
    {
        std::lock_guard<std::mutex> lock(srv_->sessions_mutex);
        srv_->sessions.erase(id_);
    }

    void
    run()
    {
        {
            std::lock_guard<std::mutex> lock(srv_->sessions_mutex);
            id_ = srv_->next_session++;
            srv_->sessions.emplace(id_, weak_from_this());
        }
        asio::dispatch(stream_.get_executor(),
                       [self = shared_from_this()] { self->read_header(); });
    }

    // The http_server is gone: end a connection waiting for a request
    // now; one being answered ends after its response.
    void
    stop()
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->reading_)
                self->stream_.cancel();
        });
    }

private:
    void
    read_header()
    {
        started_ = std::chrono::steady_clock::now();
        if (srv_->stopped.load())
            return close();
        reading_ = true;
        header_parser_.emplace();
        header_parser_->header_limit(
            static_cast<std::uint32_t>(srv_->opts.max_header_size));
        stream_.expires_after(srv_->opts.request_timeout);
        http::async_read_header(
            stream_, buffer_, *header_parser_,
            [self = shared_from_this()](error_code ec, std::size_t) {
                self->on_header(ec);
            });
    }

    void
    on_header(error_code ec)
    {
        reading_ = false;
        if (srv_->stopped.load())
            return close();
        if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::operation_aborted || ec == asio::error::eof ||
            ec == asio::error::connection_reset)
            return close();
        if (ec == http::error::header_limit)
            return fail(431, "Request Header Fields Too Large");
        if (ec)
            return fail(400, "Bad Request");
        auto& req = header_parser_->get();
        // Only a WebSocket upgrade leaves HTTP; any other (h2c, TLS/1.0)
        // and an HTTP/1.0 request's Upgrade are ignored (RFC 7230 6.7).
        if (detail::is_websocket_upgrade(req))
            return upgrade();
        // A plain request: read its body with a string_body parser.
        body_parser_.emplace(std::move(*header_parser_));
        header_parser_.reset();
        body_parser_->body_limit(srv_->opts.max_body_size);
        reading_ = true;
        http::async_read(stream_, buffer_, *body_parser_,
                         [self = shared_from_this()](error_code ec,
                                                     std::size_t) {
                             self->on_body(ec);
                         });
    }

    void
    upgrade()
    {
        stream_.expires_never();
        auto data = buffer_.data();
        http_server::upgrade_event ev{
            header_parser_->release(), stream_.release_socket(),
            std::string(static_cast<char const*>(data.data()), data.size()),
            false, started_};
        if (!srv_->on_upgrade.empty())
            srv_->on_upgrade(ev);
        if (ev.taken || !ev.socket.is_open())
            return;
        // Nobody took it: answer and close, never leave it hanging.
        auto const resp =
            detail::make_error_response(error::bad_request);
        auto s = std::make_shared<asio::ip::tcp::socket>(std::move(ev.socket));
        auto b = std::make_shared<std::string>(resp);
        asio::async_write(*s, asio::buffer(*b),
                          [s, b](error_code, std::size_t) {
                              error_code ignored;
                              s->shutdown(asio::ip::tcp::socket::shutdown_send,
                                          ignored);
                              s->close(ignored);
                          });
    }

    void
    on_body(error_code ec)
    {
        reading_ = false;
        if (srv_->stopped.load())
            return close();
        if (ec == http::error::body_limit)
            return fail(413, "Payload Too Large");
        if (ec == beast::error::timeout || ec == http::error::end_of_stream)
            return close();
        if (ec)
            return fail(400, "Bad Request");
        http_server::request req = body_parser_->release();
        body_parser_.reset();
        auto res = std::make_shared<http_server::response>(
            http::status::not_found, req.version());
        res->set(http::field::content_type, "text/plain");
        res->body() = "Not Found\n";
        if (!srv_->on_request.empty())
            srv_->on_request(req, *res);
        res->keep_alive(req.keep_alive() && res->keep_alive());
        res->prepare_payload();
        stream_.expires_after(srv_->opts.request_timeout);
        http::async_write(stream_, *res,
                          [self = shared_from_this(), res](error_code ec,
                                                           std::size_t) {
                              if (ec || !res->keep_alive())
                                  return self->close();
                              self->read_header();
                          });
    }

    void
    fail(unsigned status, char const* reason)
    {
        auto res = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(status), 11);
        res->set(http::field::content_type, "text/plain");
        res->set(http::field::connection, "close");
        res->body() = std::string(reason) + "\n";
        res->prepare_payload();
        stream_.expires_after(srv_->opts.request_timeout);
        http::async_write(stream_, *res,
                          [self = shared_from_this(), res](error_code,
                                                           std::size_t) {
                              self->close();
                          });
    }

    void
    close()
    {
        error_code ec;
        stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    std::shared_ptr<http_server::impl> srv_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::empty_body>> header_parser_;
    std::optional<http::request_parser<http::string_body>> body_parser_;
    std::uint64_t id_ = 0;
    std::chrono::steady_clock::time_point started_{};
    bool reading_ = false; // a request read is pending (on the strand)
};

} // namespace

void
http_server::impl::start_session(std::shared_ptr<impl> const& srv,
                                 asio::ip::tcp::socket s)
{
    std::make_shared<session>(srv, std::move(s))->run();
}

http_server::http_server(asio::any_io_executor ex, http_server_options opts)
    : impl_(std::make_shared<impl>(std::move(ex), opts))
{
}

void
http_server::impl::stop()
{
    stopped.store(true);
    // No slot runs after the http_server is gone (one running now ends).
    on_request.disconnect_all_slots();
    on_upgrade.disconnect_all_slots();
    std::vector<std::shared_ptr<session>> live;
    {
        std::lock_guard<std::mutex> lock(sessions_mutex);
        for (auto const& entry : sessions)
            if (auto s = entry.second.lock())
                live.push_back(std::move(s));
    }
    for (auto const& s : live)
        s->stop();
}

http_server::~http_server()
{
    close();
    impl_->stop();
}

void
http_server::listen(asio::ip::tcp::endpoint const& ep)
{
    auto& a = impl_->acceptor;
    a.open(ep.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    a.bind(ep);
    a.listen(asio::socket_base::max_listen_connections);
    asio::dispatch(a.get_executor(), [self = impl_] { self->accept(); });
}

void
http_server::listen(unsigned short port, std::string_view address)
{
    listen({asio::ip::make_address(std::string(address)), port});
}

asio::any_io_executor
http_server::get_executor() const noexcept
{
    return impl_->ex;
}

asio::ip::tcp::endpoint
http_server::local_endpoint() const
{
    return impl_->acceptor.local_endpoint();
}

void
http_server::close()
{
    asio::dispatch(impl_->acceptor.get_executor(), [self = impl_] {
        error_code ec;
        self->acceptor.close(ec);
    });
}

http_server::request_signal&
http_server::on_request() noexcept
{
    return impl_->on_request;
}

http_server::upgrade_signal&
http_server::on_upgrade() noexcept
{
    return impl_->on_upgrade;
}

} // namespace websocketio
} // namespace boost
