// SPDX-License-Identifier: Apache-2.0
#include "terminal/bridge/VpcdFrame.h"

#include <QTest>

Q_DECLARE_METATYPE(perso::ErrorCode)

using namespace perso;
using namespace perso::vpcd;

class TestVpcdFrame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("expected");
        QTest::newRow("atr") << QStringLiteral("3B00") << QStringLiteral("00023B00");
        QTest::newRow("status word") << QStringLiteral("9000") << QStringLiteral("00029000");
        QTest::newRow("one byte") << QStringLiteral("04") << QStringLiteral("000104");
    }
    void encode()
    {
        QFETCH(QString, payload);
        QFETCH(QString, expected);
        const auto encoded = frame::encode(view(fromHex(payload.toStdString())));
        QVERIFY(encoded.ok());
        QCOMPARE(QString::fromStdString(toHex(view(encoded.value()))), expected);
    }

    void encodeLongestAndRefusedLengths()
    {
        const Bytes longest(frame::kMaxPayload, 0xAB);
        const auto encoded = frame::encode(view(longest));
        QVERIFY(encoded.ok());
        QCOMPARE(encoded.value().size(), frame::kMaxPayload + 2);
        QCOMPARE(encoded.value()[0], 0xFF);
        QCOMPARE(encoded.value()[1], 0xFF);

        const Bytes tooLong(frame::kMaxPayload + 1, 0xAB);
        QCOMPARE(frame::encode(view(tooLong)).code(), ErrorCode::InvalidLength);
        QCOMPARE(frame::encode(ByteView{}).code(), ErrorCode::InvalidLength);
    }

    void decodeControls_data()
    {
        QTest::addColumn<QString>("bytes");
        QTest::addColumn<int>("control");
        QTest::newRow("power off") << QStringLiteral("000100") << int(Control::PowerOff);
        QTest::newRow("power on") << QStringLiteral("000101") << int(Control::PowerOn);
        QTest::newRow("reset") << QStringLiteral("000102") << int(Control::Reset);
        QTest::newRow("atr") << QStringLiteral("000104") << int(Control::GetAtr);
    }
    void decodeControls()
    {
        QFETCH(QString, bytes);
        QFETCH(int, control);
        VpcdRequestReader reader;
        reader.append(view(fromHex(bytes.toStdString())));
        auto next = reader.next();
        QVERIFY(next.ok());
        QVERIFY(next.value().has_value());
        QCOMPARE(next.value()->kind, VpcdRequest::Kind::Control);
        QCOMPARE(int(next.value()->control), control);
        QCOMPARE(reader.buffered(), std::size_t{0});
    }

    void decodeCommandByteByByte()
    {
        const Bytes stream = fromHex("000500A4040000"
                                     "000104");
        VpcdRequestReader reader;
        std::vector<VpcdRequest> requests;
        for (std::uint8_t byte : stream) {
            reader.append(ByteView(&byte, 1));
            auto next = reader.next();
            QVERIFY(next.ok());
            if (next.value()) {
                requests.push_back(std::move(*next.value()));
            }
        }
        QCOMPARE(requests.size(), std::size_t{2});
        QCOMPARE(requests[0].kind, VpcdRequest::Kind::Command);
        QCOMPARE(toHex(view(requests[0].apdu)), std::string("00A4040000"));
        QCOMPARE(requests[1].kind, VpcdRequest::Kind::Control);
        QCOMPARE(requests[1].control, Control::GetAtr);
    }

    void incompleteFramesWait_data()
    {
        QTest::addColumn<QString>("bytes");
        QTest::newRow("nothing") << QString();
        QTest::newRow("half a length") << QStringLiteral("00");
        QTest::newRow("length only") << QStringLiteral("0004");
        QTest::newRow("payload short by one") << QStringLiteral("000400A404");
        QTest::newRow("longest frame announced") << QStringLiteral("FFFF00A40400");
    }
    void incompleteFramesWait()
    {
        QFETCH(QString, bytes);
        VpcdRequestReader reader;
        reader.append(view(fromHex(bytes.toStdString())));
        auto next = reader.next();
        QVERIFY(next.ok());
        QVERIFY(!next.value().has_value());
    }

    void malformedFramesRefused_data()
    {
        QTest::addColumn<QString>("bytes");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("empty payload") << QStringLiteral("0000") << ErrorCode::InvalidLength;
        QTest::newRow("control 3") << QStringLiteral("000103") << ErrorCode::InvalidEncoding;
        QTest::newRow("control 5") << QStringLiteral("000105") << ErrorCode::InvalidEncoding;
        QTest::newRow("control FF") << QStringLiteral("0001FF") << ErrorCode::InvalidEncoding;
    }
    void malformedFramesRefused()
    {
        QFETCH(QString, bytes);
        QFETCH(ErrorCode, code);
        VpcdRequestReader reader;
        reader.append(view(fromHex(bytes.toStdString())));
        const auto next = reader.next();
        QVERIFY(!next.ok());
        QCOMPARE(next.code(), code);
    }

    void clearForgetsPartialFrame()
    {
        VpcdRequestReader reader;
        reader.append(view(fromHex("000500A4")));
        reader.clear();
        QCOMPARE(reader.buffered(), std::size_t{0});
        reader.append(view(fromHex("000101")));
        const auto next = reader.next();
        QVERIFY(next.ok() && next.value().has_value());
        QCOMPARE(next.value()->control, Control::PowerOn);
    }
};

QTEST_GUILESS_MAIN(TestVpcdFrame)
#include "tst_vpcdframe.moc"
