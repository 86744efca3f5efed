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
//   wsio-beast-attach --port P [--root DIR]
//
// GET /api/status   {"clients":N,"uptime_s":S}
// GET /<file>       static files from DIR (default: the www/ folder beside
//                   this source, baked in at build time)
// /ws               WebSocket echo, every draft

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace wsio = boost::websocketio;
using tcp = asio::ip::tcp;

#ifndef WSIO_BEAST_ATTACH_ROOT
#define WSIO_BEAST_ATTACH_ROOT "www"
#endif

namespace {

struct app
{
    wsio::server& ws;
    std::string root;
    std::chrono::steady_clock::time_point started =
        std::chrono::steady_clock::now();
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

    void
    run()
    {
        asio::dispatch(stream_.get_executor(),
                       [self = shared_from_this()] { self->read(); });
    }

private:
    void
    read()
    {
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
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    app& app_;
    std::optional<http::request_parser<http::empty_body>> parser_;
    std::optional<http::request_parser<http::string_body>> body_parser_;
};

void
accept(tcp::acceptor& acc, app& a)
{
    acc.async_accept(asio::make_strand(acc.get_executor()),
                     [&acc, &a](beast::error_code ec, tcp::socket s) {
                         if (ec == asio::error::operation_aborted)
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
    std::string root = WSIO_BEAST_ATTACH_ROOT;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        std::string const a = argv[i];
        if (a == "--port")
            port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
        else if (a == "--root")
            root = argv[i + 1];
        else
        {
            std::cerr << "usage: wsio-beast-attach --port P [--root DIR]\n";
            return 2;
        }
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
    try
    {
        tcp::endpoint const ep{asio::ip::make_address("127.0.0.1"), port};
        acc.open(ep.protocol());
        acc.set_option(asio::socket_base::reuse_address(true));
        acc.bind(ep);
        acc.listen();
    }
    catch (std::exception const& e)
    {
        std::cerr << "wsio-beast-attach: " << e.what() << "\n";
        return 1;
    }
    accept(acc, a);

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) {
        beast::error_code ec;
        acc.close(ec);
        ws.close();
        ioc.stop();
    });
    std::cout << "wsio-beast-attach listening on http://127.0.0.1:"
              << acc.local_endpoint().port() << "/ (WebSocket: /ws)"
              << std::endl;
    ioc.run();
    return 0;
}
