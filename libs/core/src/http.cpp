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

#include <iterator>

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
    if (token.empty())
        return false; // empty elements are not elements (RFC 7230 7)
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

namespace {

struct rule_entry
{
    std::string_view name;
    field_rule rule;
};

// The one table (doc/handshake.md): every request field a draft reads.
constexpr rule_entry rule_table[] = {
    // RFC 7230 6.1, 6.7; RFC 6455 11.3.2, 11.3.4; hixie-75 4.1.
    {"Connection", field_rule::list},
    {"Upgrade", field_rule::list},
    {"Sec-WebSocket-Protocol", field_rule::list},
    {"Sec-WebSocket-Extensions", field_rule::list},
    {"WebSocket-Protocol", field_rule::list},
    // RFC 7230 3.3.2, 5.4; RFC 6454 7.3; RFC 6455 11.3.1, 11.3.5; hybi-07/08
    // Sec-WebSocket-Origin; hixie-76 keys; the proxy's scheme.
    {"Host", field_rule::single},
    {"Origin", field_rule::single},
    {"Sec-WebSocket-Origin", field_rule::single},
    {"Sec-WebSocket-Key", field_rule::single},
    {"Sec-WebSocket-Version", field_rule::single},
    {"Sec-WebSocket-Key1", field_rule::single},
    {"Sec-WebSocket-Key2", field_rule::single},
    {"Content-Length", field_rule::single},
    {"X-Forwarded-Proto", field_rule::single},
};

boost::beast::string_view
bsv(std::string_view s) noexcept
{
    return {s.data(), s.size()};
}

std::string_view
ssv(boost::beast::string_view s) noexcept
{
    return {s.data(), s.size()};
}

bool
is_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

} // namespace

field_rule
rule_of(std::string_view name) noexcept
{
    for (auto const& e : rule_table)
        if (iequals(e.name, name))
            return e.rule;
    return field_rule::ignored;
}

std::string_view
field(request_type const& req, std::string_view name)
{
    auto const it = req.find(bsv(name));
    if (it == req.end())
        return {};
    return ssv(it->value());
}

std::string
list_field(request_type const& req, std::string_view name)
{
    std::string out;
    auto const range = req.equal_range(bsv(name));
    for (auto it = range.first; it != range.second; ++it)
    {
        if (it != range.first)
            out += ", ";
        auto const v = it->value();
        out.append(v.data(), v.size());
    }
    return out;
}

bool
list_contains(request_type const& req, std::string_view name,
              std::string_view token)
{
    auto const range = req.equal_range(bsv(name));
    for (auto it = range.first; it != range.second; ++it)
        if (list_contains(ssv(it->value()), token))
            return true;
    return false;
}

bool
has_field(request_type const& req, std::string_view name)
{
    return req.find(bsv(name)) != req.end();
}

std::string
request_target::resource() const
{
    std::string out(path);
    if (has_query)
    {
        out += '?';
        out += query;
    }
    return out;
}

bool
parse_target(std::string_view target, request_target& out) noexcept
{
    out = request_target{};
    if (target.empty() || target.find('#') != std::string_view::npos)
        return false;
    std::string_view rest = target;
    if (target.front() != '/')
    {
        // absolute-form: scheme "://" authority path-abempty [ "?" query ]
        // (RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "."
        // ); only the schemes a WebSocket may be reached by are taken).
        auto const colon = target.find(':');
        if (colon == std::string_view::npos ||
            target.substr(colon, 3) != "://")
            return false; // "*", "host:port", "chat", "mailto:x"
        auto const scheme = target.substr(0, colon);
        if (!iequals(scheme, "http") && !iequals(scheme, "https") &&
            !iequals(scheme, "ws") && !iequals(scheme, "wss"))
            return false;
        rest = target.substr(colon + 3);
        auto const end = rest.find_first_of("/?");
        auto const authority = rest.substr(0, end);
        if (authority.empty() ||
            authority.find('@') != std::string_view::npos)
            return false;
        out.scheme = scheme;
        out.authority = authority;
        rest = end == std::string_view::npos ? std::string_view{}
                                             : rest.substr(end);
    }
    auto const q = rest.find('?');
    out.path = rest.substr(0, q);
    if (q != std::string_view::npos)
    {
        out.has_query = true;
        out.query = rest.substr(q + 1);
    }
    if (out.path.empty())
        out.path = "/"; // RFC 7230 2.7.3: an empty path is "/"
    return true;
}

std::string_view
target_path(request_type const& req) noexcept
{
    request_target t;
    if (!parse_target(ssv(req.target()), t))
        return {};
    return t.path;
}

boost::system::error_code
check_target(request_type const& req, std::string_view path)
{
    request_target t;
    if (!parse_target(ssv(req.target()), t))
        return error::bad_request;
    if (!path.empty() && t.path != path)
        return error::path_mismatch;
    return {};
}

boost::system::error_code
check_upgrade_request(request_type const& req, std::size_t key3_size)
{
    for (auto const& e : rule_table)
    {
        if (e.rule != field_rule::single)
            continue;
        auto const range = req.equal_range(bsv(e.name));
        if (range.first != range.second &&
            std::next(range.first) != range.second)
            return error::bad_request;
    }
    // No body: its bytes would be read as frames (RFC 6455 4.1 sends
    // none), except hixie-76's key3 announced as Content-Length: 8.
    if (has_field(req, "Transfer-Encoding"))
        return error::bad_request;
    if (has_field(req, "Content-Length"))
    {
        // 1*DIGIT (RFC 7230 3.3.2); "0", "8" and "08" are all the values
        // that can pass, so a longer one is refused before it can overflow.
        auto const v = trim(field(req, "Content-Length"));
        if (v.empty() || v.size() > 2)
            return error::bad_request;
        std::size_t n = 0;
        for (char const c : v)
        {
            if (!is_digit(c))
                return error::bad_request;
            n = n * 10 + static_cast<std::size_t>(c - '0');
        }
        if (n != 0 && n != key3_size)
            return error::bad_request;
    }
    return check_target(req);
}

bool
is_websocket_upgrade(request_type const& req)
{
    return req.version() >= 11 && list_contains(req, "Upgrade", "websocket");
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
