// SPDX-License-Identifier: Apache-2.0
// The one mapping of pcsc-lite SCARD_* codes and card status words to ErrorKind (docs/pcsc.md).
#include "pcsc/PcscError.h"
#include "protocol/core/Result.h"

#include <PCSC/pcsclite.h>

#include <QTest>

using namespace perso;
using namespace perso::pcsc;

Q_DECLARE_METATYPE(perso::pcsc::ErrorKind)

class TestPcscError : public QObject
{
    Q_OBJECT

private slots:
    void pcscCodes_data();
    void pcscCodes();
    void unknownCodeIsInternal();
    void statusWords_data();
    void statusWords();
    void triesLeftOnlyFor63Cx();
    void textCarriesContextAndCode();
    void everyKindHasANameAndText();
    void serviceAndCardLoss();
    void protocolErrors();
};

void TestPcscError::pcscCodes_data()
{
    QTest::addColumn<quint32>("code");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("name");
    const auto row = [](const char* label, LONG code, ErrorKind kind, const char* name) {
        QTest::newRow(label) << quint32(code) << kind << QString::fromLatin1(name);
    };
    row("no service", SCARD_E_NO_SERVICE, ErrorKind::NoService, "no-service");
    row("service stopped", SCARD_E_SERVICE_STOPPED, ErrorKind::NoService, "no-service");
    row("invalid handle", SCARD_E_INVALID_HANDLE, ErrorKind::InvalidHandle, "invalid-handle");
    row("no readers", SCARD_E_NO_READERS_AVAILABLE, ErrorKind::NoReader, "no-reader");
    row("unknown reader", SCARD_E_UNKNOWN_READER, ErrorKind::ReaderUnavailable, "reader-unavailable");
    row("reader unavailable", SCARD_E_READER_UNAVAILABLE, ErrorKind::ReaderUnavailable, "reader-unavailable");
    row("unsupported feature", SCARD_E_UNSUPPORTED_FEATURE, ErrorKind::ReaderUnsupported, "reader-unsupported");
    row("no card", SCARD_E_NO_SMARTCARD, ErrorKind::NoCard, "no-card");
    row("removed", SCARD_W_REMOVED_CARD, ErrorKind::CardRemoved, "card-removed");
    row("reset", SCARD_W_RESET_CARD, ErrorKind::CardReset, "card-reset");
    row("unpowered", SCARD_W_UNPOWERED_CARD, ErrorKind::CardUnpowered, "card-unpowered");
    row("unresponsive", SCARD_W_UNRESPONSIVE_CARD, ErrorKind::CardUnresponsive, "card-unresponsive");
    row("sharing", SCARD_E_SHARING_VIOLATION, ErrorKind::SharingViolation, "sharing-violation");
    row("protocol", SCARD_E_PROTO_MISMATCH, ErrorKind::ProtocolMismatch, "protocol-mismatch");
    row("timeout", SCARD_E_TIMEOUT, ErrorKind::Timeout, "timeout");
    row("cancelled", SCARD_E_CANCELLED, ErrorKind::Cancelled, "cancelled");
    row("comm error", SCARD_F_COMM_ERROR, ErrorKind::TransmitFailed, "transmit-failed");
    row("not transacted", SCARD_E_NOT_TRANSACTED, ErrorKind::TransmitFailed, "transmit-failed");
    row("insufficient buffer", SCARD_E_INSUFFICIENT_BUFFER, ErrorKind::ResponseTooLong, "response-too-long");
    row("invalid parameter", SCARD_E_INVALID_PARAMETER, ErrorKind::InvalidArgument, "invalid-argument");
    row("busy", SCARD_E_SERVER_TOO_BUSY, ErrorKind::Busy, "busy");
    row("internal", SCARD_F_INTERNAL_ERROR, ErrorKind::Internal, "internal");
    row("no memory", SCARD_E_NO_MEMORY, ErrorKind::Internal, "internal");
}

void TestPcscError::pcscCodes()
{
    QFETCH(quint32, code);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, name);
    const PcscError e = fromPcscCode(code, QStringLiteral("SCardTransmit"));
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.name(), name);
    QCOMPARE(e.pcscCode, code);
    QCOMPARE(e.statusWord, quint16(0));
}

void TestPcscError::unknownCodeIsInternal()
{
    const PcscError e = fromPcscCode(0x801000FFu, QString());
    QCOMPARE(e.kind, ErrorKind::Internal);
    QVERIFY(e.text().contains(QStringLiteral("0x801000FF")));
    QCOMPARE(fromPcscCode(0x12345678u, QString()).kind, ErrorKind::Internal);
}

