//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hybi/detail/deflate_negotiation.hpp>

#include <boost/websocketio/detail/http.hpp>

#include <cstddef>
#include <cstdint>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

namespace {

// RFC 7692 section 7.1.2: window sizes are 2^8 to 2^15 bytes; 15 is what
// an absent parameter means.
constexpr int min_window_bits = 8;
constexpr int max_window_bits = 15;

bool
is_ows(char c) noexcept
{
    return c == ' ' || c == '\t';
}

// RFC 7230 section 3.2.6: tchar.
bool
is_tchar(char ch) noexcept
{
    auto const c = static_cast<unsigned char>(ch);
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(ch) !=
           std::string_view::npos;
}

// RFC 7230 section 3.2.6: qdtext, and the octet after a backslash in a
// quoted-pair.
bool
is_qdtext(char ch) noexcept
{
    auto const c = static_cast<unsigned char>(ch);
    return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) ||
           (c >= 0x5D && c <= 0x7E) || c >= 0x80;
}

bool
is_quoted_pair_octet(char ch) noexcept
{
    auto const c = static_cast<unsigned char>(ch);
    return c == '\t' || c == ' ' || (c >= 0x21 && c <= 0x7E) || c >= 0x80;
}

// A parameter value after quoted-string unescaping. Valid values are at
// most 2 characters ("8" to "15"), so only the first few are kept; `size`
// counts them all.
struct param_value
{
    bool present = false;
    bool is_token = true; // the unescaped content matches `token`
    char text[3] = {};
    std::size_t size = 0;

    void
    push(char c) noexcept
    {
        if (size < sizeof(text))
            text[size] = c;
        ++size;
        if (!is_tchar(c))
            is_token = false;
    }
};

// RFC 7692 sections 7.1.2.1 and 7.1.2.2: "a decimal integer value without
// leading zeroes between 8 to 15, inclusive" (RFC 6455 section 9.1: the
// value of a quoted-string is checked after unescaping, so "10" in quotes
// is 10). Returns 0 for anything else: 7, 16, 08, +9, 1.0, empty.
int
window_bits(param_value const& v) noexcept
{
    if (!v.present || !v.is_token)
        return 0;
    if (v.size == 1 && (v.text[0] == '8' || v.text[0] == '9'))
        return v.text[0] - '0';
    if (v.size == 2 && v.text[0] == '1' && v.text[1] >= '0' && v.text[1] <= '5')
        return 10 + (v.text[1] - '0');
    return 0;
}

// One permessage-deflate offer as read so far (RFC 7692 section 7.1).
struct deflate_offer
{
    bool valid = true; // no rule of section 7 broken yet
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    bool has_server_max_window_bits = false;
    bool has_client_max_window_bits = false;
    int server_max_window_bits = 0; // 0: absent
    int client_max_window_bits = 0; // 0: absent, or present without value

    // Section 7: "A server MUST decline an extension negotiation offer for
    // this extension if ... [it] contains an extension parameter not
    // defined for use in an offer ... with an invalid value ... multiple
    // extension parameters with the same name".
    void
    add(std::string_view name, param_value const& v) noexcept
    {
        namespace wd = websocketio::detail;
        if (wd::iequals(name, "server_no_context_takeover"))
        {
            // Section 7.1.1.1: "This extension parameter has no value."
            if (server_no_context_takeover || v.present)
                valid = false;
            server_no_context_takeover = true;
        }
        else if (wd::iequals(name, "client_no_context_takeover"))
        {
            // Section 7.1.1.2: "This extension parameter has no value."
            if (client_no_context_takeover || v.present)
                valid = false;
            client_no_context_takeover = true;
        }
        else if (wd::iequals(name, "server_max_window_bits"))
        {
            // Section 7.1.2.1: in an offer it always has a value.
            if (has_server_max_window_bits)
                valid = false;
            has_server_max_window_bits = true;
            server_max_window_bits = window_bits(v);
            if (server_max_window_bits == 0)
                valid = false;
        }
        else if (wd::iequals(name, "client_max_window_bits"))
        {
            // Section 7.1.2.2: "no value or a decimal integer value".
            if (has_client_max_window_bits)
                valid = false;
            has_client_max_window_bits = true;
            if (v.present)
            {
                client_max_window_bits = window_bits(v);
                if (client_max_window_bits == 0)
                    valid = false;
            }
        }
        else
        {
            valid = false;
        }
    }
};

