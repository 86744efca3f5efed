//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_HPP
#define BOOST_WEBSOCKETIO_HYBI_HPP

// The hybi module: hybi-07, hybi-08 and RFC 6455 (hybi-13) codecs.

/** @namespace boost::websocketio::hybi
    The hybi codecs: draft-ietf-hybi-thewebsocketprotocol-07 and -08 and
    RFC 6455 (hybi-13), one framing engine (RFC 6455 section 5) with a
    @ref boost::websocketio::hybi::draft per version. Target
    `Boost::websocketio_hybi`.
*/

#include <boost/websocketio/hybi/codec.hpp>
#include <boost/websocketio/hybi/draft.hpp>
#include <boost/websocketio/hybi/factory.hpp>

#endif
