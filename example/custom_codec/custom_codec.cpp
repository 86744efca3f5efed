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
//   wsio-custom-codec --port P
//   then send this request, then lines of text ending in '\n':
//     GET / HTTP/1.1
//     Host: x
//     Upgrade: websocket
//     Connection: Upgrade
//     Sec-WebSocket-Version: x-line

#include "line_codec.hpp"

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace wsio = boost::websocketio;

int
main(int argc, char** argv)
{
    unsigned short port = 8080;
    if (argc == 3 && std::string(argv[1]) == "--port")
        port = static_cast<unsigned short>(std::atoi(argv[2]));

    auto codecs = wsio::make_default_registry();
    codecs->add(std::make_shared<line_codec::factory>());
    wsio::options opts;
    opts.codecs = codecs;

    boost::asio::io_context ioc;
    wsio::server& srv = wsio::listen(ioc, port, opts, "127.0.0.1");
    srv.on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get();
        s->on_message().connect(
            [raw](wsio::message const& m) { raw->send(m.data, m.type); });
    });
    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) { ioc.stop(); });
    std::cout << "wsio-custom-codec listening on 127.0.0.1:"
              << srv.http_server()->local_endpoint().port()
              << " (versions " << codecs->supported_versions() << ")"
              << std::endl;
    ioc.run();
}
