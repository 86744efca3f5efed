//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_DETAIL_HTTP_HPP
#define BOOST_WEBSOCKETIO_DETAIL_HTTP_HPP

#include <boost/websocketio/codec.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace websocketio {
namespace detail {

/// ASCII case-insensitive equality.
bool
iequals(std::string_view a, std::string_view b) noexcept;

/** Splits a comma-separated header list into trimmed, non-empty tokens, in
    linear time (no regex: ws CVE-2021-32640 was a quadratic split). */
std::vector<std::string_view>
split_list(std::string_view value);

/// Whether a comma-separated header list holds `token` (any case).
bool
list_contains(std::string_view value, std::string_view token) noexcept;

/// The value of the field named `name` (any case), empty when absent.
std::string_view
field(request_type const& req, std::string_view name);

/// Whether a field named `name` (any case) is present.
bool
has_field(request_type const& req, std::string_view name);

/** A complete HTTP/1.1 error response for a refused upgrade: status line,
    `Connection: close`, `Content-Type: text/plain`, `Content-Length` and a
    body naming the reason. 426 responses carry `Sec-WebSocket-Version:
    versions` when `versions` is not empty.
*/
std::string
make_error_response(boost::system::error_code const& ec,
                    std::string_view versions = {});

/** Asks the chooser (if any) to pick among the tokens offered in
    `offered`, a comma-separated list. Returns the choice or empty. */
std::string
choose_subprotocol(handshake_input const& in, std::string_view offered);

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
