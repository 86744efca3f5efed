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
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

namespace boost {
namespace websocketio {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
class session_base;

// accept(2) failures that concern one pending connection only: the next
// accept may well succeed, so retry at once and say nothing. Linux passes
// the new socket's pending network errors on this way (accept(2), "Error
// handling"). Everything else (EMFILE, ENFILE, ENOBUFS, ENOMEM, and any
// unexpected error) pauses the loop: retrying at once would only spin.
bool
is_per_connection(error_code const& ec) noexcept
{
    if (ec == asio::error::connection_aborted ||
        ec == asio::error::try_again || ec == asio::error::would_block ||
        ec == asio::error::interrupted)
        return true;
    if (ec.category() != boost::system::system_category())
        return false;
    switch (ec.value())
    {
    case EPROTO:
    case ENOPROTOOPT:
    case ENETDOWN:
    case ENETUNREACH:
    case EHOSTDOWN:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case EPERM: // a firewall rule refused this connection
#ifdef ENONET
    case ENONET:
#endif
        return true;
    default: return false;
    }
}
} // namespace

struct http_server::impl : std::enable_shared_from_this<impl>
{
    asio::any_io_executor ex;
    http_server_options opts;
    asio::ip::tcp::acceptor acceptor;
    asio::steady_timer accept_timer; // accept back-off, on the acceptor strand
    request_signal on_request;
    upgrade_signal on_upgrade;
    error_signal on_error;
    bool accept_failing = false; // an accept error was reported (strand)

    // Set when the http_server is destroyed: sessions dispatch no more
    // requests, and close instead of waiting for the next one.
    std::atomic<bool> stopped{false};
    // Set by async_shutdown: requests in progress are answered (with
    // Connection: close), then every connection closes.
    std::atomic<bool> draining{false};
    std::mutex sessions_mutex;
    std::uint64_t next_session = 0;
    std::map<std::uint64_t, std::weak_ptr<session_base>> sessions;
    // Called once the last session is gone (async_shutdown).
    std::vector<std::function<void()>> drained_waiters;

    void
    stop();

    impl(asio::any_io_executor e, http_server_options o)
        : ex(e), opts(o), acceptor(asio::make_strand(e)),
          accept_timer(acceptor.get_executor())
    {
    }

    void
    accept()
    {
        acceptor.async_accept(
            asio::make_strand(ex),
            [self = shared_from_this()](error_code ec,
                                        asio::ip::tcp::socket s) {
                self->on_accept(ec, std::move(s));
            });
    }

    // On the acceptor's strand.
    void
    on_accept(error_code ec, asio::ip::tcp::socket s)
    {
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            return;
        if (!ec)
        {
            accept_failing = false;
            // Small frames (WebSocket messages, pongs, close frames) go out
            // at once instead of waiting for the peer's delayed ACK.
            error_code ignored;
            s.set_option(asio::ip::tcp::no_delay(true), ignored);
            start_session(shared_from_this(), std::move(s));
            return accept();
        }
        if (is_per_connection(ec))
            return accept();
        // Out of descriptors or memory (or broken): the pending connections
        // stay in the backlog; try again after a pause, report it once.
        if (!accept_failing)
        {
            accept_failing = true;
            if (!on_error.empty())
                on_error(ec);
            if (!acceptor.is_open()) // a slot closed the server
                return;
        }
        accept_timer.expires_after(opts.accept_backoff);
        accept_timer.async_wait([self = shared_from_this()](error_code ec) {
            if (ec || !self->acceptor.is_open())
                return;
            self->accept();
        });
    }

    // Stops accepting (any thread).
    void
    close_acceptor()
    {
        asio::dispatch(acceptor.get_executor(), [self = shared_from_this()] {
            error_code ec;
            self->acceptor.close(ec);
            self->accept_timer.cancel();
        });
    }

    // Runs `fn` once no session is left: now, or when the last one goes.
    void
    when_drained(std::function<void()> fn)
    {
        {
            std::lock_guard<std::mutex> lock(sessions_mutex);
            if (!sessions.empty())
            {
                drained_waiters.push_back(std::move(fn));
                return;
            }
        }
        fn();
    }

