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

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>

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
                 "[--threads N]\n";
    std::exit(2);
}

} // namespace

int
main(int argc, char** argv)
{
    unsigned long port = 0;
    bool have_port = false;
    std::string address = "0.0.0.0";
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
    wsio::server* srv = nullptr;
    try
    {
        srv = &wsio::listen(ioc, static_cast<unsigned short>(port), opts,
                            address);
    }
    catch (std::exception const& e)
    {
        std::cerr << "wsio-echo: cannot listen on " << address << ":" << port
                  << ": " << e.what() << "\n";
        return 1;
    }

    srv->on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get(); // slots die with the socket
        s->on_message().connect([raw](wsio::message const& m) {
            raw->send(m.data, m.type);
        });
    });

    // Graceful stop: no new connections, 1001 to every client, then wait
    // (at most the close timeout) for the closing handshakes to finish.
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    asio::steady_timer drain(ioc);
    std::chrono::steady_clock::time_point deadline;
    std::function<void()> wait_drained = [&] {
        if (srv->connections_count() == 0 ||
            std::chrono::steady_clock::now() >= deadline)
        {
            ioc.stop();
            return;
        }
        drain.expires_after(std::chrono::milliseconds(20));
        drain.async_wait([&](boost::system::error_code) { wait_drained(); });
    };
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec)
            return;
        deadline = std::chrono::steady_clock::now() + opts.close_timeout;
        srv->http_server()->close();
        srv->close(wsio::close_code::going_away);
        wait_drained();
    });

    auto const ep = srv->http_server()->local_endpoint();
    std::cout << "wsio-echo listening on ws://" << ep.address().to_string()
              << ":" << ep.port() << (path.empty() ? "/" : path)
              << " (threads: " << threads << ")" << std::endl;

    std::vector<std::thread> pool;
    for (unsigned long i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
    return 0;
}
