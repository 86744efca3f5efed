//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// permessage-deflate (RFC 7692) in the hybi codecs: the inflating decoder,
// the compressing encoder, and the memory the zlib streams hold.

#define BOOST_TEST_MODULE hybi_deflate
#include "frames.hpp"

#include <boost/websocketio/hybi/detail/deflate.hpp>

#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <sstream>
#include <thread>

using namespace hybi_test;
using wsio::close_code;
using wsio::error;
using wsio::frame_type;
using wsio::hybi::detail::deflate_engine;
using wsio::hybi::detail::deflate_params;
using event_kind = wsio::decode_result::event;

// GCC pairs the replaced operator new with std::free below and warns; the
// pair is consistent (both malloc/free).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

// Counts every operator new and new[] in this program
// (steady_state_allocates_nothing).
std::atomic<std::size_t> new_calls{0};

void*
operator new(std::size_t n)
{
    ++new_calls;
    if (void* p = std::malloc(n != 0 ? n : 1))
        return p;
    throw std::bad_alloc();
}

void
operator delete(void* p) noexcept
{
    std::free(p);
}

void
operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

// Arrays too (the reassembly buffer and the thread's deflate buffer are
// `new char[]`): under ASan, operator new[] would not reach the one above.
void*
operator new[](std::size_t n)
{
    return operator new(n);
}

void
operator delete[](void* p) noexcept
{
    std::free(p);
}

void
operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}

namespace {

std::string const hello = "Hello";

wsio::hybi::draft const drafts[] = {wsio::hybi::hybi13_draft,
                                    wsio::hybi::hybi08_draft,
                                    wsio::hybi::hybi07_draft};

deflate_params
takeover()
{
    return {};
}

deflate_params
no_takeover()
{
    deflate_params p;
    p.server_no_context_takeover = true;
    p.client_no_context_takeover = true;
    return p;
}

wsio::permessage_deflate_options
options(std::size_t threshold = 0, int level = -1, int mem_level = 8)
{
    wsio::permessage_deflate_options o;
    o.enabled = true;
    o.threshold = threshold;
    o.compression_level = level;
    o.memory_level = mem_level;
    return o;
}

wsio::codec_config
limit(std::size_t n)
{
    wsio::codec_config cfg;
    cfg.max_message_size = n;
    return cfg;
}

std::unique_ptr<wsio::hybi::codec>
make(deflate_params const& p = takeover(),
     wsio::permessage_deflate_options const& o = options(),
     wsio::codec_config const& cfg = {},
     wsio::hybi::draft const& d = wsio::hybi::hybi13_draft)
{
    auto c = std::make_unique<wsio::hybi::codec>(d, cfg);
    c->start_deflate(p, o);
    return c;
}

/** Like @ref check, for codecs with permessage-deflate started with `p`:
    every draft, every split. */
void
check_deflate(std::string_view input, std::vector<event> const& expected,
              deflate_params const& p = takeover(),
              wsio::codec_config const& cfg = {})
{
    for (auto const& d : drafts)
    {
        for (auto const& pieces : splits(input.size()))
        {
            auto c = make(p, options(), cfg, d);
            std::vector<event> const got = run(*c, input, pieces);
            BOOST_TEST_CONTEXT(d.protocol_version << ", " << pieces.size()
                                                  << " pieces")
            {
                BOOST_TEST_REQUIRE(got.size() == expected.size());
                for (std::size_t i = 0; i < got.size(); ++i)
                    BOOST_TEST(got[i] == expected[i]);
            }
        }
    }
}

// First byte of a frame: FIN, RSV1 and the opcode.
constexpr std::uint8_t fin = 0x80;
constexpr std::uint8_t rsv1 = 0x40;
constexpr std::uint8_t rsv2 = 0x20;
constexpr std::uint8_t rsv3 = 0x10;
constexpr std::uint8_t op_cont = 0x0;
constexpr std::uint8_t op_text = 0x1;
constexpr std::uint8_t op_binary = 0x2;
constexpr std::uint8_t op_ping = 0x9;

/// A masked client frame with first byte `b0`.
std::string
client(std::uint8_t b0, std::string_view payload)
{
    return frame(b0, payload, rfc_key);
}

/// Raw DEFLATE of `data` (window `bits`, sync flush, tail removed), as a
/// client would send it; `z` keeps the context across calls.
class raw_deflater
{
public:
    explicit raw_deflater(int bits = 15, int level = 6)
    {
        BOOST_TEST_REQUIRE(deflateInit2(&z_, level, Z_DEFLATED, -bits, 8,
                                        Z_DEFAULT_STRATEGY) == Z_OK);
    }

    ~raw_deflater()
    {
        deflateEnd(&z_);
    }

    std::string
    operator()(std::string_view data)
    {
        std::string out(deflateBound(&z_, data.size()) + 64, '\0');
        z_.next_in =
            reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z_.avail_in = static_cast<uInt>(data.size());
        z_.next_out = reinterpret_cast<Bytef*>(out.data());
        z_.avail_out = static_cast<uInt>(out.size());
        BOOST_TEST_REQUIRE(deflate(&z_, Z_SYNC_FLUSH) == Z_OK);
        BOOST_TEST_REQUIRE(z_.avail_in == 0u);
        out.resize(out.size() - z_.avail_out);
        BOOST_TEST_REQUIRE(out.size() >= 4u);
        BOOST_TEST_REQUIRE(out.substr(out.size() - 4) == hex("00 00 ff ff"));
        out.resize(out.size() - 4);
        return out;
    }

private:
    z_stream z_{};
};

/// Inflates what a server sent (appending 00 00 ff ff); keeps the context.
class raw_inflater
{
public:
    explicit raw_inflater(int bits = 15)
    {
        BOOST_TEST_REQUIRE(inflateInit2(&z_, -bits) == Z_OK);
    }

    ~raw_inflater()
    {
        inflateEnd(&z_);
    }

