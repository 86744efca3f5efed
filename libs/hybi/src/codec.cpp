//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hybi/codec.hpp>

#include <boost/websocketio/hybi/detail/frame.hpp>
#include <boost/websocketio/hybi/detail/handshake.hpp>

namespace boost {
namespace websocketio {
namespace hybi {

namespace {

// Section 5.5: a control frame payload is at most 125 bytes, two of which
// hold the close code.
constexpr std::size_t max_close_reason = detail::max_control_payload - 2;

detail::opcode
to_opcode(frame_type type) noexcept
{
    switch (type)
    {
    case frame_type::text: return detail::opcode::text;
    case frame_type::binary: return detail::opcode::binary;
    case frame_type::ping: return detail::opcode::ping;
    case frame_type::pong: return detail::opcode::pong;
    case frame_type::close: return detail::opcode::close;
    }
    return detail::opcode::binary;
}

// Section 7.4.1: these codes describe local situations and MUST NOT be set
// in a close frame.
bool
is_sendable(close_code code) noexcept
{
    return code != close_code::none && code != close_code::no_status &&
           code != close_code::abnormal && code != close_code::tls_handshake;
}

} // namespace

codec_capabilities
codec::capabilities() const noexcept
{
    codec_capabilities c;
    c.binary = true;
    c.ping = true;
    c.close_frame = true;
    c.close_code = true;
    c.fragmentation = true;
    return c;
}

handshake_result
codec::handshake(handshake_input const& in)
{
    static permessage_deflate_options const disabled{};
    handshake_result r = detail::accept_upgrade(
        draft_, in, deflate_options_ ? *deflate_options_ : disabled,
        negotiated_deflate_);
    if (r.state == handshake_result::status::accepted && negotiated_deflate_)
    {
        // RFC 7692: from the 101 on, both ends speak the agreed deflate.
        start_deflate(*negotiated_deflate_, *deflate_options_, r.extensions);
    }
    if (r.state != handshake_result::status::need_more)
        deflate_options_.reset(); // the engine keeps what it needs
    return r;
}

frame_header
codec::make_header(frame_type type, std::size_t size) const noexcept
{
    frame_header h;
    h.prefix_size = static_cast<std::uint8_t>(
        detail::write_header(h.prefix, to_opcode(type), size));
    return h;
}

namespace {

// One compressed frame: header room guessed, `compress` appends the
// DEFLATE bytes, the header is fixed once their size is known.
template <class Compress>
void
append_compressed(frame_type type, std::string_view payload, std::string& out,
                  Compress compress)
{
    // Leave room for the header the compressed size most likely needs
    // (deflate rarely grows data by more than a few bytes), then fix it.
    std::size_t const at = out.size();
    std::uint8_t h[10];
    std::size_t const guess = detail::write_header(
        h, to_opcode(type), payload.size() + payload.size() / 16 + 64);
    out.append(guess, '\0');
    try
    {
        compress(payload, out);
    }
    catch (...)
    {
        out.resize(at); // nothing appended
        throw;
    }
    std::size_t const n = out.size() - at - guess;
    std::size_t const hn = detail::write_header(h, to_opcode(type), n);
    // RFC 7692 section 6: RSV1 on the (only) frame of the message.
    h[0] = static_cast<std::uint8_t>(h[0] | detail::rsv1_bit);
    out.replace(at, guess, reinterpret_cast<char const*>(h), hn);
}

} // namespace

detail::deflate_engine const*
codec::compressor_for(frame_type type, std::size_t size) const noexcept
{
    // RFC 7692 section 6.1: only data messages, and only from the
    // threshold on.
    detail::deflate_engine const* const d = decoder_.deflate();
    if (d == nullptr || size < d->threshold() ||
        (type != frame_type::text && type != frame_type::binary))
        return nullptr;
    return d;
}

void
codec::encode_message(frame_type type, std::string_view payload,
                      std::string& out)
{
    if (compressor_for(type, payload.size()) == nullptr)
    {
        encode(type, payload, out);
        return;
    }
    detail::deflate_engine* const d = decoder_.deflate();
    append_compressed(type, payload, out,
                      [d](std::string_view in, std::string& o) {
                          d->compress(in, o);
                      });
}

std::uint32_t
codec::broadcast_key(frame_type type, std::size_t size) const noexcept
{
    detail::deflate_engine const* const d = compressor_for(type, size);
    if (d == nullptr)
        return 2;
    if (!d->stateless_compressor())
        return 0; // context takeover: this connection's history
    return 0x10000u | d->settings_key();
}

void
codec::encode_broadcast(frame_type type, std::string_view payload,
                        std::string& out) const
{
    detail::deflate_engine const* const d = compressor_for(type, payload.size());
    if (d == nullptr)
    {
        encode(type, payload, out);
        return;
    }
    append_compressed(type, payload, out,
                      [d](std::string_view in, std::string& o) {
                          d->compress_stateless(in, o);
                      });
}

bool
codec::encode_close(close_code code, std::string_view reason,
                    std::string& out) const
{
    if (!is_sendable(code))
    {
        out.push_back(static_cast<char>(detail::fin_bit |
            static_cast<std::uint8_t>(detail::opcode::close)));
        out.push_back('\0');
        return true;
    }
    if (reason.size() > max_close_reason)
    {
        // Cut before the continuation bytes of a split character.
        std::size_t n = max_close_reason;
        while (n > 0 && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80)
            --n;
        reason = reason.substr(0, n);
    }
    std::uint8_t h[10];
    std::size_t const hn =
        detail::write_header(h, detail::opcode::close, 2 + reason.size());
    out.append(reinterpret_cast<char const*>(h), hn);
    auto const v = static_cast<std::uint16_t>(code);
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v & 0xFF));
    out.append(reason.data(), reason.size());
    return true;
}

} // namespace hybi
} // namespace websocketio
} // namespace boost
