//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/detail/http.hpp>

#include <boost/beast/http/status.hpp>

namespace boost {
namespace websocketio {
namespace detail {

namespace {

char
lower(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool
is_ows(char c) noexcept
{
    return c == ' ' || c == '\t';
}

std::string_view
trim(std::string_view s) noexcept
{
    while (!s.empty() && is_ows(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back()))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool
iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

std::vector<std::string_view>
split_list(std::string_view value)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i)
    {
        if (i == value.size() || value[i] == ',')
        {
            auto const t = trim(value.substr(start, i - start));
            if (!t.empty())
                out.push_back(t);
            start = i + 1;
        }
    }
    return out;
}

bool
list_contains(std::string_view value, std::string_view token) noexcept
{
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i)
    {
        if (i == value.size() || value[i] == ',')
        {
            if (iequals(trim(value.substr(start, i - start)), token))
                return true;
            start = i + 1;
        }
    }
    return false;
}

std::string_view
field(request_type const& req, std::string_view name)
{
    auto const it = req.find(boost::beast::string_view(name.data(),
                                                       name.size()));
    if (it == req.end())
        return {};
    auto const v = it->value();
    return {v.data(), v.size()};
}

bool
has_field(request_type const& req, std::string_view name)
{
    return req.find(boost::beast::string_view(name.data(), name.size())) !=
           req.end();
}

std::string
make_error_response(boost::system::error_code const& ec,
                    std::string_view versions)
{
    unsigned const code = to_http_status(ec);
    auto const reason = boost::beast::http::obsolete_reason(
        boost::beast::http::int_to_status(code));
    std::string body = ec.message();
    body += '\n';
    std::string r;
    r.reserve(160 + body.size());
    r += "HTTP/1.1 ";
    r += std::to_string(code);
    r += ' ';
    r.append(reason.data(), reason.size());
    r += "\r\nConnection: close\r\n";
    if (code == 426 && !versions.empty())
    {
        r += "Sec-WebSocket-Version: ";
        r += versions;
        r += "\r\nUpgrade: websocket\r\n";
    }
    r += "Content-Type: text/plain\r\nContent-Length: ";
    r += std::to_string(body.size());
    r += "\r\n\r\n";
    r += body;
    return r;
}

std::string
choose_subprotocol(handshake_input const& in, std::string_view offered)
{
    if (!in.choose_subprotocol || !*in.choose_subprotocol || offered.empty())
        return {};
    auto const tokens = split_list(offered);
    if (tokens.empty())
        return {};
    std::string chosen = (*in.choose_subprotocol)(tokens);
    // Only a token the client offered may be echoed (RFC 6455 4.2.2).
    for (auto const t : tokens)
        if (t == chosen)
            return chosen;
    return {};
}

} // namespace detail
} // namespace websocketio
} // namespace boost