    /// The message, or "<error>" on invalid data.
    std::string
    operator()(std::string data)
    {
        data += hex("00 00 ff ff");
        std::string out;
        z_.next_in = reinterpret_cast<Bytef*>(data.data());
        z_.avail_in = static_cast<uInt>(data.size());
        char buf[4096];
        do
        {
            z_.next_out = reinterpret_cast<Bytef*>(buf);
            z_.avail_out = sizeof buf;
            int const r = inflate(&z_, Z_SYNC_FLUSH);
            if (r != Z_OK && r != Z_BUF_ERROR)
                return "<error>";
            out.append(buf, sizeof buf - z_.avail_out);
        } while (z_.avail_in != 0 || z_.avail_out == 0);
        return out;
    }

private:
    z_stream z_{};
};

/// A server frame split into its parts.
struct server_frame
{
    std::uint8_t b0 = 0;
    std::string payload;
};

server_frame
parse(std::string_view f)
{
    server_frame out;
    BOOST_TEST_REQUIRE(f.size() >= 2u);
    out.b0 = static_cast<std::uint8_t>(f[0]);
    auto const b1 = static_cast<std::uint8_t>(f[1]);
    BOOST_TEST_REQUIRE((b1 & 0x80) == 0); // servers never mask
    std::uint64_t n = b1 & 0x7F;
    std::size_t at = 2;
    if (n == 126)
    {
        n = (std::uint64_t(std::uint8_t(f[2])) << 8) | std::uint8_t(f[3]);
        at = 4;
        BOOST_TEST(n > 125u); // shortest form
    }
    else if (n == 127)
    {
        n = 0;
        for (int i = 0; i < 8; ++i)
            n = (n << 8) | std::uint8_t(f[2 + i]);
        at = 10;
        BOOST_TEST(n > 0xFFFFu);
    }
    BOOST_TEST_REQUIRE(f.size() == at + n);
    out.payload = std::string(f.substr(at));
    return out;
}

/// JSON-like text: repeated keys, varying values.
std::string
json_like(std::size_t n, unsigned seed = 7)
{
    std::mt19937 gen(seed);
    static char const* const words[] = {"alpha", "beta",  "gamma", "delta",
                                        "price", "count", "name",  "id",
                                        "user",  "event", "value", "time"};
    std::string s;
    while (s.size() < n)
    {
        s += "{\"";
        s += words[gen() % 12];
        s += "\":";
        s += std::to_string(gen() % 100000);
        s += ",\"";
        s += words[gen() % 12];
        s += "\":\"";
        s += words[gen() % 12];
        s += "\"},";
    }
    s.resize(n);
    return s;
}

} // namespace

// ---- decoding: RFC 7692 section 7.2.3 ---------------------------------------

BOOST_AUTO_TEST_CASE(rfc7692_7_2_3_1_a_message_compressed)
{
    // "Hello" in one compressed frame, then the same in two fragments.
    check_deflate(client(fin | rsv1 | op_text, hex("f2 48 cd c9 c9 07 00")),
                  {text(hello)});
    check_deflate(client(rsv1 | op_text, hex("f2 48 cd")) +
                      client(fin | op_cont, hex("c9 c9 07 00")),
                  {text(hello)});
}

BOOST_AUTO_TEST_CASE(rfc7692_7_2_3_2_sharing_lz77_window)
{
    // The client's second "Hello" refers to the first: 5 bytes back.
    std::string const in =
        client(fin | rsv1 | op_text, hex("f2 48 cd c9 c9 07 00")) +
        client(fin | rsv1 | op_text, hex("f2 00 11 00 00"));
    check_deflate(in, {text(hello), text(hello)});
    // Without client context takeover the reference has no target.
    check_deflate(in,
                  {text(hello), failure(error::bad_compressed_data, 1007)},
                  no_takeover());
}

BOOST_AUTO_TEST_CASE(rfc7692_7_2_3_3_no_compression_block)
{
    check_deflate(client(fin | rsv1 | op_text,
                         hex("00 05 00 fa ff 48 65 6c 6c 6f 00")),
                  {text(hello)});
}

BOOST_AUTO_TEST_CASE(rfc7692_7_2_3_4_bfinal_set)
{
    std::string const final_block =
        client(fin | rsv1 | op_text, hex("f3 48 cd c9 c9 07 00 00"));
    check_deflate(final_block, {text(hello)});
    // The next message starts a new DEFLATE stream that may still use the
    // window (context takeover): here, the 7.2.3.2 back-reference.
    check_deflate(final_block +
                      client(fin | rsv1 | op_text, hex("f2 00 11 00 00")),
                  {text(hello), text(hello)});
}

BOOST_AUTO_TEST_CASE(rfc7692_7_2_3_5_two_deflate_blocks)
{
    check_deflate(client(fin | rsv1 | op_text,
                         hex("f2 48 05 00 00 00 ff ff ca c9 c9 07 00")),
                  {text(hello)});
}

BOOST_AUTO_TEST_CASE(rfc7692_7_2_3_6_empty_message)
{
    check_deflate(client(fin | rsv1 | op_text, hex("00")), {text("")});
    check_deflate(client(fin | rsv1 | op_binary, hex("00")), {binary("")},
                  no_takeover());
}

// ---- decoding: fragments, RSV rules, limits -------------------------------

BOOST_AUTO_TEST_CASE(fragmented_with_ping_between)
{
    std::string const msg = json_like(3000);
    for (auto const& p : {takeover(), no_takeover()})
    {
        raw_deflater d;
        std::string const z = d(msg);
        BOOST_TEST_REQUIRE(z.size() > 30u);
        std::size_t const a = z.size() / 3;
        std::string const in =
            client(rsv1 | op_text, z.substr(0, a)) +
            client(fin | op_ping, "p1") +
            client(op_cont, z.substr(a, a)) +
            client(fin | op_ping, "p2") +
            client(fin | op_cont, z.substr(2 * a)) +
            client(fin | rsv1 | op_binary, d(msg)); // refers to the first
        if (p.client_no_context_takeover)
            check_deflate(in.substr(0, in.size() -
                                           client(fin | rsv1 | op_binary,
                                                  d(msg))
                                               .size()),
                          {ping("p1"), ping("p2"), text(msg)}, p);
        else
            check_deflate(in,
                          {ping("p1"), ping("p2"), text(msg), binary(msg)},
                          p);
    }
}

