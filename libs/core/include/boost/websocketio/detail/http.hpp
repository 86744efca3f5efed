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

#include <cstddef>
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

/// Whether a comma-separated header list holds `token` (any case); never
/// an empty token (empty elements are skipped, RFC 7230 section 7).
bool
list_contains(std::string_view value, std::string_view token) noexcept;

/** How the upgrade reads a request field that arrives on several lines
    (RFC 7230 section 3.2.2). The table is in doc/handshake.md. */
enum class field_rule
{
    /// Not read by any draft: never checked.
    ignored,

    /// A comma-separated list: its lines combine, in order, as if joined
    /// by `", "` (`Connection`, `Upgrade`, `Sec-WebSocket-Protocol`,
    /// `Sec-WebSocket-Extensions`, `WebSocket-Protocol`).
    list,

    /// At most one line: a second one is refused with 400 (`Host`,
    /// `Origin`, `Sec-WebSocket-Origin`, `Sec-WebSocket-Key`,
    /// `Sec-WebSocket-Version`, `Sec-WebSocket-Key1`, `Sec-WebSocket-Key2`,
    /// `Content-Length`, `X-Forwarded-Proto`).
    single
};

/// The rule for the field named `name` (any case).
field_rule
rule_of(std::string_view name) noexcept;

/** The value of a single field named `name` (any case), empty when
    absent. With several lines it is the first: @ref check_upgrade_request
    refuses such a request before any value is read. Use @ref list_field
    or @ref list_contains for list fields. */
std::string_view
field(request_type const& req, std::string_view name);

/** Every line of the list field `name` (any case), in order, joined by
    `", "` (RFC 7230 section 3.2.2); empty when absent. */
std::string
list_field(request_type const& req, std::string_view name);

/** Whether any line of the list field `name` (any case) holds the element
    `token` (any case). Empty elements are skipped (RFC 7230 section 7). */
bool
list_contains(request_type const& req, std::string_view name,
              std::string_view token);

/// Whether a field named `name` (any case) is present.
bool
has_field(request_type const& req, std::string_view name);

/** The parts of a request-target in origin-form or absolute-form (RFC 7230
    sections 5.3.1 and 5.3.2). Views into the target, except `path` of an
    absolute-form without one, which is `"/"` (section 2.7.3). */
struct request_target
{
    /// `http`, `https`, `ws` or `wss` (as written); empty in origin-form.
    std::string_view scheme;

    /// `host[:port]`, never empty in absolute-form; empty in origin-form.
    std::string_view authority;

    /// The absolute path, starting with `/`.
    std::string_view path;

    /// The query after `?` (without it); see `has_query`.
    std::string_view query;

    /// Whether the target has a `?` (the query may still be empty).
    bool has_query = false;

    /// The target in origin-form: `path` and, if any, `?query`.
    std::string
    resource() const;
};

/** Parses a request-target. Returns false, leaving `out` unspecified, for
    the asterisk-form and the authority-form (only `OPTIONS` and `CONNECT`
    use them, section 5.3.3 and 5.3.4), for an absolute-form whose scheme
    is not `http`, `https`, `ws` or `wss` (any case), whose authority is
    empty or carries userinfo (section 2.7.1), and for any target with a
    fragment (`#`, RFC 6455 section 3). */
bool
parse_target(std::string_view target, request_target& out) noexcept;

/** The path of the request's target without its query, for an
    origin-form or absolute-form target (`"/chat"` for both `/chat?x=1`
    and `http://host:80/chat`); empty when @ref parse_target refuses the
    target. */
std::string_view
target_path(request_type const& req) noexcept;

/** Checks the request-target of an upgrade: `error::bad_request` (400)
    when @ref parse_target refuses it, else `error::path_mismatch` (404)
    when `path` is not empty and differs from @ref target_path, else no
    error. */
boost::system::error_code
check_target(request_type const& req, std::string_view path = {});

/** The checks every draft's upgrade shares, in one place; the error is
    `error::bad_request` (400) for each:
    @li no @ref field_rule::single field appears twice (RFC 7230 section
        3.2.2; `Host`: section 5.4; `Origin`: RFC 6454 section 7.3;
        `Sec-WebSocket-Key`, `Sec-WebSocket-Version`: RFC 6455 section
        11.3);
    @li no body (RFC 6455 section 4.1 sends none; a body read as frames
        smuggles them past HTTP intermediaries): `Transfer-Encoding` is
        absent, `Content-Length` is absent, `0`, or `key3_size` when that
        is not 0 (hixie-76 clients such as Safari 5 and Perl's
        Protocol::WebSocket announce its 8-byte key3 as `Content-Length:
        8`);
    @li the request-target passes @ref check_target.

    `key3_size` is the number of bytes the draft reads after the header:
    8 for hixie-76, 0 for every other. */
boost::system::error_code
check_upgrade_request(request_type const& req, std::size_t key3_size = 0);

/** Whether an HTTP server hands this request to the WebSocket server:
    HTTP/1.1 or later with `websocket` (any case) among the elements of
    its `Upgrade` lines. Any other upgrade (`h2c`, `TLS/1.0`) is a plain
    request, and an HTTP/1.0 request's `Upgrade` is ignored (RFC 7230
    section 6.7). */
bool
is_websocket_upgrade(request_type const& req);

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
