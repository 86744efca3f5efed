//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_DEFAULT_CODECS_HPP
#define BOOST_WEBSOCKETIO_DEFAULT_CODECS_HPP

#include <boost/websocketio/hixie.hpp>
#include <boost/websocketio/hybi.hpp>
#include <boost/websocketio/registry.hpp>

#include <memory>

namespace boost {
namespace websocketio {

/** A registry holding every built-in codec, in selection order: hybi-13,
    hybi-08, hybi-07 (by `Sec-WebSocket-Version`), then hixie-76 and
    hixie-75 (by their headers). Start from it to drop drafts or add your
    own codec, and pass it in `options::codecs`.

    @par Thread Safety
    Safe from any thread: each call returns a new registry, whose
    factories are immutable and may be shared.
    @throws std::bad_alloc if memory runs out. */
inline std::shared_ptr<registry>
make_default_registry()
{
    auto r = std::make_shared<registry>();
    r->add(hybi::make_hybi13_factory())
        .add(hybi::make_hybi08_factory())
        .add(hybi::make_hybi07_factory())
        .add(hixie::make_hixie76_factory())
        .add(hixie::make_hixie75_factory());
    return r;
}

namespace detail {

inline bool
register_default_codecs()
{
    auto const& g = registry::global();
    if (g->empty())
    {
        auto const defaults = make_default_registry();
        for (auto const& f : defaults->factories())
            g->add(f);
    }
    return true;
}

// Including this header fills registry::global() before main runs, so
// servers made with default options speak every draft.
inline bool const default_codecs_registered = register_default_codecs();

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
