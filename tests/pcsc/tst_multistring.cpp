// SPDX-License-Identifier: Apache-2.0
// pcsc-lite's reader list format ("name\0name\0\0"), parsed without trusting its length.
#include "pcsc/Context.h"

#include <QTest>

using namespace perso::pcsc;

class TestMultiString : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void notTerminated();
};

void TestMultiString::parses_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QStringList>("readers");
    QTest::newRow("empty") << QByteArray() << QStringList{};
    QTest::newRow("only the list end") << QByteArray("\0", 1) << QStringList{};
    QTest::newRow("two vpcd readers") << QByteArray("Virtual PCD 00 00\0Virtual PCD 00 01\0\0", 37)
                                      << QStringList{QStringLiteral("Virtual PCD 00 00"),
                                                     QStringLiteral("Virtual PCD 00 01")};
    QTest::newRow("one reader, single NUL") << QByteArray("Reader\0", 7) << QStringList{QStringLiteral("Reader")};
    QTest::newRow("UTF-8 name") << QByteArray("Lecteur \xc3\xa9\0\0", 12) << QStringList{QStringLiteral("Lecteur é")};
    QTest::newRow("stops at the empty string") << QByteArray("A\0\0B\0\0", 6) << QStringList{QStringLiteral("A")};
}

void TestMultiString::parses()
{
    QFETCH(QByteArray, raw);
    QFETCH(QStringList, readers);
    const auto parsed = parseMultiString(raw.constData(), std::size_t(raw.size()));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value(), readers);
}

void TestMultiString::notTerminated()
{
    const QByteArray raw("Reader", 6);
    const auto parsed = parseMultiString(raw.constData(), std::size_t(raw.size()));
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.kind(), ErrorKind::MalformedResponse);
}

QTEST_GUILESS_MAIN(TestMultiString)
#include "tst_multistring.moc"