bool
options_valid(permessage_deflate_options const& o) noexcept
{
    return o.server_max_window_bits >= min_window_bits &&
           o.server_max_window_bits <= max_window_bits &&
           o.client_max_window_bits >= min_window_bits &&
           o.client_max_window_bits <= max_window_bits;
}

void
append_bits(std::string& s, int bits)
{
    if (bits >= 10)
        s += '1';
    s += static_cast<char>('0' + bits % 10);
}

// The answer to an offer that broke no rule, or false when `o` cannot
// honour it.
bool
accept(deflate_offer const& offer, permessage_deflate_options const& o,
       deflate_offer_result& r)
{
    deflate_params p;

    if (!o.context_takeover)
    {
        // Shared mode: every message is compressed and decompressed on its
        // own. Section 7.1.1.1: "A server MAY include the
        // "server_no_context_takeover" extension parameter in an extension
        // negotiation response even if the extension negotiation offer
        // being accepted by the extension negotiation response didn't
        // include [it]." Section 7.1.1.2: "A server MAY include the
        // "client_no_context_takeover" extension parameter in an extension
        // negotiation response" (with no condition on the offer).
        p.server_no_context_takeover = true;
        p.client_no_context_takeover = true;
    }
    else
    {
        // Dedicated mode. Section 7.1.1.1: a server accepts an offer with
        // server_no_context_takeover "by including [it] in the
        // corresponding extension negotiation response", so it is
        // answered and honoured. Section 7.1.1.2: an offered
        // client_no_context_takeover is a hint the client resets anyway;
        // the server may include it, which lets it drop the inflate
        // history between messages too.
        p.server_no_context_takeover = offer.server_no_context_takeover;
        p.client_no_context_takeover = offer.client_no_context_takeover;
    }

    // Section 7.1.2.1: a server accepts an offered server_max_window_bits
    // "by including [it] ... with the same or smaller value as the offer",
    // and "MAY include [it] in an extension negotiation response even if
    // the extension negotiation offer being accepted by the response didn't
    // include" it: so a smaller own window is announced either way.
    //
    // 8 is accepted and recorded as 8 although zlib's deflateInit2 refuses
    // a raw 8-bit window: the compressor then runs with 9 bits, and zlib
    // never emits a distance beyond MAX_DIST = 2^windowBits - 262, that is
    // 250 bytes for 9 bits, which an inflater with a 256-byte window
    // decodes.
    int server_bits = o.server_max_window_bits;
    bool name_server_bits = server_bits < max_window_bits;
    if (offer.has_server_max_window_bits)
    {
        if (offer.server_max_window_bits < server_bits)
            server_bits = offer.server_max_window_bits;
        name_server_bits = true;
    }
    p.server_max_window_bits = static_cast<std::uint8_t>(server_bits);

    // Section 7.1.2.2: "If a received extension negotiation offer doesn't
    // have the "client_max_window_bits" extension parameter, the
    // corresponding extension negotiation response to the offer MUST NOT
    // include [it]": such a client may use 15 bits, which a server that
    // wants less cannot allow, so it declines. With a value V the client
    // promises V at most; the answer may name V or less, and does.
    int client_bits = max_window_bits;
    bool name_client_bits = false;
    if (!offer.has_client_max_window_bits)
    {
        if (o.client_max_window_bits < max_window_bits)
            return false;
    }
    else
    {
        client_bits = o.client_max_window_bits;
        name_client_bits = client_bits < max_window_bits;
        if (offer.client_max_window_bits != 0)
        {
            if (offer.client_max_window_bits < client_bits)
                client_bits = offer.client_max_window_bits;
            name_client_bits = true;
        }
    }
    p.client_max_window_bits = static_cast<std::uint8_t>(client_bits);

    std::string s = "permessage-deflate";
    if (p.server_no_context_takeover)
        s += "; server_no_context_takeover";
    if (p.client_no_context_takeover)
        s += "; client_no_context_takeover";
    if (name_server_bits)
    {
        s += "; server_max_window_bits=";
        append_bits(s, server_bits);
    }
    if (name_client_bits)
    {
        s += "; client_max_window_bits=";
        append_bits(s, client_bits);
    }
    r.response = std::move(s);
    r.params = p;
    r.accepted = true;
    return true;
}

// A reader of one field value. Each element is read in full (so the next
// one starts at a comma), and evaluated when it is a permessage-deflate
// offer.
class list_reader
{
public:
    explicit list_reader(std::string_view s) noexcept : s_(s)
    {
    }

