// SPDX-License-Identifier: Apache-2.0
// Command chaining, ISO/IEC 7816-4:2013 §5.3.3: CLA b5 = 1 on every part but the last, same INS P1
// P2 throughout; the receiver joins the data fields.
#include "protocol/apdu/CommandChaining.h"

#include <QTest>

using namespace perso;

namespace {

SecureBytes pattern(std::size_t n)
{
    SecureBytes out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return out;
}

} // namespace

class TestCommandChaining : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void splitRejects_data();
    void splitRejects();
    void assemblerPassesSingleCommands();
    void assemblerRejectsForeignPart_data();
    void assemblerRejectsForeignPart();
    void assemblerRejectsMalformedParts();
    void assemblerLimit();
    void assemblerReset();
};

void TestCommandChaining::split_data()
{
    QTest::addColumn<int>("cla");
    QTest::addColumn<int>("nc");
    QTest::addColumn<int>("ne");
    QTest::addColumn<int>("partSize");
    QTest::addColumn<int>("parts");

    QTest::newRow("fits: 255 bytes") << 0x00 << 255 << 0 << 255 << 1;
    QTest::newRow("256 bytes -> 255 + 1") << 0x00 << 256 << 0 << 255 << 2;
    QTest::newRow("510 bytes -> 2 full parts") << 0x00 << 510 << 256 << 255 << 2;
    QTest::newRow("600 bytes, Le on last") << 0x00 << 600 << 16 << 255 << 3;
    QTest::newRow("65535 bytes") << 0x00 << 65535 << 256 << 255 << 257;
    QTest::newRow("part size 1") << 0x00 << 5 << 1 << 1 << 5;
    QTest::newRow("logical channel 3") << 0x03 << 300 << 0 << 200 << 2;
    QTest::newRow("GP class 80") << 0x80 << 300 << 0 << 255 << 2;
    QTest::newRow("GP class 84 (SM)") << 0x84 << 300 << 0 << 100 << 3;
    QTest::newRow("no data") << 0x00 << 0 << 256 << 255 << 1;
}

void TestCommandChaining::split()
{
    QFETCH(int, cla);
    QFETCH(int, nc);
    QFETCH(int, ne);
    QFETCH(int, partSize);
    QFETCH(int, parts);

    const CommandApdu command(std::uint8_t(cla), 0xDA, 0x01, 0x6E, pattern(std::size_t(nc)), std::size_t(ne));
    const auto chain = CommandChaining::split(command, std::size_t(partSize));
    QVERIFY2(chain.ok(), chain.ok() ? "" : qPrintable(chain.error().message));
    QCOMPARE(int(chain.value().size()), parts);

    SecureBytes joined;
    for (std::size_t i = 0; i < chain.value().size(); ++i) {
        const CommandApdu& part = chain.value()[i];
        const bool last = i + 1 == chain.value().size();
        QCOMPARE(int(part.cla()), last ? cla : (cla | 0x10));
        QCOMPARE(part.isChainedPart(), !last);
        QCOMPARE(part.ins(), std::uint8_t(0xDA));
        QCOMPARE(part.p1(), std::uint8_t(0x01));
        QCOMPARE(part.p2(), std::uint8_t(0x6E));
        QCOMPARE(int(part.ne()), last ? ne : 0);
        QVERIFY(int(part.data().size()) <= partSize);
        QVERIFY(!part.needsExtendedLength());
        if (!last)
            QCOMPARE(int(part.data().size()), partSize);
        joined.insert(joined.end(), part.data().begin(), part.data().end());
    }
    QCOMPARE(joined, command.data());

    // The card side joins the chain back into the original command, each part going over the wire.
    ChainAssembler assembler;
    std::optional<CommandApdu> result;
    for (const CommandApdu& part : chain.value()) {
        QVERIFY(!result.has_value());
        const auto wire = CommandApdu::decode(view(part.encode().value()));
        QVERIFY(wire.ok());
        const auto step = assembler.add(wire.value());
        QVERIFY2(step.ok(), step.ok() ? "" : qPrintable(step.error().message));
        result = step.value();
    }
    QVERIFY(result.has_value());
    QCOMPARE(*result, command);
    QVERIFY(!assembler.isOpen());
    QCOMPARE(assembler.bufferedData(), std::size_t(0));
}

void TestCommandChaining::splitRejects_data()
{
    QTest::addColumn<int>("cla");
    QTest::addColumn<int>("nc");
    QTest::addColumn<int>("ne");
    QTest::addColumn<int>("partSize");
    QTest::addColumn<int>("code");
    const int param = int(ErrorCode::InvalidParameter);
    QTest::newRow("GSM class A0") << 0xA0 << 300 << 0 << 255 << param;
    QTest::newRow("further interindustry 40") << 0x40 << 300 << 0 << 255 << param;
    QTest::newRow("CLA already chained") << 0x10 << 300 << 0 << 255 << param;
    QTest::newRow("part size 0") << 0x00 << 300 << 0 << 0 << param;
    QTest::newRow("part size 256") << 0x00 << 300 << 0 << 256 << param;
    QTest::newRow("Ne 257") << 0x00 << 300 << 257 << 255 << int(ErrorCode::InvalidLength);
    QTest::newRow("Nc 65536") << 0x00 << 65536 << 0 << 255 << int(ErrorCode::InvalidLength);
}

void TestCommandChaining::splitRejects()
{
    QFETCH(int, cla);
    QFETCH(int, nc);
    QFETCH(int, ne);
    QFETCH(int, partSize);
    QFETCH(int, code);
    const CommandApdu command(std::uint8_t(cla), 0xDA, 0, 0, pattern(std::size_t(nc)), std::size_t(ne));
    const auto chain = CommandChaining::split(command, std::size_t(partSize));
    QVERIFY(!chain.ok());
    QCOMPARE(int(chain.code()), code);
}

void TestCommandChaining::assemblerPassesSingleCommands()
{
    ChainAssembler assembler;
    const CommandApdu gsm(0xA0, 0xA4, 0, 0, SecureBytes{0x3F, 0x00});
    const auto a = assembler.add(gsm);
    QVERIFY(a.ok() && a.value().has_value());
    QCOMPARE(*a.value(), gsm);
    const CommandApdu plain(0x00, 0xB0, 0, 0, {}, 256);
    const auto b = assembler.add(plain);
    QVERIFY(b.ok() && b.value().has_value());
    QCOMPARE(*b.value(), plain);
    QVERIFY(!assembler.isOpen());
}

void TestCommandChaining::assemblerRejectsForeignPart_data()
{
    QTest::addColumn<int>("cla");
    QTest::addColumn<int>("ins");
    QTest::addColumn<int>("p1");
    QTest::addColumn<int>("p2");
    // The chain is opened by 10 DA 01 6E; each row is the next command received.
    QTest::newRow("other INS (last)") << 0x00 << 0xDB << 0x01 << 0x6E;
    QTest::newRow("other P1") << 0x00 << 0xDA << 0x02 << 0x6E;
    QTest::newRow("other P2") << 0x10 << 0xDA << 0x01 << 0x6F;
    QTest::newRow("other logical channel") << 0x11 << 0xDA << 0x01 << 0x6E;
    QTest::newRow("SM class") << 0x04 << 0xDA << 0x01 << 0x6E;
    QTest::newRow("new chain while open") << 0x10 << 0xE2 << 0x00 << 0x00;
    QTest::newRow("GSM command while open") << 0xA0 << 0xDA << 0x01 << 0x6E;
}

void TestCommandChaining::assemblerRejectsForeignPart()
{
    QFETCH(int, cla);
    QFETCH(int, ins);
    QFETCH(int, p1);
    QFETCH(int, p2);
    ChainAssembler assembler;
    const auto first = assembler.add(CommandApdu(0x10, 0xDA, 0x01, 0x6E, pattern(10)));
    QVERIFY(first.ok() && !first.value().has_value());
    QVERIFY(assembler.isOpen());
    const auto foreign = assembler.add(
        CommandApdu(std::uint8_t(cla), std::uint8_t(ins), std::uint8_t(p1), std::uint8_t(p2), pattern(3)));
    QVERIFY(!foreign.ok());
    QCOMPARE(foreign.code(), ErrorCode::SequenceViolation);
    // The chain is discarded; the next command starts afresh.
    QVERIFY(!assembler.isOpen());
    QCOMPARE(assembler.bufferedData(), std::size_t(0));
    const auto fresh = assembler.add(CommandApdu(0x00, 0xDA, 0x01, 0x6E, pattern(4)));
    QVERIFY(fresh.ok() && fresh.value().has_value());
    QCOMPARE(fresh.value()->data(), pattern(4));
}

void TestCommandChaining::assemblerRejectsMalformedParts()
{
    {
        ChainAssembler assembler;
        const auto withLe = assembler.add(CommandApdu(0x10, 0xDA, 0, 0, pattern(5), 16));
        QVERIFY(!withLe.ok());
        QCOMPARE(withLe.code(), ErrorCode::InvalidEncoding);
        QVERIFY(!assembler.isOpen());
    }
    {
        ChainAssembler assembler;
        QVERIFY(assembler.add(CommandApdu(0x10, 0xDA, 0, 0, pattern(5))).ok());
        const auto empty = assembler.add(CommandApdu(0x10, 0xDA, 0, 0));
        QVERIFY(!empty.ok());
        QCOMPARE(empty.code(), ErrorCode::InvalidEncoding);
        QVERIFY(!assembler.isOpen());
    }
    {
        // An empty last part is allowed: it closes the chain.
        ChainAssembler assembler;
        QVERIFY(assembler.add(CommandApdu(0x10, 0xDA, 0, 0, pattern(5))).ok());
        const auto last = assembler.add(CommandApdu(0x00, 0xDA, 0, 0, {}, 256));
        QVERIFY(last.ok() && last.value().has_value());
        QCOMPARE(*last.value(), CommandApdu(0x00, 0xDA, 0, 0, pattern(5), 256));
    }
}

void TestCommandChaining::assemblerLimit()
{
    ChainAssembler assembler(300);
    QCOMPARE(assembler.maxTotalData(), std::size_t(300));
    QVERIFY(assembler.add(CommandApdu(0x10, 0xDA, 0, 0, pattern(255))).ok());
    const auto exact = assembler.add(CommandApdu(0x00, 0xDA, 0, 0, pattern(45)));
    QVERIFY(exact.ok() && exact.value().has_value());
    QCOMPARE(exact.value()->data().size(), std::size_t(300));

    QVERIFY(assembler.add(CommandApdu(0x10, 0xDA, 0, 0, pattern(255))).ok());
    const auto over = assembler.add(CommandApdu(0x00, 0xDA, 0, 0, pattern(46)));
    QVERIFY(!over.ok());
    QCOMPARE(over.code(), ErrorCode::Oversized);
    QVERIFY(!assembler.isOpen());

    // A hostile host cannot grow the buffer past the limit with endless chained parts.
    ChainAssembler endless(1000);
    ErrorCode code = ErrorCode::InvalidEncoding;
    int accepted = 0;
    for (int i = 0; i < 100; ++i) {
        const auto r = endless.add(CommandApdu(0x10, 0xDA, 0, 0, pattern(255)));
        if (!r.ok()) {
            code = r.code();
            break;
        }
        ++accepted;
    }
    QCOMPARE(accepted, 3);
    QCOMPARE(code, ErrorCode::Oversized);
    QCOMPARE(ChainAssembler(1u << 20).maxTotalData(), CommandApdu::kMaxExtendedNc);
}

void TestCommandChaining::assemblerReset()
{
    ChainAssembler assembler;
    QVERIFY(assembler.add(CommandApdu(0x90, 0xE2, 0, 0, pattern(100))).ok());
    QVERIFY(assembler.isOpen());
    QCOMPARE(assembler.bufferedData(), std::size_t(100));
    assembler.reset();
    QVERIFY(!assembler.isOpen());
    QCOMPARE(assembler.bufferedData(), std::size_t(0));
    const auto next = assembler.add(CommandApdu(0x80, 0xE6, 0, 0));
    QVERIFY(next.ok() && next.value().has_value());
    QCOMPARE(*next.value(), CommandApdu(0x80, 0xE6, 0, 0));
}

QTEST_GUILESS_MAIN(TestCommandChaining)
#include "tst_commandchaining.moc"
