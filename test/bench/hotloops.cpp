//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wsio-bench-hotloops: throughput of the per-byte loops of the library
// against memcpy over the same buffer size on the same machine.
//
//   wsio-bench-hotloops [--size BYTES] [--runs N] [--bytes-per-run BYTES]
//                       [--quick]
//
// Every kernel is run `--runs` times; one run processes the buffer
// repeatedly until `--bytes-per-run` bytes have gone through it. The median
// run is reported in GB/s (10^9 bytes per second of input), with its ratio to
// memcpy. One "RESULT {json}" line per kernel, then a markdown table.
//
// Kernels:
//   memcpy            std::memcpy(dst, src, size)
//   unmask            detail::unmask in place, offset 0 (RFC 6455 masking)
//   unmask_offset3    detail::unmask in place, payload offset 3 (a piece of
//                     a frame that starts mid key, as when a read splits it)
//   utf8_ascii        detail::utf8_validator::feed over ASCII text
//   utf8_mixed        ... over mixed text: ASCII words, Latin-1 (2-byte),
//                     Cyrillic (2-byte), CJK (3-byte), emoji (4-byte)
//   utf8_cjk          ... over text that is entirely 3-byte CJK

#include <boost/websocketio/detail/mask.hpp>
#include <boost/websocketio/detail/utf8.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace wd = boost::websocketio::detail;

namespace {

// Keeps the compiler from proving the work dead.
inline void
clobber(void const* p)
{
    asm volatile("" : : "r"(p) : "memory");
}

std::size_t
parse_size(char const* s)
{
    char* end = nullptr;
    double v = std::strtod(s, &end);
    if (*end == 'k' || *end == 'K')
        v *= 1024;
    else if (*end == 'm' || *end == 'M')
        v *= 1024 * 1024;
    else if (*end == 'g' || *end == 'G')
        v *= 1024.0 * 1024 * 1024;
    return static_cast<std::size_t>(v);
}

// Fills `out` with `n` bytes by repeating `pattern`, cut on a character
// boundary (the pattern is valid UTF-8 and the tail is padded with ASCII).
std::vector<std::uint8_t>
make_text(std::string const& pattern, std::size_t n)
{
    std::vector<std::uint8_t> v;
    v.reserve(n);
    while (v.size() + pattern.size() <= n)
        v.insert(v.end(), pattern.begin(), pattern.end());
    while (v.size() < n)
        v.push_back('.');
    return v;
}

struct result
{
    std::string name;
    double gbps = 0;
    double min_gbps = 0;
    double max_gbps = 0;
};

// Runs `kernel` (which processes `size` bytes per call) `runs` times, each
// run `calls` calls; returns median/min/max GB/s.
result
measure(std::string name, std::size_t size, int runs, std::size_t calls,
        std::function<void()> const& kernel)
{
    // Warm-up: caches, page faults, CPU frequency.
    for (std::size_t i = 0; i < std::max<std::size_t>(1, calls / 4); ++i)
        kernel();
    std::vector<double> g;
    for (int r = 0; r < runs; ++r)
    {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < calls; ++i)
            kernel();
        auto const t1 = std::chrono::steady_clock::now();
        double const s = std::chrono::duration<double>(t1 - t0).count();
        g.push_back(static_cast<double>(size) * static_cast<double>(calls) /
                    s / 1e9);
    }
    std::sort(g.begin(), g.end());
    result res;
    res.name = std::move(name);
    res.gbps = g[g.size() / 2];
    res.min_gbps = g.front();
    res.max_gbps = g.back();
    return res;
}

[[noreturn]] void
usage()
{
    std::fprintf(stderr,
                 "usage: wsio-bench-hotloops [--size BYTES] [--runs N] "
                 "[--bytes-per-run BYTES] [--quick]\n");
    std::exit(2);
}

} // namespace

