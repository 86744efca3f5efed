//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HIXIE_HPP
#define BOOST_WEBSOCKETIO_HIXIE_HPP

// The hixie-75 and hixie-76 (hybi-00) codecs.

/** @namespace boost::websocketio::hixie
    The hixie codecs: draft-hixie-thewebsocketprotocol-75 and -76 (the
    latter identical to draft-ietf-hybi-thewebsocketprotocol-00), one
    framing with a @ref boost::websocketio::hixie::draft switch. Target
    `Boost::websocketio_hixie`.
*/

#include <boost/websocketio/hixie/codec.hpp>
#include <boost/websocketio/hixie/factory.hpp>

#endif
