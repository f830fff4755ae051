// SPDX-License-Identifier: Apache-2.0
#include "protocol/tlv/BerTlv.h"
#include "terminal/cards/CardFile.h"
#include "terminal/cards/RetailerCard.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace perso;
using namespace perso::cards;

Q_DECLARE_METATYPE(perso::ErrorCode)

namespace {

const Bytes kSerial = fromHex("0102030405060708");

SecureBytes ascii(const char* text)
{
    return SecureBytes(text, text + std::strlen(text));
}

scp03::StaticKeys testKeys()
{
    scp03::StaticKeys keys;
    keys.enc = SecureBytes(16, 0x11);
    keys.mac = SecureBytes(16, 0x22);
    keys.dek = SecureBytes(16, 0x33);
    keys.keyVersion = 0x30;
    return keys;
}

QString hex(const SecureBytes& bytes)
{
    return QString::fromStdString(toHex(view(bytes))).toUpper();
}

// Sends a command given in hex; the response data in upper-case hex.
struct Answer
{
    std::uint16_t sw = 0;
    QString data;
};

Answer send(RetailerCard& card, const char* apduHex)
{
    const Bytes raw = fromHex(apduHex);
    const Result<CommandApdu> command = CommandApdu::decode(view(raw));
    if (!command)
        return {0xFFFF, {}};
    const ResponseApdu response = card.process(command.value());
    return {response.sw(), hex(response.data())};
}

// VERIFY with the PIN block of `pin` (digits as text).
Answer verifyPin(RetailerCard& card, const char* pin)
{
    const SecureBytes block = RetailerCard::pinBlock(ascii(pin));
    const ResponseApdu r = card.process(CommandApdu(0x00, 0x20, 0x00, 0x01, block));
    return {r.sw(), hex(r.data())};
}

Answer resetRetryCounter(RetailerCard& card, const char* adminCode, const char* newPin)
{
    SecureBytes data = ascii(adminCode);
    const SecureBytes block = RetailerCard::pinBlock(ascii(newPin));
    data.insert(data.end(), block.begin(), block.end());
    const ResponseApdu r = card.process(CommandApdu(0x00, 0x2C, 0x00, 0x01, data));
    return {r.sw(), hex(r.data())};
}

} // namespace

class TestRetailerCard : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    int m_serialNumber = 0;

    std::unique_ptr<RetailerCard> openCard()
    {
        Result<std::unique_ptr<RetailerCard>> card = RetailerCard::open(m_path);
        if (!card)
            qWarning("%s", qPrintable(card.error().message));
        return card ? std::move(card).value() : nullptr;
    }

private slots:
    void init()
    {
        // A fresh card for every test function and data row.
        m_path = m_dir.filePath(QStringLiteral("card-%1.card").arg(++m_serialNumber));
        const Status created = RetailerCard::create(m_path, kSerial, QStringLiteral("Shop 42 Zürich"), ascii("4711"),
                                                    ascii("12345678"), testKeys());
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
    }

    void identity()
    {
        auto card = openCard();
        QVERIFY(card);
        QCOMPARE(card->kind(), QStringLiteral("retailer"));
        QCOMPARE(card->label(), QStringLiteral("0102030405060708"));
        QCOMPARE(card->retailerId(), QStringLiteral("Shop 42 Zürich"));
        QCOMPARE(card->pinTriesLeft(), 3);
        QCOMPARE(card->adminTriesLeft(), 10);
        const Bytes atr = card->atr();
        QCOMPARE(atr.front(), std::uint8_t{0x3B});
        std::uint8_t check = 0;
        for (std::size_t i = 1; i < atr.size(); ++i)
            check ^= atr[i];
        QCOMPARE(check, std::uint8_t{0}); // TCK makes T0..TCK XOR to zero
    }

    void statusWords_data()
    {
        QTest::addColumn<QString>("apdu");
        QTest::addColumn<int>("sw");
        QTest::newRow("select MF") << QStringLiteral("00A4000C023F00") << 0x9000;
        QTest::newRow("select EF.SERIAL") << QStringLiteral("00A4000C022F01") << 0x9000;
        QTest::newRow("select EF.KEYS before PIN") << QStringLiteral("00A4000C022F10") << 0x9000;
        QTest::newRow("select unknown file") << QStringLiteral("00A4000C022F99") << 0x6A82;
        QTest::newRow("select by name") << QStringLiteral("00A4040C022F01") << 0x6A86;
        QTest::newRow("select P2 00") << QStringLiteral("00A40000022F01") << 0x6A86;
        QTest::newRow("select 3-byte FID") << QStringLiteral("00A4000C032F0100") << 0x6700;
        QTest::newRow("select no FID") << QStringLiteral("00A4000C") << 0x6700;
        QTest::newRow("class 80") << QStringLiteral("80A4000C022F01") << 0x6E00;
        QTest::newRow("class A0 (GSM)") << QStringLiteral("A0A4000002 2F01") << 0x6E00;
        QTest::newRow("class 0C (secure messaging)") << QStringLiteral("0CA4000C022F01") << 0x6E00;
        QTest::newRow("GET DATA") << QStringLiteral("00CA000000") << 0x6D00;
        QTest::newRow("UPDATE BINARY") << QStringLiteral("00D6000001AA") << 0x6D00;
        QTest::newRow("read without current EF") << QStringLiteral("00B0000008") << 0x6986;
        QTest::newRow("read by SFI") << QStringLiteral("00B0810008") << 0x6A86;
        QTest::newRow("verify status") << QStringLiteral("00200001") << 0x63C3;
        QTest::newRow("verify P2 02") << QStringLiteral("002000020834373131FFFFFFFF") << 0x6A86;
        QTest::newRow("verify P1 FF") << QStringLiteral("0020FF0108 34373131FFFFFFFF") << 0x6A86;
        QTest::newRow("verify 4-byte block") << QStringLiteral("002000010434373131") << 0x6700;
        QTest::newRow("verify 3 digits") << QStringLiteral("0020000108343731FFFFFFFFFF") << 0x6A80;
        QTest::newRow("verify letters") << QStringLiteral("002000010841424344FFFFFFFF") << 0x6A80;
        QTest::newRow("verify digit after FF") << QStringLiteral("002000010834373131FF31FFFF") << 0x6A80;
        QTest::newRow("reset counter P2 02")
            << QStringLiteral("002C00021031323334353637383930303030FFFFFFFF") << 0x6A86;
        QTest::newRow("reset counter 8 bytes") << QStringLiteral("002C0001083132333435363738") << 0x6700;
        QTest::newRow("reset counter letters")
            << QStringLiteral("002C000110414243443536373839303030FFFFFFFF") << 0x6A80;
    }

    void statusWords()
    {
        QFETCH(QString, apdu);
        QFETCH(int, sw);
        auto card = openCard();
        QVERIFY(card);
        card->powerOn();
        QCOMPARE(int(send(*card, apdu.toLatin1().constData()).sw), sw);
        // A refused command changed nothing persistent.
        QCOMPARE(card->pinTriesLeft(), 3);
        QCOMPARE(card->adminTriesLeft(), 10);
        QCOMPARE(openCard()->pinTriesLeft(), 3);
    }

    void readSerialAndRetailer()
    {
        auto card = openCard();
        card->powerOn();
        QCOMPARE(send(*card, "00A4000C022F01").sw, std::uint16_t{0x9000});
        Answer a = send(*card, "00B0000008");
        QCOMPARE(a.sw, std::uint16_t{0x9000});
        QCOMPARE(a.data, QStringLiteral("0102030405060708"));
        a = send(*card, "00B0000400"); // Le 00: what remains
        QCOMPARE(a.sw, std::uint16_t{0x9000});
        QCOMPARE(a.data, QStringLiteral("05060708"));
        a = send(*card, "00B0000202");
        QCOMPARE(a.data, QStringLiteral("0304"));
        QCOMPARE(send(*card, "00B0000010").sw, std::uint16_t{0x6C08});     // Le beyond the file: exact length
        QCOMPARE(send(*card, "00B0000800").sw, std::uint16_t{0x6B00});     // offset at the end
        QCOMPARE(send(*card, "00B0010000").sw, std::uint16_t{0x6B00});     // offset 256
        QCOMPARE(send(*card, "00B00000").sw, std::uint16_t{0x6700});       // no Le
        QCOMPARE(send(*card, "00B0000001AA08").sw, std::uint16_t{0x6700}); // data field
        QCOMPARE(send(*card, "00A4000C022F02").sw, std::uint16_t{0x9000});
        a = send(*card, "00B0000000");
        QCOMPARE(a.sw, std::uint16_t{0x9000});
        QCOMPARE(QString::fromUtf8(QByteArray::fromHex(a.data.toLatin1())), QStringLiteral("Shop 42 Zürich"));
        // An unknown FID leaves the current file selected; MF deselects it.
        QCOMPARE(send(*card, "00A4000C020000").sw, std::uint16_t{0x6A82});
        QCOMPARE(send(*card, "00B0000001").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*card, "00A4000C023F00").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*card, "00B0000001").sw, std::uint16_t{0x6986});
    }

    void selectReturnsFcp()
    {
        auto card = openCard();
        Answer a = send(*card, "00A4000402 2F01");
        QCOMPARE(a.sw, std::uint16_t{0x9000});
        QCOMPARE(a.data, QStringLiteral("620E8002000882010183022F018A0105"));
        a = send(*card, "00A40004023F00");
        QCOMPARE(a.data, QStringLiteral("620A8201388302 3F008A0105").remove(QLatin1Char(' ')));
        a = send(*card, "00A40004022F10"); // size of EF.KEYS: 3 + 3 × 18
        QCOMPARE(a.data, QStringLiteral("620E8002003982010183022F108A0105"));
    }

    void keysOnlyAfterPin()
    {
        auto card = openCard();
        card->powerOn();
        QCOMPARE(send(*card, "00A4000C022F10").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*card, "00B0000000").sw, std::uint16_t{0x6982});
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*card, "00200001").sw, std::uint16_t{0x9000});
        const Answer a = send(*card, "00B0000000");
        QCOMPARE(a.sw, std::uint16_t{0x9000});
        const Bytes raw = fromHex(a.data.toStdString());
        const Result<std::vector<Tlv>> tlvs = BerTlv::decodeAll(view(raw));
        QVERIFY(tlvs.ok());
        QCOMPARE(tlvs.value().size(), std::size_t{4});
        QCOMPARE(hex(tlvs.value()[0].value()), QStringLiteral("30"));
        QCOMPARE(tlvs.value()[1].value(), testKeys().enc);
        QCOMPARE(tlvs.value()[2].value(), testKeys().mac);
        QCOMPARE(tlvs.value()[3].value(), testKeys().dek);
        // The security status is volatile: a reset forgets it.
        card->powerOff();
        card->powerOn();
        QCOMPARE(send(*card, "00B0000000").sw, std::uint16_t{0x6986});
        QCOMPARE(send(*card, "00A4000C022F10").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*card, "00B0000000").sw, std::uint16_t{0x6982});
        // A wrong PIN withdraws it too.
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x9000});
        QCOMPARE(verifyPin(*card, "0000").sw, std::uint16_t{0x63C2});
        QCOMPARE(send(*card, "00B0000000").sw, std::uint16_t{0x6982});
    }

    void aes256KeysReadInOneCommand()
    {
        scp03::StaticKeys keys{SecureBytes(32, 0xA1), SecureBytes(32, 0xB2), SecureBytes(32, 0xC3), 0x7F};
        const QString path = m_dir.filePath(QStringLiteral("aes256.card"));
        QVERIFY(
            RetailerCard::create(path, kSerial, QStringLiteral("R"), ascii("13579024"), ascii("11112222"), keys).ok());
        auto card = std::move(RetailerCard::open(path)).value();
        QCOMPARE(verifyPin(*card, "13579024").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*card, "00A4000C022F10").sw, std::uint16_t{0x9000});
        const Answer a = send(*card, "00B0000000");
        QCOMPARE(a.sw, std::uint16_t{0x9000});
        const Bytes raw = fromHex(a.data.toStdString());
        QCOMPARE(raw.size(), std::size_t{3 + 3 * 34});
        const Result<std::vector<Tlv>> tlvs = BerTlv::decodeAll(view(raw));
        QVERIFY(tlvs.ok());
        QCOMPARE(tlvs.value()[0].value(), SecureBytes{0x7F});
        QCOMPARE(tlvs.value()[3].value(), keys.dek);
        // The last bytes by offset, as a reader with a small buffer would fetch them.
        QCOMPARE(send(*card, "00B0006504").data, QStringLiteral("C3C3C3C3"));
    }

    void wrongPinDownToBlocked()
    {
        auto card = openCard();
        QCOMPARE(verifyPin(*card, "1111").sw, std::uint16_t{0x63C2});
        QCOMPARE(openCard()->pinTriesLeft(), 2); // on disk before the answer
        QCOMPARE(verifyPin(*card, "47110").sw, std::uint16_t{0x63C1});
        QCOMPARE(verifyPin(*card, "12345678").sw, std::uint16_t{0x63C0});
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x6983});
        QCOMPARE(send(*card, "00200001").sw, std::uint16_t{0x6983});
        QCOMPARE(card->pinTriesLeft(), 0);
        auto reloaded = openCard();
        QCOMPARE(reloaded->pinTriesLeft(), 0);
        QCOMPARE(verifyPin(*reloaded, "4711").sw, std::uint16_t{0x6983});
        QCOMPARE(send(*reloaded, "00A4000C022F10").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*reloaded, "00B0000000").sw, std::uint16_t{0x6982});
        // The serial stays readable on a blocked card.
        QCOMPARE(send(*reloaded, "00A4000C022F01").sw, std::uint16_t{0x9000});
        QCOMPARE(send(*reloaded, "00B0000008").data, QStringLiteral("0102030405060708"));
    }

    void rightPinRestoresTheCounter()
    {
        auto card = openCard();
        QCOMPARE(verifyPin(*card, "1111").sw, std::uint16_t{0x63C2});
        QCOMPARE(verifyPin(*card, "1112").sw, std::uint16_t{0x63C1});
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x9000});
        QCOMPARE(card->pinTriesLeft(), 3);
        QCOMPARE(openCard()->pinTriesLeft(), 3);
    }

    void unblockWithAdminCode()
    {
        auto card = openCard();
        for (int i = 0; i < 3; ++i)
            verifyPin(*card, "0000");
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x6983});
        QCOMPARE(resetRetryCounter(*card, "87654321", "2580").sw, std::uint16_t{0x63C9});
        QCOMPARE(card->adminTriesLeft(), 9);
        QCOMPARE(verifyPin(*card, "2580").sw, std::uint16_t{0x6983}); // still blocked
        QCOMPARE(resetRetryCounter(*card, "12345678", "2580").sw, std::uint16_t{0x9000});
        QCOMPARE(card->adminTriesLeft(), 10);
        QCOMPARE(card->pinTriesLeft(), 3);
        QVERIFY(!card->isPinVerified()); // a new PIN is not a verified one
        auto reloaded = openCard();
        QCOMPARE(verifyPin(*reloaded, "4711").sw, std::uint16_t{0x63C2}); // the old PIN is gone
        QCOMPARE(verifyPin(*reloaded, "2580").sw, std::uint16_t{0x9000});
        QCOMPARE(reloaded->pinTriesLeft(), 3);
    }

    void adminCodeExhaustedKillsTheCard()
    {
        auto card = openCard();
        for (int left = 9; left >= 0; --left)
            QCOMPARE(int(resetRetryCounter(*card, "00000000", "2580").sw), 0x63C0 | left);
        QVERIFY(card->isDead());
        QCOMPARE(resetRetryCounter(*card, "12345678", "2580").sw, std::uint16_t{0x6983});
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x6983});
        QCOMPARE(send(*card, "00A4000C022F01").sw, std::uint16_t{0x6983});
        QCOMPARE(send(*card, "00B0000008").sw, std::uint16_t{0x6983});
        QCOMPARE(send(*card, "80CA000000").sw, std::uint16_t{0x6983});
        auto reloaded = openCard();
        QVERIFY(reloaded->isDead());
        reloaded->powerOn();
        QCOMPARE(send(*reloaded, "00A4000C022F01").sw, std::uint16_t{0x6983});
    }

    void failedWriteChangesNothing()
    {
        auto card = openCard();
        // Put a folder where the card file was: the next save cannot replace it.
        QVERIFY(QFile::remove(m_path));
        QVERIFY(QDir().mkdir(m_path));
        QCOMPARE(verifyPin(*card, "0000").sw, std::uint16_t{0x6581});
        QCOMPARE(card->pinTriesLeft(), 3);
        QCOMPARE(resetRetryCounter(*card, "00000000", "2580").sw, std::uint16_t{0x6581});
        QCOMPARE(card->adminTriesLeft(), 10);
        QCOMPARE(verifyPin(*card, "4711").sw, std::uint16_t{0x9000}); // no write needed at 3 tries
        QVERIFY(QDir().rmdir(m_path));
    }

    void createRefusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("serial");
        QTest::addColumn<QString>("retailerId");
        QTest::addColumn<QByteArray>("pin");
        QTest::addColumn<QByteArray>("adminCode");
        QTest::addColumn<int>("keyLength");
        QTest::addColumn<int>("keyVersion");
        const QByteArray serial = QByteArray::fromHex("0102030405060708");
        const QString id = QStringLiteral("Shop");
        QTest::newRow("serial 7 bytes") << serial.left(7) << id << QByteArray("4711") << QByteArray("12345678") << 16
                                        << 1;
        QTest::newRow("empty id") << serial << QString() << QByteArray("4711") << QByteArray("12345678") << 16 << 1;
        QTest::newRow("id 33 bytes") << serial << QString(33, QLatin1Char('x')) << QByteArray("4711")
                                     << QByteArray("12345678") << 16 << 1;
        QTest::newRow("id with newline") << serial << QStringLiteral("a\nb") << QByteArray("4711")
                                         << QByteArray("12345678") << 16 << 1;
        QTest::newRow("pin 3 digits") << serial << id << QByteArray("471") << QByteArray("12345678") << 16 << 1;
        QTest::newRow("pin 9 digits") << serial << id << QByteArray("471147114") << QByteArray("12345678") << 16 << 1;
        QTest::newRow("pin letters") << serial << id << QByteArray("47a1") << QByteArray("12345678") << 16 << 1;
        QTest::newRow("admin 7 digits") << serial << id << QByteArray("4711") << QByteArray("1234567") << 16 << 1;
        QTest::newRow("admin letters") << serial << id << QByteArray("4711") << QByteArray("1234567x") << 16 << 1;
        QTest::newRow("key 15 bytes") << serial << id << QByteArray("4711") << QByteArray("12345678") << 15 << 1;
        QTest::newRow("key version 0") << serial << id << QByteArray("4711") << QByteArray("12345678") << 16 << 0;
        QTest::newRow("key version FF") << serial << id << QByteArray("4711") << QByteArray("12345678") << 16 << 0xFF;
    }

    void createRefusesBadInput()
    {
        QFETCH(QByteArray, serial);
        QFETCH(QString, retailerId);
        QFETCH(QByteArray, pin);
        QFETCH(QByteArray, adminCode);
        QFETCH(int, keyLength);
        QFETCH(int, keyVersion);
        scp03::StaticKeys keys = testKeys();
        keys.enc.resize(std::size_t(keyLength), 0x11);
        keys.keyVersion = std::uint8_t(keyVersion);
        const QString path = m_dir.filePath(QStringLiteral("bad.card"));
        const Status created = RetailerCard::create(path, Bytes(serial.begin(), serial.end()), retailerId,
                                                    SecureBytes(pin.begin(), pin.end()),
                                                    SecureBytes(adminCode.begin(), adminCode.end()), keys);
        QVERIFY(!created.ok());
        QCOMPARE(created.code(), ErrorCode::InvalidParameter);
        QVERIFY(!QFile::exists(path));
    }

    void createRefusesExistingFile()
    {
        const Status again = RetailerCard::create(m_path, kSerial, QStringLiteral("Other"), ascii("9999"),
                                                  ascii("00000000"), testKeys());
        QVERIFY(!again.ok());
        QCOMPARE(openCard()->retailerId(), QStringLiteral("Shop 42 Zürich"));
    }

    void openRefusesBadFields_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QCborValue>("value");
        QTest::newRow("kind sim") << QStringLiteral("kind") << QCborValue(QStringLiteral("sim"));
        QTest::newRow("serial 9 bytes") << QStringLiteral("serial") << QCborValue(QByteArray(9, 1));
        QTest::newRow("serial as text") << QStringLiteral("serial") << QCborValue(QStringLiteral("01020304"));
        QTest::newRow("no retailer id") << QStringLiteral("retailerId") << QCborValue();
        QTest::newRow("key version 0") << QStringLiteral("keyVersion") << QCborValue(0);
        QTest::newRow("MAC key 32 bytes") << QStringLiteral("keyMac") << QCborValue(QByteArray(32, 1));
        QTest::newRow("no DEK") << QStringLiteral("keyDek") << QCborValue();
        QTest::newRow("PIN block 7 bytes") << QStringLiteral("pinBlock") << QCborValue(QByteArray("4711\xFF\xFF\xFF"));
        QTest::newRow("pin tries 4") << QStringLiteral("pinTries") << QCborValue(4);
        QTest::newRow("pin tries -1") << QStringLiteral("pinTries") << QCborValue(-1);
        QTest::newRow("admin tries 11") << QStringLiteral("adminTries") << QCborValue(11);
        QTest::newRow("admin code 9 digits") << QStringLiteral("adminCode") << QCborValue(QByteArray("123456789"));
        QTest::newRow("unknown key") << QStringLiteral("extra") << QCborValue(1);
    }

    void openRefusesBadFields()
    {
        QFETCH(QString, key);
        QFETCH(QCborValue, value);
        QCborMap map = CardFile::load(m_path).value();
        if (value.isUndefined())
            map.remove(key);
        else
            map.insert(key, value);
        QVERIFY(CardFile::save(m_path, map).ok());
        const Result<std::unique_ptr<RetailerCard>> card = RetailerCard::open(m_path);
        QVERIFY(!card.ok());
        QCOMPARE(card.code(), ErrorCode::SchemaViolation);
    }

    void openRefusesBrokenFile()
    {
        const Result<std::unique_ptr<RetailerCard>> card =
            RetailerCard::open(QStringLiteral(PERSO_TEST_DATA_DIR "/cards/truncated.card"));
        QVERIFY(!card.ok());
        QCOMPARE(card.code(), ErrorCode::Truncated);
    }
};

QTEST_GUILESS_MAIN(TestRetailerCard)
#include "tst_retailercard.moc"
