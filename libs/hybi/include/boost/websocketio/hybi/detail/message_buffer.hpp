//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_MESSAGE_BUFFER_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_MESSAGE_BUFFER_HPP

#include <cstddef>
#include <cstring>
#include <memory>
#include <utility>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** The decoder's reassembly buffer: bytes with a size and a capacity,
    whose spare capacity is written in place and then committed.

    Unlike `std::string::resize`, making room does not zero-fill it: the
    inflater writes its output straight into the spare capacity, which
    would otherwise be cleared before every `inflate` call only to be
    overwritten. Capacity changes only through @ref reserve (exactly the
    size asked for) and @ref release; @ref clear keeps it. Three words,
    not thread-safe (one connection's decoder owns it).
*/
class message_buffer
{
public:
    message_buffer() = default;

    message_buffer(message_buffer&& other) noexcept
        : data_(std::move(other.data_))
        , size_(std::exchange(other.size_, 0))
        , capacity_(std::exchange(other.capacity_, 0))
    {
    }

    message_buffer&
    operator=(message_buffer&& other) noexcept
    {
        data_ = std::move(other.data_);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
        return *this;
    }

    /// The bytes held; never null, like `std::string::data`.
    char*
    data() noexcept
    {
        return data_ ? data_.get() : empty_storage();
    }

    /// The bytes held; never null, like `std::string::data`.
    char const*
    data() const noexcept
    {
        return data_ ? data_.get() : empty_storage();
    }

    /// How many bytes are held.
    std::size_t
    size() const noexcept
    {
        return size_;
    }

    /// How many bytes fit without a reallocation.
    std::size_t
    capacity() const noexcept
    {
        return capacity_;
    }

    /// Where the spare capacity starts: `capacity() - size()` bytes,
    /// uninitialized, that @ref commit makes part of the contents.
    char*
    spare() noexcept
    {
        return data() + size_;
    }

    /// Adds `n <= capacity() - size()` bytes written at @ref spare.
    void
    commit(std::size_t n) noexcept
    {
        size_ += n;
    }

    /// Empties the buffer, keeping its capacity.
    void
    clear() noexcept
    {
        size_ = 0;
    }

    /** Makes the capacity at least `n` bytes, exactly `n` if it grows
        (the contents are copied once). @throws std::bad_alloc */
    void
    reserve(std::size_t n)
    {
        if (n <= capacity_)
            return;
        std::unique_ptr<char[]> p(new char[n]); // not value-initialized
        if (size_ != 0)
            std::memcpy(p.get(), data_.get(), size_);
        data_ = std::move(p);
        capacity_ = n;
    }

    /** Appends `n` bytes, growing to exactly `size() + n` if they do not
        fit. @throws std::bad_alloc */
    void
    append(char const* p, std::size_t n)
    {
        reserve(size_ + n);
        if (n != 0)
            std::memcpy(spare(), p, n);
        size_ += n;
    }

    /// Frees the storage: size and capacity become 0.
    void
    release() noexcept
    {
        data_.reset();
        size_ = 0;
        capacity_ = 0;
    }

private:
    static char*
    empty_storage() noexcept
    {
        static char c = 0; // never written: the size is 0
        return &c;
    }

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
