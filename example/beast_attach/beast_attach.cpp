//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wsio-beast-attach: a plain Beast HTTP server (static files and one JSON
// endpoint, in the shape of Beast's advanced server example) that hands
// WebSocket upgrade requests to wsio::server::handle_upgrade together with
// the bytes its parser read past the header (hixie-76 key3 lives there).
//
//   wsio-beast-attach --port P [--address A] [--root DIR]
//
// GET /api/status   {"clients":N,"uptime_s":S}
// GET /<file>       static files from DIR (default: the www/ folder beside
//                   this source, baked in at build time)
// /ws               WebSocket echo, every draft
//
// Listens on 127.0.0.1 unless --address says otherwise. SIGINT/SIGTERM
// shut it down gracefully: the acceptor closes, idle HTTP connections
// close at once and busy ones after their response, wsio's
// server::async_shutdown sends 1001 to every WebSocket client (at most
// 5 s), and run() returns.

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace wsio = boost::websocketio;
using tcp = asio::ip::tcp;

#ifndef WSIO_BEAST_ATTACH_ROOT
#define WSIO_BEAST_ATTACH_ROOT "www"
#endif

namespace {

class session;

struct app
{
    app(wsio::server& w, std::string r) : ws(w), root(std::move(r)) {}

    wsio::server& ws;
    std::string root;
    std::chrono::steady_clock::time_point started =
        std::chrono::steady_clock::now();

    // For a graceful shutdown: the HTTP sessions alive, and the flag that
    // tells them to finish.
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::map<session*, std::weak_ptr<session>> sessions;

    void
    stop_http();
};

char const*
mime_type(std::string const& path)
{
    auto ends = [&](char const* ext) {
        std::string const e(ext);
        return path.size() >= e.size() &&
               path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".js")) return "application/javascript";
    if (ends(".css")) return "text/css";
    if (ends(".json")) return "application/json";
    if (ends(".png")) return "image/png";
    return "application/octet-stream";
}

http::response<http::string_body>
handle_request(app& a, http::request<http::string_body> const& req)
{
    auto make = [&](http::status s, std::string body, char const* type) {
        http::response<http::string_body> res{s, req.version()};
        res.set(http::field::server, "wsio-beast-attach");
        res.set(http::field::content_type, type);
        res.keep_alive(req.keep_alive());
        res.body() = std::move(body);
        res.prepare_payload();
        return res;
    };
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return make(http::status::bad_request, "Unknown method\n",
                    "text/plain");
    std::string target(req.target());
    if (target == "/api/status")
    {
        auto const up = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::steady_clock::now() - a.started)
                            .count();
        std::ostringstream os;
        os << "{\"clients\":" << a.ws.clients_count()
           << ",\"uptime_s\":" << up << "}";
        return make(http::status::ok, os.str(), "application/json");
    }
    if (target.empty() || target[0] != '/' ||
        target.find("..") != std::string::npos)
        return make(http::status::bad_request, "Illegal request-target\n",
                    "text/plain");
    if (target.back() == '/')
        target += "index.html";
    std::ifstream in(a.root + target, std::ios::binary);
    if (!in)
        return make(http::status::not_found, "Not Found\n", "text/plain");
    std::ostringstream body;
    body << in.rdbuf();
    return make(http::status::ok, body.str(), mime_type(target));
}

// One HTTP connection: requests until an upgrade, which leaves for wsio.
class session : public std::enable_shared_from_this<session>
{
public:
    session(tcp::socket s, app& a) : stream_(std::move(s)), app_(a) {}

    ~session()
    {
        std::lock_guard<std::mutex> lock(app_.mutex);
        app_.sessions.erase(this);
    }

    void
    run()
    {
        {
            std::lock_guard<std::mutex> lock(app_.mutex);
            app_.sessions.emplace(this, weak_from_this());
        }
        asio::dispatch(stream_.get_executor(),
                       [self = shared_from_this()] { self->read(); });
    }

    // Shutting down: a connection waiting for a request with nothing
    // received closes now; one with a request in progress closes after
    // its response (see read and respond).
    void
    stop()
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->idle_ && self->buffer_.size() == 0)
                self->stream_.cancel();
        });
    }

