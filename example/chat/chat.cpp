//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wsio-chat: a chat room. GET / serves the page (embedded in the binary);
// the chat itself is a WebSocket at /chat on the same port, open to every
// draft (hixie-75, hixie-76, hybi-07, hybi-08, RFC 6455). doc/chat.md
// describes the protocol; protocol.hpp and room.hpp implement it.
//
//   wsio-chat [--port P] [--address A] [--threads N]
//             [--tls-cert FILE --tls-key FILE]
//
// It listens on 127.0.0.1 (this machine only) unless --address says
// otherwise, and prints the address it really bound. With --tls-cert and
// --tls-key (PEM) it serves the page over https:// and the chat over
// wss:// (TLS 1.2 or 1.3 only).

#include "chat_page.hpp"
#include "room.hpp"

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace wsio = boost::websocketio;

namespace {

[[noreturn]] void
usage(std::string const& msg, int status = 2)
{
    (status ? std::cerr : std::cout)
        << "wsio-chat: " << msg << "\n"
        << "usage: wsio-chat [--port P] [--address A] [--threads N]\n"
           "                 [--tls-cert FILE --tls-key FILE]\n"
           "  --port P          TCP port (default 8080; 0 picks a free one)\n"
           "  --address A       address to listen on (default 127.0.0.1,\n"
           "                    this machine only; 0.0.0.0 or :: is every\n"
           "                    interface)\n"
           "  --threads N       threads running the server (default 1)\n"
           "  --tls-cert FILE   PEM certificate chain (server certificate\n"
           "                    first): serve https:// and wss://\n"
           "  --tls-key FILE    PEM private key of that certificate,\n"
           "                    unencrypted; both or neither\n";
    std::exit(status);
}

// A TLS server context (TLS 1.2 or 1.3) with the certificate chain and key
// of the two PEM files, or null after saying on stderr what is wrong.
std::shared_ptr<asio::ssl::context>
make_tls_context(std::string const& cert, std::string const& key)
{
    using ssl = asio::ssl::context;
    auto ctx = std::make_shared<ssl>(ssl::tls_server);
    ctx->set_options(ssl::default_workarounds | ssl::no_sslv2 | ssl::no_sslv3 |
                     ssl::no_tlsv1 | ssl::no_tlsv1_1 | ssl::single_dh_use);
    // An encrypted key fails to load instead of prompting on the terminal.
    ctx->set_password_callback(
        [](std::size_t, ssl::password_purpose) { return std::string(); });
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(cert, ec);
    if (ec)
    {
        std::cerr << "wsio-chat: cannot load the TLS certificate chain " << cert
                  << ": " << ec.message() << "\n";
        return nullptr;
    }
    // Fails too when the key does not match the certificate.
    ctx->use_private_key_file(key, ssl::pem, ec);
    if (ec)
    {
        std::cerr << "wsio-chat: cannot load the TLS private key " << key
                  << ": " << ec.message() << "\n";
        return nullptr;
    }
    return ctx;
}

// GET / answers the page; every other path keeps the server's 404.
void
serve(wsio::http_server::request const& req, wsio::http_server::response& res)
{
    std::string_view target = req.target();
    target = target.substr(0, target.find('?'));
    if (target != "/")
        return;
    if (req.method() != http::verb::get)
    {
        res.result(http::status::method_not_allowed);
        res.set(http::field::allow, "GET");
        res.set(http::field::content_type, "text/plain");
        res.body() = "Method Not Allowed\n";
        return;
    }
    res.result(http::status::ok);
    res.set(http::field::content_type, "text/html; charset=utf-8");
    res.set(http::field::cache_control, "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    // Everything the page needs is inline; it talks only to its own host.
    res.set("Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; "
            "script-src 'unsafe-inline'; connect-src 'self'; img-src data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.body() = std::string(chat::page);
}

// Graceful stop on SIGINT/SIGTERM with the library's one call: no new
// connections, 1001 to every client, idle HTTP connections closed, and
// run() returns once everything is closed (at most the close timeout).
// A second signal stops at once.
class stop_on_signal
{
public:
    stop_on_signal(asio::io_context& ioc, wsio::server& srv)
        : ioc_(ioc), srv_(srv), signals_(ioc, SIGINT, SIGTERM)
    {
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (!ec)
                stop();
        });
    }

private:
    void
    stop()
    {
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (!ec)
                ioc_.stop();
        });
        srv_.async_shutdown(
            srv_.get_options().close_timeout,
            asio::bind_executor(signals_.get_executor(),
                                [this](boost::system::error_code ec) {
                                    if (ec)
                                        std::cerr << "wsio-chat: some "
                                                     "connections were cut "
                                                     "at the deadline\n";
                                    signals_.cancel();
                                }));
    }

    asio::io_context& ioc_;
    wsio::server& srv_;
    asio::signal_set signals_;
};

