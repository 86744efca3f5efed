//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/registry.hpp>

#include <boost/websocketio/detail/http.hpp>

#include <algorithm>
#include <cstdlib>

namespace boost {
namespace websocketio {

registry&
registry::add(std::shared_ptr<codec_factory const> f)
{
    if (f)
        factories_.push_back(std::move(f));
    return *this;
}

bool
registry::remove(std::string_view protocol_version)
{
    auto const it = std::find_if(
        factories_.begin(), factories_.end(),
        [&](auto const& f) { return f->protocol_version() == protocol_version; });
    if (it == factories_.end())
        return false;
    factories_.erase(it);
    return true;
}

selection
registry::select(request_type const& req) const
{
    namespace http = boost::beast::http;
    selection s;
    if (req.method() != http::verb::get)
    {
        s.ec = error::bad_method;
        return s;
    }
    if (req.version() < 11)
    {
        s.ec = error::bad_http_version;
        return s;
    }
    // Repeated single fields, a body, the target's form: one rule for all
    // drafts. Only a request that can go to hixie-76 (keys, no version)
    // may announce its key3 as a body.
    bool const hixie76_shape =
        !detail::has_field(req, "Sec-WebSocket-Version") &&
        !detail::has_field(req, "Sec-WebSocket-Key") &&
        (detail::has_field(req, "Sec-WebSocket-Key1") ||
         detail::has_field(req, "Sec-WebSocket-Key2"));
    if (auto const ec =
            detail::check_upgrade_request(req, hixie76_shape ? 8 : 0))
    {
        s.ec = ec;
        return s;
    }
    // Upgrade is a list of protocols (RFC 7230 6.7); websocket may be one,
    // on any of its lines (3.2.2).
    if (!detail::list_contains(req, "Upgrade", "websocket"))
    {
        s.ec = error::no_upgrade;
        return s;
    }
    if (!detail::list_contains(req, "Connection", "upgrade"))
    {
        s.ec = error::no_connection_upgrade;
        return s;
    }
    if (detail::has_field(req, "Sec-WebSocket-Version"))
    {
        // Exact whitelist: "07", "+8", "7 8", "constructor" never match
        // (the OWS around a value is not part of it, RFC 7230 3.2.4).
        auto const v = detail::field(req, "Sec-WebSocket-Version");
        for (auto const& f : factories_)
        {
            auto const tok = f->version_token();
            if (!tok.empty() && tok == v)
            {
                s.factory = f.get();
                return s;
            }
        }
        s.ec = error::unsupported_version;
        return s;
    }
    if (detail::has_field(req, "Sec-WebSocket-Key"))
    {
        // A hybi client without its version: tell it what we speak.
        s.ec = error::unsupported_version;
        return s;
    }
    for (auto const& f : factories_)
    {
        if (f->version_token().empty() && f->detect(req))
        {
            s.factory = f.get();
            return s;
        }
    }
    s.ec = error::unsupported_version;
    return s;
}

std::string
registry::supported_versions() const
{
    std::vector<std::string_view> tokens;
    for (auto const& f : factories_)
        if (!f->version_token().empty())
            tokens.push_back(f->version_token());
    auto const value = [](std::string_view t) {
        return std::strtoul(std::string(t).c_str(), nullptr, 10);
    };
    std::stable_sort(tokens.begin(), tokens.end(),
                     [&](auto a, auto b) { return value(a) > value(b); });
    std::string out;
    for (auto const t : tokens)
    {
        if (!out.empty())
            out += ", ";
        out += t;
    }
    return out;
}

std::shared_ptr<registry> const&
registry::global()
{
    static std::shared_ptr<registry> const r = std::make_shared<registry>();
    return r;
}

} // namespace websocketio
} // namespace boost
