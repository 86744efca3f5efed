//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_EXAMPLE_CHAT_NICKS_HPP
#define BOOST_WEBSOCKETIO_EXAMPLE_CHAT_NICKS_HPP

// The nicks in use, unique case-insensitively (ASCII letters fold), and the
// search for a free one when two people ask for the same nick.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace chat {

/// At most this many code points in a nick (the suffix counts too).
inline constexpr std::size_t max_nick_chars = 32;

/// The first `n` code points of the UTF-8 string `s`.
inline std::string_view
prefix_chars(std::string_view s, std::size_t n) noexcept
{
    std::size_t i = 0;
    for (std::size_t seen = 0; i < s.size(); ++i)
    {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n)
            break;
    }
    return s.substr(0, i);
}

/** The nicks in use.

    `add("alice")` gives "alice" if no one has it (ignoring ASCII case),
    else "alice" with a number appended: a number a member who asked for
    "alice" gave back (the lowest such), else the next number never handed
    out for "alice" since the last such member left ("alice2", "alice3",
    ...). A nick that would grow past 32 code points loses code points
    before the number.

    Cost: every step is a lookup in one ordered map, O(log n) for n nicks.
    A join whose nick is free takes 1 lookup; a join whose nick is taken
    takes 2, plus 1 for each candidate someone else took by typing it
    (say "alice7" typed by hand): each such candidate is tried once per
    base nick, so over any run of joins the average stays constant.
    `probes()` counts the lookups (tests assert the bound). Memory is
    O(number of nicks in use).

    @par Thread Safety
    None: the room calls it under its mutex.
*/
class nick_registry
{
public:
    /** Takes a nick for a new member and returns it.

        @param wanted A valid nick: 1 to 32 code points of UTF-8 with no
        control characters, trimmed (see `parse_request`).
    */
    std::string
    add(std::string_view wanted)
    {
        std::string const base = fold(wanted);
        auto& b = bases_[base];
        auto take = [&](std::string nick, unsigned number) {
            taken_.emplace(fold(nick), entry{nick, base, number});
            ++b.users;
            return nick;
        };
        if (is_free(base))
            return take(std::string(wanted), 0);
        while (!b.returned.empty())
        {
            unsigned const k = *b.returned.begin();
            b.returned.erase(b.returned.begin());
            std::string nick = numbered(wanted, k);
            if (is_free(fold(nick)))
                return take(std::move(nick), k);
        }
        for (;;)
        {
            unsigned const k = b.next++;
            std::string nick = numbered(wanted, k);
            if (is_free(fold(nick)))
                return take(std::move(nick), k);
        }
    }

    /// Gives back a nick `add` returned; other strings are ignored.
    void
    remove(std::string_view nick)
    {
        auto const it = taken_.find(fold(nick));
        if (it == taken_.end())
            return;
        auto const b = bases_.find(it->second.base);
        if (b != bases_.end() && --b->second.users == 0)
            bases_.erase(b); // numbering for this base starts over
        else if (b != bases_.end() && it->second.number != 0)
            b->second.returned.insert(it->second.number);
        taken_.erase(it);
    }

    /// True if `nick` is in use (ignoring ASCII case).
    bool
    contains(std::string_view nick) const
    {
        return taken_.count(fold(nick)) != 0;
    }

    /// Number of nicks in use.
    std::size_t
    size() const noexcept
    {
        return taken_.size();
    }

    /// Calls `f(nick)` for each nick in use, sorted case-insensitively.
    template <class F>
    void
    for_each(F&& f) const
    {
        for (auto const& e : taken_)
            f(std::string_view(e.second.nick));
    }

    /// Lookups in the set of nicks in use made by `add` so far.
    std::uint64_t
    probes() const noexcept
    {
        return probes_;
    }

    /// Base nicks with numbering state (at most one per nick in use).
    std::size_t
    bases() const noexcept
    {
        return bases_.size();
    }

    /// `s` with ASCII letters lowercased.
    static std::string
    fold(std::string_view s)
    {
        std::string out(s);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }

private:
    struct entry
    {
        std::string nick; // as handed out
        std::string base; // folded nick asked for
        unsigned number;  // appended number, 0 for none
    };

    struct base_state
    {
        unsigned next = 2;           // next number never handed out
        std::set<unsigned> returned; // numbers given back, below next
        std::size_t users = 0;       // nicks in use from this base
    };

    static std::string
    numbered(std::string_view nick, unsigned k)
    {
        std::string const suffix = std::to_string(k);
        return std::string(prefix_chars(nick, max_nick_chars - suffix.size())) +
               suffix;
    }

    bool
    is_free(std::string const& folded)
    {
        ++probes_;
        return taken_.find(folded) == taken_.end();
    }

    std::map<std::string, entry, std::less<>> taken_; // by folded nick
    std::map<std::string, base_state, std::less<>> bases_;
    std::uint64_t probes_ = 0;
};

} // namespace chat

#endif