BOOST_AUTO_TEST_CASE(empty_fragments_of_a_compressed_message)
{
    raw_deflater d;
    std::string const z = d(hello);
    check_deflate(client(rsv1 | op_text, "") + client(op_cont, z) +
                      client(fin | op_cont, ""),
                  {text(hello)});
    // No compressed byte at all: the empty message, as zlib-based peers
    // read it (the sender's form is `00`, section 7.2.3.6).
    check_deflate(client(rsv1 | op_binary, "") + client(fin | op_cont, ""),
                  {binary("")});
    check_deflate(client(fin | rsv1 | op_text, "") +
                      client(fin | rsv1 | op_text, z),
                  {text(""), text(hello)}, no_takeover());
}

BOOST_AUTO_TEST_CASE(rsv1_on_continuation_is_protocol_error)
{
    // RFC 7692 section 6.1: RSV1 only on a message's first frame.
    check_deflate(client(rsv1 | op_text, hex("f2 48 cd")) +
                      client(fin | rsv1 | op_cont, hex("c9 c9 07 00")),
                  {failure(error::bad_reserved_bits, 1002)});
    // Also when the first frame was not compressed.
    check_deflate(client(op_text, "He") + client(fin | rsv1 | op_cont, "llo"),
                  {failure(error::bad_reserved_bits, 1002)});
}

BOOST_AUTO_TEST_CASE(rsv1_on_control_frames_is_protocol_error)
{
    check_deflate(client(fin | rsv1 | op_ping, ""),
                  {failure(error::bad_reserved_bits, 1002)});
    check_deflate(client(fin | rsv1 | 0xA, ""),
                  {failure(error::bad_reserved_bits, 1002)});
    check_deflate(client(fin | rsv1 | 0x8, close_payload(1000)),
                  {failure(error::bad_reserved_bits, 1002)});
    // Between the fragments of a compressed message.
    check_deflate(client(rsv1 | op_text, hex("f2 48 cd")) +
                      client(fin | rsv1 | op_ping, "x"),
                  {failure(error::bad_reserved_bits, 1002)});
}

BOOST_AUTO_TEST_CASE(rsv2_rsv3_still_protocol_errors)
{
    for (std::uint8_t bits : {rsv2, rsv3, std::uint8_t(rsv1 | rsv2),
                              std::uint8_t(rsv1 | rsv3)})
        check_deflate(client(fin | bits | op_text, hex("f2 48 cd c9 c9 07 00")),
                      {failure(error::bad_reserved_bits, 1002)});
}

BOOST_AUTO_TEST_CASE(rsv1_without_deflate_is_protocol_error)
{
    // The plain codec (deflate never started) is unchanged.
    check(client(fin | rsv1 | op_text, hex("f2 48 cd c9 c9 07 00")),
          {failure(error::bad_reserved_bits, 1002)});
    wsio::hybi::codec plain(wsio::hybi::hybi13_draft, {});
    BOOST_TEST(plain.deflate_memory() == 0u);
    BOOST_TEST(!plain.transforms_payload(1 << 20));
    // An uncompressed message is delivered in place as before.
    std::string in = client(fin | op_text, hello);
    auto const r = plain.decode(in.data(), in.size());
    BOOST_TEST(r.payload == hello);
    BOOST_TEST(r.payload.data() == in.data() + 6);
}

BOOST_AUTO_TEST_CASE(uncompressed_messages_still_work_with_deflate)
{
    // RSV1 clear: the message is sent as is (RFC 7692 section 6).
    std::string const big = json_like(70000);
    check_deflate(client(fin | op_text, hello) + client(op_binary, "ab") +
                      client(fin | op_cont, "cd") + client(fin | op_text, big),
                  {text(hello), binary("abcd"), text(big)});
}

BOOST_AUTO_TEST_CASE(garbage_is_1007)
{
    // 0xff: BFINAL and the reserved block type 3.
    check_deflate(client(fin | rsv1 | op_binary, hex("ff ff ff ff")),
                  {failure(error::bad_compressed_data, 1007)});
    check_deflate(client(fin | rsv1 | op_binary, hex("ff ff ff ff")),
                  {failure(error::bad_compressed_data, 1007)}, no_takeover());
    // A message cut inside a block.
    check_deflate(client(fin | rsv1 | op_text, hex("f2 48 cd")),
                  {failure(error::bad_compressed_data, 1007)});
    // Stored block whose NLEN is not the complement of LEN.
    check_deflate(client(fin | rsv1 | op_text,
                         hex("00 05 00 fa fe 48 65 6c 6c 6f")),
                  {failure(error::bad_compressed_data, 1007)});
}

// Found by fuzz_hybi_deflate: text that inflates to invalid UTF-8 ahead of
// invalid DEFLATE data is a UTF-8 error however the input is split (the
// text came first in the stream); both close with 1007.
BOOST_AUTO_TEST_CASE(the_first_error_in_the_stream_is_reported_in_every_split)
{
    // "f2 48 cd c9 d9 04 dc": "He" then bytes that are not UTF-8 text,
    // then an invalid distance.
    check_deflate(client(fin | rsv1 | op_text, hex("f2 48 cd c9 d9 04 dc")),
                  {failure(error::bad_utf8, 1007)});
    // Binary has no UTF-8 check: the DEFLATE error it is.
    check_deflate(client(fin | rsv1 | op_binary, hex("f2 48 cd c9 d9 04 dc")),
                  {failure(error::bad_compressed_data, 1007)});
}

