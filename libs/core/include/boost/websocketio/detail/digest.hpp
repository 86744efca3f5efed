//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_DETAIL_DIGEST_HPP
#define BOOST_WEBSOCKETIO_DETAIL_DIGEST_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace boost {
namespace websocketio {
namespace detail {

// Digests and base64 come from OpenSSL's libcrypto; these wrappers keep
// OpenSSL's headers out of ours.

/// SHA-1 of `data` (20 bytes).
std::array<std::uint8_t, 20>
sha1(std::string_view data);

/// MD5 of `data` (16 bytes).
std::array<std::uint8_t, 16>
md5(std::string_view data);

/// Standard base64 (RFC 4648 section 4) with padding.
std::string
base64_encode(void const* data, std::size_t size);

/** Decodes strict standard base64 with padding; returns nothing when `s`
    contains anything else (whitespace, a wrong length, bad padding).
*/
std::optional<std::string>
base64_decode(std::string_view s);

/// RFC 6455 section 4.2.2: base64(SHA-1(key + GUID)).
std::string
make_accept(std::string_view key);

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
