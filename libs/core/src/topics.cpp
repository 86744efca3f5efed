//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/detail/topics.hpp>

#include <boost/websocketio/detail/utf8.hpp>
#include <boost/websocketio/error.hpp>
#include <boost/websocketio/socket.hpp>

#include <boost/container/small_vector.hpp>
#include <boost/system/system_error.hpp>

#include <stdexcept>

namespace boost {
namespace websocketio {
namespace detail {

namespace {

// Where `t` is in the socket's subscriptions, or -1.
std::ptrdiff_t
find(std::vector<subscription> const* mine, topic const* t) noexcept
{
    if (mine != nullptr)
        for (std::size_t i = 0; i < mine->size(); ++i)
            if ((*mine)[i].t == t)
                return static_cast<std::ptrdiff_t>(i);
    return -1;
}

} // namespace

bool
topic_table::subscribe(socket& s, std::string_view name)
{
    std::lock_guard<std::mutex> lock(mutex_);
    // finish() marks the socket closed before it leaves every topic under
    // this mutex: a closed socket seen here has left already.
    if (s.current() == socket::phase::closed)
        return false;
    auto it = topics_.find(name);
    if (it != topics_.end() && find(s.topics_.get(), it->second.get()) >= 0)
        return false;
    if (!s.topics_)
        s.topics_ = std::make_unique<std::vector<subscription>>();
    s.topics_->reserve(s.topics_->size() + 1);
    if (it == topics_.end())
    {
        auto t = std::make_unique<topic>();
        t->name.assign(name);
        it = topics_.emplace(t->name, std::move(t)).first;
    }
    topic& t = *it->second;
    t.subscribers.push_back(&s);
    s.topics_->push_back({&t, t.subscribers.size() - 1});
    return true;
}

void
topic_table::leave(socket& s, std::size_t which) noexcept
{
    std::vector<subscription>& mine = *s.topics_;
    topic* const t = mine[which].t;
    std::size_t const at = mine[which].index;
    // Swap-remove from the topic, and fix the moved socket's index.
    socket* const moved = t->subscribers.back();
    t->subscribers[at] = moved;
    t->subscribers.pop_back();
    if (moved != &s)
        for (subscription& sub : *moved->topics_)
            if (sub.t == t)
            {
                sub.index = at;
                break;
            }
    mine[which] = mine.back();
    mine.pop_back();
    if (t->subscribers.empty())
        topics_.erase(t->name); // frees t
}

bool
topic_table::unsubscribe(socket& s, std::string_view name)
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = topics_.find(name);
    if (it == topics_.end())
        return false;
    std::ptrdiff_t const i = find(s.topics_.get(), it->second.get());
    if (i < 0)
        return false;
    leave(s, static_cast<std::size_t>(i));
    if (s.topics_->empty())
        s.topics_.reset();
    return true;
}

bool
topic_table::is_subscribed(socket const& s, std::string_view name) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = topics_.find(name);
    return it != topics_.end() &&
           find(s.topics_.get(), it->second.get()) >= 0;
}

void
topic_table::unsubscribe_all(socket& s) noexcept
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (!s.topics_)
        return;
    while (!s.topics_->empty())
        leave(s, s.topics_->size() - 1);
    s.topics_.reset();
}

std::size_t
topic_table::subscribers(std::string_view name) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = topics_.find(name);
    return it == topics_.end() ? 0 : it->second->subscribers.size();
}

std::size_t
topic_table::publish(std::string_view name, std::string_view data,
                     frame_type type, socket const* skip)
{
    if (type != frame_type::text && type != frame_type::binary)
        throw std::invalid_argument(
            "boost::websocketio::publish: type must be text or binary");
    // Checked once for every subscriber (this also keeps 0xFF out of
    // hixie text frames).
    if (type == frame_type::text && !is_valid_utf8(data))
        throw boost::system::system_error(make_error_code(error::bad_utf8),
                                          "boost::websocketio::publish");

    // The bytes, once per wire format (codec::broadcast_key); the payload
    // itself once for subscribers that encode their own (key 0).
    struct format
    {
        std::uint32_t key;
        std::shared_ptr<std::string const> frame;
    };
    // A few at most (hixie, hybi, hybi compressed per setting): on the
    // stack, so a publish allocates only its frames.
    boost::container::small_vector<format, 4> formats;
    std::shared_ptr<std::string const> payload;

    std::lock_guard<std::mutex> lock(mutex_);
    auto it = topics_.find(name);
    if (it == topics_.end())
        return 0;
    std::size_t queued = 0;
    for (socket* const s : it->second->subscribers)
    {
        if (s == skip || s->current() != socket::phase::open ||
            s->ending_.load(std::memory_order_relaxed))
            continue;
        codec const& c = *s->codec_;
        std::uint32_t const key = c.broadcast_key(type, data.size());
        std::shared_ptr<std::string const> const* bytes = nullptr;
        if (key != 0)
        {
            for (format const& f : formats)
                if (f.key == key)
                {
                    bytes = &f.frame;
                    break;
                }
            if (bytes == nullptr)
            {
                auto f = std::make_shared<std::string>();
                c.encode_broadcast(type, data, *f);
                formats.push_back({key, std::move(f)});
                bytes = &formats.back().frame;
            }
        }
        else if (!payload)
            payload = std::make_shared<std::string const>(data);
        std::size_t const n =
            key != 0 ? (*bytes)->size() : s->frame_size(type, data.size());
        send_status st;
        if (!s->reserve(n, st))
        {
            if (std::shared_ptr<socket> self = s->weak_from_this().lock())
                s->overflowed(self, false);
            continue;
        }
        // Queued in the socket's mailbox, never run here: a socket must
        // not run its machinery (which can end in finish(), which takes
        // this mutex) while the table is locked. The mailbox keeps the
        // order, so every subscriber sees the publishes in the order they
        // took this mutex, and a burst of them costs one post.
        s->post_published(key != 0 ? *bytes : payload, key != 0, type, n);
        ++queued;
    }
    return queued;
}

} // namespace detail
} // namespace websocketio
} // namespace boost
