//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hixie_decoder
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/hixie/codec.hpp>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace wsio = boost::websocketio;
namespace hixie = boost::websocketio::hixie;
namespace bdata = boost::unit_test::data;

using event = wsio::decode_result::event;

// Records the largest single allocation while `counting` is on, to prove
// that a declared length is refused before anything is allocated for it.
namespace {
bool counting = false;
std::size_t largest_allocation = 0;
} // namespace

void*
operator new(std::size_t n)
{
    if (counting && n > largest_allocation)
        largest_allocation = n;
    if (void* p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}

// GCC 12 pairs the inlined free() with the builtin operator new and warns,
// not knowing that operator new is replaced above by malloc.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

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

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace {

/// One decoder event, copied out of the codec's view.
struct recorded
{
    event what;
    wsio::frame_type type;
    std::string payload;
    boost::system::error_code ec;
    wsio::close_code code;

    friend bool
    operator==(recorded const& a, recorded const& b)
    {
        return a.what == b.what && a.payload == b.payload && a.ec == b.ec &&
               a.code == b.code &&
               (a.what != event::message || a.type == b.type);
    }

    friend std::ostream&
    operator<<(std::ostream& os, recorded const& r)
    {
        switch (r.what)
        {
        case event::message:
            return os << (r.type == wsio::frame_type::text ? "text"
                                                           : "binary")
                      << '[' << r.payload.size() << ']';
        case event::close: return os << "close(" << r.code << ')';
        case event::error:
            return os << "error(" << r.ec.message() << ", " << r.code << ')';
        default: return os << "other";
        }
    }
};

recorded
text(std::string s)
{
    return {event::message, wsio::frame_type::text, std::move(s), {},
            wsio::close_code::none};
}

recorded
binary(std::string s)
{
    return {event::message, wsio::frame_type::binary, std::move(s), {},
            wsio::close_code::none};
}

recorded
closing()
{
    return {event::close, wsio::frame_type::text, {}, {},
            wsio::close_code::none};
}

recorded
failure(wsio::error e)
{
    return {event::error, wsio::frame_type::text, {}, e,
            wsio::to_close_code(e)};
}

/** Feeds `input` cut at `cuts` (increasing offsets) the way a socket does:
    each piece lives in its own buffer; after an event the rest of the
    piece is passed again; `close` and `error` end the stream. */
std::vector<recorded>
feed(std::string const& input, std::vector<std::size_t> cuts,
     std::size_t max_message_size = 16 * 1024 * 1024)
{
    wsio::codec_config cfg;
    cfg.max_message_size = max_message_size;
    hixie::codec c(hixie::draft::hixie76, cfg);
    cuts.push_back(input.size());
    std::vector<recorded> out;
    std::size_t begin = 0;
    for (std::size_t const end : cuts)
    {
        std::string piece = input.substr(begin, end - begin);
        begin = end;
        char* p = piece.data();
        std::size_t n = piece.size();
        while (n > 0)
        {
            auto const r = c.decode(p, n);
            // Plain checks: this loop runs millions of times.
            if (r.consumed > n)
                BOOST_FAIL("consumed more than given");
            if (r.what == event::need_more)
            {
                if (r.consumed != n)
                    BOOST_FAIL("need_more without consuming everything");
            }
            else
            {
                if (r.consumed == 0)
                    BOOST_FAIL("an event consumed nothing");
                out.push_back({r.what, r.type, std::string(r.payload), r.ec,
                               r.code});
                if (r.what == event::close || r.what == event::error)
                    return out;
            }
            p += r.consumed;
            n -= r.consumed;
        }
    }
    return out;
}

std::vector<recorded>
feed_whole(std::string const& input, std::size_t max = 16 * 1024 * 1024)
{
    return feed(input, {}, max);
}

std::vector<recorded>
feed_bytewise(std::string const& input, std::size_t max = 16 * 1024 * 1024)
{
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < input.size(); ++i)
        cuts.push_back(i);
    return feed(input, cuts, max);
}

std::string
bytes(char const* s, std::size_t n)
{
    return std::string(s, n);
}

/// A golden input, its limit, and the events it must produce.
struct golden
{
    char const* name;
    std::string input;
    std::vector<recorded> events;
    std::size_t max_message_size = 16 * 1024 * 1024;
};

std::ostream&
operator<<(std::ostream& os, golden const& g)
{
    return os << g.name;
}

std::vector<golden>
golden_inputs()
{
    std::string const b128(128, 'b');
    std::string const b16k(16384, 'c');
    // U+00E9, U+20AC, U+1F600: two, three and four bytes.
    std::string const utf8 = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    std::string const ten_byte_length =
        "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x03"
        "abc";
    std::string const eleven_byte_length =
        "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x03"
        "abc";
    using wsio::error;
    return {
        {"text frame", bytes("\x00hello\xFF", 7), {text("hello")}},
        {"empty text frame", bytes("\x00\xFF", 2), {text("")}},
        {"several frames in one buffer",
         bytes("\x00" "a\xFF\x00" "bc\xFF\x80\x01x\x00\xFF", 12),
         {text("a"), text("bc"), binary("x"), text("")}},
        {"binary frame, 1-byte length", bytes("\x80\x03" "abc", 5),
         {binary("abc")}},
        {"binary frame, 2-byte length", bytes("\x80\x81\x00", 3) + b128,
         {binary(b128)}},
        {"binary frame, 3-byte length", bytes("\x80\x81\x80\x00", 4) + b16k,
         {binary(b16k)}},
        {"empty binary frame", bytes("\x80\x00", 2), {binary("")}},
        {"any 0x80+ type is binary", bytes("\x81\x02hi\xFE\x01z", 7),
         {binary("hi"), binary("z")}},
        {"0xFF with a length is binary, not close", bytes("\xFF\x01z", 3),
         {binary("z")}},
        {"10-byte length with padding", ten_byte_length, {binary("abc")}},
        {"closing frame", bytes("\xFF\x00", 2), {closing()}},
        {"text then close, then nothing more",
         bytes("\x00" "bye\xFF\xFF\x00\x00" "x\xFF", 10),
         {text("bye"), closing()}},
        {"multi-byte utf-8", bytes("\x00", 1) + utf8 + "\xFF", {text(utf8)}},
        {"invalid utf-8", bytes("\x00" "ok\xC0\xAF\xFF", 6),
         {failure(error::bad_utf8)}},
        {"surrogate in utf-8", bytes("\x00\xED\xA0\x80\xFF", 5),
         {failure(error::bad_utf8)}},
        {"utf-8 cut by the terminator", bytes("\x00\xE2\x82\xFF", 4),
         {failure(error::bad_utf8)}},
        {"bad frame type", bytes("\x00" "a\xFF\x01" "abc", 7),
         {text("a"), failure(error::bad_frame_type)}},
        {"frame type 0x7F", bytes("\x7F", 1),
         {failure(error::bad_frame_type)}},
        {"text at the limit", bytes("\x00" "12345678\xFF", 10),
         {text("12345678")}, 8},
        {"text past the limit, no terminator", bytes("\x00" "123456789", 10),
         {failure(error::message_too_big)}, 8},
        // Fuzz finding: the first error in stream order wins, however the
        // stream is split (bad UTF-8 inside the limit, frame past it).
        {"bad utf-8 within the limit, frame past it",
         bytes("\x00" "12\xC0" "456789", 10),
         {failure(error::bad_utf8)}, 8},
        {"bad utf-8 past the limit", bytes("\x00" "12345678\xC0", 10),
         {failure(error::message_too_big)}, 8},
        {"binary past the limit", bytes("\x80\x09" "123456789", 11),
         {failure(error::message_too_big)}, 8},
        {"huge declared length", bytes("\x80\x90\x80\x80\x80\x80\x00", 7),
         {failure(error::message_too_big)}},
        {"64-bit overflowing length",
         bytes("\x80\x82\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", 11),
         {failure(error::message_too_big)},
         ~std::size_t(0)},
        {"11-byte length", eleven_byte_length,
         {failure(error::message_too_big)},
         ~std::size_t(0)},
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(decoder)

BOOST_DATA_TEST_CASE(golden_input_gives_the_same_events_in_any_split,
                     bdata::make(golden_inputs()), g)
{
    auto const whole = feed_whole(g.input, g.max_message_size);
    BOOST_TEST(whole == g.events, boost::test_tools::per_element());
    BOOST_TEST(feed_bytewise(g.input, g.max_message_size) == g.events,
               boost::test_tools::per_element());

    std::mt19937 rng(20260101);
    for (int round = 0; round < 200; ++round)
    {
        std::vector<std::size_t> cuts;
        std::uniform_int_distribution<std::size_t> pick(0, g.input.size());
        std::size_t const k = round % 5;
        for (std::size_t i = 0; i < k; ++i)
            cuts.push_back(pick(rng));
        std::sort(cuts.begin(), cuts.end());
        BOOST_TEST(feed(g.input, cuts, g.max_message_size) == g.events,
                   boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(whole_frame_in_one_call_is_not_copied)
{
    hixie::codec c(hixie::draft::hixie76);
    std::string in = bytes("\x00hello\xFF\x80\x03" "abc", 12);
    auto const t = c.decode(in.data(), in.size());
    BOOST_TEST(t.payload == "hello");
    BOOST_TEST(t.payload.data() == in.data() + 1);
    auto const b = c.decode(in.data() + t.consumed, in.size() - t.consumed);
    BOOST_TEST(b.payload == "abc");
    BOOST_TEST(b.payload.data() == in.data() + 9);
}

BOOST_AUTO_TEST_CASE(message_split_across_calls_is_assembled_in_the_codec)
{
    hixie::codec c(hixie::draft::hixie76);
    std::string first = bytes("\x00hel", 4);
    std::string second = bytes("lo\xFF", 3);
    BOOST_TEST((c.decode(first.data(), first.size()).what ==
                event::need_more));
    auto const r = c.decode(second.data(), second.size());
    BOOST_TEST(r.payload == "hello");
    bool const inside = r.payload.data() >= second.data() &&
                        r.payload.data() < second.data() + second.size();
    BOOST_TEST(!inside);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_fails_before_the_terminator_arrives)
{
    hixie::codec c(hixie::draft::hixie76);
    std::string in = bytes("\x00" "abc\xF5", 5); // F5 never starts UTF-8
    auto const r = c.decode(in.data(), in.size());
    BOOST_TEST((r.what == event::error));
    BOOST_TEST(r.ec == wsio::error::bad_utf8);
    BOOST_TEST(r.code == wsio::close_code::invalid_payload);

    hixie::codec c2(hixie::draft::hixie76);
    std::string head = bytes("\x00\xE2", 2);
    std::string bad = bytes("\x41", 1); // not a continuation byte
    BOOST_TEST((c2.decode(head.data(), head.size()).what ==
                event::need_more));
    BOOST_TEST(c2.decode(bad.data(), bad.size()).ec == wsio::error::bad_utf8);
}

BOOST_AUTO_TEST_CASE(unterminated_text_fails_as_soon_as_it_passes_the_limit)
{
    wsio::codec_config cfg;
    cfg.max_message_size = 1000;
    hixie::codec c(hixie::draft::hixie76, cfg);
    std::string start = bytes("\x00", 1) + std::string(1000, 'a');
    BOOST_TEST((c.decode(start.data(), start.size()).what ==
                event::need_more));
    std::string more = "a";
    auto const r = c.decode(more.data(), more.size());
    BOOST_TEST(r.ec == wsio::error::message_too_big);
    BOOST_TEST(r.code == wsio::close_code::too_big);
}

BOOST_AUTO_TEST_CASE(huge_declared_length_is_refused_without_allocating)
{
    hixie::codec c(hixie::draft::hixie76);
    // 2^40 bytes declared, default 16 MiB limit.
    std::string in = bytes("\x80\xA0\x80\x80\x80\x80\x00", 7) + "payload";
    largest_allocation = 0;
    counting = true;
    auto const r = c.decode(in.data(), in.size());
    counting = false;
    BOOST_TEST(r.ec == wsio::error::message_too_big);
    BOOST_TEST(r.consumed <= 7u);
    BOOST_TEST(largest_allocation < 1024u);
    BOOST_TEST(c.buffer_capacity() < 1024u);
}

BOOST_AUTO_TEST_CASE(a_large_message_does_not_pin_its_buffer)
{
    hixie::codec c(hixie::draft::hixie76);
    std::string const big(1024 * 1024, 'x');
    std::string a = bytes("\x00", 1) + big.substr(0, 1000);
    std::string b = big.substr(1000) + bytes("\xFF", 1);
    BOOST_TEST((c.decode(a.data(), a.size()).what == event::need_more));
    auto const r = c.decode(b.data(), b.size());
    BOOST_TEST(r.payload == big);
    BOOST_TEST(c.buffer_capacity() >= big.size());
    std::string next = bytes("\x00hi", 3);
    BOOST_TEST((c.decode(next.data(), next.size()).what ==
                event::need_more));
    BOOST_TEST(c.buffer_capacity() <= hixie::codec::shrink_threshold);
}

BOOST_AUTO_TEST_CASE(long_message_fed_byte_by_byte_is_scanned_once)
{
    // Rescanning from the start on each call (websocket.io) would take
    // about 2^41 steps here; one pass takes 2^21.
    std::string in = bytes("\x00", 1) + std::string(2 * 1024 * 1024, 'y') +
                     bytes("\xFF", 1);
    auto const events = feed_bytewise(in);
    BOOST_TEST_REQUIRE(events.size() == 1u);
    BOOST_TEST(events[0].payload.size() == 2u * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(after_close_or_error_the_decoder_stays_put)
{
    hixie::codec c(hixie::draft::hixie75);
    std::string in = bytes("\xFF\x00\x00hi\xFF", 6);
    auto const r = c.decode(in.data(), in.size());
    BOOST_TEST((r.what == event::close));
    BOOST_TEST(r.consumed == 2u);
    BOOST_TEST(r.code == wsio::close_code::none);
    BOOST_TEST(r.payload.empty());
    auto const again = c.decode(in.data() + 2, in.size() - 2);
    BOOST_TEST((again.what == event::close));
    BOOST_TEST(again.consumed == 0u);

    hixie::codec e(hixie::draft::hixie76);
    std::string bad = bytes("\x05", 1);
    BOOST_TEST(e.decode(bad.data(), 1).ec == wsio::error::bad_frame_type);
    auto const still = e.decode(in.data(), in.size());
    BOOST_TEST(still.ec == wsio::error::bad_frame_type);
    BOOST_TEST(still.consumed == 0u);
}

BOOST_AUTO_TEST_CASE(empty_input_needs_more)
{
    hixie::codec c(hixie::draft::hixie76);
    auto const r = c.decode(nullptr, 0);
    BOOST_TEST((r.what == event::need_more));
    BOOST_TEST(r.consumed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

// release_memory() frees the reassembly buffer between frames, never in
// the middle of one.
BOOST_AUTO_TEST_CASE(release_memory_frees_the_buffer_only_between_frames)
{
    hixie::codec c(hixie::draft::hixie76, wsio::codec_config{});
    std::string const big(300000, 'h');
    std::string in = std::string(1, '\0') + big + "\xFF";
    auto r = c.decode(in.data(), in.size() - 1000);
    BOOST_TEST((r.what == wsio::decode_result::event::need_more));
    c.release_memory();
    BOOST_TEST(c.buffer_capacity() >= big.size() - 1000); // mid-frame: kept
    r = c.decode(in.data() + in.size() - 1000, 1000);
    BOOST_TEST((r.what == wsio::decode_result::event::message));
    BOOST_TEST(r.payload.size() == big.size());
    c.release_memory();
    BOOST_TEST(c.buffer_capacity() <= std::string().capacity());
}
