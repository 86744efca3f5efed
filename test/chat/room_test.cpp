//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Unit tests of the chat example's pieces without sockets: the nick
// registry (uniqueness, the numbering, and the number of lookups a join
// costs, counted, not timed) and the strict reading of client messages.

#define BOOST_TEST_MODULE chat_room
#include <boost/test/unit_test.hpp>

#include "nicks.hpp"
#include "protocol.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace {

std::string
nth(std::string const& base, unsigned k)
{
    return k == 1 ? base : base + std::to_string(k);
}

// The reply for a bad request, or "" when the request is valid.
std::string
error_of(std::string_view text)
{
    auto const r = chat::parse_request(text);
    auto const* bad = std::get_if<chat::bad_request>(&r);
    return bad ? bad->message : std::string();
}

std::string
nick_of(std::string_view text)
{
    auto const r = chat::parse_request(text);
    auto const* j = std::get_if<chat::join_request>(&r);
    return j ? j->nick : "(not a join: " + error_of(text) + ")";
}

std::string
text_of(std::string_view text)
{
    auto const r = chat::parse_request(text);
    auto const* m = std::get_if<chat::message_request>(&r);
    return m ? m->text : "(not a message: " + error_of(text) + ")";
}

std::string
repeat(std::string_view s, std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(nicks)

// The hardening issue: 800 joins with one nick were quadratic. Each join
// now costs at most 2 lookups in the ordered set (O(log n) each).
BOOST_AUTO_TEST_CASE(eight_hundred_joins_with_one_nick)
{
    chat::nick_registry r;
    std::set<std::string> got;
    std::uint64_t worst = 0;
    for (unsigned i = 1; i <= 800; ++i)
    {
        std::uint64_t const before = r.probes();
        std::string const n = r.add("guest");
        worst = std::max(worst, r.probes() - before);
        BOOST_TEST(n == nth("guest", i));
        got.insert(n);
    }
    BOOST_TEST(got.size() == 800u);
    BOOST_TEST(r.size() == 800u);
    BOOST_TEST(worst == 2u);
    BOOST_TEST(r.probes() == 1u + 2u * 799u);
    BOOST_TEST(r.bases() == 1u);
}

BOOST_AUTO_TEST_CASE(case_insensitive_and_the_case_asked_for_is_kept)
{
    chat::nick_registry r;
    BOOST_TEST(r.add("Alice") == "Alice");
    BOOST_TEST(r.add("alice") == "alice2");
    BOOST_TEST(r.add("ALICE") == "ALICE3");
    BOOST_TEST(r.contains("aLiCe2"));
    BOOST_TEST(!r.contains("alice4"));
    // Only ASCII letters fold: "É" and "é" are different nicks.
    BOOST_TEST(r.add("\xC3\x89mile") == "\xC3\x89mile");
    BOOST_TEST(r.add("\xC3\xA9mile") == "\xC3\xA9mile");
    std::vector<std::string> sorted;
    r.for_each([&](std::string_view n) { sorted.emplace_back(n); });
    BOOST_TEST((sorted == std::vector<std::string>{
                    "Alice", "alice2", "ALICE3", "\xC3\x89mile",
                    "\xC3\xA9mile"}));
}

BOOST_AUTO_TEST_CASE(numbers_given_back_are_reused_lowest_first)
{
    chat::nick_registry r;
    for (int i = 0; i < 6; ++i)
        r.add("bob"); // bob, bob2 .. bob6
    r.remove("BOB5"); // any case
    r.remove("bob3");
    r.remove("bob");
    std::uint64_t const before = r.probes();
    BOOST_TEST(r.add("bob") == "bob"); // the bare nick first: 1 lookup
    BOOST_TEST(r.add("bob") == "bob3"); // 2 lookups
    BOOST_TEST(r.add("bob") == "bob5");
    BOOST_TEST(r.add("bob") == "bob7");
    BOOST_TEST(r.probes() - before == 7u);
    // When the last "bob" leaves, numbering starts over and no state stays.
    for (auto n : {"bob", "bob2", "bob3", "bob4", "bob5", "bob6", "bob7"})
        r.remove(n);
    BOOST_TEST(r.size() == 0u);
    BOOST_TEST(r.bases() == 0u);
    r.add("bob");
    BOOST_TEST(r.add("bob") == "bob2");
    r.remove("nobody"); // ignored
    BOOST_TEST(r.size() == 2u);
}

// Nicks typed by hand that look like numbered ones are skipped, each at
// most once: 400 joins past 400 such nicks average under 3 lookups.
BOOST_AUTO_TEST_CASE(hand_typed_numbered_nicks_cost_once)
{
    chat::nick_registry r;
    for (unsigned k = 2; k <= 401; ++k)
        BOOST_TEST(r.add("v" + std::to_string(k)) == "v" + std::to_string(k));
    std::uint64_t const before = r.probes();
    std::set<std::string> got;
    for (unsigned i = 0; i < 400; ++i)
        got.insert(r.add("v"));
    BOOST_TEST(got.size() == 400u);
    BOOST_TEST(got.count("v") == 1u);
    BOOST_TEST(got.count("v402") == 1u);
    BOOST_TEST(got.count("v800") == 1u);
    // 1 + 2 * 399 for the joins, plus 400 skipped hand-typed nicks.
    BOOST_TEST(r.probes() - before == 1u + 2u * 399u + 400u);
    BOOST_TEST(r.size() == 800u);
}

BOOST_AUTO_TEST_CASE(long_nicks_lose_code_points_before_the_number)
{
    chat::nick_registry r;
    std::string const a32 = repeat("a", 32);
    BOOST_TEST(r.add(a32) == a32);
    BOOST_TEST(r.add(a32) == repeat("a", 31) + "2");
    for (unsigned k = 3; k <= 9; ++k)
        r.add(a32);
    BOOST_TEST(r.add(a32) == repeat("a", 30) + "10");
    // Multi-byte code points are never split: 32 x "é" (2 bytes each).
    std::string const e32 = repeat("\xC3\xA9", 32);
    r.add(e32);
    BOOST_TEST(r.add(e32) == repeat("\xC3\xA9", 31) + "2");
}

// Churn over a few colliding nicks, checked against a brute-force model
// after every step: nicks stay unique case-insensitively, at most 32 code
// points, the lookups average a small constant, the state stays bounded.
BOOST_AUTO_TEST_CASE(churn_keeps_nicks_unique)
{
    chat::nick_registry r;
    std::vector<std::string> in_use;
    std::uint32_t rnd = 12345;
    auto next = [&rnd] {
        rnd = rnd * 1103515245u + 12345u;
        return rnd >> 8;
    };
    std::string const asks[] = {"x", "X", "x2", "x22", "y", repeat("z", 32),
                                repeat("z", 31) + "1"};
    unsigned adds = 0;
    for (int step = 0; step < 6000; ++step)
    {
        if (in_use.empty() || next() % 3 != 0)
        {
            std::string const n = r.add(asks[next() % 7]);
            ++adds;
            std::string const f = chat::nick_registry::fold(n);
            for (auto const& m : in_use)
                BOOST_REQUIRE(chat::nick_registry::fold(m) != f);
            BOOST_REQUIRE(chat::detail::chars(n) <= 32u);
            in_use.push_back(n);
        }
        else
        {
            std::size_t const i = next() % in_use.size();
            r.remove(in_use[i]);
            in_use.erase(in_use.begin() + static_cast<std::ptrdiff_t>(i));
        }
        BOOST_REQUIRE(r.size() == in_use.size());
        BOOST_REQUIRE(r.bases() <= in_use.size());
    }
    BOOST_TEST(adds > 3000u);
    BOOST_TEST(r.probes() <= 4u * adds);
    for (auto const& m : in_use)
        r.remove(m);
    BOOST_TEST(r.size() == 0u);
    BOOST_TEST(r.bases() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(requests)

BOOST_AUTO_TEST_CASE(valid_requests)
{
    BOOST_TEST(nick_of(R"({"type":"join","nick":"alice"})") == "alice");
    BOOST_TEST(nick_of(R"( {"nick":"  bob\t","type":"join"} )") == "bob");
    BOOST_TEST(nick_of(R"({"type":"join","nick":")" + repeat("n", 32) +
                       "\"}") == repeat("n", 32));
    BOOST_TEST(nick_of(R"({"type":"join","nick":")" +
                       repeat("\xC3\xA9", 32) + "\"}") ==
               repeat("\xC3\xA9", 32));
    BOOST_TEST(nick_of(R"({"type":"join","nick":"\u00e9"})") == "\xC3\xA9");
    // Members the protocol does not know are ignored.
    BOOST_TEST(nick_of(R"({"type":"join","nick":"c","x":[1,{"y":null}]})") ==
               "c");
    BOOST_TEST(text_of(R"({"type":"message","text":" hi\nthere "})") ==
               "hi\nthere");
    BOOST_TEST(text_of(R"({"type":"message","text":")" + repeat("x", 2000) +
                       "\"}") == repeat("x", 2000));
    BOOST_TEST(text_of(R"({"type":"message","text":")" +
                       repeat("\xE2\x98\xBA", 2000) + "\"}") ==
               repeat("\xE2\x98\xBA", 2000));
    // RFC 8259 4: duplicate names are unpredictable; here the last counts.
    BOOST_TEST(text_of(R"({"type":"join","type":"message","text":"t"})") ==
               "t");
}

