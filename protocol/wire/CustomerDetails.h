// SPDX-License-Identifier: Apache-2.0
#pragma once

// The customer's details the retailer types on the station, sealed (SealedBox.h) for the issuer's
// assessment. Encoded as a deterministic CBOR map; docs/protocol.md ("Wire messages: shop station ⇄ issuer") lists the
// keys.

#include "protocol/core/Bytes.h"
#include "protocol/core/Result.h"

#include <QDate>
#include <QString>

#include <optional>
#include <vector>

namespace perso::wire {

enum class IdDocumentType : std::uint8_t
{
    Passport = 1,
    NationalIdCard = 2,
    DrivingLicence = 3,
    ResidencePermit = 4,
};

struct PostalAddress
{
    std::vector<QString> lines;      // 1..4 lines of 1..80 characters
    std::optional<QString> postcode; // 1..16
    QString city;                    // 1..64
    QString country;                 // ISO 3166-1 alpha-2, upper case
    bool operator==(const PostalAddress&) const = default;
};

struct IdDocument
{
    IdDocumentType type = IdDocumentType::Passport;
    QString number; // printable ASCII token, 1..32
    bool operator==(const IdDocument&) const = default;
};

struct CustomerDetails
{
    QString givenNames; // 1..64
    QString familyName; // 1..64
    QDate dateOfBirth;  // valid Gregorian date, 1900-01-01..2100-12-31, "YYYY-MM-DD" on the wire
    PostalAddress address;
    IdDocument idDocument;
    std::optional<QString> email; // 3..254, one '@', printable ASCII
    std::optional<QString> phone; // '+' and 3..15 digits (E.164)
    QString planCode;             // token 1..32
    bool operator==(const CustomerDetails&) const = default;
};

inline constexpr std::size_t kMaxAddressLines = 4;

// At least one of email and phone must be present. Same error rules as the message codec.
Result<SecureBytes> encodeCustomerDetails(const CustomerDetails& details);
Result<CustomerDetails> decodeCustomerDetails(ByteView bytes);

} // namespace perso::wire