// "127.0.0.1:8080", "[::1]:8080"
std::string
host_port(asio::ip::tcp::endpoint const& ep)
{
    std::string const a = ep.address().to_string();
    return (ep.address().is_v6() ? "[" + a + "]" : a) + ":" +
           std::to_string(ep.port());
}

} // namespace

int
main(int argc, char** argv)
{
    unsigned long port = 8080;
    std::string address = "127.0.0.1";
    unsigned long threads = 1;
    std::string tls_cert;
    std::string tls_key;
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage("missing value after " + a);
            return argv[++i];
        };
        auto number = [&](std::string const& v, unsigned long max) {
            char* end = nullptr;
            unsigned long const n = std::strtoul(v.c_str(), &end, 10);
            if (v.empty() || v[0] == '-' || *end != '\0' || n > max)
                usage("bad number: " + v);
            return n;
        };
        if (a == "--port")
            port = number(value(), 65535);
        else if (a == "--address")
            address = value();
        else if (a == "--threads")
            threads = number(value(), 256);
        else if (a == "--tls-cert")
            tls_cert = value();
        else if (a == "--tls-key")
            tls_key = value();
        else if (a == "--help" || a == "-h")
            usage("a chat room for browsers", 0);
        else
            usage("unknown argument " + a);
    }
    if (tls_cert.empty() != tls_key.empty())
        usage("--tls-cert and --tls-key go together, each with a file");
    if (threads == 0)
        threads = 1;

    // Declared before the io_context: sockets' slots point at it, and the
    // io_context destroys the sockets.
    chat::room room;

    asio::io_context ioc(static_cast<int>(threads));

    wsio::options opts;
    opts.path = "/chat";
    opts.max_message_size = 64 * 1024;

    wsio::http_server_options hopts;
    hopts.request_timeout = opts.handshake_timeout;
    hopts.max_header_size = opts.max_header_size;
    hopts.max_body_size = 0; // GET only
    if (!tls_cert.empty())
    {
        hopts.tls = make_tls_context(tls_cert, tls_key);
        if (!hopts.tls)
            return 1;
    }
    char const* const scheme = hopts.tls ? "https://" : "http://";
    wsio::http_server web(ioc.get_executor(), hopts);
    web.on_request().connect(&serve);
    wsio::server& srv = wsio::attach(web, opts);
    srv.on_connection().connect(
        [&room, &srv](std::shared_ptr<wsio::socket> const& s) {
            room.adopt(srv, s);
        });

    try
    {
        web.listen(static_cast<unsigned short>(port), address);
    }
    catch (std::exception const& e)
    {
        std::cerr << "wsio-chat: cannot listen on " << address << ":" << port
                  << ": " << e.what() << "\n";
        return 1;
    }

    stop_on_signal const stopper(ioc, srv);

    auto const ep = web.local_endpoint();
    std::cout << "wsio-chat: listening on " << host_port(ep) << "\n";
    if (ep.address().is_unspecified())
        std::cout << "wsio-chat: that is every interface: reachable from "
                     "the network; here, open "
                  << scheme
                  << host_port({ep.address().is_v6()
                                    ? asio::ip::address(
                                          asio::ip::address_v6::loopback())
                                    : asio::ip::address(
                                          asio::ip::address_v4::loopback()),
                                ep.port()})
                  << "/ in a browser" << std::endl;
    else
        std::cout << "wsio-chat: open " << scheme << host_port(ep)
                  << "/ in a browser" << std::endl;

    std::vector<std::thread> pool;
    for (unsigned long i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
    return 0;
}
