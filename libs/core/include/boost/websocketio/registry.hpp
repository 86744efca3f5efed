//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_REGISTRY_HPP
#define BOOST_WEBSOCKETIO_REGISTRY_HPP

#include <boost/websocketio/codec.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace websocketio {

/** The outcome of @ref registry::select. */
struct selection
{
    /// The chosen factory, or null when the request is refused.
    codec_factory const* factory = nullptr;

    /// Why the request is refused (`unsupported_version` answers 426).
    boost::system::error_code ec;
};

/** An ordered, open list of codec factories.

    Selection is exact:
    @li the request must be an HTTP/1.1 (or later) GET, else 400;
    @li it must pass `detail::check_upgrade_request` (doc/handshake.md),
        else 400: no field that must be single (`Host`, `Origin`,
        `Sec-WebSocket-Key`, `Sec-WebSocket-Version`,
        `Sec-WebSocket-Key1`/`Key2`, ...) is repeated; no body
        (`Transfer-Encoding` absent, `Content-Length` absent or `0`, or `8`
        for a request with hixie-76 keys and no `Sec-WebSocket-Version` or
        `Sec-WebSocket-Key`, whose key3 it announces); an origin-form or
        absolute-form target (RFC 7230 section 5.3);
    @li `Upgrade` must hold `websocket` (any case) and `Connection` must
        hold `upgrade`, each on any of its lines (list fields combine, RFC
        7230 section 3.2.2), else 400;
    @li a `Sec-WebSocket-Version` value selects the factory whose
        `version_token()` equals it byte for byte (`07`, `+8`, `7 8` or
        `constructor` never match; the whitespace around a value is not
        part of it, RFC 7230 section 3.2.4); no such factory gives
        `error::unsupported_version` (HTTP 426 listing
        @ref supported_versions);
    @li with no version header, a request with `Sec-WebSocket-Key` is a
        hybi client that forgot its version (426), otherwise the first
        factory whose `detect` says yes is chosen (hixie-76 looks for
        `Sec-WebSocket-Key1`/`Key2`, hixie-75 for neither), else
        `error::unsupported_version` (426).

    @par Thread Safety
    Distinct objects: safe. Shared objects: `select` and the observers are
    safe to call concurrently; `add` and `remove` are not.
*/
class registry
{
public:
    /// Appends a factory (a null `f` is ignored); earlier factories win
    /// ties in detection. Returns `*this`, for chaining.
    registry&
    add(std::shared_ptr<codec_factory const> f);

    /// Removes the factory with this `protocol_version()`; returns whether
    /// one was found.
    bool
    remove(std::string_view protocol_version);

    /// The factories, in order.
    std::vector<std::shared_ptr<codec_factory const>> const&
    factories() const noexcept
    {
        return factories_;
    }

    /// Whether no factory is registered.
    bool
    empty() const noexcept
    {
        return factories_.empty();
    }

    /** Picks the codec factory for an upgrade request, by the rules in
        the class comment. Never throws; a refusal is in `ec`
        (`bad_method`, `bad_http_version`, `no_upgrade`,
        `no_connection_upgrade`, `unsupported_version`), with `factory`
        null. */
    selection
    select(request_type const& req) const;

    /** The version tokens offered, highest first, comma separated:
        `"13, 8, 7"` for the built-in set. Sent in 426 responses. */
    std::string
    supported_versions() const;

    /** The registry used when `options::codecs` is null.

        Empty until codecs are registered in it; including
        `<boost/websocketio.hpp>` registers the built-in set during static
        initialisation, before `main`.

        @par Thread Safety
        The returned registry follows the class's rules: change it (`add`,
        `remove`) only before servers that use it accept connections.
    */
    static std::shared_ptr<registry> const&
    global();

private:
    std::vector<std::shared_ptr<codec_factory const>> factories_;
};

} // namespace websocketio
} // namespace boost

#endif
