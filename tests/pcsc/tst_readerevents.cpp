// SPDX-License-Identifier: Apache-2.0
// The reader monitor's bookkeeping: which readerAdded/readerRemoved/cardInserted/cardRemoved
// events turn one SCardGetStatusChange snapshot into the next.
#include "pcsc/ReaderEvents.h"

#include <QTest>

using namespace perso::pcsc;
using Type = ReaderEvent::Type;

Q_DECLARE_METATYPE(QList<perso::pcsc::ReaderState>)
Q_DECLARE_METATYPE(std::vector<perso::pcsc::ReaderEvent>)

namespace {

const QString kA = QStringLiteral("Virtual PCD 00 00");
const QString kB = QStringLiteral("Virtual PCD 00 01");
const QByteArray kAtr1 = QByteArray::fromHex("3B8880010000000000000000");
const QByteArray kAtr2 = QByteArray::fromHex("3B9F96801F878031E073FE211B674A4C753034054BA9");

ReaderState empty(const QString& name, std::uint16_t count = 0)
{
    return ReaderState{name, false, {}, count};
}
ReaderState withCard(const QString& name, const QByteArray& atr, std::uint16_t count = 1)
{
    return ReaderState{name, true, atr, count};
}

} // namespace

class TestReaderEvents : public QObject
{
    Q_OBJECT

private slots:
    void diff_data();
    void diff();
};

void TestReaderEvents::diff_data()
{
    QTest::addColumn<QList<ReaderState>>("before");
    QTest::addColumn<QList<ReaderState>>("after");
    QTest::addColumn<std::vector<ReaderEvent>>("expected");

    QTest::newRow("nothing") << QList<ReaderState>{} << QList<ReaderState>{} << std::vector<ReaderEvent>{};
    QTest::newRow("unchanged") << QList<ReaderState>{withCard(kA, kAtr1)} << QList<ReaderState>{withCard(kA, kAtr1)}
                               << std::vector<ReaderEvent>{};
    QTest::newRow("start: empty reader and reader with card")
        << QList<ReaderState>{} << QList<ReaderState>{empty(kA), withCard(kB, kAtr2)}
        << std::vector<ReaderEvent>{
               {Type::ReaderAdded, kA, {}}, {Type::ReaderAdded, kB, {}}, {Type::CardInserted, kB, kAtr2}};
    QTest::newRow("card inserted") << QList<ReaderState>{empty(kA)} << QList<ReaderState>{withCard(kA, kAtr1)}
                                   << std::vector<ReaderEvent>{{Type::CardInserted, kA, kAtr1}};
    QTest::newRow("card removed") << QList<ReaderState>{withCard(kA, kAtr1)} << QList<ReaderState>{empty(kA, 2)}
                                  << std::vector<ReaderEvent>{{Type::CardRemoved, kA, {}}};
    QTest::newRow("card swapped, other ATR")
        << QList<ReaderState>{withCard(kA, kAtr1, 1)} << QList<ReaderState>{withCard(kA, kAtr2, 3)}
        << std::vector<ReaderEvent>{{Type::CardRemoved, kA, {}}, {Type::CardInserted, kA, kAtr2}};
    QTest::newRow("card pulled and pushed back, same ATR")
        << QList<ReaderState>{withCard(kA, kAtr1, 1)} << QList<ReaderState>{withCard(kA, kAtr1, 3)}
        << std::vector<ReaderEvent>{{Type::CardRemoved, kA, {}}, {Type::CardInserted, kA, kAtr1}};
    QTest::newRow("event count moves while empty")
        << QList<ReaderState>{empty(kA, 2)} << QList<ReaderState>{empty(kA, 4)} << std::vector<ReaderEvent>{};
    QTest::newRow("reader with card unplugged")
        << QList<ReaderState>{withCard(kA, kAtr1), empty(kB)} << QList<ReaderState>{empty(kB)}
        << std::vector<ReaderEvent>{{Type::CardRemoved, kA, {}}, {Type::ReaderRemoved, kA, {}}};
    QTest::newRow("pcscd gone") << QList<ReaderState>{withCard(kA, kAtr1), empty(kB)} << QList<ReaderState>{}
                                << std::vector<ReaderEvent>{{Type::CardRemoved, kA, {}},
                                                            {Type::ReaderRemoved, kA, {}},
                                                            {Type::ReaderRemoved, kB, {}}};
    QTest::newRow("order of readers does not matter")
        << QList<ReaderState>{empty(kA), empty(kB)} << QList<ReaderState>{empty(kB), empty(kA)}
        << std::vector<ReaderEvent>{};
}

void TestReaderEvents::diff()
{
    QFETCH(QList<ReaderState>, before);
    QFETCH(QList<ReaderState>, after);
    QFETCH(std::vector<ReaderEvent>, expected);
    const auto events = diffReaderStates(before, after);
    QCOMPARE(events.size(), expected.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        QCOMPARE(int(events[i].type), int(expected[i].type));
        QCOMPARE(events[i].reader, expected[i].reader);
        QCOMPARE(events[i].atr, expected[i].atr);
    }
}

QTEST_GUILESS_MAIN(TestReaderEvents)
#include "tst_readerevents.moc"