    void
    session_gone(std::uint64_t id)
    {
        std::vector<std::function<void()>> ready;
        {
            std::lock_guard<std::mutex> lock(sessions_mutex);
            sessions.erase(id);
            if (sessions.empty())
                ready.swap(drained_waiters);
        }
        for (auto& fn : ready)
            fn();
    }

    std::vector<std::shared_ptr<session_base>>
    live_sessions();

    static void
    start_session(std::shared_ptr<impl> const& srv, asio::ip::tcp::socket s);
};

namespace {

using tls_stream_type = beast::ssl_stream<beast::tcp_stream>;

// What the server's bookkeeping (stop, graceful shutdown) needs of a
// connection, whatever its stream.
class session_base : public std::enable_shared_from_this<session_base>
{
public:
    virtual ~session_base() = default;
    virtual void stop() = 0;
    virtual void drain() = 0;
    virtual void abort() = 0;
};

// One HTTP connection: `Stream` is beast::tcp_stream (http) or
// beast::ssl_stream<beast::tcp_stream> (https, TLS handshake first).
template <class Stream>
class session final : public session_base
{
    static constexpr bool is_tls = std::is_same_v<Stream, tls_stream_type>;

public:
    session(std::shared_ptr<http_server::impl> srv, Stream s)
        : srv_(std::move(srv)), stream_(std::move(s))
    {
    }

    std::shared_ptr<session>
    shared_from_this()
    {
        return std::static_pointer_cast<session>(
            session_base::shared_from_this());
    }

    ~session()
    {
        srv_->session_gone(id_);
    }

    void
    run()
    {
        {
            std::lock_guard<std::mutex> lock(srv_->sessions_mutex);
            id_ = srv_->next_session++;
            srv_->sessions.emplace(id_, weak_from_this());
        }
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if constexpr (is_tls)
                self->tls_handshake();
            else
                self->read_header();
        });
    }

    // The http_server is gone: end a connection waiting for a request
    // now; one being answered ends after its response.
    void
    stop() override
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->reading_)
                self->lowest().cancel();
        });
    }

    // Graceful shutdown: end the connection now if it waits for a request
    // and no byte of one has arrived (idle keep-alive); a request partly
    // received, being handled or being answered is finished first (its
    // response says Connection: close; read_header then closes).
    void
    drain() override
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->reading_ && self->header_parser_ &&
                self->buffer_.size() == 0)
                self->lowest().cancel();
        });
    }

    // The shutdown deadline passed: close whatever state it is in.
    void
    abort() override
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->close_now();
        });
    }