BOOST_AUTO_TEST_CASE(bad_json)
{
    for (char const* in :
         {"", "hello", "{", R"({"type":"join",})", R"({"type":"join"} x)",
          R"({"type":'join'})", R"({/*c*/"type":"join"})",
          R"({"type":"join","nick":"\ud800"})", R"({"type":"join","nick":01})",
          "{\"type\":\"join\",\"nick\":\"a\x01\"}"})
    {
        std::string const e = error_of(in);
        BOOST_TEST_INFO("input: " << in);
        BOOST_TEST(e.rfind("not JSON (", 0) == 0);
        BOOST_TEST(e.find(R"(send {"type":"join","nick":"..."} or )"
                          R"({"type":"message","text":"..."})") !=
                   std::string::npos);
    }
    // Nesting deeper than 32 levels is refused, not recursed into.
    std::string deep = R"({"type":"join","nick":"a","x":)" + repeat("[", 40) +
                       repeat("]", 40) + "}";
    BOOST_TEST(error_of(deep).rfind("not JSON (", 0) == 0);
}

BOOST_AUTO_TEST_CASE(wrong_shapes_and_types)
{
    std::string const not_object =
        R"(not a JSON object; send {"type":"join","nick":"..."} or )"
        R"({"type":"message","text":"..."})";
    for (char const* in : {"[]", R"(["type","join"])", "\"join\"", "42",
                           "null", "true"})
        BOOST_TEST(error_of(in) == not_object);
    std::string const no_type = R"(missing string member "type"; )"
                                R"(send {"type":"join","nick":"..."} or )"
                                R"({"type":"message","text":"..."})";
    BOOST_TEST(error_of("{}") == no_type);
    BOOST_TEST(error_of(R"({"type":1,"nick":"a"})") == no_type);
    BOOST_TEST(error_of(R"({"type":null})") == no_type);
    BOOST_TEST(error_of(R"({"type":["join"]})") == no_type);
    BOOST_TEST(error_of(R"({"Type":"join","nick":"a"})") == no_type);
    BOOST_TEST(error_of(R"({"type":"dance"})") ==
               R"(unknown type "dance" (expected "join" or "message"))");
    BOOST_TEST(error_of(R"({"type":"JOIN","nick":"a"})") ==
               R"(unknown type "JOIN" (expected "join" or "message"))");
    // A long unknown type is quoted only in part.
    BOOST_TEST(error_of(R"({"type":")" + repeat("d", 5000) + "\"}") ==
               "unknown type \"" + repeat("d", 32) +
                   R"("... (expected "join" or "message"))");
    for (char const* in : {R"({"type":"join"})", R"({"type":"join","nick":5})",
                           R"({"type":"join","nick":null})",
                           R"({"type":"join","nick":["a"]})"})
        BOOST_TEST(error_of(in) == R"(join needs a string "nick")");
    for (char const* in : {R"({"type":"message"})",
                           R"({"type":"message","text":false})",
                           R"({"type":"message","text":{"t":"x"}})"})
        BOOST_TEST(error_of(in) == R"(a message needs a string "text")");
}

