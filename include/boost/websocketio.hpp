//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HPP
#define BOOST_WEBSOCKETIO_HPP

// Everything: core, every codec, and the built-in registry.

/** @file
    The umbrella header: every public header of the library, and the
    built-in codec registry (including it fills `registry::global()` with
    hybi-13, hybi-08, hybi-07, hixie-76 and hixie-75 before `main` runs).
*/

/** @mainpage Boost.WebSocketIO reference

    A C++17 WebSocket server library: websocket.io's API (`listen`,
    `attach`, `handle_upgrade`, a connection signal, sockets with message,
    close and error signals) over Boost.Asio, speaking hixie-75, hixie-76
    (hybi-00), hybi-07, hybi-08 and RFC 6455 through pluggable sans-I/O
    codecs.

    Where to start:
    @li boost::websocketio::listen and boost::websocketio::attach: the two
        entry points (listen.hpp);
    @li boost::websocketio::server: upgrades to sockets, `on_connection`;
    @li boost::websocketio::socket: one connection: signals, `send`,
        `close`, `destroy`;
    @li boost::websocketio::options: every limit and its default;
    @li boost::websocketio::error, boost::websocketio::close_code:
        what fails, and what goes on the wire then;
    @li boost::websocketio::codec, boost::websocketio::codec_factory,
        boost::websocketio::registry: the codec interface, to add a draft.

    The user guide (doc/guide.md) explains how the pieces fit; this
    reference gives each name's shapes, units, defaults, errors and thread
    safety.
*/

/** @namespace boost::websocketio
    Boost.WebSocketIO: the WebSocket server (@ref boost::websocketio::server),
    its connections (@ref boost::websocketio::socket), the bundled HTTP
    server, the sans-I/O codec interface and the registry that picks a
    codec per upgrade request. Names in `detail` are not part of the API.
*/

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/error.hpp>
#include <boost/websocketio/http_server.hpp>
#include <boost/websocketio/listen.hpp>
#include <boost/websocketio/options.hpp>
#include <boost/websocketio/registry.hpp>
#include <boost/websocketio/server.hpp>
#include <boost/websocketio/socket.hpp>
#include <boost/websocketio/version.hpp>

#include <boost/websocketio/default_codecs.hpp>

#endif
