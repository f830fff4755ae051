// SPDX-License-Identifier: Apache-2.0
// The strict decoders of the secure terminal's answers (protocol/terminal/TerminalAnswers.h): the
// firmware's layouts round-trip, every truncation and every bad value is a typed error.
#include "protocol/terminal/TerminalAnswers.h"

#include <QTest>

using namespace perso;
using namespace perso::terminal::cmd;

Q_DECLARE_METATYPE(perso::Bytes)

namespace {

Bytes plain(const SecureBytes& bytes)
{
    return Bytes(bytes.begin(), bytes.end());
}

StatusAnswer sampleStatus(bool withSteps)
{
    StatusAnswer status;
    status.state = 0x05;
    status.slot = 0x02;
    status.tampered = false;
    status.firmwareVersion = QStringLiteral("perso-terminal-1.0");
    status.terminalId = QStringLiteral("T-0042");
    if (withSteps) {
        status.stepsConsumed = 3;
        status.stepsTotal = 24;
    }
    return status;
}

SignOnAnswer sampleSignOn()
{
    SignOnAnswer answer;
    answer.serial = fromHex("5250000000000007");
    answer.retailerId = QStringLiteral("Shop 7");
    answer.keyVersion = 0x30;
    answer.terminalId = QStringLiteral("T-0042");
    answer.tampered = true;
    answer.firmwareVersion = QStringLiteral("perso-terminal-1.0");
    return answer;
}

} // namespace

class TestTerminalAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusRoundTrip()
    {
        for (const bool withSteps : {false, true}) {
            const StatusAnswer status = sampleStatus(withSteps);
            const auto decoded = decodeStatusAnswer(view(encodeStatusAnswer(status)));
            QVERIFY(decoded.ok());
            QCOMPARE(decoded.value(), status);
        }
    }

    void statusExactBytes()
    {
        // What SecureTerminal::getStatus emits for a locked, empty, untampered terminal.
        const Bytes bytes = fromHex("800100 810100 820100 8303 76312E 8401 54");
        const auto decoded = decodeStatusAnswer(view(bytes));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().state, std::uint8_t{0});
        QCOMPARE(decoded.value().firmwareVersion, QStringLiteral("v1."));
        QCOMPARE(decoded.value().terminalId, QStringLiteral("T"));
        QVERIFY(!decoded.value().stepsTotal.has_value());
    }

    void statusEveryTruncation()
    {
        const SecureBytes full = encodeStatusAnswer(sampleStatus(true));
        for (std::size_t length = 0; length < full.size(); ++length) {
            const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(length));
            // Cutting exactly after the 84 field leaves a valid answer without steps.
            if (length == full.size() - 6) {
                QVERIFY(decodeStatusAnswer(view(prefix)).ok());
                continue;
            }
            QVERIFY2(!decodeStatusAnswer(view(prefix)).ok(), qPrintable(QString::number(length)));
        }
    }

    void statusBad_data()
    {
        QTest::addColumn<Bytes>("bytes");
        QTest::addColumn<int>("code");
        const auto row = [](const char* name, const char* hex, ErrorCode code) {
            QTest::newRow(name) << fromHex(hex) << static_cast<int>(code);
        };
        row("empty", "", ErrorCode::SchemaViolation);
        row("state 09", "800109 810100 820100 830131 840154", ErrorCode::SchemaViolation);
        row("state 2 bytes", "80020000 810100 820100 830131 840154", ErrorCode::InvalidLength);
        row("slot 03", "800100 810103 820100 830131 840154", ErrorCode::SchemaViolation);
        row("tamper 02", "800100 810100 820102 830131 840154", ErrorCode::SchemaViolation);
        row("tamper empty", "800100 810100 8200 830131 840154", ErrorCode::InvalidLength);
        row("firmware empty", "800100 810100 820100 8300 840154", ErrorCode::InvalidLength);
        row("firmware not utf8", "800100 810100 820100 8302C328 840154", ErrorCode::InvalidEncoding);
        row("terminal id control", "800100 810100 820100 830131 84020A41", ErrorCode::InvalidEncoding);
        row("terminal id 33 chars",
            "800100 810100 820100 830131 8421414141414141414141414141414141414141414141414141414141414141414141",
            ErrorCode::InvalidLength);
        row("order swapped", "810100 800100 820100 830131 840154", ErrorCode::InvalidTag);
        row("field missing", "800100 810100 820100 830131", ErrorCode::SchemaViolation);
        row("unknown tag", "800100 810100 820100 830131 840154 860100", ErrorCode::InvalidTag);
        row("extra field", "800100 810100 820100 830131 840154 85040001000A 860100", ErrorCode::TrailingData);
        row("steps 3 bytes", "800100 810100 820100 830131 840154 8503000100", ErrorCode::InvalidLength);
        row("steps consumed > total", "800100 810100 820100 830131 840154 8504000B000A", ErrorCode::SchemaViolation);
        row("steps total 0", "800100 810100 820100 830131 840154 850400000000", ErrorCode::SchemaViolation);
        row("trailing byte", "800100 810100 820100 830131 840154 00", ErrorCode::InvalidTag);
        row("length overrun", "800100 810100 820100 830531 840154", ErrorCode::Truncated);
    }

    void statusBad()
    {
        QFETCH(Bytes, bytes);
        QFETCH(int, code);
        const auto decoded = decodeStatusAnswer(view(bytes));
        QVERIFY(!decoded.ok());
        if (code != static_cast<int>(ErrorCode::InvalidTag) && code != static_cast<int>(ErrorCode::Truncated))
            QCOMPARE(static_cast<int>(decoded.code()), code);
    }

    void signOnRoundTrip()
    {
        const SignOnAnswer answer = sampleSignOn();
        const auto decoded = decodeSignOnAnswer(view(encodeSignOnAnswer(answer)));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value(), answer);
    }

    void signOnEveryTruncation()
    {
        const SecureBytes full = encodeSignOnAnswer(sampleSignOn());
        for (std::size_t length = 0; length < full.size(); ++length) {
            const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(length));
            QVERIFY2(!decodeSignOnAnswer(view(prefix)).ok(), qPrintable(QString::number(length)));
        }
    }

    void signOnBad_data()
    {
        QTest::addColumn<Bytes>("bytes");
        QTest::addColumn<int>("code");
        const auto row = [](const char* name, const char* hex, ErrorCode code) {
            QTest::newRow(name) << fromHex(hex) << static_cast<int>(code);
        };
        row("good", "800101 810153 820130 830154 A406 800100 810131", ErrorCode::Truncated); // control row: ok
        row("serial empty", "8000 810153 820130 830154 A406 800100 810131", ErrorCode::InvalidLength);
        row("serial 33 bytes",
            "8021000000000000000000000000000000000000000000000000000000000000000000 810153 820130 830154 A406 800100 "
            "810131",
            ErrorCode::InvalidLength);
        row("retailer id empty", "800101 8100 820130 830154 A406 800100 810131", ErrorCode::InvalidLength);
        row("retailer id bad utf8", "800101 8101FF 820130 830154 A406 800100 810131", ErrorCode::InvalidEncoding);
        row("kvn 0", "800101 810153 820100 830154 A406 800100 810131", ErrorCode::SchemaViolation);
        row("kvn 80", "800101 810153 820180 830154 A406 800100 810131", ErrorCode::SchemaViolation);
        row("kvn 2 bytes", "800101 810153 82023030 830154 A406 800100 810131", ErrorCode::InvalidLength);
        row("terminal id empty", "800101 810153 820130 8300 A406 800100 810131", ErrorCode::InvalidLength);
        row("tamper 02", "800101 810153 820130 830154 A406 800102 810131", ErrorCode::SchemaViolation);
        row("firmware empty", "800101 810153 820130 830154 A405 800100 8100", ErrorCode::InvalidLength);
        row("A4 missing", "800101 810153 820130 830154", ErrorCode::SchemaViolation);
        row("A4 empty", "800101 810153 820130 830154 A400", ErrorCode::SchemaViolation);
        row("A4 children swapped", "800101 810153 820130 830154 A406 810131 800100", ErrorCode::InvalidTag);
        row("A4 extra child", "800101 810153 820130 830154 A409 800100 810131 820100", ErrorCode::TrailingData);
        row("primitive 84 for A4", "800101 810153 820130 830154 8406 800100 810131", ErrorCode::InvalidTag);
        row("extra field", "800101 810153 820130 830154 A406 800100 810131 850100", ErrorCode::TrailingData);
        row("tags swapped", "810153 800101 820130 830154 A406 800100 810131", ErrorCode::InvalidTag);
    }

    void signOnBad()
    {
        QFETCH(Bytes, bytes);
        QFETCH(int, code);
        const auto decoded = decodeSignOnAnswer(view(bytes));
        if (QByteArray(QTest::currentDataTag()) == "good") {
            QVERIFY(decoded.ok());
            QCOMPARE(decoded.value().keyVersion, std::uint8_t{0x30});
            return;
        }
        QVERIFY(!decoded.ok());
        QCOMPARE(static_cast<int>(decoded.code()), code);
    }

    void stepAnswers_data()
    {
        QTest::addColumn<Bytes>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("first of 24") << fromHex("0000 0018 01 00") << true;
        QTest::newRow("last, result") << fromHex("0017 0018 00 01") << true;
        QTest::newRow("keypad failed") << fromHex("0005 0018 04 01") << true;
        QTest::newRow("closed at total") << fromHex("0018 0018 00 02") << true;
        QTest::newRow("index == total, more") << fromHex("0018 0018 00 00") << false;
        QTest::newRow("index > total") << fromHex("0019 0018 00 02") << false;
        QTest::newRow("total 0") << fromHex("0000 0000 00 00") << false;
        QTest::newRow("card status 05") << fromHex("0000 0018 05 00") << false;
        QTest::newRow("run state 03") << fromHex("0000 0018 00 03") << false;
        QTest::newRow("7 bytes") << fromHex("0000 0018 00 00 00") << false;
        const Bytes full = fromHex("0000 0018 01 00");
        for (std::size_t length = 0; length < full.size(); ++length)
            QTest::addRow("truncated to %zu", length)
                << Bytes(full.begin(), full.begin() + std::ptrdiff_t(length)) << false;
    }

    void stepAnswers()
    {
        QFETCH(Bytes, bytes);
        QFETCH(bool, valid);
        const auto decoded = decodeStepAnswer(view(bytes));
        QCOMPARE(decoded.ok(), valid);
        if (valid)
            QCOMPARE(plain(encodeStepAnswer(decoded.value())), bytes);
    }

    void stepTypedErrors()
    {
        QCOMPARE(decodeStepAnswer(view(fromHex("00001800"))).code(), ErrorCode::Truncated);
        QCOMPARE(decodeStepAnswer(view(fromHex("0000001800000000"))).code(), ErrorCode::TrailingData);
        QCOMPARE(decodeStepAnswer(view(fromHex("000000180900"))).code(), ErrorCode::SchemaViolation);
        const auto decoded = decodeStepAnswer(view(fromHex("0003 0018 02 01")));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().index, std::uint16_t{3});
        QCOMPARE(decoded.value().total, std::uint16_t{24});
        QCOMPARE(decoded.value().cardStatus, StepCardStatus::Refused);
        QCOMPARE(decoded.value().runState, RunState::ResultReady);
    }

    void loadPackageAnswers()
    {
        const auto good = decodeLoadPackageAnswer(view(fromHex("0018")));
        QVERIFY(good.ok());
        QCOMPARE(good.value(), std::uint16_t{24});
        QCOMPARE(plain(encodeLoadPackageAnswer(0x1234)), fromHex("1234"));
        QCOMPARE(decodeLoadPackageAnswer(view(fromHex(""))).code(), ErrorCode::Truncated);
        QCOMPARE(decodeLoadPackageAnswer(view(fromHex("00"))).code(), ErrorCode::Truncated);
        QCOMPARE(decodeLoadPackageAnswer(view(fromHex("001800"))).code(), ErrorCode::TrailingData);
        QCOMPARE(decodeLoadPackageAnswer(view(fromHex("0000"))).code(), ErrorCode::SchemaViolation);
    }
};

QTEST_GUILESS_MAIN(TestTerminalAnswers)
#include "tst_terminalanswers.moc"