BOOST_AUTO_TEST_CASE(field_limits)
{
    std::string const nick_len = "a nick has 1 to 32 characters";
    BOOST_TEST(error_of(R"({"type":"join","nick":""})") == nick_len);
    BOOST_TEST(error_of(R"({"type":"join","nick":" \t\r\n "})") == nick_len);
    BOOST_TEST(error_of(R"({"type":"join","nick":")" + repeat("n", 33) +
                        "\"}") == nick_len);
    BOOST_TEST(error_of(R"({"type":"join","nick":")" +
                        repeat("\xC3\xA9", 33) + "\"}") == nick_len);
    for (char const* in : {R"({"type":"join","nick":"a\u0000b"})",
                           R"({"type":"join","nick":"a\u001fb"})",
                           R"({"type":"join","nick":"a\u007fb"})",
                           R"({"type":"join","nick":"a\tb"})"})
        BOOST_TEST(error_of(in) == "a nick has no control characters");
    BOOST_TEST(error_of(R"({"type":"message","text":""})") == "empty message");
    BOOST_TEST(error_of(R"({"type":"message","text":"  \n "})") ==
               "empty message");
    BOOST_TEST(error_of(R"({"type":"message","text":")" + repeat("x", 2001) +
                        "\"}") == "message too long (over 2000 characters)");
    BOOST_TEST(error_of(R"({"type":"message","text":")" +
                        repeat("\xE2\x98\xBA", 2001) + "\"}") ==
               "message too long (over 2000 characters)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(events)