private:
    beast::tcp_stream&
    lowest() noexcept
    {
        return beast::get_lowest_layer(stream_);
    }

    // https: the TLS handshake first, inside the first request's time
    // budget (and the WebSocket handshake's: `started_` counts from here).
    void
    tls_handshake()
    {
        started_ = std::chrono::steady_clock::now();
        handshaken_started_ = true;
        if (srv_->stopped.load() || srv_->draining.load())
            return close_now();
        reading_ = true;
        lowest().expires_after(srv_->opts.request_timeout);
        if constexpr (is_tls)
            stream_.async_handshake(
                asio::ssl::stream_base::server,
                [self = shared_from_this()](error_code ec) {
                    self->reading_ = false;
                    if (ec || self->srv_->stopped.load())
                        return self->close_now();
                    self->read_header();
                });
    }

    void
    read_header()
    {
        // The first request of a TLS connection counts from the TLS
        // handshake.
        if (!handshaken_started_)
            started_ = std::chrono::steady_clock::now();
        handshaken_started_ = false;
        if (srv_->stopped.load() || srv_->draining.load())
            return close();
        reading_ = true;
        header_parser_.emplace();
        header_parser_->header_limit(
            static_cast<std::uint32_t>(srv_->opts.max_header_size));
        lowest().expires_after(srv_->opts.request_timeout);
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
        // The peer ended its stream (TLS: with close_notify): end ours the
        // same way (TLS answers close_notify, RFC 8446 6.1).
        if (ec == http::error::end_of_stream || ec == asio::error::eof)
            return close();
        if (ec == beast::error::timeout ||
            ec == asio::error::operation_aborted ||
            ec == asio::error::connection_reset ||
            ec == asio::ssl::error::stream_truncated)
            return close_now();
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
        lowest().expires_never();
        auto data = buffer_.data();
        std::string leftover(static_cast<char const*>(data.data()),
                             data.size());
        if constexpr (is_tls)
        {
            upgraded_ = true;
            http_server::upgrade_event ev{
                header_parser_->release(),
                asio::ip::tcp::socket(lowest().get_executor()),
                std::move(leftover), false, started_,
                std::optional<tls_stream_type>(std::move(stream_))};
            if (!srv_->on_upgrade.empty())
                srv_->on_upgrade(ev);
            if (ev.taken || !ev.tls_stream ||
                !beast::get_lowest_layer(*ev.tls_stream).socket().is_open())
                return;
            // Nobody took it: answer and close, never leave it hanging.
            auto s = std::make_shared<tls_stream_type>(
                std::move(*ev.tls_stream));
            auto b = std::make_shared<std::string>(
                detail::make_error_response(error::bad_request));
            beast::get_lowest_layer(*s).expires_after(
                srv_->opts.request_timeout);
            asio::async_write(*s, asio::buffer(*b),
                              [s, b](error_code, std::size_t) {
                                  s->async_shutdown([s](error_code) {
                                      beast::get_lowest_layer(*s).close();
                                  });
                              });
        }
        else
        {
            http_server::upgrade_event ev{header_parser_->release(),
                                          stream_.release_socket(),
                                          std::move(leftover), false,
                                          started_, std::nullopt};
            if (!srv_->on_upgrade.empty())
                srv_->on_upgrade(ev);
            if (ev.taken || !ev.socket.is_open())
                return;
            // Nobody took it: answer and close, never leave it hanging.
            auto s =
                std::make_shared<asio::ip::tcp::socket>(std::move(ev.socket));
            auto b = std::make_shared<std::string>(
                detail::make_error_response(error::bad_request));
            asio::async_write(*s, asio::buffer(*b),
                              [s, b](error_code, std::size_t) {
                                  error_code ignored;
                                  s->shutdown(
                                      asio::ip::tcp::socket::shutdown_send,
                                      ignored);
                                  s->close(ignored);
                              });
        }
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
        res->keep_alive(req.keep_alive() && res->keep_alive() &&
                        !srv_->draining.load());
        res->prepare_payload();
        lowest().expires_after(srv_->opts.request_timeout);
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
        lowest().expires_after(srv_->opts.request_timeout);
        http::async_write(stream_, *res,
                          [self = shared_from_this(), res](error_code,
                                                           std::size_t) {
                              self->close();
                          });
    }

    // The end of a connection after its last response (or a bad request):
    // TLS says close_notify first (bounded by the request timeout).
    void
    close()
    {
        if constexpr (is_tls)
        {
            if (closing_ || !lowest().socket().is_open())
                return close_now();
            closing_ = true;
            lowest().expires_after(srv_->opts.request_timeout);
            stream_.async_shutdown(
                [self = shared_from_this()](error_code) {
                    self->close_now();
                });
        }
        else
            close_now();
    }

    void
    close_now()
    {
        if (upgraded_)
            return; // the stream went to on_upgrade
        error_code ec;
        lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        lowest().close();
    }

    std::shared_ptr<http_server::impl> srv_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::empty_body>> header_parser_;
    std::optional<http::request_parser<http::string_body>> body_parser_;
    std::uint64_t id_ = 0;
    std::chrono::steady_clock::time_point started_{};
    bool reading_ = false; // a request read is pending (on the strand)
    bool handshaken_started_ = false; // started_ is the TLS handshake's
    bool closing_ = false;            // TLS close_notify under way
    bool upgraded_ = false;           // stream_ was moved to on_upgrade
};

} // namespace

void
http_server::impl::start_session(std::shared_ptr<impl> const& srv,
                                 asio::ip::tcp::socket s)
{
    if (srv->opts.tls)
        std::make_shared<session<tls_stream_type>>(
            srv, tls_stream_type(beast::tcp_stream(std::move(s)),
                                 *srv->opts.tls))
            ->run();
    else
        std::make_shared<session<beast::tcp_stream>>(
            srv, beast::tcp_stream(std::move(s)))
            ->run();
}

