//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wsio-echo: echoes every message back, text as text and binary as binary,
// for every draft (hixie-75, hixie-76, hybi-07, hybi-08, RFC 6455).
//
//   wsio-echo --port P [--address A] [--path /p] [--threads N]
//
// Listens on 127.0.0.1 unless --address says otherwise (0.0.0.0 or :: for
// every interface). SIGINT/SIGTERM shut it down gracefully: every client
// gets a 1001 close, and the process exits once they are all closed (at
// most 5 s); a second signal exits at once.

#include <boost/websocketio.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace wsio = boost::websocketio;

namespace {

[[noreturn]] void
usage(char const* msg)
{
    std::cerr << "wsio-echo: " << msg << "\n"
              << "usage: wsio-echo --port P [--address A] [--path /p] "
                 "[--threads N]\n"
                 "  --address A  address to bind (default 127.0.0.1; 0.0.0.0 "
                 "for every interface)\n";
    std::exit(2);
}

} // namespace

int
main(int argc, char** argv)
{
    unsigned long port = 0;
    bool have_port = false;
    std::string address = "127.0.0.1";
    std::string path;
    unsigned long threads = 1;
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(("missing value after " + a).c_str());
            return argv[++i];
        };
        auto number = [&](std::string const& v, unsigned long max) {
            char* end = nullptr;
            unsigned long const n = std::strtoul(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n > max)
                usage(("bad number: " + v).c_str());
            return n;
        };
        if (a == "--port")
        {
            port = number(value(), 65535);
            have_port = true;
        }
        else if (a == "--address")
            address = value();
        else if (a == "--path")
            path = value();
        else if (a == "--threads")
            threads = number(value(), 256);
        else if (a == "--help" || a == "-h")
            usage("echo server");
        else
            usage(("unknown argument " + a).c_str());
    }
    if (!have_port)
        usage("--port is required");
    if (threads == 0)
        threads = 1;

    asio::io_context ioc(static_cast<int>(threads));
    wsio::options opts;
    opts.path = path;
    opts.client_tracking = false; // an echo server needs no table
    boost::system::error_code ec;
    wsio::server* const srv = wsio::listen(
        ioc, static_cast<unsigned short>(port), opts, address, ec);
    if (!srv)
    {
        std::cerr << "wsio-echo: cannot listen on " << address << ":" << port
                  << ": " << ec.message() << "\n";
        return 1;
    }

    srv->on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get(); // slots die with the socket
        s->on_message().connect([raw](wsio::message const& m) {
            raw->send(m.data, m.type);
        });
    });

    // Graceful shutdown in one call: no new connections, 1001 to every
    // client, idle HTTP connections closed; whatever is still open after
    // 5 s is dropped. run() then returns by itself. The signal set and the
    // completion share a strand (several threads may run the context).
    asio::signal_set signals(asio::make_strand(ioc), SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec)
            return;
        signals.async_wait([&](boost::system::error_code ec, int) {
            if (!ec)
                ioc.stop(); // a second signal: stop at once
        });
        srv->async_shutdown(
            std::chrono::seconds(5),
            asio::bind_executor(signals.get_executor(),
                                [&](boost::system::error_code ec) {
                                    if (ec)
                                        std::cerr << "wsio-echo: some "
                                                     "connections were cut "
                                                     "at the deadline\n";
                                    signals.cancel();
                                }));
    });

    // The address really bound (the port too, when --port 0).
    auto const ep = srv->http_server()->local_endpoint();
    std::string host = ep.address().to_string();
    if (ep.address().is_v6())
        host = "[" + host + "]";
    std::cout << "wsio-echo listening on ws://" << host << ":" << ep.port()
              << (path.empty() ? "/" : path) << " (threads: " << threads
              << ")" << std::endl;

    std::vector<std::thread> pool;
    for (unsigned long i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
    return 0;
}
