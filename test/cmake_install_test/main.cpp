//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// A consumer of the library, as a user would write it: start a server on a
// free port, connect with a raw RFC 6455 client, echo one message.

#include <boost/websocketio.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <iostream>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace wsio = boost::websocketio;

int
main()
{
    asio::io_context ioc;
    wsio::server& srv = wsio::listen(ioc, 0, {}, "127.0.0.1");
    srv.on_connection().connect([](std::shared_ptr<wsio::socket> const& s) {
        wsio::socket* const raw = s.get();
        s->on_message().connect(
            [raw](wsio::message const& m) { raw->send(m.data, m.type); });
    });
    auto const port = srv.http_server()->local_endpoint().port();
    std::thread server_thread([&] { ioc.run(); });

    std::string got;
    try
    {
        asio::io_context cio;
        asio::ip::tcp::socket c(cio);
        c.connect({asio::ip::make_address("127.0.0.1"), port});
        std::string const req =
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: "
            "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        // Masked "Hello" from RFC 6455 section 5.7.
        std::string const frame = "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
        asio::write(c, asio::buffer(req + frame));
        std::string buf;
        char tmp[4096];
        while (buf.find("\r\n\r\n") == std::string::npos ||
               buf.size() < buf.find("\r\n\r\n") + 4 + 7)
            buf.append(tmp, c.read_some(asio::buffer(tmp)));
        auto const body = buf.substr(buf.find("\r\n\r\n") + 4);
        if (buf.find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != std::string::npos &&
            body.substr(0, 2) == "\x81\x05")
            got = body.substr(2, 5);
    }
    catch (std::exception const& e)
    {
        std::cerr << "client error: " << e.what() << "\n";
    }
    ioc.stop();
    server_thread.join();
    if (got != "Hello")
    {
        std::cerr << "FAIL: echo was '" << got << "'\n";
        return 1;
    }
    std::cout << "consumer echoed: " << got << "\n";
    return 0;
}
