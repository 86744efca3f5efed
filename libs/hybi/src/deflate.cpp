//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hybi/detail/deflate.hpp>

#include <zlib.h>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define BOOST_WEBSOCKETIO_ZLIB_MMAP 1
#else
#define BOOST_WEBSOCKETIO_ZLIB_MMAP 0
#endif

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

namespace {

// RFC 7692 section 7.2.1: a sync flush ends with these bytes, which the
// sender removes and the receiver appends again (section 7.2.2).
constexpr unsigned char sync_tail[4] = {0x00, 0x00, 0xff, 0xff};

// zlib's counters are `uInt`: feed it at most this much at once.
constexpr std::size_t max_step = std::size_t(1) << 30;

// Output grows by at least this much per step while inflating.
constexpr std::size_t min_inflate_step = 4096;

// A message of up to about this many bytes is compressed into a buffer of
// the thread's, whose bytes need no clearing, and then appended to the
// output; a larger one is compressed straight into the output.
constexpr std::size_t deflate_scratch_size = 16 * 1024;

// Idle pooled inflaters a thread keeps (shared mode); more are freed.
constexpr std::size_t max_idle_inflaters = 4;

// The allocation prefix that records a block's size for zfree (keeps
// max_align_t alignment).
constexpr std::size_t prefix = alignof(std::max_align_t) > sizeof(std::size_t)
                                   ? alignof(std::max_align_t)
                                   : sizeof(std::size_t);

#if BOOST_WEBSOCKETIO_ZLIB_MMAP
// Blocks of at least this size are mapped (see zlib_stream::alloc).
constexpr std::size_t mmap_threshold = 16 * 1024;
#endif

} // namespace

class zlib_stream
{
public:
    z_stream z{};
    std::size_t bytes = 0; // what zlib asked for, currently held
    bool deflater = false;
    int level = 0;
    int mem_level = 0;
    int window_bits = 0;

    zlib_stream() noexcept
    {
        z.zalloc = &zlib_stream::alloc;
        z.zfree = &zlib_stream::free;
        z.opaque = this;
    }

    ~zlib_stream()
    {
        if (deflater)
            deflateEnd(&z);
        else
            inflateEnd(&z);
    }

    zlib_stream(zlib_stream const&) = delete;
    zlib_stream&
    operator=(zlib_stream const&) = delete;

