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
