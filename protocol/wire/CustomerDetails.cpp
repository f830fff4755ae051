// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/CustomerDetails.h"

#include "protocol/wire/CborFields.h"
#include "protocol/wire/Limits.h"

#include <type_traits>

namespace perso::wire {

namespace {

using detail::FieldReader;
using detail::FieldWriter;
using detail::TextRule;

// Strict RFC 3339 full-date: exactly "YYYY-MM-DD", a real calendar day in the accepted range.
std::optional<QDate> parseDate(const QString& text)
{
    if (text.size() != 10 || text.at(4) != u'-' || text.at(7) != u'-')
        return std::nullopt;
    for (qsizetype i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text.at(i) < u'0' || text.at(i) > u'9')
            return std::nullopt;
    }
    const QDate date(text.left(4).toInt(), text.mid(5, 2).toInt(), text.mid(8, 2).toInt());
    if (!date.isValid() || date.year() < 1900 || date.year() > 2100)
        return std::nullopt;
    return date;
}

template <typename Io, typename D> void dateField(Io& io, std::int64_t key, D& date)
{
    if constexpr (std::is_same_v<Io, FieldReader>) {
        QString text;
        io.text(key, text, 10, 10, TextRule::Token);
        if (!io.ok())
            return;
        const std::optional<QDate> parsed = parseDate(text);
        io.rule(parsed.has_value(), "date is not a valid YYYY-MM-DD between 1900 and 2100");
        if (parsed)
            date = *parsed;
    } else {
        io.text(key, date.toString(Qt::ISODate), 10, 10, TextRule::Token);
    }
}

bool isEmail(const QString& s)
{
    const qsizetype at = s.indexOf(u'@');
    return at > 0 && at == s.lastIndexOf(u'@') && at < s.size() - 1;
}

bool isPhone(const QString& s)
{
    if (s.size() < 4 || s.at(0) != u'+')
        return false;
    for (qsizetype i = 1; i < s.size(); ++i) {
        if (s.at(i) < u'0' || s.at(i) > u'9')
            return false;
    }
    return true;
}

bool isCountry(const QString& s)
{
    return s.size() == 2 && s.at(0) >= u'A' && s.at(0) <= u'Z' && s.at(1) >= u'A' && s.at(1) <= u'Z';
}

template <typename Io, typename C> void customerFields(Io& io, C& c)
{
    io.text(0, c.givenNames, 1, 64);
    io.text(1, c.familyName, 1, 64);
    dateField(io, 2, c.dateOfBirth);
    io.nested(3, c.address, [](auto& sub, auto& a) {
        sub.textList(0, a.lines, kMaxAddressLines, 1, 80);
        sub.text(1, a.postcode, 1, 16);
        sub.text(2, a.city, 1, 64);
        sub.text(3, a.country, 2, 2, TextRule::Token);
        sub.rule(!a.lines.empty(), "address without a line");
        sub.rule(isCountry(a.country), "country is not an ISO 3166-1 alpha-2 code");
    });
    io.nested(4, c.idDocument, [](auto& sub, auto& d) {
        sub.enumeration(0, d.type,
                        {IdDocumentType::Passport, IdDocumentType::NationalIdCard, IdDocumentType::DrivingLicence,
                         IdDocumentType::ResidencePermit});
        sub.text(1, d.number, 1, limits::kMaxToken, TextRule::Token);
    });
    io.text(5, c.email, 3, 254, TextRule::Token);
    io.text(6, c.phone, 4, 16, TextRule::Token);
    io.text(7, c.planCode, 1, limits::kMaxToken, TextRule::Token);
    io.rule(c.email.has_value() || c.phone.has_value(), "neither email nor phone");
    io.rule(!c.email || isEmail(*c.email), "email is not local@domain");
    io.rule(!c.phone || isPhone(*c.phone), "phone is not '+' and digits");
}

} // namespace

Result<CustomerDetails> decodeCustomerDetails(ByteView bytes)
{
    if (bytes.size() > limits::kMaxCustomerDetails)
        return makeError(ErrorCode::Oversized, QStringLiteral("customer details of %1 bytes, at most %2")
                                                   .arg(bytes.size())
                                                   .arg(limits::kMaxCustomerDetails));
    Result<QCborValue> parsed = detail::parseDeterministic(bytes);
    if (!parsed)
        return parsed.error();
    FieldReader reader(parsed.value(), QStringLiteral("customer details"));
    CustomerDetails details;
    customerFields(reader, details);
    if (Status s = reader.finish(); !s)
        return s.error();
    return details;
}

Result<SecureBytes> encodeCustomerDetails(const CustomerDetails& details)
{
    FieldWriter writer;
    customerFields(writer, details);
    QByteArray cbor = QCborValue(writer.map()).toCbor();
    SecureBytes out(cbor.begin(), cbor.end());
    cbor.fill('\0'); // personal data: do not leave a copy in ordinary memory
    Result<CustomerDetails> check = decodeCustomerDetails(view(out));
    if (!check)
        return check.error();
    if (!(check.value() == details))
        return makeError(ErrorCode::SchemaViolation,
                         QStringLiteral("customer details do not survive their own encoding"));
    return out;
}

} // namespace perso::wire