    // zlib's large blocks (a compressor's window, chain and hash tables,
    // 64 KiB each at window 15 and memory level 8; an inflater's window)
    // are mapped from the OS rather than taken from malloc's heap: pages
    // zlib never touches cost no memory, and a freed compressor (a quiet
    // dedicated connection's, codec::release_idle_memory) goes back to
    // the OS at once instead of staying in the heap.
    static voidpf
    alloc(voidpf opaque, uInt items, uInt size) noexcept
    {
        std::size_t const n = std::size_t(items) * size;
        void* p;
#if BOOST_WEBSOCKETIO_ZLIB_MMAP
        if (n >= mmap_threshold)
        {
            p = ::mmap(nullptr, prefix + n, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                return Z_NULL;
        }
        else
#endif
            p = std::malloc(prefix + n);
        if (p == nullptr)
            return Z_NULL;
        std::memcpy(p, &n, sizeof n);
        static_cast<zlib_stream*>(opaque)->bytes += n;
        return static_cast<char*>(p) + prefix;
    }

    static void
    free(voidpf opaque, voidpf address) noexcept
    {
        if (address == Z_NULL)
            return;
        char* const p = static_cast<char*>(address) - prefix;
        std::size_t n;
        std::memcpy(&n, p, sizeof n);
        static_cast<zlib_stream*>(opaque)->bytes -= n;
#if BOOST_WEBSOCKETIO_ZLIB_MMAP
        if (n >= mmap_threshold)
        {
            ::munmap(p, prefix + n);
            return;
        }
#endif
        std::free(p);
    }
};

void
zlib_stream_deleter::operator()(zlib_stream* s) const noexcept
{
    delete s;
}

namespace {

// zlib rejects a raw deflate window of 8 bits; 9 never refers farther
// back than 250 bytes (see deflate_engine), so an 8-bit inflater decodes
// it.
int
deflate_window(int bits) noexcept
{
    return bits < 9 ? 9 : bits;
}

zlib_stream_ptr
make_deflater(int level, int mem_level, int window_bits)
{
    zlib_stream_ptr s(new zlib_stream);
    s->level = level;
    s->mem_level = mem_level;
    s->window_bits = window_bits;
    int const r = deflateInit2(&s->z, level, Z_DEFLATED,
                               -deflate_window(window_bits), mem_level,
                               Z_DEFAULT_STRATEGY);
    if (r == Z_MEM_ERROR)
        throw std::bad_alloc();
    if (r != Z_OK)
        throw std::invalid_argument("permessage-deflate: deflateInit2 failed");
    s->deflater = true;
    return s;
}

zlib_stream_ptr
make_inflater(int window_bits)
{
    zlib_stream_ptr s(new zlib_stream);
    s->window_bits = window_bits;
    int const r = inflateInit2(&s->z, -window_bits);
    if (r == Z_MEM_ERROR)
        throw std::bad_alloc();
    if (r != Z_OK)
        throw std::invalid_argument("permessage-deflate: inflateInit2 failed");
    return s;
}

// The calling thread's shared streams (shared mode). A compressor is used
// within one call, so one per setting serves the thread; an inflater is
// lent for a whole message, which may span calls, so they are pooled.
struct thread_streams
{
    std::vector<zlib_stream_ptr> deflaters;
    std::vector<zlib_stream_ptr> inflaters;
    // What run_deflate compresses a small message into (made at the
    // thread's first compressed message; deflate_scratch_size bytes).
    std::unique_ptr<unsigned char[]> scratch;
};

thread_streams&
this_thread_streams()
{
    thread_local thread_streams t;
    return t;
}

zlib_stream*
shared_deflater(int level, int mem_level, int window_bits)
{
    auto& v = this_thread_streams().deflaters;
    for (auto& s : v)
        if (s->level == level && s->mem_level == mem_level &&
            s->window_bits == window_bits)
        {
            deflateReset(&s->z);
            return s.get();
        }
    v.push_back(make_deflater(level, mem_level, window_bits));
    return v.back().get();
}

// Every inflater has the largest window, whatever client_max_window_bits
// was agreed: zlib checks a match distance against the window only across
// inflate() calls (within one call it may reach any byte that call wrote),
// so with a smaller window whether a too-far distance fails depended on
// how the input was split (found by fuzz_hybi_deflate). A peer that uses
// more window than it agreed to is decoded, never failed.
constexpr int inflate_window = 15;

zlib_stream_ptr
borrow_inflater()
{
    auto& v = this_thread_streams().inflaters;
    if (v.empty())
        return make_inflater(inflate_window);
    zlib_stream_ptr s = std::move(v.back());
    v.pop_back();
    inflateReset(&s->z);
    return s;
}

void
give_back_inflater(zlib_stream_ptr s)
{
    auto& v = this_thread_streams().inflaters;
    if (v.size() < max_idle_inflaters)
        v.push_back(std::move(s));
}

bool
in_range(int v, int lo, int hi) noexcept
{
    return v >= lo && v <= hi;
}

} // namespace

deflate_config const&
deflate_config::intern(deflate_params const& p,
                       permessage_deflate_options const& o,
                       std::string_view answer)
{
    if (!in_range(o.compression_level, -1, 9))
        throw std::invalid_argument(
            "permessage-deflate: compression_level must be -1 to 9");
    if (!in_range(o.memory_level, 1, 9))
        throw std::invalid_argument(
            "permessage-deflate: memory_level must be 1 to 9");
    if (!in_range(p.server_max_window_bits, 8, 15) ||
        !in_range(p.client_max_window_bits, 8, 15))
        throw std::invalid_argument(
            "permessage-deflate: window bits must be 8 to 15");
    // Ordered by every field; a node set keeps addresses stable. Looked
    // up by key first, so a known setting costs no allocation.
    using key_type = std::tuple<int, int, std::size_t, bool, bool,
                                std::uint8_t, std::uint8_t, std::string_view>;
    struct less
    {
        using is_transparent = void;
        static key_type
        key(deflate_config const& x) noexcept
        {
            return key_type(x.level_, x.mem_level_, x.threshold_,
                            x.params_.server_no_context_takeover,
                            x.params_.client_no_context_takeover,
                            x.params_.server_max_window_bits,
                            x.params_.client_max_window_bits,
                            std::string_view(x.answer_));
        }
        static key_type const&
        key(key_type const& k) noexcept
        {
            return k;
        }
        bool
        operator()(deflate_config const& x,
                   deflate_config const& y) const noexcept
        {
            return key(x) < key(y);
        }
        bool
        operator()(key_type const& x, deflate_config const& y) const noexcept
        {
            return x < key(y);
        }
        bool
        operator()(deflate_config const& x, key_type const& y) const noexcept
        {
            return key(x) < y;
        }
    };
    key_type const k(o.compression_level, o.memory_level, o.threshold,
                     p.server_no_context_takeover,
                     p.client_no_context_takeover, p.server_max_window_bits,
                     p.client_max_window_bits, answer);
    static std::mutex mutex;
    static std::set<deflate_config, less> configs; // never shrinks
    std::lock_guard<std::mutex> lock(mutex);
    auto it = configs.find(k);
    if (it != configs.end())
        return *it;
    deflate_config c;
    c.level_ = o.compression_level;
    c.mem_level_ = o.memory_level;
    c.threshold_ = o.threshold;
    c.params_ = p;
    c.answer_.assign(answer.data(), answer.size());
    return *configs.insert(std::move(c)).first;
}

deflate_engine::deflate_engine(deflate_engine&&) noexcept = default;

deflate_engine&
deflate_engine::operator=(deflate_engine&&) noexcept = default;

deflate_engine::~deflate_engine() = default;

namespace {
void
run_deflate(zlib_stream& s, std::string_view in, std::string& out);
} // namespace

void
deflate_engine::compress(std::string_view in, std::string& out)
{
    deflate_config const& c = *config_;
    if (c.stateless_compressor())
    {
        c.compress_stateless(in, out);
        return;
    }
    if (!deflate_)
        deflate_ = make_deflater(c.level_, c.mem_level_,
                                 c.params_.server_max_window_bits);
    run_deflate(*deflate_, in, out);
}

void
deflate_config::compress_stateless(std::string_view in, std::string& out) const
{
    run_deflate(
        *shared_deflater(level_, mem_level_, params_.server_max_window_bits),
        in, out);
}

std::uint32_t
deflate_config::settings_key() const noexcept
{
    // level -1..9, memory level 1..9, window 8..15: 4 bits each.
    return (static_cast<std::uint32_t>(level_ + 1) << 8) |
           (static_cast<std::uint32_t>(mem_level_) << 4) |
           static_cast<std::uint32_t>(params_.server_max_window_bits);
}

namespace {

// Section 7.2.1: removes the sync flush's empty stored block tail from the
// message compressed into `out` from `start` on.
void
trim_sync_tail(std::string& out, std::size_t start)
{
    std::size_t const n = out.size() - start;
    if (n < 4 ||
        std::memcmp(out.data() + out.size() - 4, sync_tail, 4) != 0)
        throw std::logic_error("permessage-deflate: no sync flush tail");
    out.resize(out.size() - 4);
}

void
run_deflate(zlib_stream& s, std::string_view in, std::string& out)
{
    z_stream& z = s.z;
    std::size_t const start = out.size();
    auto const* next = reinterpret_cast<unsigned char const*>(in.data());
    std::size_t left = in.size();
    if (left <= deflate_scratch_size - deflate_scratch_size / 8)
    {
        // The usual message: its whole output (deflateBound is the input
        // plus about 0.1 %) fits the thread's buffer, written there
        // without zero-filling room in `out` first, then appended.
        auto& scratch = this_thread_streams().scratch;
        if (!scratch)
            scratch.reset(new unsigned char[deflate_scratch_size]);
        z.next_in = const_cast<Bytef*>(next);
        z.avail_in = static_cast<uInt>(left);
        z.next_out = scratch.get();
        z.avail_out = static_cast<uInt>(deflate_scratch_size);
        int const r = deflate(&z, Z_SYNC_FLUSH);
        if (r != Z_OK && r != Z_BUF_ERROR)
            throw std::logic_error("permessage-deflate: deflate failed");
        out.append(reinterpret_cast<char const*>(scratch.get()),
                   deflate_scratch_size - z.avail_out);
        next += in.size() - z.avail_in;
        if (z.avail_out != 0)
        {
            trim_sync_tail(out, start);
            return;
        }
        // Not all out yet (never seen): go on below, into `out`.
        left = z.avail_in;
    }
    for (;;)
    {
        std::size_t const feed = (std::min)(left, max_step);
        left -= feed;
        z.next_in = const_cast<Bytef*>(next);
        z.avail_in = static_cast<uInt>(feed);
        next += feed;
        int const flush = left == 0 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do
        {
            // Zero-fill (resize) only what the rest of the input can need
            // (deflateBound): room for the whole result at once in the
            // usual case, and not the whole spare capacity of `out`, which
            // may be a large send batch's.
            std::size_t const need =
                deflateBound(&z, static_cast<uLong>(
                                     (std::min)(z.avail_in + left, max_step))) +
                16;
            std::size_t const old = out.size();
            if (out.capacity() - old < 64)
                out.reserve(out.capacity() * 2);
            if (out.capacity() - old < need && old == start)
                out.reserve(old + need);
            std::size_t const room =
                (std::min)({out.capacity() - old, max_step,
                            (std::max)(need, std::size_t(64))});
            out.resize(old + room);
            z.next_out = reinterpret_cast<Bytef*>(&out[old]);
            z.avail_out = static_cast<uInt>(room);
            int const r = deflate(&z, flush);
            out.resize(old + room - z.avail_out);
            if (r != Z_OK && r != Z_BUF_ERROR)
                throw std::logic_error("permessage-deflate: deflate failed");
        } while (z.avail_out == 0);
        if (left == 0)
            break;
    }
    trim_sync_tail(out, start);
}

} // namespace

void
deflate_engine::begin_message() noexcept
{
    ended_ = false;
    fed_ = false;
}

zlib_stream*
deflate_engine::inflater()
{
    if (!inflate_)
    {
        if (config_->params().client_no_context_takeover)
            inflate_ = borrow_inflater();
        else
            inflate_ = make_inflater(inflate_window);
    }
    return inflate_.get();
}

namespace {

using status = deflate_engine::inflate_status;

// Inflates `n` bytes into `out` (bounded by `limit`); sets `ended` when
// the DEFLATE stream ends (a BFINAL block), after which the rest of the
// input is ignored, and `boundary` to whether the last call that made
// progress stopped between two blocks (zlib's data_type bit 7). zlib
// writes straight into the spare capacity of `out`, uninitialized.
status
inflate_into(z_stream& z, unsigned char const* p, std::size_t n,
             message_buffer& out, std::size_t limit, bool& ended,
             bool& boundary)
{
    std::size_t const cap_max =
        limit == (std::numeric_limits<std::size_t>::max)() ? limit : limit + 1;
    z.avail_in = 0;
    bool pending = false; // the last call filled the room: more may come
    for (;;)
    {
        if (z.avail_in == 0 && n != 0)
        {
            std::size_t const feed = (std::min)(n, max_step);
            z.next_in = const_cast<Bytef*>(p);
            z.avail_in = static_cast<uInt>(feed);
            p += feed;
            n -= feed;
        }
        if (z.avail_in == 0 && !pending)
            return status::ok;
        if (out.size() == out.capacity())
        {
            if (out.size() >= cap_max)
                return status::too_big;
            std::size_t const want = (std::max)(
                out.size() + min_inflate_step, out.size() * 2);
            out.reserve((std::min)(want, cap_max));
        }
        uInt const in_before = z.avail_in;
        std::size_t const room =
            (std::min)(out.capacity() - out.size(), max_step);
        if (z.avail_in == 0)
            z.next_in = const_cast<Bytef*>(sync_tail); // not read
        z.next_out = reinterpret_cast<Bytef*>(out.spare());
        z.avail_out = static_cast<uInt>(room);
        int const r = ::inflate(&z, Z_SYNC_FLUSH);
        out.commit(room - z.avail_out);
        bool const progress = z.avail_in != in_before || z.avail_out != room;
        if (progress)
            boundary = (z.data_type & 128) != 0;
        if (out.size() > limit)
            return status::too_big;
        switch (r)
        {
        case Z_STREAM_END:
            ended = true;
            z.avail_in = 0;
            return status::ok;
        case Z_OK: break;
        case Z_BUF_ERROR:
            // No progress was possible: only when input or room ran out.
            if (z.avail_in != 0 && z.avail_out != 0)
                return status::bad_data;
            break;
        case Z_MEM_ERROR: throw std::bad_alloc();
        default: return status::bad_data; // Z_DATA_ERROR, Z_NEED_DICT
        }
        pending = z.avail_out == 0;
    }
}

// Puts the 4 bytes at `at` back when the borrowed tail is done with.
class tail_guard
{
public:
    explicit tail_guard(unsigned char* at) noexcept : at_(at)
    {
        std::memcpy(saved_, at_, 4);
        std::memcpy(at_, sync_tail, 4);
    }
    tail_guard(tail_guard const&) = delete;
    tail_guard&
    operator=(tail_guard const&) = delete;
    ~tail_guard()
    {
        std::memcpy(at_, saved_, 4);
    }

private:
    unsigned char* at_;
    unsigned char saved_[4];
};

} // namespace

deflate_engine::inflate_status
deflate_engine::inflate(unsigned char* p, std::size_t n, bool last,
                        std::size_t slack, message_buffer& out,
                        std::size_t limit)
{
    if (n != 0)
        fed_ = true;
    else if (last && !fed_)
    {
        // No byte at all: the empty message. (The sender's form is `00`,
        // section 7.2.3.6; zlib-based receivers take nothing as empty too.)
        return status::ok;
    }
    zlib_stream* const s = inflater();
    z_stream& z = s->z;
    bool tail_done = false;
    if (!ended_ && n != 0)
    {
        status st;
        if (last && slack >= 4)
        {
            // Section 7.2.2 in one call: the tail goes right after the
            // data, over bytes of the caller's that are put back after.
            tail_guard const tail(p + n);
            st = inflate_into(z, p, n + 4, out, limit, ended_, boundary_);
            tail_done = true;
        }
        else
            st = inflate_into(z, p, n, out, limit, ended_, boundary_);
        if (st != status::ok)
            return st;
    }
    if (!last)
        return status::ok;
    if (!ended_ && !tail_done)
    {
        // Section 7.2.2: append 00 00 ff ff, then inflate.
        status const st =
            inflate_into(z, sync_tail, 4, out, limit, ended_, boundary_);
        if (st != status::ok)
            return st;
    }
    // The message must end on a block boundary (data_type bit 7): anything
    // else is a truncated block.
    if (!ended_ && !boundary_)
        return status::bad_data;
    if (config_->params().client_no_context_takeover)
    {
        give_back_inflater(std::move(inflate_));
    }
    else if (ended_)
    {
        // A BFINAL block ended the DEFLATE stream (section 7.2.3.4); the
        // next message starts a new one that may still refer to this
        // window (context takeover, section 7.1.1.2).
        std::vector<Bytef> window(std::size_t(1) << s->window_bits);
        uInt size = 0;
        inflateGetDictionary(&z, window.data(), &size);
        inflateReset(&z);
        if (size != 0)
            inflateSetDictionary(&z, window.data(), size);
    }
    ended_ = false;
    fed_ = false;
    return status::ok;
}

std::size_t
deflate_engine::memory() const noexcept
{
    std::size_t n = 0;
    if (deflate_)
        n += sizeof(zlib_stream) + deflate_->bytes;
    if (inflate_)
        n += sizeof(zlib_stream) + inflate_->bytes;
    return n;
}

std::size_t
deflate_engine::thread_memory() noexcept
{
    std::size_t n = 0;
    auto const& t = this_thread_streams();
    for (auto const& s : t.deflaters)
        n += sizeof(zlib_stream) + s->bytes;
    for (auto const& s : t.inflaters)
        n += sizeof(zlib_stream) + s->bytes;
    if (t.scratch)
        n += deflate_scratch_size;
    return n;
}

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost
