//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wsio-custom-codec: an echo server that speaks every built-in draft plus
// the example "x-line" codec (line_codec.hpp).
//
//   wsio-custom-codec [--port P] [--address A]
//   (default 127.0.0.1:8080) then send this request, then lines of text
//   ending in '\n':
//     GET / HTTP/1.1
//     Host: x
//     Upgrade: websocket
//     Connection: Upgrade
//     Sec-WebSocket-Version: x-line
//
// SIGINT/SIGTERM shut it down gracefully (at most 5 s).

#include "line_codec.hpp"

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace wsio = boost::websocketio;

int
main(int argc, char** argv)
{
    unsigned short port = 8080;
    std::string address = "127.0.0.1";
    bool bad = argc % 2 == 0; // options come in pairs
    for (int i = 1; i + 1 < argc; i += 2)
    {
        std::string const a = argv[i];
        if (a == "--port")
            port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
        else if (a == "--address")
            address = argv[i + 1];
        else
            bad = true;
    }
    if (bad)
    {
        std::cerr << "usage: wsio-custom-codec [--port P] [--address A]\n";
        return 2;
    }

    auto codecs = wsio::make_default_registry();
    codecs->add(std::make_shared<line_codec::factory>());
    wsio::options opts;
    opts.codecs = codecs;

    boost::asio::io_context ioc;
    boost::system::error_code ec;
    wsio::server* const srv = wsio::listen(ioc, port, opts, address, ec);
    if (!srv)
    {
        std::cerr << "wsio-custom-codec: cannot listen on " << address << ":"
                  << port << ": " << ec.message() << "\n";
        return 1;
    }
    srv->on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get();
        s->on_message().connect(
            [raw](wsio::message const& m) { raw->send(m.data, m.type); });
    });

    // One call: stop accepting, 1001 to every client, then run() returns.
    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec)
            srv->async_shutdown(std::chrono::seconds(5),
                                [](boost::system::error_code) {});
    });

    auto const ep = srv->http_server()->local_endpoint(); // really bound
    std::cout << "wsio-custom-codec listening on " << ep << " (versions "
              << codecs->supported_versions() << ")" << std::endl;
    ioc.run();
}