BOOST_AUTO_TEST_CASE(utf8_checked_after_inflating)
{
    raw_deflater d;
    std::string const bad = "ok \xff\xfe";
    check_deflate(client(fin | rsv1 | op_text, d(bad)),
                  {failure(error::bad_utf8, 1007)});
    // A character split across two fragments' inflated output is fine.
    raw_deflater d2;
    std::string const euro = "price: \xe2\x82\xac 5";
    std::string const z = d2(euro);
    check_deflate(client(rsv1 | op_text, z.substr(0, 3)) +
                      client(fin | op_cont, z.substr(3)),
                  {text(euro)});
    // Binary messages are not checked.
    raw_deflater d3;
    check_deflate(client(fin | rsv1 | op_binary, d3(bad)), {binary(bad)});
}

BOOST_AUTO_TEST_CASE(corrupted_streams_fail_cleanly)
{
    // Valid compressed messages with random bytes changed: each ends in a
    // message or in 1007 (bad data, or bad UTF-8 after inflating) or 1009,
    // and the buffer stays within the limit.
    std::size_t const lim = 64 * 1024;
    std::mt19937 gen(11);
    std::size_t messages = 0, bad_data = 0;
    for (unsigned i = 0; i < 400; ++i)
    {
        std::string const msg = i % 2 ? json_like(3000, i)
                                      : std::string(200000, 'z');
        raw_deflater d;
        std::string z = d(msg);
        for (int k = 0; k < 1 + int(i % 3); ++k)
            z[gen() % z.size()] = static_cast<char>(gen());
        auto const p = i % 4 < 2 ? takeover() : no_takeover();
        auto c = make(p, options(), limit(lim));
        std::string in = client(fin | rsv1 | op_text, z);
        auto const r = c->decode(in.data(), in.size());
        BOOST_TEST(c->buffer_capacity() <= lim + 1);
        if (r.what == event_kind::message)
        {
            ++messages;
            BOOST_TEST(r.payload.size() <= lim);
            continue;
        }
        BOOST_TEST_REQUIRE((r.what == event_kind::error));
        auto const code = static_cast<std::uint16_t>(r.code);
        BOOST_TEST((code == 1007 || code == 1009), "code " << code);
        if (r.ec == error::bad_compressed_data)
            ++bad_data;
    }
    BOOST_TEST_MESSAGE("corrupted: " << messages << " messages, " << bad_data
                                     << " bad data of 400");
    BOOST_TEST(bad_data > 100u);
}

BOOST_AUTO_TEST_CASE(limit_applies_to_inflated_size)
{
    std::string const msg(1000, 'a');
    raw_deflater d;
    std::string const z = d(msg);
    BOOST_TEST(z.size() < 100u);
    std::string const in = client(fin | rsv1 | op_text, z);
    check_deflate(in, {text(msg)}, takeover(), limit(1000));
    check_deflate(in, {failure(error::message_too_big, 1009)}, takeover(),
                  limit(999));
    check_deflate(in, {failure(error::message_too_big, 1009)}, no_takeover(),
                  limit(999));
}

