//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_EXAMPLE_CHAT_JSON_HPP
#define BOOST_WEBSOCKETIO_EXAMPLE_CHAT_JSON_HPP

// A tiny, strict JSON (RFC 8259) reader and a string escaper: just what the
// chat example needs. parse() accepts exactly the JSON grammar (no comments,
// no trailing commas, no leading zeros, no lone surrogates, no raw control
// characters in strings, nesting at most 32 deep) and returns the values of
// a top-level object's members; anything else is an error.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace chat {
namespace json {

/// A top-level member's value: its kind, and the text for strings.
struct value
{
    enum class kind
    {
        null,
        boolean,
        number,
        string,
        array,
        object
    };
    kind k = kind::null;
    std::string str; ///< the decoded string (kind::string only)
};

/// The members of a top-level JSON object. Duplicate names are an error.
using object = std::map<std::string, value, std::less<>>;

namespace detail {

class reader
{
public:
    explicit reader(std::string_view in) noexcept : in_(in) {}

    std::optional<object>
    top_object()
    {
        skip_ws();
        if (!eat('{'))
            return std::nullopt;
        object out;
        skip_ws();
        if (eat('}'))
            return finish(std::move(out));
        for (;;)
        {
            skip_ws();
            std::string name;
            if (!string(&name))
                return std::nullopt;
            skip_ws();
            if (!eat(':'))
                return std::nullopt;
            skip_ws();
            value v;
            if (!any(1, &v))
                return std::nullopt;
            if (!out.emplace(std::move(name), std::move(v)).second)
                return std::nullopt; // duplicate member
            skip_ws();
            if (eat('}'))
                return finish(std::move(out));
            if (!eat(','))
                return std::nullopt;
        }
    }

private:
    static constexpr int max_depth = 32;

    std::optional<object>
    finish(object o)
    {
        skip_ws();
        if (pos_ != in_.size())
            return std::nullopt; // trailing garbage
        return o;
    }

    bool
    eat(char c) noexcept
    {
        if (pos_ < in_.size() && in_[pos_] == c)
        {
            ++pos_;
            return true;
        }
        return false;
    }

    bool
    literal(std::string_view word) noexcept
    {
        if (in_.substr(pos_, word.size()) != word)
            return false;
        pos_ += word.size();
        return true;
    }

    void
    skip_ws() noexcept
    {
        while (pos_ < in_.size() &&
               (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' ||
                in_[pos_] == '\r'))
            ++pos_;
    }

    bool
    digit() const noexcept
    {
        return pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9';
    }

    // Any value; `out` (may be null) receives its kind and string.
    bool
    any(int depth, value* out)
    {
        if (depth > max_depth || pos_ >= in_.size())
            return false;
        value::kind k;
        switch (in_[pos_])
        {
        case '{':
            k = value::kind::object;
            if (!nested_object(depth))
                return false;
            break;
        case '[':
            k = value::kind::array;
            if (!array(depth))
                return false;
            break;
        case '"':
            k = value::kind::string;
            if (!string(out ? &out->str : nullptr))
                return false;
            break;
        case 't':
            k = value::kind::boolean;
            if (!literal("true"))
                return false;
            break;
        case 'f':
            k = value::kind::boolean;
            if (!literal("false"))
                return false;
            break;
        case 'n':
            k = value::kind::null;
            if (!literal("null"))
                return false;
            break;
        default:
            k = value::kind::number;
            if (!number())
                return false;
        }
        if (out)
            out->k = k;
        return true;
    }

    bool
    nested_object(int depth)
    {
        ++pos_; // '{'
        skip_ws();
        if (eat('}'))
            return true;
        for (;;)
        {
            skip_ws();
            if (!string(nullptr))
                return false;
            skip_ws();
            if (!eat(':'))
                return false;
            skip_ws();
            if (!any(depth + 1, nullptr))
                return false;
            skip_ws();
            if (eat('}'))
                return true;
            if (!eat(','))
                return false;
        }
    }

