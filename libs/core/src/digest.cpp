//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/detail/digest.hpp>

#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace boost {
namespace websocketio {
namespace detail {

namespace {

template <std::size_t N>
std::array<std::uint8_t, N>
digest(EVP_MD const* md, std::string_view data)
{
    std::array<std::uint8_t, N> out{};
    unsigned len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) !=
            1 ||
        len != N)
        throw std::runtime_error("boost.websocketio: EVP_Digest failed");
    return out;
}

} // namespace

std::array<std::uint8_t, 20>
sha1(std::string_view data)
{
    return digest<20>(EVP_sha1(), data);
}

std::array<std::uint8_t, 16>
md5(std::string_view data)
{
    return digest<16>(EVP_md5(), data);
}

std::string
base64_encode(void const* data, std::size_t size)
{
    std::string out(4 * ((size + 2) / 3), '\0');
    int const n = EVP_EncodeBlock(
        reinterpret_cast<unsigned char*>(out.data()),
        static_cast<unsigned char const*>(data), static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string>
base64_decode(std::string_view s)
{
    // EVP_DecodeBlock skips leading/trailing whitespace and does not report
    // padding, so check the alphabet and the shape ourselves first.
    if (s.empty() || s.size() % 4 != 0)
        return std::nullopt;
    std::size_t pad = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        char const c = s[i];
        bool const alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=')
        {
            if (i + 2 < s.size())
                return std::nullopt;
            ++pad;
        }
        else if (!alpha || pad != 0)
            return std::nullopt;
    }
    std::string out(s.size() / 4 * 3, '\0');
    int const n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<unsigned char const*>(s.data()),
                        static_cast<int>(s.size()));
    if (n < 0 || static_cast<std::size_t>(n) < pad)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

std::string
make_accept(std::string_view key)
{
    static constexpr std::string_view guid =
        "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::string s;
    s.reserve(key.size() + guid.size());
    s.append(key);
    s.append(guid);
    auto const d = sha1(s);
    return base64_encode(d.data(), d.size());
}

} // namespace detail
} // namespace websocketio
} // namespace boost
