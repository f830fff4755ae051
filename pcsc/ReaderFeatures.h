// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "pcsc/PcscResult.h"
#include "protocol/core/Bytes.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace perso::pcsc {

// PC/SC part 10 v2.02.09 §2.2: the answer to CM_IOCTL_GET_FEATURE_REQUEST is a list of TLVs, each a
// one-byte feature tag, a one-byte length that is always 4, and the feature's control code as a
// 4-byte big-endian integer. This is not BER-TLV (feature 0x20, FEATURE_EXECUTE_PACE, would read as a
// constructed tag), so it has its own strict parser here.
namespace feature {
constexpr std::uint8_t kVerifyPinDirect = 0x06;
constexpr std::uint8_t kModifyPinDirect = 0x07;
constexpr std::uint8_t kIfdPinProperties = 0x0A;
constexpr std::uint8_t kGetTlvProperties = 0x12;
} // namespace feature

// SCARD_CTL_CODE(3400) as pcsc-lite defines it (0x42000000 + 3400).
constexpr std::uint32_t kGetFeatureRequest = 0x42000000u + 3400u;

struct ReaderFeature
{
    std::uint8_t tag = 0;
    std::uint32_t controlCode = 0;
    friend bool operator==(const ReaderFeature&, const ReaderFeature&) = default;
};

class ReaderFeatures
{
public:
    ReaderFeatures() = default;

    // Strict: every TLV complete, length exactly 4, tag not 0, no tag twice; otherwise
    // MalformedResponse and no list. The empty input is the empty list (a reader without features).
    static PcscResult<ReaderFeatures> parse(ByteView tlvs);

    const std::vector<ReaderFeature>& all() const { return m_features; }
    bool isEmpty() const { return m_features.empty(); }
    bool has(std::uint8_t tag) const { return controlCode(tag).has_value(); }
    // The control code to pass to CardConnection::control() for this feature.
    std::optional<std::uint32_t> controlCode(std::uint8_t tag) const;

private:
    std::vector<ReaderFeature> m_features;
};

} // namespace perso::pcsc
