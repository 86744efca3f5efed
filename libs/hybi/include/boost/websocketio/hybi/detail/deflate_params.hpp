//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_DEFLATE_PARAMS_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_DEFLATE_PARAMS_HPP

#include <cstdint>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** The permessage-deflate parameters both ends agreed on, as the server's
    response states them (RFC 7692 section 7.1).

    `server_*` bind the server's compressor (what we send), `client_*` the
    client's (what we inflate). `*_max_window_bits` are the base-2 log of
    the LZ77 window, 8 to 15; 15 when the response does not name them.
*/
struct deflate_params
{
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    std::uint8_t server_max_window_bits = 15;
    std::uint8_t client_max_window_bits = 15;

    friend bool
    operator==(deflate_params const& a, deflate_params const& b) noexcept
    {
        return a.server_no_context_takeover == b.server_no_context_takeover &&
               a.client_no_context_takeover == b.client_no_context_takeover &&
               a.server_max_window_bits == b.server_max_window_bits &&
               a.client_max_window_bits == b.client_max_window_bits;
    }

    friend bool
    operator!=(deflate_params const& a, deflate_params const& b) noexcept
    {
        return !(a == b);
    }
};

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
