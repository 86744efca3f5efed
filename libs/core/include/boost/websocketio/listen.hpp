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
    example for its `local_endpoint()` after listening on port 0).

    @throws boost::system::system_error if the address cannot be bound.
*/
server&
listen(boost::asio::io_context& ioc, unsigned short port, options opts = {},
       std::string_view address = "0.0.0.0");

} // namespace websocketio
} // namespace boost

#endif