    bool
    array(int depth)
    {
        ++pos_; // '['
        skip_ws();
        if (eat(']'))
            return true;
        for (;;)
        {
            skip_ws();
            if (!any(depth + 1, nullptr))
                return false;
            skip_ws();
            if (eat(']'))
                return true;
            if (!eat(','))
                return false;
        }
    }

    bool
    number() noexcept
    {
        eat('-');
        if (eat('0'))
        {
            // no leading zeros
        }
        else if (digit())
        {
            while (digit())
                ++pos_;
        }
        else
            return false;
        if (eat('.'))
        {
            if (!digit())
                return false;
            while (digit())
                ++pos_;
        }
        if (eat('e') || eat('E'))
        {
            if (!eat('+'))
                eat('-');
            if (!digit())
                return false;
            while (digit())
                ++pos_;
        }
        return true;
    }

    bool
    hex4(std::uint32_t& cp) noexcept
    {
        if (in_.size() - pos_ < 4)
            return false;
        cp = 0;
        for (int i = 0; i < 4; ++i)
        {
            char const c = in_[pos_++];
            cp <<= 4;
            if (c >= '0' && c <= '9')
                cp |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                cp |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                cp |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    static void
    append_utf8(std::string& s, std::uint32_t cp)
    {
        if (cp < 0x80)
            s += static_cast<char>(cp);
        else if (cp < 0x800)
        {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else
        {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // A string; its decoded text goes to `out` when not null. The input is
    // valid UTF-8 already (the WebSocket layer checks text messages).
    bool
    string(std::string* out)
    {
        if (!eat('"'))
            return false;
        for (;;)
        {
            if (pos_ >= in_.size())
                return false;
            char const c = in_[pos_++];
            if (c == '"')
                return true;
            if (static_cast<unsigned char>(c) < 0x20)
                return false; // raw control character
            if (c != '\\')
            {
                if (out)
                    *out += c;
                continue;
            }
            if (pos_ >= in_.size())
                return false;
            char const e = in_[pos_++];
            char plain = 0;
            switch (e)
            {
            case '"': plain = '"'; break;
            case '\\': plain = '\\'; break;
            case '/': plain = '/'; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u':
            {
                std::uint32_t cp;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return false; // lone low surrogate
                if (cp >= 0xD800 && cp <= 0xDBFF)
                {
                    std::uint32_t lo;
                    if (!eat('\\') || !eat('u') || !hex4(lo) || lo < 0xDC00 ||
                        lo > 0xDFFF)
                        return false; // high surrogate not followed by low
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if (out)
                    append_utf8(*out, cp);
                continue;
            }
            default:
                return false;
            }
            if (out)
                *out += plain;
        }
    }

    std::string_view in_;
    std::size_t pos_ = 0;
};

} // namespace detail

/// The members of `text` if it is exactly one JSON object, else nullopt.
inline std::optional<object>
parse_object(std::string_view text)
{
    return detail::reader(text).top_object();
}

/// Appends `s` (valid UTF-8) to `out` as a JSON string literal, quotes
/// included. Control characters, U+2028 and U+2029 are escaped.
inline void
append_string(std::string& out, std::string_view s)
{
    static char const hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        unsigned char const c = static_cast<unsigned char>(s[i]);
        switch (c)
        {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7F)
            {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            }
            else if (c == 0xE2 && i + 2 < s.size() &&
                     static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                     (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                      static_cast<unsigned char>(s[i + 2]) == 0xA9))
            {
                // U+2028 / U+2029: valid JSON, but not valid JavaScript
                // source in older engines.
                out += static_cast<unsigned char>(s[i + 2]) == 0xA8
                           ? "\\u2028"
                           : "\\u2029";
                i += 2;
            }
            else
                out += static_cast<char>(c);
        }
    }
    out += '"';
}

/// `s` as a JSON string literal.
inline std::string
quote(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    append_string(out, s);
    return out;
}

} // namespace json
} // namespace chat

#endif