// Section 7.2.2's tail is inflated in the same zlib call as the data when
// the input holds 4 more bytes after the message's last frame: it is
// written over the next frame's bytes for that call. Whatever the message
// turns out to be (a message, bad DEFLATE data, bad UTF-8, too big), those
// bytes are as they were when the event is reported, for every count of
// following bytes (0 to 3 take the two-call path), and the next frame
// decodes.
BOOST_AUTO_TEST_CASE(borrowed_tail_bytes_are_put_back)
{
    raw_deflater d1;
    raw_deflater d2;
    raw_deflater d3;
    std::string const json = json_like(3000);
    struct row
    {
        std::string frame;
        event expected;
    };
    std::vector<row> const rows = {
        {client(fin | rsv1 | op_text, d1("Hello, tail")),
         text("Hello, tail")},
        {client(fin | rsv1 | op_text, d2(json)), text(json)},
        {client(fin | rsv1 | op_text, hex("f2 48 cd")),
         failure(error::bad_compressed_data, 1007)},
        {client(fin | rsv1 | op_binary, hex("ff ff ff ff")),
         failure(error::bad_compressed_data, 1007)},
        {client(fin | rsv1 | op_text, d3("ok \xff\xfe")),
         failure(error::bad_utf8, 1007)},
        {client(fin | rsv1 | op_text, raw_deflater()(std::string(5000, 'a'))),
         failure(error::message_too_big, 1009)},
    };
    std::string const next = client(fin | op_ping, "ping!");
    for (auto const& p : {takeover(), no_takeover()})
    {
        for (std::size_t i = 0; i < rows.size(); ++i)
        {
            for (std::size_t k = 0; k <= next.size(); ++k)
            {
                BOOST_TEST_CONTEXT("row " << i << ", " << k
                                          << " bytes after")
                {
                    auto c = make(p, options(), limit(4000));
                    std::string in = rows[i].frame + next.substr(0, k);
                    std::string const after = in.substr(rows[i].frame.size());
                    auto const r = c->decode(in.data(), in.size());
                    event e;
                    e.what = r.what;
                    e.type = r.type;
                    e.payload = std::string(r.payload);
                    e.code = r.code;
                    e.ec = r.ec;
                    BOOST_TEST(e == rows[i].expected);
                    BOOST_TEST(in.substr(rows[i].frame.size()) == after);
                    if (r.what != event_kind::message || k != next.size())
                        continue;
                    BOOST_TEST(r.consumed == rows[i].frame.size());
                    auto const r2 = c->decode(in.data() + r.consumed,
                                              in.size() - r.consumed);
                    BOOST_TEST((r2.what == event_kind::ping));
                    BOOST_TEST(r2.payload == "ping!");
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(bomb_is_1009_and_bounded)
{
    // 16 MiB of zeros in under 16 KiB; the limit is 1 MiB.
    std::size_t const lim = 1024 * 1024;
    std::string const zeros(16 * 1024 * 1024, '\0');
    raw_deflater d(15, 9);
    std::string const z = d(zeros);
    BOOST_TEST_REQUIRE(z.size() <= 16u * 1024);
    BOOST_TEST_MESSAGE("bomb: " << z.size() << " bytes inflate to "
                                << zeros.size());
    for (auto const& p : {takeover(), no_takeover()})
    {
        for (bool fragmented : {false, true})
        {
            std::string in;
            if (!fragmented)
                in = client(fin | rsv1 | op_binary, z);
            else
            {
                // 1 KiB fragments.
                for (std::size_t at = 0; at < z.size(); at += 1024)
                {
                    std::uint8_t b0 = at == 0 ? (rsv1 | op_binary) : op_cont;
                    if (at + 1024 >= z.size())
                        b0 |= fin;
                    in += client(b0, z.substr(at, 1024));
                }
            }
            for (auto const& pieces :
                 {whole(in.size()), random_pieces(in.size(), 5, 700)})
            {
                auto c = make(p, options(), limit(lim));
                auto const got = run(*c, in, pieces);
                BOOST_TEST_REQUIRE(got.size() == 1u);
                BOOST_TEST(got[0] == failure(error::message_too_big, 1009));
                // Never more than the limit plus the one byte that shows
                // the overflow.
                BOOST_TEST(c->buffer_capacity() <= lim + 1);
                BOOST_TEST(c->buffer_capacity() >= lim);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(large_compressed_message_in_pieces)
{
    // 2 MiB of JSON-like text, fragmented and fed in random pieces.
    std::string const msg = json_like(2 * 1024 * 1024);
    raw_deflater d;
    std::string const z = d(msg);
    std::string in;
    std::size_t const step = z.size() / 5 + 1;
    for (std::size_t at = 0; at < z.size(); at += step)
    {
        std::uint8_t b0 = at == 0 ? (rsv1 | op_text) : op_cont;
        if (at + step >= z.size())
            b0 |= fin;
        in += client(b0, z.substr(at, step));
    }
    auto c = make(takeover(), options(), limit(msg.size()));
    auto const got = run(*c, in, random_pieces(in.size(), 9, 40000));
    BOOST_TEST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0] == text(msg));
    BOOST_TEST(c->buffer_capacity() <= msg.size() + 1);
}

BOOST_AUTO_TEST_CASE(shared_inflaters_with_interleaved_messages)
{
    // Two connections without client context takeover, each with a
    // message in progress at once on this thread: each holds its own pool
    // stream until its message ends.
    std::string const ma = json_like(5000, 1);
    std::string const mb = json_like(5000, 2);
    raw_deflater da, db;
    std::string const za = da(ma), zb = db(mb);
    auto a = make(no_takeover());
    auto b = make(no_takeover());
    auto feed = [](wsio::hybi::codec& c, std::string f) {
        auto const r = c.decode(f.data(), f.size());
        BOOST_TEST(r.consumed == f.size());
        return event{r.what, r.type, std::string(r.payload), r.code, r.ec};
    };
    std::size_t const h = za.size() / 2, k = zb.size() / 2;
    BOOST_TEST((feed(*a, client(rsv1 | op_text, za.substr(0, h))).what ==
                event_kind::need_more));
    BOOST_TEST(a->deflate_memory() > 0u); // holds a stream mid-message
    BOOST_TEST((feed(*b, client(rsv1 | op_text, zb.substr(0, k))).what ==
                event_kind::need_more));
    BOOST_TEST(feed(*a, client(fin | op_cont, za.substr(h))) == text(ma));
    BOOST_TEST(a->deflate_memory() == 0u); // given back
    BOOST_TEST(feed(*b, client(fin | op_cont, zb.substr(k))) == text(mb));
    BOOST_TEST(b->deflate_memory() == 0u);
}

// ---- encoding --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(round_trip_with_context_takeover)
{
    std::string const msg = json_like(1024);
    auto c = make(takeover(), options(0));
    raw_inflater inflate;
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 3; ++i)
    {
        BOOST_TEST(c->transforms_payload(msg.size()));
        std::string out;
        c->encode_message(frame_type::text, msg, out);
        server_frame const f = parse(out);
        BOOST_TEST(f.b0 == (fin | rsv1 | op_text));
        BOOST_TEST(inflate(f.payload) == msg);
        sizes.push_back(f.payload.size());
    }
    BOOST_TEST_MESSAGE("takeover: " << msg.size() << " bytes -> " << sizes[0]
                                    << ", then " << sizes[1]);
    // The second refers to the first.
    BOOST_TEST(sizes[1] < sizes[0] / 4);
    BOOST_TEST(c->deflate_memory() > 0u);
}

// A quiet dedicated connection frees its compressor and keeps only the
// inflater; the next message, from a fresh compressor, still decodes in the
// peer's inflater that kept its window, and later ones refer to it again.
BOOST_AUTO_TEST_CASE(release_idle_memory_frees_the_compressor_only)
{
    std::string const msg = json_like(1024);
    auto c = make(takeover(), options(0));
    raw_inflater peer; // keeps its window across messages
    std::string out;
    c->encode_message(frame_type::text, msg, out);
    BOOST_TEST(peer(parse(out).payload) == msg);
    // A compressed message from the peer makes the inflater.
    raw_deflater client_side;
    std::string const in = client(0x80 | 0x40 | 0x1, client_side(msg));
    std::string wire = in;
    auto const r = c->decode(&wire[0], wire.size());
    BOOST_TEST((r.what == wsio::decode_result::event::message));
    BOOST_TEST(r.payload == msg);
    std::size_t const both = c->deflate_memory();
    BOOST_TEST(both > 128u * 1024u); // window 15, memory level 8
    c->release_idle_memory();
    std::size_t const inflater_only = c->deflate_memory();
    BOOST_TEST(inflater_only > 0u);
    BOOST_TEST(inflater_only <= 41u * 1024u); // 32 KiB window + state
    out.clear();
    c->encode_message(frame_type::text, msg, out);
    std::string const first_after = parse(out).payload;
    BOOST_TEST(peer(first_after) == msg);
    out.clear();
    c->encode_message(frame_type::text, msg, out);
    std::string const second_after = parse(out).payload;
    BOOST_TEST(peer(second_after) == msg);
    // A fresh window: the first message after is whole-size, the next one
    // refers to it again.
    BOOST_TEST(second_after.size() < first_after.size() / 4);
    BOOST_TEST(c->deflate_memory() == both);
}

BOOST_AUTO_TEST_CASE(round_trip_without_context_takeover)
{
    std::string const msg = json_like(1024);
    auto c = make(no_takeover(), options(0));
    std::vector<std::string> payloads;
    for (int i = 0; i < 3; ++i)
    {
        std::string out;
        c->encode_message(frame_type::binary, msg, out);
        server_frame const f = parse(out);
        BOOST_TEST(f.b0 == (fin | rsv1 | op_binary));
        raw_inflater fresh; // each message stands alone
        BOOST_TEST(fresh(f.payload) == msg);
        payloads.push_back(f.payload);
    }
    BOOST_TEST(payloads[1] == payloads[0]);
    BOOST_TEST(payloads[2] == payloads[0]);
    BOOST_TEST(c->deflate_memory() == 0u); // the thread's stream did it
    BOOST_TEST(deflate_engine::thread_memory() > 0u);
}

BOOST_AUTO_TEST_CASE(broadcast_keys_and_bytes)
{
    // codec::broadcast_key / encode_broadcast: equal non-zero keys give
    // the bytes encode_message gives, so a publish encodes once per key.
    std::string const msg = json_like(2048);
    auto a = make(no_takeover(), options(100), {}, wsio::hybi::hybi13_draft);
    auto b = make(no_takeover(), options(100), {}, wsio::hybi::hybi07_draft);
    auto plain = std::make_unique<wsio::hybi::codec>(
        wsio::hybi::hybi08_draft, wsio::codec_config{});
    auto ctx = make(takeover(), options(100));
    auto level1 = make(no_takeover(), options(100, 1));
    deflate_params w10 = no_takeover();
    w10.server_max_window_bits = 10;
    auto window10 = make(w10, options(100));

    std::uint32_t const k = a->broadcast_key(frame_type::text, msg.size());
    BOOST_TEST(k != 0u);
    BOOST_TEST(k != 2u);
    BOOST_TEST(b->broadcast_key(frame_type::text, msg.size()) == k);
    BOOST_TEST(b->broadcast_key(frame_type::binary, msg.size()) == k);
    // Another setting is another key; context takeover has none.
    BOOST_TEST(level1->broadcast_key(frame_type::text, msg.size()) != k);
    BOOST_TEST(window10->broadcast_key(frame_type::text, msg.size()) != k);
    BOOST_TEST(ctx->broadcast_key(frame_type::text, msg.size()) == 0u);
    // Untransformed frames: one key for every hybi draft.
    BOOST_TEST(plain->broadcast_key(frame_type::text, msg.size()) == 2u);
    BOOST_TEST(a->broadcast_key(frame_type::text, 99) == 2u);
    BOOST_TEST(ctx->broadcast_key(frame_type::text, 99) == 2u);

    for (auto t : {frame_type::text, frame_type::binary})
    {
        std::string shared, own_a, own_b;
        a->encode_broadcast(t, msg, shared);
        a->encode_message(t, msg, own_a);
        b->encode_message(t, msg, own_b);
        BOOST_TEST(shared == own_a);
        BOOST_TEST(shared == own_b);
        std::string small_shared, small_plain;
        a->encode_broadcast(t, std::string_view(msg).substr(0, 99),
                            small_shared);
        plain->encode(t, std::string_view(msg).substr(0, 99), small_plain);
        BOOST_TEST(small_shared == small_plain);
    }
    // Window 10: the broadcast bytes decode with a 10-bit inflater.
    std::string w;
    window10->encode_broadcast(frame_type::text, msg, w);
    server_frame const f = parse(w);
    BOOST_TEST(f.b0 == (fin | rsv1 | op_text));
    raw_inflater inf10(10);
    BOOST_TEST(inf10(f.payload) == msg);
    // Nothing of the connection was used (the thread's stream was).
    BOOST_TEST(a->deflate_memory() == 0u);
}

BOOST_AUTO_TEST_CASE(encode_appends_and_sizes_header)
{
    // Sizes around the 7-bit, 16-bit and 64-bit length forms of the
    // compressed payload; incompressible data grows a little.
    for (std::size_t n : {0u, 1u, 100u, 125u, 126u, 200u, 70000u, 100000u})
    {
        std::string const msg = random_bytes(n, static_cast<unsigned>(n));
        auto c = make(no_takeover(), options(0));
        std::string out = "prefix";
        c->encode_message(frame_type::binary, msg, out);
        BOOST_TEST_REQUIRE(out.substr(0, 6) == "prefix");
        server_frame const f = parse(std::string_view(out).substr(6));
        BOOST_TEST(f.b0 == (fin | rsv1 | op_binary));
        raw_inflater fresh;
        BOOST_TEST(fresh(f.payload) == msg);
        if (n == 0)
            BOOST_TEST(f.payload == hex("00")); // section 7.2.3.6
    }
}

BOOST_AUTO_TEST_CASE(threshold_and_control_frames)
{
    auto c = make(takeover(), options(100));
    std::string const small(99, 'a'), big(100, 'a');
    BOOST_TEST(!c->transforms_payload(99));
    BOOST_TEST(c->transforms_payload(100));
    std::string out, plain;
    c->encode_message(frame_type::text, small, out);
    c->encode(frame_type::text, small, plain);
    BOOST_TEST(out == plain); // RSV1 clear, payload verbatim
    BOOST_TEST((std::uint8_t(out[0]) & rsv1) == 0);
    out.clear();
    c->encode_message(frame_type::text, big, out);
    BOOST_TEST(std::uint8_t(out[0]) == (fin | rsv1 | op_text));
    BOOST_TEST(out.size() < big.size());
    // Control frames are never compressed (RFC 7692 section 6.1).
    for (auto t : {frame_type::ping, frame_type::pong})
    {
        out.clear();
        plain.clear();
        c->encode_message(t, big, out);
        c->encode(t, big, plain);
        BOOST_TEST(out == plain);
    }
    // No compressor was made for what was not compressed.
    auto d = make(takeover(), options(100));
    out.clear();
    d->encode_message(frame_type::text, small, out);
    BOOST_TEST(d->deflate_memory() == 0u);
}

BOOST_AUTO_TEST_CASE(window_8_agreed_decodes_with_8_bit_inflater)
{
    // zlib cannot compress with a raw 8-bit window; 9 bits never refer
    // farther back than 250 bytes, so an 8-bit inflater decodes it.
    deflate_params p;
    p.server_max_window_bits = 8;
    p.client_max_window_bits = 8;
    for (int level : {1, 6, 9})
    {
        auto c = make(p, options(0, level));
        raw_inflater inflate8(8);
        std::string all;
        std::size_t total = 0;
        for (unsigned i = 0; i < 4; ++i)
        {
            // 16 KiB each, 64 KiB in all: words repeat at every distance.
            std::string const msg = json_like(16 * 1024, 100 + i);
            std::string out;
            c->encode_message(frame_type::text, msg, out);
            server_frame const f = parse(out);
            BOOST_TEST(inflate8(f.payload) == msg);
            total += f.payload.size();
        }
        BOOST_TEST_MESSAGE("window 8, level " << level << ": 65536 -> "
                                              << total);
        BOOST_TEST(total < 65536u / 2); // it did compress
    }
    // The inflater of an 8-bit client window takes 8-bit data.
    raw_deflater d8(9); // what a zlib client with 8 agreed sends
    std::string const msg = json_like(4096, 3);
    check_deflate(client(fin | rsv1 | op_text, d8(msg)), {text(msg)}, p);
}

BOOST_AUTO_TEST_CASE(shared_stream_used_by_two_codecs_alternately)
{
    // Same settings: one thread stream serves both; different settings:
    // a stream per setting.
    for (int level_b : {-1, 1})
    {
        auto a = make(no_takeover(), options(0, -1));
        auto b = make(no_takeover(), options(0, level_b));
        for (unsigned i = 0; i < 6; ++i)
        {
            wsio::hybi::codec& c = i % 2 ? *b : *a;
            std::string const msg = json_like(2000 + 100 * i, i);
            std::string out;
            c.encode_message(frame_type::text, msg, out);
            raw_inflater fresh;
            BOOST_TEST(fresh(parse(out).payload) == msg);
        }
        BOOST_TEST(a->deflate_memory() == 0u);
        BOOST_TEST(b->deflate_memory() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(shared_streams_are_per_thread)
{
    // Two threads, each with its own codecs in shared mode, compress and
    // inflate at once; each thread's streams serve only it.
    auto work = [](unsigned seed, bool& good) {
        good = true;
        auto c = make(no_takeover(), options(0));
        for (unsigned i = 0; i < 200 && good; ++i)
        {
            std::string const msg = json_like(1500, seed * 1000 + i);
            std::string out;
            c->encode_message(frame_type::binary, msg, out);
            // Back in as a client frame with an all-zero masking key.
            std::size_t const h = (out[1] & 0x7f) == 126 ? 4 : 2;
            std::string in = out.substr(0, h);
            in[1] = static_cast<char>(in[1] | 0x80);
            in.append(4, '\0');
            in.append(out, h, std::string::npos);
            auto const r = c->decode(in.data(), in.size());
            good = r.what == event_kind::message && r.payload == msg &&
                   r.consumed == in.size();
        }
    };
    bool good1 = false, good2 = false;
    std::thread t1(work, 1u, std::ref(good1));
    std::thread t2(work, 2u, std::ref(good2));
    t1.join();
    t2.join();
    BOOST_TEST(good1);
    BOOST_TEST(good2);
}

BOOST_AUTO_TEST_CASE(bad_options_throw)
{
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, {});
    BOOST_CHECK_THROW(c.start_deflate(takeover(), options(0, 10)),
                      std::invalid_argument);
    BOOST_CHECK_THROW(c.start_deflate(takeover(), options(0, -1, 0)),
                      std::invalid_argument);
    deflate_params p;
    p.client_max_window_bits = 7;
    BOOST_CHECK_THROW(c.start_deflate(p, options()), std::invalid_argument);
    BOOST_TEST(c.deflate_memory() == 0u);
}

// ---- memory ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(codec_without_deflate_grows_by_one_pointer)
{
    // hybi::codec before permessage-deflate: 320 bytes on x86-64 (GCC 12);
    // the engine pointer, the options held until the handshake ends (a
    // pointer, null when disabled) and the agreed parameters add 24; the
    // RSV1 flag fits in padding.
    BOOST_TEST(sizeof(wsio::hybi::codec) <= 320u + 2 * sizeof(void*) + 8u);
}

BOOST_AUTO_TEST_CASE(steady_state_allocates_nothing)
{
    // After the first messages, neither zlib, nor the decoder's buffer,
    // nor the encoder's output allocates again for messages of the same
    // size: operator new is counted here, and zlib's own allocations by
    // the engine (deflate_memory).
    for (auto const& p : {takeover(), no_takeover()})
    {
        std::vector<std::string> frames;
        std::vector<std::string> msgs;
        raw_deflater d;
        for (unsigned i = 0; i < 40; ++i)
        {
            msgs.push_back(json_like(1024, i));
            std::string const z = p.client_no_context_takeover
                                      ? raw_deflater()(msgs.back())
                                      : d(msgs.back());
            frames.push_back(client(fin | rsv1 | op_text, z));
        }
        auto c = make(p, options(0));
        std::string out;
        out.reserve(4096);
        std::vector<std::size_t> news(frames.size());
        std::vector<bool> ok(frames.size());
        std::size_t cap = 0, mem = 0;
        for (std::size_t i = 0; i < frames.size(); ++i)
        {
            std::size_t const before = new_calls.load();
            auto const r = c->decode(frames[i].data(), frames[i].size());
            out.clear();
            c->encode_message(frame_type::text, msgs[i], out);
            news[i] = new_calls.load() - before;
            ok[i] = r.payload == msgs[i];
            if (i == 4)
            {
                cap = c->buffer_capacity();
                mem = c->deflate_memory();
            }
        }
        // The counter sees the first message's streams being made.
        BOOST_TEST(news[0] > 0u);
        for (std::size_t i = 0; i < frames.size(); ++i)
        {
            BOOST_TEST(ok[i]);
            if (i > 4)
                BOOST_TEST(news[i] == 0u, "message " << i);
        }
        BOOST_TEST(c->buffer_capacity() == cap);
        BOOST_TEST(c->deflate_memory() == mem);
        BOOST_TEST(cap < 16u * 1024);
    }
}

BOOST_AUTO_TEST_CASE(shared_mode_owns_nothing_per_connection)
{
    // The agreed settings are interned: once one connection agreed them,
    // the next starts permessage-deflate without an allocation, and the
    // engine lives inside the decoder (no object of its own on the heap).
    // With no context takeover either way, nothing is held after a
    // message each way either (memory_per_connection checks zlib's part).
    std::string_view const answer =
        "permessage-deflate; server_no_context_takeover; "
        "client_no_context_takeover";
    auto a = std::make_unique<wsio::hybi::codec>(
        wsio::hybi::hybi13_draft, wsio::codec_config{});
    a->start_deflate(no_takeover(), options(0), answer);
    auto b = std::make_unique<wsio::hybi::codec>(
        wsio::hybi::hybi13_draft, wsio::codec_config{});
    std::size_t const before = new_calls.load();
    b->start_deflate(no_takeover(), options(0), answer);
    BOOST_TEST(new_calls.load() - before == 0u);
    BOOST_TEST(b->extensions() == answer);
    BOOST_TEST(b->extensions().data() == a->extensions().data()); // one copy
    // A different threshold is a different setting.
    auto c = std::make_unique<wsio::hybi::codec>(
        wsio::hybi::hybi13_draft, wsio::codec_config{});
    c->start_deflate(no_takeover(), options(1), answer);
    BOOST_TEST(c->extensions() == answer);
    BOOST_TEST(!c->transforms_payload(0));
    BOOST_TEST(c->transforms_payload(1));
    BOOST_TEST(b->transforms_payload(0));

    std::string const msg = json_like(1024);
    std::string in = client(fin | rsv1 | op_text, raw_deflater()(msg));
    BOOST_TEST(b->decode(in.data(), in.size()).payload == msg);
    std::string out;
    b->encode_message(frame_type::text, msg, out);
    b->release_memory();
    BOOST_TEST(b->deflate_memory() == 0u);
    BOOST_TEST(b->buffer_capacity() == 0u);
}

BOOST_AUTO_TEST_CASE(memory_per_connection)
{
    // Bytes zlib asks for, per stream (counted by the allocator the engine
    // gives zlib), after one 1 KiB message each way. zlib's deflate holds
    // a 2 * 2^w window, a 2 * 2^w chain table, a 2 * 2^(m+7) hash table
    // and a 4 * 2^(m+6) pending buffer, plus its state; inflate a 2^w
    // window (made at the first output) plus its state.
    std::string const msg = json_like(1024);
    std::ostringstream table;
    table << "deflate bytes, window 9..15 (columns) x memLevel 1..9 (rows)\n";
    for (int m = 1; m <= 9; ++m)
    {
        table << "m" << m;
        for (int w = 9; w <= 15; ++w)
        {
            deflate_params p;
            p.server_max_window_bits = static_cast<std::uint8_t>(w);
            p.client_no_context_takeover = true;
            auto c = make(p, options(0, -1, m));
            std::string out;
            c->encode_message(frame_type::text, msg, out);
            std::size_t const got = c->deflate_memory();
            std::size_t const expect = (std::size_t(4) << w) +
                                       (std::size_t(2) << (m + 7)) +
                                       (std::size_t(4) << (m + 6));
            BOOST_TEST(got >= expect);
            BOOST_TEST(got <= expect + 8 * 1024);
            table << ' ' << got;
        }
        table << '\n';
    }
    // The inflater always has the 32 KiB window, whatever client window
    // was agreed (deflate.cpp, inflate_window: a smaller one made the
    // outcome of a too-far match depend on how the input was split).
    table << "inflate bytes, agreed client window 8..15:";
    std::size_t inflate_15 = 0;
    for (int w = 15; w >= 8; --w)
    {
        deflate_params p;
        p.client_max_window_bits = static_cast<std::uint8_t>(w);
        auto c = make(p, options());
        raw_deflater d(w < 9 ? 9 : w);
        std::string in = client(fin | rsv1 | op_text, d(msg));
        BOOST_TEST(c->decode(in.data(), in.size()).payload == msg);
        std::size_t const got = c->deflate_memory();
        BOOST_TEST(got >= (std::size_t(1) << 15));
        BOOST_TEST(got <= (std::size_t(1) << 15) + 8 * 1024);
        if (w == 15)
            inflate_15 = got;
        BOOST_TEST(got == inflate_15);
        table << ' ' << got;
    }
    BOOST_TEST_MESSAGE(table.str());

    // Dedicated mode at window 15, both directions, memLevel 8 (default)
    // and 1.
    for (int m : {8, 4, 1})
    {
        auto c = make(takeover(), options(0, -1, m));
        std::string in = client(fin | rsv1 | op_text, raw_deflater()(msg));
        BOOST_TEST(c->decode(in.data(), in.size()).payload == msg);
        std::string out;
        c->encode_message(frame_type::text, msg, out);
        BOOST_TEST_MESSAGE("dedicated, window 15, memLevel "
                           << m << ": " << c->deflate_memory() << " bytes");
        BOOST_TEST(c->deflate_memory() >
                   (std::size_t(4) << 15) + (std::size_t(1) << 15));
    }
    // Shared mode: nothing per connection once messages are done.
    auto s = make(no_takeover(), options(0));
    std::string in = client(fin | rsv1 | op_text, raw_deflater()(msg));
    BOOST_TEST(s->decode(in.data(), in.size()).payload == msg);
    std::string out;
    s->encode_message(frame_type::text, msg, out);
    BOOST_TEST(s->deflate_memory() == 0u);
}
