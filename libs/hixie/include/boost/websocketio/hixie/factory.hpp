//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HIXIE_FACTORY_HPP
#define BOOST_WEBSOCKETIO_HIXIE_FACTORY_HPP

#include <boost/websocketio/codec.hpp>

#include <memory>

namespace boost {
namespace websocketio {
namespace hixie {

/** The factory of hixie-76 (hybi-00) codecs, for a @ref registry.

    `protocol_version()` is `"hixie-76"`, `version_token()` is empty, and
    `detect` claims requests carrying `Sec-WebSocket-Key1` or
    `Sec-WebSocket-Key2` (draft-hixie-76 section 4.1; the handshake then
    refuses a missing one with `bad_key1`/`bad_key2`).
*/
std::shared_ptr<codec_factory const>
make_hixie76_factory();

/** The factory of hixie-75 codecs, for a @ref registry.

    `protocol_version()` is `"hixie-75"`, `version_token()` is empty, and
    `detect` claims requests carrying neither `Sec-WebSocket-Key1` nor
    `Sec-WebSocket-Key2` (draft-hixie-75 section 4.1 has no keys).
*/
std::shared_ptr<codec_factory const>
make_hixie75_factory();

} // namespace hixie
} // namespace websocketio
} // namespace boost

#endif