http_server::http_server(asio::any_io_executor ex, http_server_options opts)
    : impl_(std::make_shared<impl>(std::move(ex), opts))
{
}

std::vector<std::shared_ptr<session_base>>
http_server::impl::live_sessions()
{
    std::vector<std::shared_ptr<session_base>> live;
    std::lock_guard<std::mutex> lock(sessions_mutex);
    live.reserve(sessions.size());
    for (auto const& entry : sessions)
        if (auto s = entry.second.lock())
            live.push_back(std::move(s));
    return live;
}

void
http_server::impl::stop()
{
    stopped.store(true);
    // No slot runs after the http_server is gone (one running now ends).
    on_request.disconnect_all_slots();
    on_upgrade.disconnect_all_slots();
    on_error.disconnect_all_slots();
    for (auto const& s : live_sessions())
        s->stop();
}

http_server::~http_server()
{
    close();
    impl_->stop();
}

namespace {

// One async_shutdown call: completes when the last session is gone, or
// cuts the rest at the deadline. Its state lives on its own strand.
struct http_shutdown_op
{
    http_shutdown_op(asio::any_io_executor const& ex,
                     std::function<void(error_code)> d)
        : strand(asio::make_strand(ex)), timer(strand), done(std::move(d))
    {
    }

    asio::strand<asio::any_io_executor> strand;
    asio::steady_timer timer;
    std::function<void(error_code)> done;
    bool finished = false;
    bool forced = false;

    // On the strand.
    void
    finish()
    {
        if (finished)
            return;
        finished = true;
        timer.cancel();
        auto d = std::move(done);
        d(forced ? error_code(asio::error::timed_out) : error_code());
    }
};

} // namespace

void
http_server::start_shutdown(std::shared_ptr<impl> const& p,
                            std::chrono::milliseconds deadline,
                            std::function<void(error_code)> done)
{
    auto op = std::make_shared<http_shutdown_op>(p->ex, std::move(done));
    p->draining.store(true);
    p->close_acceptor();
    // Posted, not run here: the handler never runs inside the call.
    asio::post(op->strand, [op, p, deadline] {
        if (op->finished)
            return;
        op->timer.expires_after(deadline);
        op->timer.async_wait([op, p](error_code ec) {
            if (ec || op->finished)
                return;
            op->forced = true;
            for (auto const& s : p->live_sessions())
                s->abort();
            p->when_drained(
                [op] { asio::post(op->strand, [op] { op->finish(); }); });
        });
    });
    for (auto const& s : p->live_sessions())
        s->drain();
    p->when_drained([op] { asio::post(op->strand, [op] { op->finish(); }); });
}

asio::any_io_executor
http_server::executor_of(std::shared_ptr<impl> const& p) noexcept
{
    return p->ex;
}

void
http_server::listen(asio::ip::tcp::endpoint const& ep)
{
    error_code ec;
    listen(ep, ec);
    if (ec)
        boost::throw_exception(boost::system::system_error(ec, "listen"));
}

void
http_server::listen(asio::ip::tcp::endpoint const& ep, error_code& ec)
{
    ec = {};
    auto& a = impl_->acceptor;
    a.open(ep.protocol(), ec);
    if (!ec)
        a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        a.bind(ep, ec);
    if (!ec)
        a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
    {
        error_code ignored;
        a.close(ignored);
        return;
    }
    asio::dispatch(a.get_executor(), [self = impl_] { self->accept(); });
}

void
http_server::listen(unsigned short port, std::string_view address)
{
    error_code ec;
    listen(port, address, ec);
    if (ec)
        boost::throw_exception(boost::system::system_error(ec, "listen"));
}

void
http_server::listen(unsigned short port, std::string_view address,
                    error_code& ec)
{
    auto const addr = asio::ip::make_address(std::string(address), ec);
    if (ec)
        return;
    listen(asio::ip::tcp::endpoint{addr, port}, ec);
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
    impl_->close_acceptor();
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

http_server::error_signal&
http_server::on_error() noexcept
{
    return impl_->on_error;
}

} // namespace websocketio
} // namespace boost
