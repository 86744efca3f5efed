//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_LISTEN_HPP
#define BOOST_WEBSOCKETIO_LISTEN_HPP

#include <boost/websocketio/http_server.hpp>
#include <boost/websocketio/options.hpp>
#include <boost/websocketio/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <string_view>

namespace boost {
namespace websocketio {

/** Routes the upgrade requests of `http` into a new @ref server
    (websocket.io `attach`). Plain requests stay with `http`'s
    `on_request` slots.

    The server is owned by `http`'s execution context and lives until that
    context is destroyed; `server::http_server()` returns `&http`.

    @par Thread Safety
    Safe to call from any thread, before or while the context runs.
*/
server&
attach(http_server& http, options opts = {});

/** Creates an HTTP server on `address:port` whose plain requests are all
    answered `501 Not Implemented`, and attaches a @ref server to it
    (websocket.io `listen`). Both are owned by `ioc` and live until it is
    destroyed; reach the HTTP server with `server::http_server()` (for
    example for its `local_endpoint()` after listening on port 0). Stop
    both with `server::async_shutdown`.

    The default address `0.0.0.0` means every IPv4 interface: the server
    is reachable from other machines. Pass `"127.0.0.1"` to stay local
    (`"::"` or `"::1"` for IPv6). Port 0 picks a free port.

    @throws boost::system::system_error if `address` is not an IP address
    or cannot be bound (for example `boost::asio::error::address_in_use`
    when the port is taken). The overload taking an `error_code` does not
    throw.

    @par Thread Safety
    Safe to call from any thread, before or while the context runs.
*/
server&
listen(boost::asio::io_context& ioc, unsigned short port, options opts = {},
       std::string_view address = "0.0.0.0",
       http_server_options http_opts = {});

/** As above, but a failure to bind is reported in `ec` instead of thrown:
    returns null and sets `ec` (for example
    `boost::asio::error::address_in_use`,
    `boost::asio::error::access_denied` for a privileged port,
    `boost::asio::error::address_not_available` for an address of no local
    interface, `boost::asio::error::invalid_argument` for a string that is
    not an IP address); nothing is created then. On success returns the
    server and clears `ec`.

    @code
    boost::system::error_code ec;
    wsio::server* server = wsio::listen(ioc, 8080, {}, "127.0.0.1", ec);
    if (!server)
        return std::cerr << "listen: " << ec.message() << "\n", 1;
    @endcode
*/
server*
listen(boost::asio::io_context& ioc, unsigned short port, options opts,
       std::string_view address, boost::system::error_code& ec);

/** As above, with the HTTP server's options: set `http_opts.tls` to serve
    `https` and `wss://` (see @ref http_server_options::tls). Its
    `request_timeout` and `max_header_size` are replaced by
    `opts.handshake_timeout` and `opts.max_header_size`.

    @code
    auto tls = std::make_shared<boost::asio::ssl::context>(
        boost::asio::ssl::context::tls_server);
    tls->use_certificate_chain_file("cert.pem");
    tls->use_private_key_file("key.pem", boost::asio::ssl::context::pem);
    wsio::http_server_options http_opts;
    http_opts.tls = tls;
    boost::system::error_code ec;
    wsio::server* server =
        wsio::listen(ioc, 8443, {}, "127.0.0.1", http_opts, ec);
    @endcode
*/
server*
listen(boost::asio::io_context& ioc, unsigned short port, options opts,
       std::string_view address, http_server_options http_opts,
       boost::system::error_code& ec);

/// `listen(ioc, port, {}, "0.0.0.0", ec)`.
server*
listen(boost::asio::io_context& ioc, unsigned short port,
       boost::system::error_code& ec);

} // namespace websocketio
} // namespace boost

#endif