int
main(int argc, char** argv)
{
    std::size_t size = 1024 * 1024;
    int runs = 7;
    std::size_t per_run = std::size_t(1) << 30; // 1 GiB through each run
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        auto value = [&]() -> char const* {
            if (i + 1 >= argc)
                usage();
            return argv[++i];
        };
        if (a == "--size")
            size = parse_size(value());
        else if (a == "--runs")
            runs = std::atoi(value());
        else if (a == "--bytes-per-run")
            per_run = parse_size(value());
        else if (a == "--quick")
        {
            runs = 3;
            per_run = 32 * 1024 * 1024;
        }
        else
            usage();
    }
    if (size < 64 || runs < 1 || per_run < size)
        usage();
    std::size_t const calls = per_run / size;

    std::vector<std::uint8_t> src(size), dst(size);
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (auto& b : src)
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b = static_cast<std::uint8_t>(x >> 24);
    }
    std::memcpy(dst.data(), src.data(), size);
    std::uint8_t const key[4] = {0x37, 0xfa, 0x21, 0x3d};

    // Mixed text: roughly half the bytes ASCII, the rest 2-, 3- and 4-byte
    // sequences (a realistic chat line in several scripts).
    std::string const mixed_pattern =
        "Hello, world! "
        "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln, "          // Grüße aus Köln
        "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 " // Привет
        "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c " // 你好世界
        "\xf0\x9f\x98\x80\xf0\x9f\x9a\x80 ";                // 😀🚀
    std::string const cjk_pattern =
        "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c"; // 你好世界
    std::string const ascii_pattern =
        "The quick brown fox jumps over the lazy dog. 0123456789\n";
    auto const ascii = make_text(ascii_pattern, size);
    auto const mixed = make_text(mixed_pattern, size);
    auto const cjk = make_text(cjk_pattern, size);
    for (auto const* t : {&ascii, &mixed, &cjk})
        if (!wd::is_valid_utf8(std::string_view(
                reinterpret_cast<char const*>(t->data()), t->size())))
        {
            std::fprintf(stderr, "internal error: test text is not UTF-8\n");
            return 1;
        }

    bool ok = true;
    auto validate = [&ok](std::vector<std::uint8_t> const& t) {
        return [&ok, &t] {
            wd::utf8_validator v;
            clobber(t.data());
            bool const r = v.feed(t.data(), t.size()) && v.finish();
            ok = ok && r;
        };
    };

    std::vector<result> rs;
    rs.push_back(measure("memcpy", size, runs, calls, [&] {
        std::memcpy(dst.data(), src.data(), size);
        clobber(dst.data());
    }));
    rs.push_back(measure("unmask", size, runs, calls, [&] {
        wd::unmask(dst.data(), size, key, 0);
        clobber(dst.data());
    }));
    rs.push_back(measure("unmask_offset3", size, runs, calls, [&] {
        wd::unmask(dst.data(), size, key, 3);
        clobber(dst.data());
    }));
    rs.push_back(measure("utf8_ascii", size, runs, calls, validate(ascii)));
    rs.push_back(measure("utf8_mixed", size, runs, calls, validate(mixed)));
    rs.push_back(measure("utf8_cjk", size, runs, calls, validate(cjk)));
    if (!ok)
    {
        std::fprintf(stderr, "internal error: validator rejected valid text\n");
        return 1;
    }

    double const base = rs.front().gbps;
    for (auto const& r : rs)
        std::printf("RESULT {\"label\":\"hotloop\",\"kernel\":\"%s\","
                    "\"buffer_bytes\":%zu,\"runs\":%d,\"bytes_per_run\":%zu,"
                    "\"gb_per_s\":%.2f,\"min_gb_per_s\":%.2f,"
                    "\"max_gb_per_s\":%.2f,\"vs_memcpy\":%.3f}\n",
                    r.name.c_str(), size, runs, calls * size, r.gbps,
                    r.min_gbps, r.max_gbps, r.gbps / base);
    std::printf("\n| kernel (%zu-byte buffer) | GB/s (median of %d) | "
                "min-max | vs memcpy |\n|---|---:|---:|---:|\n",
                size, runs);
    for (auto const& r : rs)
        std::printf("| %s | %.2f | %.2f-%.2f | %.2f |\n", r.name.c_str(),
                    r.gbps, r.min_gbps, r.max_gbps, r.gbps / base);
    return 0;
}
