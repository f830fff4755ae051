// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire/Receipt.h"

#include "protocol/wire/MessageFields.h"

namespace perso::wire {

Result<Receipt> decodeReceipt(ByteView bytes)
{
    Result<QCborValue> parsed = detail::parseDeterministic(bytes);
    if (!parsed)
        return parsed.error();
    detail::FieldReader reader(parsed.value(), QStringLiteral("receipt"));
    Receipt receipt;
    detail::receiptFields(reader, receipt);
    if (Status s = reader.finish(); !s)
        return s.error();
    return receipt;
}

Result<Bytes> encodeReceipt(const Receipt& receipt)
{
    detail::FieldWriter writer;
    detail::receiptFields(writer, receipt);
    Bytes out = detail::toBytes(QCborValue(writer.map()).toCbor());
    Result<Receipt> check = decodeReceipt(view(out));
    if (!check)
        return check.error();
    if (!(check.value() == receipt))
        return makeError(ErrorCode::SchemaViolation, QStringLiteral("receipt does not survive its own encoding"));
    return out;
}

Result<Bytes> receiptSignedBytes(const Receipt& receipt)
{
    // Validate every field but the signature, which does not exist yet when the issuer signs.
    Receipt probe = receipt;
    probe.signature.assign(limits::kSignatureLength, 0);
    if (Result<Bytes> checked = encodeReceipt(probe); !checked)
        return checked.error();

    detail::FieldWriter writer;
    detail::receiptFields(writer, receipt);
    QCborMap map = writer.map();
    map.remove(qint64(5));
    QCborArray tbs;
    tbs.append(QLatin1String(kReceiptContext));
    tbs.append(map);
    return detail::toBytes(QCborValue(tbs).toCbor());
}

} // namespace perso::wire