void TestPcscError::statusWords_data()
{
    QTest::addColumn<quint16>("sw");
    QTest::addColumn<ErrorKind>("kind");
    QTest::newRow("63C2") << quint16(0x63C2) << ErrorKind::WrongPin;
    QTest::newRow("63C0") << quint16(0x63C0) << ErrorKind::WrongPin;
    QTest::newRow("GSM 9804") << quint16(0x9804) << ErrorKind::WrongPin;
    QTest::newRow("6983") << quint16(0x6983) << ErrorKind::PinBlocked;
    QTest::newRow("GSM 9840") << quint16(0x9840) << ErrorKind::PinBlocked;
    QTest::newRow("6982") << quint16(0x6982) << ErrorKind::SecurityNotSatisfied;
    QTest::newRow("6985") << quint16(0x6985) << ErrorKind::ConditionsNotSatisfied;
    QTest::newRow("6A82") << quint16(0x6A82) << ErrorKind::FileNotFound;
    QTest::newRow("GSM 9404") << quint16(0x9404) << ErrorKind::FileNotFound;
    QTest::newRow("6700") << quint16(0x6700) << ErrorKind::WrongLength;
    QTest::newRow("6A80") << quint16(0x6A80) << ErrorKind::WrongParameters;
    QTest::newRow("6A86") << quint16(0x6A86) << ErrorKind::WrongParameters;
    QTest::newRow("6B00") << quint16(0x6B00) << ErrorKind::WrongParameters;
    QTest::newRow("6D00") << quint16(0x6D00) << ErrorKind::InstructionNotSupported;
    QTest::newRow("6E00") << quint16(0x6E00) << ErrorKind::ClassNotSupported;
    QTest::newRow("pin pad 6400") << quint16(0x6400) << ErrorKind::Timeout;
    QTest::newRow("pin pad 6401") << quint16(0x6401) << ErrorKind::Cancelled;
    QTest::newRow("pin pad 6402") << quint16(0x6402) << ErrorKind::PinMismatch;
    QTest::newRow("pin pad 6403") << quint16(0x6403) << ErrorKind::PinLengthInvalid;
    QTest::newRow("6F00") << quint16(0x6F00) << ErrorKind::CardError;
    QTest::newRow("6581") << quint16(0x6581) << ErrorKind::CardError;
    QTest::newRow("63C0 neighbour 6300") << quint16(0x6300) << ErrorKind::CardError;
}

void TestPcscError::statusWords()
{
    QFETCH(quint16, sw);
    QFETCH(ErrorKind, kind);
    const PcscError e = fromStatusWord(sw, QStringLiteral("VERIFY"));
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.statusWord, sw);
    QCOMPARE(e.pcscCode, quint32(0));
    QVERIFY(e.text().contains(QStringLiteral("[SW %1]").arg(sw, 4, 16, QLatin1Char('0')).toUpper()));
}

void TestPcscError::triesLeftOnlyFor63Cx()
{
    QCOMPARE(fromStatusWord(0x63C2, {}).triesLeft(), std::optional<int>(2));
    QCOMPARE(fromStatusWord(0x63C0, {}).triesLeft(), std::optional<int>(0));
    QCOMPARE(fromStatusWord(0x9804, {}).triesLeft(), std::nullopt);
    QCOMPARE(fromStatusWord(0x6983, {}).triesLeft(), std::nullopt);
    QVERIFY(fromStatusWord(0x63C1, {}).text().contains(QStringLiteral("1 tries left")));
}

void TestPcscError::textCarriesContextAndCode()
{
    const PcscError e =
        fromPcscCode(quint32(SCARD_W_REMOVED_CARD), QStringLiteral("SCardTransmit on 'Virtual PCD 00 00'"));
    const QString text = e.text();
    QVERIFY(text.startsWith(QStringLiteral("The card was removed")));
    QVERIFY(text.contains(QStringLiteral("Virtual PCD 00 00")));
    QVERIFY(text.contains(QStringLiteral("[0x80100069]")));
}

void TestPcscError::everyKindHasANameAndText()
{
    QSet<QString> names;
    for (int k = int(ErrorKind::NoService); k <= int(ErrorKind::CardError); ++k) {
        const auto kind = ErrorKind(k);
        const QString name = errorKindName(kind);
        QVERIFY2(!name.isEmpty() && !names.contains(name), qPrintable(name));
        names.insert(name);
        QVERIFY(errorKindText(kind).endsWith(QLatin1Char('.')));
    }
    QCOMPARE(names.size(), int(ErrorKind::CardError) + 1);
}

void TestPcscError::serviceAndCardLoss()
{
    QVERIFY(fromPcscCode(quint32(SCARD_E_NO_SERVICE), {}).isServiceLost());
    QVERIFY(fromPcscCode(quint32(SCARD_E_SERVICE_STOPPED), {}).isServiceLost());
    QVERIFY(fromPcscCode(quint32(SCARD_E_INVALID_HANDLE), {}).isServiceLost());
    QVERIFY(!fromPcscCode(quint32(SCARD_W_REMOVED_CARD), {}).isServiceLost());
    QVERIFY(fromPcscCode(quint32(SCARD_W_REMOVED_CARD), {}).isCardLost());
    QVERIFY(fromPcscCode(quint32(SCARD_W_RESET_CARD), {}).isCardLost());
    QVERIFY(fromPcscCode(quint32(SCARD_E_NO_SMARTCARD), {}).isCardLost());
    QVERIFY(!fromPcscCode(quint32(SCARD_E_TIMEOUT), {}).isCardLost());
}

void TestPcscError::protocolErrors()
{
    const auto card =
        fromProtocolError(makeError(ErrorCode::Truncated, QStringLiteral("1 byte")), QStringLiteral("answer"));
    QCOMPARE(card.kind, ErrorKind::MalformedResponse);
    QVERIFY(card.context.contains(QStringLiteral("answer")));
    const auto ours = fromProtocolError(makeError(ErrorCode::InvalidLength, QStringLiteral("Nc")), {});
    QCOMPARE(ours.kind, ErrorKind::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestPcscError)
#include "tst_pcscerror.moc"
