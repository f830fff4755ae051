// SPDX-License-Identifier: Apache-2.0
#include "FakeVpcd.h"
#include "ScriptedCard.h"
#include "terminal/bridge/VpcdLink.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace perso;
using namespace perso::vpcd;
using perso::vpcd::test::FakeVpcd;
using perso::vpcd::test::ScriptedCard;

namespace {
VpcdLinkOptions optionsFor(std::uint16_t port)
{
    VpcdLinkOptions options;
    options.port = port;
    options.minRetryDelay = std::chrono::milliseconds(10);
    options.maxRetryDelay = std::chrono::milliseconds(80);
    return options;
}
} // namespace

class TestVpcdLink : public QObject
{
    Q_OBJECT

private:
    // A listening fake vpcd, a card and a link connected to it.
    struct Rig
    {
        FakeVpcd vpcd;
        std::shared_ptr<ScriptedCard> card = std::make_shared<ScriptedCard>();
        std::unique_ptr<VpcdLink> link;
    };
    static std::unique_ptr<Rig> connectedRig()
    {
        auto rig = std::make_unique<Rig>();
        if (!rig->vpcd.listen()) {
            return nullptr;
        }
        rig->link = std::make_unique<VpcdLink>(rig->card, optionsFor(rig->vpcd.port()));
        rig->link->connectCard();
        if (!rig->vpcd.accept()) {
            return nullptr;
        }
        QSignalSpy connectedSpy(rig->link.get(), &VpcdLink::connected);
        if (!rig->link->isConnected() && !connectedSpy.wait(5000)) {
            return nullptr;
        }
        return rig;
    }

private Q_SLOTS:
    void answersAtrRequest()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        QCOMPARE(rig->link->state(), VpcdLink::State::Connected);
        rig->vpcd.sendControl(4);
        const auto atr = rig->vpcd.receiveFrame();
        QVERIFY(atr);
        QCOMPARE(*atr, rig->card->atr());
    }

    void controlsReachTheCard()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->vpcd.sendControl(1);
        rig->vpcd.sendControl(2);
        rig->vpcd.sendControl(0);
        rig->vpcd.sendControl(4); // answered after the three above were handled
        QVERIFY(rig->vpcd.receiveFrame());
        QCOMPARE(rig->card->powerOns, 1);
        QCOMPARE(rig->card->resets, 1);
        QCOMPARE(rig->card->powerOffs, 1);
    }

    void answersCommands_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("response");
        QTest::newRow("case 1") << QStringLiteral("00A40000") << QStringLiteral("9000");
        QTest::newRow("case 3") << QStringLiteral("00D6000003010203") << QStringLiteral("0102039000");
        QTest::newRow("two bytes reach the card") << QStringLiteral("00A4") << QStringLiteral("9000");
    }
    void answersCommands()
    {
        QFETCH(QString, command);
        QFETCH(QString, response);
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->vpcd.sendFrame(fromHex(command.toStdString()));
        const auto answer = rig->vpcd.receiveFrame();
        QVERIFY(answer);
        QCOMPARE(QString::fromStdString(toHex(view(*answer))), response);
        QCOMPARE(rig->link->commandsAnswered(), std::uint64_t{1});
        QCOMPARE(toHex(view(rig->card->commands.at(0))), command.toStdString());
    }

    void framesSplitAndJoinedAcrossReads()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->vpcd.sendRaw(QByteArray::fromHex("0004"));
        QVERIFY(!rig->vpcd.receiveFrame(50)); // no answer to a length alone
        rig->vpcd.sendRaw(QByteArray::fromHex("00B0"));
        QVERIFY(!rig->vpcd.receiveFrame(50)); // nor to half a command
        rig->vpcd.sendRaw(QByteArray::fromHex("0000"
                                              "000104")); // the rest and a whole frame together
        const auto first = rig->vpcd.receiveFrame();
        QVERIFY(first);
        QCOMPARE(toHex(view(*first)), std::string("9000"));
        const auto second = rig->vpcd.receiveFrame();
        QVERIFY(second);
        QCOMPARE(*second, rig->card->atr());
    }

    void deferredReplyKeepsTheLoopRunning()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->card->setDeferred(true);
        rig->vpcd.sendFrame(fromHex("0020000104313233"));
        QTRY_COMPARE_WITH_TIMEOUT(rig->card->pendingReplies(), std::size_t{1}, 5000);
        QVERIFY(!rig->vpcd.receiveFrame(50)); // nothing answered yet
        rig->card->answer(SecureBytes{0x63, 0xC2});
        const auto answer = rig->vpcd.receiveFrame();
        QVERIFY(answer);
        QCOMPARE(toHex(view(*answer)), std::string("63C2"));
    }

    void unframeableResponseBecomes6F00_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("empty") << 0;
        QTest::newRow("one byte") << 1;
        QTest::newRow("65536 bytes") << 65536;
    }
    void unframeableResponseBecomes6F00()
    {
        QFETCH(int, size);
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->card->setFixedResponse(SecureBytes(std::size_t(size), 0x90));
        rig->vpcd.sendFrame(fromHex("00B0000000"));
        const auto answer = rig->vpcd.receiveFrame();
        QVERIFY(answer);
        QCOMPARE(toHex(view(*answer)), std::string("6F00"));
    }

    void longestResponseFramed()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->card->setFixedResponse(SecureBytes(frame::kMaxPayload, 0x5A));
        rig->vpcd.sendFrame(fromHex("00B0000000"));
        const auto answer = rig->vpcd.receiveFrame();
        QVERIFY(answer);
        QCOMPARE(answer->size(), frame::kMaxPayload);
    }

    void malformedFrameDropsAndReconnects_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty frame") << QByteArray::fromHex("0000");
        QTest::newRow("control 3") << QByteArray::fromHex("000103");
        QTest::newRow("control 255") << QByteArray::fromHex("0001FF");
    }
    void malformedFrameDropsAndReconnects()
    {
        QFETCH(QByteArray, bytes);
        auto rig = connectedRig();
        QVERIFY(rig);
        QSignalSpy errors(rig->link.get(), &VpcdLink::protocolError);
        QSignalSpy disconnects(rig->link.get(), &VpcdLink::disconnected);
        rig->vpcd.sendRaw(bytes);
        QVERIFY(rig->vpcd.waitForClose());
        QTRY_COMPARE_WITH_TIMEOUT(disconnects.count(), 1, 5000);
        QCOMPARE(errors.count(), 1);
        QVERIFY(rig->card->commands.empty());
        // Like after a pcscd restart, the link comes back by itself.
        QVERIFY(rig->vpcd.accept());
        QTRY_VERIFY_WITH_TIMEOUT(rig->link->isConnected(), 5000);
    }

    void frameWhileCommandPendingDrops()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->card->setDeferred(true);
        QSignalSpy errors(rig->link.get(), &VpcdLink::protocolError);
        rig->vpcd.sendFrame(fromHex("00B0000000"));
        rig->vpcd.sendControl(4);
        QVERIFY(rig->vpcd.waitForClose());
        QCOMPARE(errors.count(), 1);
    }

    void lateReplyAfterDisconnectDiscarded()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->card->setDeferred(true);
        rig->vpcd.sendControl(1);
        rig->vpcd.sendFrame(fromHex("00B0000000"));
        QTRY_COMPARE_WITH_TIMEOUT(rig->card->pendingReplies(), std::size_t{1}, 5000);
        QSignalSpy disconnects(rig->link.get(), &VpcdLink::disconnected);
        rig->vpcd.closeClient(); // pcscd went away mid-command
        QVERIFY(disconnects.wait(5000));
        QCOMPARE(rig->card->powerOffs, 1); // pulled out = power lost
        QVERIFY(rig->vpcd.accept());
        QTRY_VERIFY_WITH_TIMEOUT(rig->link->isConnected(), 5000);
        rig->card->answer(); // the old command's reply must not reach the new connection
        QCOMPARE(rig->link->commandsAnswered(), std::uint64_t{0});
        rig->vpcd.sendControl(4);
        const auto atr = rig->vpcd.receiveFrame();
        QVERIFY(atr);
        QCOMPARE(*atr, rig->card->atr());
    }

    void invalidAtrDrops_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("empty") << 0;
        QTest::newRow("one byte") << 1;
        QTest::newRow("34 bytes") << 34;
    }
    void invalidAtrDrops()
    {
        QFETCH(int, size);
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->card->setAtr(Bytes(std::size_t(size), 0x3B));
        QSignalSpy errors(rig->link.get(), &VpcdLink::protocolError);
        rig->vpcd.sendControl(4);
        QVERIFY(rig->vpcd.waitForClose());
        QCOMPARE(errors.count(), 1);
    }

    void retriesUntilVpcdListens()
    {
        std::uint16_t port = 0;
        {
            FakeVpcd probe; // find a free port, then free it
            QVERIFY(probe.listen());
            port = probe.port();
        }
        auto card = std::make_shared<ScriptedCard>();
        VpcdLink link(card, optionsFor(port));
        link.connectCard();
        QTRY_COMPARE_WITH_TIMEOUT(link.state(), VpcdLink::State::WaitingToRetry, 5000);
        FakeVpcd vpcd;
        QVERIFY(vpcd.listen(port));
        QVERIFY(vpcd.accept());
        QTRY_VERIFY_WITH_TIMEOUT(link.isConnected(), 5000);
    }

    void disconnectCardPullsTheCard()
    {
        auto rig = connectedRig();
        QVERIFY(rig);
        rig->vpcd.sendControl(1);
        rig->vpcd.sendControl(4);
        QVERIFY(rig->vpcd.receiveFrame());
        QSignalSpy disconnects(rig->link.get(), &VpcdLink::disconnected);
        rig->link->disconnectCard();
        QCOMPARE(disconnects.count(), 1);
        QCOMPARE(rig->link->state(), VpcdLink::State::Out);
        QCOMPARE(rig->card->powerOffs, 1);
        QVERIFY(rig->vpcd.waitForClose());
        QVERIFY(!rig->vpcd.hasPendingConnection(200)); // no reconnection once pulled out
        rig->link->connectCard();                      // inserted again
        QVERIFY(rig->vpcd.accept());
        QTRY_VERIFY_WITH_TIMEOUT(rig->link->isConnected(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestVpcdLink)
#include "tst_vpcdlink.moc"
