//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_FACTORY_HPP
#define BOOST_WEBSOCKETIO_HYBI_FACTORY_HPP

#include <boost/websocketio/codec.hpp>

#include <memory>

namespace boost {
namespace websocketio {
namespace hybi {

/** The factory of RFC 6455 codecs: `protocol_version()` `"hybi-13"`,
    answering `Sec-WebSocket-Version: 13`.

    @par Thread Safety
    The factory is immutable; use it from any thread.
*/
std::shared_ptr<codec_factory const>
make_hybi13_factory();

/// The factory of hybi-08 codecs (`"hybi-08"`, version `8`).
std::shared_ptr<codec_factory const>
make_hybi08_factory();

/// The factory of hybi-07 codecs (`"hybi-07"`, version `7`).
std::shared_ptr<codec_factory const>
make_hybi07_factory();

} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
