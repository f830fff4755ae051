// SPDX-License-Identifier: Apache-2.0
// Malformed input never crashes the SIM or half-changes it: mutated CREATE FILE templates and
// mutated card files (a deterministic, seeded stand-in for a fuzz run).
#include "tst_simsupport.h"

#include "terminal/cards/CardFile.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace simtest;

class TestSimRobustness : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void mutatedCreateFileIsAllOrNothing();
    void mutatedCardFileNeverHalfLoads();

private:
    QTemporaryDir m_dir;
    QString m_master;
};

void TestSimRobustness::initTestCase()
{
    m_master = makeBlank(m_dir, QStringLiteral("master.sim"));
    auto card = openCard(m_master);
    QVERIFY(card != nullptr);
    for (const Step& step : personalisation()) {
        QCOMPARE(send(*card, step.apdu).sw, 0x9000);
    }
}

void TestSimRobustness::mutatedCreateFileIsAllOrNothing()
{
    const QString path = m_dir.filePath(QStringLiteral("create.sim"));
    QVERIFY(QFile::copy(m_master, path));
    auto card = openCard(path);
    QVERIFY(card != nullptr);
    QCOMPARE(send(*card, "0020000A08" + std::string(kAdm)).sw, 0x9000);
    std::vector<Bytes> templates;
    for (const Step& step : personalisation()) {
        const Bytes raw = fromHex(step.apdu);
        if (raw.size() > 5 && raw[1] == 0xE0) {
            templates.emplace_back(raw.begin() + 5, raw.end());
        }
    }
    QCOMPARE(templates.size(), std::size_t(9));
    QRandomGenerator rng(7);
    int created = 0;
    for (int i = 0; i < 3000; ++i) {
        Bytes fcp = templates[rng.bounded(static_cast<quint32>(templates.size()))];
        const int flips = 1 + static_cast<int>(rng.bounded(3));
        for (int f = 0; f < flips; ++f) {
            fcp[rng.bounded(static_cast<quint32>(fcp.size()))] = static_cast<std::uint8_t>(rng.bounded(256));
        }
        if (rng.bounded(4) == 0) {
            fcp.resize(rng.bounded(static_cast<quint32>(fcp.size())) + 1);
        }
        QCOMPARE(send(*card, "00A4040C07A0000000871002").sw, 0x9000);
        const auto before = card->state();
        const ResponseApdu r = card->process(CommandApdu(0x00, 0xE0, 0x00, 0x00, SecureBytes(fcp.begin(), fcp.end())));
        if (r.sw() == 0x9000) {
            ++created;
            QCOMPARE(card->state().mf.children[1].children.size(), before.mf.children[1].children.size() + 1);
        } else {
            QVERIFY(card->state() == before);
        }
    }
    auto reopened = openCard(path);
    QVERIFY(reopened != nullptr);
    QVERIFY(reopened->state() == card->state());
    qInfo("%d of 3000 mutated templates created a file", created);
}

void TestSimRobustness::mutatedCardFileNeverHalfLoads()
{
    QFile master(m_master);
    QVERIFY(master.open(QIODevice::ReadOnly));
    const QByteArray original = master.readAll();
    QRandomGenerator rng(11);
    const QString path = m_dir.filePath(QStringLiteral("mutated.sim"));
    int loaded = 0;
    for (int i = 0; i < 600; ++i) {
        QByteArray bytes = original;
        const int flips = 1 + static_cast<int>(rng.bounded(4));
        for (int f = 0; f < flips; ++f) {
            bytes[static_cast<qsizetype>(rng.bounded(static_cast<quint32>(bytes.size())))] =
                static_cast<char>(rng.bounded(256));
        }
        QVERIFY(perso::cards::CardFile::writeAtomically(path, bytes).ok());
        auto card = SimCard::open(path);
        if (!card) {
            continue;
        }
        ++loaded;
        // Whatever loaded is a working card: its identity reads and it answers commands.
        const std::uint16_t sw = send(*card.value(), "00A4000C022FE2").sw;
        QVERIFY(sw == 0x9000 || sw == 0x6283 || sw == 0x6285);
        QVERIFY(send(*card.value(), "00B000000A").sw != 0);
        QVERIFY(send(*card.value(), "00A4040C07A0000000871002").sw != 0);
    }
    qInfo("%d of 600 mutated card files loaded", loaded);
}

QTEST_GUILESS_MAIN(TestSimRobustness)
#include "tst_simrobustness.moc"