    // Reads the next element; false at the end of the value.
    // `is_deflate` tells whether it names permessage-deflate, `offer`
    // what it asks (valid is false when it is malformed).
    bool
    next(bool& is_deflate, deflate_offer& offer)
    {
        // Empty elements and the commas around them (RFC 7230 section 7).
        for (;;)
        {
            skip_ows();
            if (i_ == s_.size())
                return false;
            if (s_[i_] != ',')
                break;
            ++i_;
        }
        offer = deflate_offer{};
        in_quote_ = false;
        std::string_view const name = token();
        is_deflate = websocketio::detail::iequals(name, "permessage-deflate");
        if (name.empty() || !params(offer))
        {
            offer.valid = false;
            skip_element();
        }
        return true;
    }

private:
    void
    skip_ows() noexcept
    {
        while (i_ < s_.size() && is_ows(s_[i_]))
            ++i_;
    }

    std::string_view
    token() noexcept
    {
        std::size_t const start = i_;
        while (i_ < s_.size() && is_tchar(s_[i_]))
            ++i_;
        return s_.substr(start, i_ - start);
    }

    // The quoted-string starting at i_ (on the opening quote), unescaped
    // into `v`. False when it is broken or does not end; in_quote_ then
    // tells skip_element that i_ is still inside it.
    bool
    quoted_string(param_value& v) noexcept
    {
        ++i_;
        in_quote_ = true;
        while (i_ < s_.size())
        {
            char const c = s_[i_++];
            if (c == '"')
            {
                in_quote_ = false;
                return true;
            }
            if (c == '\\')
            {
                if (i_ == s_.size() || !is_quoted_pair_octet(s_[i_]))
                    return false;
                v.push(s_[i_++]);
            }
            else if (is_qdtext(c))
                v.push(c);
            else
                return false;
        }
        return false;
    }

    // `*( OWS ";" OWS param [ OWS "=" OWS value ] )` up to the comma or
    // the end. False on a syntax error.
    bool
    params(deflate_offer& offer)
    {
        for (;;)
        {
            skip_ows();
            if (i_ == s_.size() || s_[i_] == ',')
                return true;
            if (s_[i_] != ';')
                return false;
            ++i_;
            skip_ows();
            std::string_view const name = token();
            if (name.empty())
                return false;
            skip_ows();
            param_value v;
            if (i_ < s_.size() && s_[i_] == '=')
            {
                ++i_;
                skip_ows();
                v.present = true;
                if (i_ < s_.size() && s_[i_] == '"')
                {
                    if (!quoted_string(v))
                        return false;
                }
                else
                {
                    std::string_view const t = token();
                    if (t.empty())
                        return false;
                    for (char const c : t)
                        v.push(c);
                }
            }
            offer.add(name, v);
        }
    }

    // After a syntax error: on to the next comma outside a quoted-string
    // (the error may lie inside one: a control character).
    void
    skip_element() noexcept
    {
        bool quoted = in_quote_;
        while (i_ < s_.size())
        {
            char const c = s_[i_];
            if (quoted)
            {
                if (c == '\\')
                    ++i_;
                else if (c == '"')
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
                return;
            ++i_;
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
    bool in_quote_ = false;
};

} // namespace

void
negotiate_permessage_deflate(std::string_view value,
                             permessage_deflate_options const& opts,
                             deflate_offer_result& result)
{
    if (result.accepted || !options_valid(opts))
        return;
    list_reader reader(value);
    bool is_deflate = false;
    deflate_offer offer;
    while (reader.next(is_deflate, offer))
    {
        // RFC 7692 section 5: offers are in the client's order of
        // preference; a declined one leaves the next its turn.
        if (is_deflate && offer.valid && accept(offer, opts, result))
            return;
    }
}

deflate_offer_result
negotiate_permessage_deflate(request_type const& req,
                             permessage_deflate_options const& opts)
{
    // Each line on its own: a list split over several lines means the
    // same as its lines joined by commas (RFC 7230 section 3.2.2), and no
    // element can span two lines since a quoted-string holds no line
    // break.
    deflate_offer_result r;
    auto const range = req.equal_range("Sec-WebSocket-Extensions");
    for (auto it = range.first; it != range.second && !r.accepted; ++it)
    {
        auto const v = it->value();
        negotiate_permessage_deflate(std::string_view(v.data(), v.size()), opts,
                                     r);
    }
    return r;
}

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost
