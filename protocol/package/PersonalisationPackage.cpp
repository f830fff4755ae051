// SPDX-License-Identifier: Apache-2.0
#include "protocol/package/PersonalisationPackage.h"

#include "protocol/apdu/CommandApdu.h"
#include "protocol/package/Instruction.h"
#include "protocol/package/TlvFields.h"
#include "protocol/tlv/BerTlv.h"

#include <QStringDecoder>

namespace perso::package {

using detail::FieldReader;
using detail::toPublic;

namespace {

constexpr std::uint32_t kTagPackage = 0xE0;
constexpr std::uint32_t kTagVersion = 0x80;
constexpr std::uint32_t kTagTransactionId = 0x81;
constexpr std::uint32_t kTagAnchor = 0x82;
constexpr std::uint32_t kTagStepCount = 0x83;
constexpr std::uint32_t kTagSteps = 0xA4;
constexpr std::uint32_t kTagLabels = 0xA5;
constexpr std::uint32_t kTagStep = 0x04;
constexpr std::uint32_t kTagLabel = 0x0C;
constexpr std::size_t kAnchorLength = 4 + ChainAnchor::kMacPrefixLength;

Status checkLimits(const PersonalisationPackage& package)
{
    if (package.formatVersion != kPackageFormatVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("package format version %1").arg(package.formatVersion));
    if (package.transactionId.size() != kTransactionIdLength)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("package transaction id has %1 bytes").arg(package.transactionId.size()));
    if (package.anchor.macPrefix.size() != ChainAnchor::kMacPrefixLength)
        return makeError(ErrorCode::InvalidLength,
                         QStringLiteral("package anchor MAC prefix has %1 bytes").arg(package.anchor.macPrefix.size()));
    if (package.steps.size() < kMinSteps || package.steps.size() > kMaxSteps)
        return makeError(ErrorCode::InvalidLength, QStringLiteral("package has %1 steps, allowed %2..%3")
                                                       .arg(package.steps.size())
                                                       .arg(kMinSteps)
                                                       .arg(kMaxSteps));
    if (package.labels.size() != package.steps.size())
        return makeError(
            ErrorCode::SchemaViolation,
            QStringLiteral("package has %1 labels for %2 steps").arg(package.labels.size()).arg(package.steps.size()));
    for (std::size_t i = 0; i < package.steps.size(); ++i) {
        if (package.steps[i].size() > PersonalisationPackage::kMaxStepBytes)
            return makeError(ErrorCode::Oversized,
                             QStringLiteral("package step %1 has %2 bytes").arg(i).arg(package.steps[i].size()));
    }
    return Ok{};
}

Result<QString> decodeLabel(const Tlv& tlv, std::size_t index)
{
    if (tlv.tag() != kTagLabel)
        return makeError(
            ErrorCode::InvalidTag,
            QStringLiteral("package label %1: tag %2, expected 0C").arg(index).arg(detail::tagName(tlv.tag())));
    const auto& raw = tlv.value();
    if (raw.size() > PersonalisationPackage::kMaxLabelBytes)
        return makeError(ErrorCode::Oversized,
                         QStringLiteral("package label %1 has %2 bytes").arg(index).arg(raw.size()));
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom);
    QString label = decoder.decode(QByteArrayView(raw.data(), static_cast<qsizetype>(raw.size())));
    if (decoder.hasError())
        return makeError(ErrorCode::InvalidEncoding, QStringLiteral("package label %1 is not UTF-8").arg(index));
    return label;
}

} // namespace

Result<Bytes> PersonalisationPackage::encode() const
{
    if (const auto limits = checkLimits(*this); !limits)
        return limits.error();
    std::vector<Tlv> stepObjects;
    std::vector<Tlv> labelObjects;
    stepObjects.reserve(steps.size());
    labelObjects.reserve(labels.size());
    for (const auto& step : steps)
        stepObjects.push_back(detail::bytesField(kTagStep, view(step)));
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const QByteArray utf8 = labels[i].toUtf8();
        if (static_cast<std::size_t>(utf8.size()) > kMaxLabelBytes)
            return makeError(ErrorCode::Oversized,
                             QStringLiteral("package label %1 has %2 bytes").arg(i).arg(utf8.size()));
        labelObjects.push_back(Tlv::primitive(kTagLabel, SecureBytes(utf8.begin(), utf8.end())));
    }
    Bytes anchorBytes{static_cast<std::uint8_t>(anchor.encryptionCounter >> 24),
                      static_cast<std::uint8_t>(anchor.encryptionCounter >> 16),
                      static_cast<std::uint8_t>(anchor.encryptionCounter >> 8),
                      static_cast<std::uint8_t>(anchor.encryptionCounter)};
    append(anchorBytes, view(anchor.macPrefix));
    const Tlv root = Tlv::constructed(
        kTagPackage,
        {detail::u8Field(kTagVersion, formatVersion), detail::bytesField(kTagTransactionId, view(transactionId)),
         detail::bytesField(kTagAnchor, view(anchorBytes)),
         detail::u16Field(kTagStepCount, static_cast<std::uint16_t>(steps.size())),
         Tlv::constructed(kTagSteps, std::move(stepObjects)), Tlv::constructed(kTagLabels, std::move(labelObjects))});
    const SecureBytes encoded = BerTlv::encode(root);
    if (encoded.size() > kMaxEncodedBytes)
        return makeError(ErrorCode::Oversized, QStringLiteral("package encodes to %1 bytes").arg(encoded.size()));
    return toPublic(encoded);
}

