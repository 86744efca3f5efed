//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hixie/factory.hpp>

#include <boost/websocketio/detail/http.hpp>
#include <boost/websocketio/hixie/codec.hpp>

namespace boost {
namespace websocketio {
namespace hixie {

namespace {

bool
has_key(request_type const& req)
{
    return websocketio::detail::has_field(req, "Sec-WebSocket-Key1") ||
           websocketio::detail::has_field(req, "Sec-WebSocket-Key2");
}

class factory final : public codec_factory
{
public:
    explicit factory(draft d) noexcept : draft_(d) {}

    std::string_view
    protocol_version() const noexcept override
    {
        return draft_ == draft::hixie76 ? "hixie-76" : "hixie-75";
    }

    std::string_view
    version_token() const noexcept override
    {
        return {};
    }

    bool
    detect(request_type const& req) const override
    {
        return has_key(req) == (draft_ == draft::hixie76);
    }

    std::unique_ptr<websocketio::codec>
    create(codec_config const& cfg) const override
    {
        return std::make_unique<codec>(draft_, cfg);
    }

private:
    draft draft_;
};

} // namespace

std::shared_ptr<codec_factory const>
make_hixie76_factory()
{
    return std::make_shared<factory const>(draft::hixie76);
}

std::shared_ptr<codec_factory const>
make_hixie75_factory()
{
    return std::make_shared<factory const>(draft::hixie75);
}

} // namespace hixie
} // namespace websocketio
} // namespace boost