BOOST_AUTO_TEST_CASE(server_messages_are_json_with_escapes)
{
    BOOST_TEST(chat::error_event("say \"hi\"") ==
               R"({"type":"error","message":"say \"hi\""})");
    BOOST_TEST(chat::presence_event("join", "a\"b", 3) ==
               R"({"type":"join","nick":"a\"b","online":3})");
    BOOST_TEST(chat::message_event("x", "<b>\n</b>", 1700000000123) ==
               R"({"type":"message","nick":"x","text":"<b>\n</b>",)"
               R"("time":1700000000123})");
    chat::nick_registry r;
    BOOST_TEST(chat::roster_event(r) == R"({"type":"roster","online":[]})");
    r.add("bob");
    r.add("Alice");
    BOOST_TEST(chat::roster_event(r) ==
               R"({"type":"roster","online":["Alice","bob"]})");
    std::vector<std::shared_ptr<std::string const>> history{
        std::make_shared<std::string const>(chat::message_event("a", "1", 5)),
        std::make_shared<std::string const>(chat::message_event("b", "2", 6))};
    std::string const w = chat::welcome_event("me", 2, history);
    BOOST_TEST(w == R"({"type":"welcome","you":"me","online":2,"history":[)"
                    R"({"type":"message","nick":"a","text":"1","time":5},)"
                    R"({"type":"message","nick":"b","text":"2","time":6}]})");
    BOOST_TEST(boost::json::parse(w).at("history").as_array().size() == 2u);
    BOOST_TEST(chat::welcome_event("me", 1, {}) ==
               R"({"type":"welcome","you":"me","online":1,"history":[]})");
}

BOOST_AUTO_TEST_SUITE_END()