private:
    void
    read()
    {
        if (app_.stopping)
            return close();
        idle_ = true;
        parser_.emplace();
        parser_->header_limit(8 * 1024);
        stream_.expires_after(std::chrono::seconds(10));
        // Read only the header: an upgrade must not have its next bytes
        // (hixie-76 key3, first frames) swallowed as a body.
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                self->on_header(ec);
            });
    }

    void
    on_header(beast::error_code ec)
    {
        idle_ = false;
        if (ec)
            return close();
        auto const& h = parser_->get();
        if (h.find(http::field::upgrade) != h.end())
        {
            stream_.expires_never();
            auto const rest = buffer_.data();
            app_.ws.handle_upgrade(
                parser_->release(), std::move(stream_),
                std::string_view(static_cast<char const*>(rest.data()),
                                 rest.size()));
            return;
        }
        body_parser_.emplace(std::move(*parser_));
        body_parser_->body_limit(1024 * 1024);
        http::async_read(
            stream_, buffer_, *body_parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec)
                    return self->close();
                self->respond();
            });
    }

    void
    respond()
    {
        auto res = std::make_shared<http::response<http::string_body>>(
            handle_request(app_, body_parser_->get()));
        body_parser_.reset();
        if (app_.stopping)
            res->keep_alive(false); // the last response on this connection
        http::async_write(
            stream_, *res,
            [self = shared_from_this(), res](beast::error_code ec,
                                             std::size_t) {
                if (ec || !res->keep_alive())
                    return self->close();
                self->read();
            });
    }

    void
    close()
    {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    app& app_;
    std::optional<http::request_parser<http::empty_body>> parser_;
    std::optional<http::request_parser<http::string_body>> body_parser_;
    bool idle_ = false; // waiting for the header of the next request
};

void
app::stop_http()
{
    stopping = true;
    std::vector<std::shared_ptr<session>> live;
    {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto const& entry : sessions)
            if (auto s = entry.second.lock())
                live.push_back(std::move(s));
    }
    for (auto const& s : live)
        s->stop();
}

void
accept(tcp::acceptor& acc, app& a)
{
    acc.async_accept(asio::make_strand(acc.get_executor()),
                     [&acc, &a](beast::error_code ec, tcp::socket s) {
                         if (ec == asio::error::operation_aborted ||
                             !acc.is_open())
                             return;
                         if (!ec)
                             std::make_shared<session>(std::move(s), a)->run();
                         accept(acc, a);
                     });
}

} // namespace

int
main(int argc, char** argv)
{
    unsigned short port = 8080;
    std::string address = "127.0.0.1";
    std::string root = WSIO_BEAST_ATTACH_ROOT;
    bool bad = argc % 2 == 0; // options come in pairs
    for (int i = 1; i + 1 < argc; i += 2)
    {
        std::string const a = argv[i];
        if (a == "--port")
            port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
        else if (a == "--address")
            address = argv[i + 1];
        else if (a == "--root")
            root = argv[i + 1];
        else
            bad = true;
    }
    if (bad)
    {
        std::cerr << "usage: wsio-beast-attach --port P [--address A] "
                     "[--root DIR]\n";
        return 2;
    }

    asio::io_context ioc;
    wsio::options opts;
    opts.path = "/ws";
    wsio::server ws(ioc.get_executor(), opts);
    ws.on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get();
        s->on_message().connect(
            [raw](wsio::message const& m) { raw->send(m.data, m.type); });
    });
    app a{ws, root};

    tcp::acceptor acc(ioc);
    beast::error_code ec;
    auto const addr = asio::ip::make_address(address, ec);
    tcp::endpoint const ep{addr, port};
    if (!ec)
        acc.open(ep.protocol(), ec);
    if (!ec)
        acc.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        acc.bind(ep, ec);
    if (!ec)
        acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
    {
        std::cerr << "wsio-beast-attach: cannot listen on " << address << ":"
                  << port << ": " << ec.message() << "\n";
        return 1;
    }
    accept(acc, a);

    // Graceful shutdown: stop accepting, end the HTTP sessions (ours), and
    // close every WebSocket with 1001 in one call (wsio's). run() returns
    // once all are closed.
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code ec, int) {
        if (ec)
            return;
        acc.close(ec);
        a.stop_http();
        ws.async_shutdown(std::chrono::seconds(5), [](beast::error_code) {});
    });
    std::cout << "wsio-beast-attach listening on http://"
              << acc.local_endpoint() << "/ (WebSocket: /ws)" << std::endl;
    ioc.run();
    return 0;
}