Result<PersonalisationPackage> PersonalisationPackage::decode(ByteView encoded)
{
    if (encoded.size() > kMaxEncodedBytes)
        return makeError(ErrorCode::Oversized, QStringLiteral("package of %1 bytes").arg(encoded.size()));
    TlvLimits limits;
    limits.maxDepth = 3;
    limits.maxValueLength = kMaxEncodedBytes;
    limits.maxObjects = 8 + 2 * kMaxSteps;
    auto root = BerTlv::decodeOne(encoded, limits);
    if (!root)
        return root.error();
    if (root.value().tag() != kTagPackage)
        return makeError(ErrorCode::InvalidTag,
                         QStringLiteral("package: tag %1, expected E0").arg(detail::tagName(root.value().tag())));

    FieldReader fields(root.value().children(), QLatin1String("package"));
    auto version = fields.u8(kTagVersion);
    if (!version)
        return version.error();
    if (version.value() != kPackageFormatVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("package format version %1").arg(version.value()));
    auto id = fields.fixed(kTagTransactionId, kTransactionIdLength);
    if (!id)
        return id.error();
    auto anchor = fields.fixed(kTagAnchor, kAnchorLength);
    if (!anchor)
        return anchor.error();
    auto count = fields.u16(kTagStepCount);
    if (!count)
        return count.error();
    auto steps = fields.required(kTagSteps);
    if (!steps)
        return steps.error();
    auto labels = fields.required(kTagLabels);
    if (!labels)
        return labels.error();
    if (const auto rest = fields.finish(); !rest)
        return rest.error();

    const auto& stepObjects = steps.value()->children();
    const auto& labelObjects = labels.value()->children();
    if (stepObjects.size() != count.value() || labelObjects.size() != count.value())
        return makeError(ErrorCode::SchemaViolation,
                         QStringLiteral("package announces %1 steps, holds %2 steps and %3 labels")
                             .arg(count.value())
                             .arg(stepObjects.size())
                             .arg(labelObjects.size()));

    PersonalisationPackage package;
    package.formatVersion = version.value();
    package.transactionId = toPublic(id.value());
    const auto& a = anchor.value();
    package.anchor.encryptionCounter =
        (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) | std::uint32_t{a[3]};
    package.anchor.macPrefix.assign(a.begin() + 4, a.end());
    package.steps.reserve(stepObjects.size());
    for (std::size_t i = 0; i < stepObjects.size(); ++i) {
        const Tlv& step = stepObjects[i];
        if (step.tag() != kTagStep)
            return makeError(
                ErrorCode::InvalidTag,
                QStringLiteral("package step %1: tag %2, expected 04").arg(i).arg(detail::tagName(step.tag())));
        if (step.value().size() > kMaxStepBytes)
            return makeError(ErrorCode::Oversized,
                             QStringLiteral("package step %1 has %2 bytes").arg(i).arg(step.value().size()));
        if (const auto apdu = CommandApdu::decode(view(step.value())); !apdu)
            return makeError(apdu.code(), QStringLiteral("package step %1: %2").arg(i).arg(apdu.error().message));
        package.steps.push_back(toPublic(step.value()));
    }
    package.labels.reserve(labelObjects.size());
    for (std::size_t i = 0; i < labelObjects.size(); ++i) {
        auto label = decodeLabel(labelObjects[i], i);
        if (!label)
            return label.error();
        package.labels.push_back(std::move(label).value());
    }
    if (const auto limitsOk = checkLimits(package); !limitsOk)
        return limitsOk.error();
    return package;
}

} // namespace perso::package
