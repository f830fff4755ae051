// SPDX-License-Identifier: Apache-2.0
// perso-issuerd as a real process on loopback TLS: a whole personalisation by a station running the
// terminal firmware, TLS refusals, a daemon killed between package and result and restarted on the
// same home, and a SIGTERM in the middle of a session. PERSO_STORE_ENGINE=postgres runs the same on
// the throwaway PostgreSQL cluster (ctest fixture "postgres").
#include "DaemonProcess.h"
#include "NetStation.h"

#include "protocol/milenage/Milenage.h"
#include "protocol/wire/Receipt.h"
#include "tests/issuer/storage/StoreFixture.h"

#include <QSslSocket>
#include <QTest>

using namespace perso;
using namespace perso::issuer;
using namespace perso::issuer::test;

namespace {

Bytes txId(std::uint8_t n)
{
    return Bytes(16, n);
}

// A home in a temporary directory (SQLite, or PostgreSQL when asked) and the daemon on it.
struct SystemFixture
{
    QTemporaryDir dir;
    std::unique_ptr<IssuerHome> home;
    DaemonProcess daemon;
    QString error;

    bool up(int cards = 4, int numbers = 4)
    {
        HomeOptions options;
        options.cards = cards;
        options.numbers = numbers;
        if (usesPostgres()) {
            options.postgres = testConfig(dir.path());
            if (!wipe(*options.postgres, &error))
                return false;
        }
        home = std::make_unique<IssuerHome>(dir.filePath(QStringLiteral("home")), options);
        if (auto failed = home->create()) {
            error = *failed;
            return false;
        }
        return start();
    }

    bool start()
    {
        if (!daemon.start(QStringLiteral(PERSO_ISSUERD), home->configPath(),
                          dir.filePath(QStringLiteral("issuerd.log")))) {
            error = daemon.error;
            return false;
        }
        return true;
    }

    const HomeShop& shop() const { return home->shops.front(); }
    QString simPath(int n) const { return home->cardDirectory() + QStringLiteral("/sim-%1.card").arg(n); }
    std::unique_ptr<NetStation> station() const { return std::make_unique<NetStation>(shop(), home->caCertificate); }
};

// APDU to a card object, from hex.
ResponseApdu apdu(cards::SimCard& sim, const std::string& hex)
{
    return sim.process(CommandApdu::decode(fromHex(hex)).value());
}

} // namespace

class TestIssuerdSystem : public QObject
{
    Q_OBJECT

private slots:
    void fullPersonalisationThroughTheDaemon();
    void tls12ClientIsRefused();
    void clientPinningAnotherCaRefusesTheServer();
    void killedBetweenPackageAndResultIsSettledOnRestart();
    void sigtermDuringSessionExitsZeroAndSettles();
};

void TestIssuerdSystem::fullPersonalisationThroughTheDaemon()
{
    SystemFixture f;
    QVERIFY2(f.up(), qPrintable(f.error));
    auto s = f.station();
    QVERIFY(s->connectTo(f.daemon.port));
    const auto decision = s->signOn(customerNumbered(1));
    QVERIFY2(decision.has_value(), qPrintable(s->lastError));
    QCOMPARE(decision->decision, wire::Decision::Approved);

    QVERIFY(s->terminal.insertBlankSim(f.simPath(1), homeIccidBytes(1), f.home->admOf(1)) != nullptr);
    const auto package = s->requestPackage(txId(1), decision->customerReference);
    QVERIFY2(package.has_value(), qPrintable(s->lastError));
    const Bytes sealed = s->terminal.execute(package->package);
    QVERIFY(!sealed.empty());
    const auto verdict = s->submit(txId(1), sealed);
    QVERIFY2(verdict.has_value(), qPrintable(s->lastError));
    QCOMPARE(verdict->outcome, wire::Outcome::Verified);
    QCOMPARE(verdict->msisdn, std::optional<QString>(IssuerHome::msisdnOf(1)));
    QVERIFY(verdict->receipt.has_value());
    QCOMPARE(verdict->receipt->iccid, homeIccidBytes(1));
    QCOMPARE(verdict->receipt->shopId, f.shop().shopId);
    const QString publicKey = f.home->keys->signingPublicKeyPem();
    QVERIFY(KeyRing::verifySignature(publicKey, wire::receiptSignedBytes(*verdict->receipt).value(),
                                     verdict->receipt->signature));
    wire::Receipt altered = *verdict->receipt;
    altered.msisdn = IssuerHome::msisdnOf(2);
    QVERIFY(
        !KeyRing::verifySignature(publicKey, wire::receiptSignedBytes(altered).value(), verdict->receipt->signature));
    const auto status = s->status(txId(1));
    QVERIFY2(status.has_value(), qPrintable(s->lastError));
    QCOMPARE(status->state, wire::TransactionState::Verified);

    // The SIM answers a fresh AUTHENTICATE with the RES of the Ki/OPc the issuer stored for it.
    auto store = f.home->openStore();
    QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
    auto card = store.value()->card(homeIccid(1));
    QVERIFY(card && card.value().has_value());
    QCOMPARE(card.value()->state, CardState::Verified);
    auto profile = store.value()->cardProfile(homeIccid(1));
    QVERIFY(profile && profile.value().has_value());
    auto secrets = f.home->keys->unwrapCardSecrets(profile.value()->wrappedSecrets);
    QVERIFY(secrets);
    QCOMPARE(secrets.value().size(), std::size_t{32});
    const SecureBytes ki(secrets.value().begin(), secrets.value().begin() + 16);
    const SecureBytes opc(secrets.value().begin() + 16, secrets.value().end());
    auto milenage = milenage::Milenage::fromOpc(ki, opc);
    QVERIFY(milenage.ok());
    const std::uint64_t next = profile.value()->sqn + 1;
    Bytes sqn(6);
    for (int i = 0; i < 6; ++i)
        sqn[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(next >> (8 * (5 - i)));
    const Bytes rand = fromHex("0F1E2D3C4B5A69788796A5B4C3D2E1F0");
    auto vector = milenage.value().generateVector(view(rand), view(sqn), view(fromHex("8000")));
    QVERIFY(vector.ok());
    s->terminal.removeCard();
    auto sim = cards::SimCard::open(f.simPath(1));
    QVERIFY(sim);
    QCOMPARE(apdu(*sim.value(), "00A4040C10A0000000871002FFFFFFFF8907090000").sw(), sw::kSuccess);
    QCOMPARE(apdu(*sim.value(), "0020000108" + toHex(view(fromHex("3438323631333937")))).sw(), sw::kSuccess);
    const ResponseApdu auth =
        apdu(*sim.value(), "008800812210" + toHex(view(rand)) + "10" + toHex(view(vector.value().autn)));
    QCOMPARE(auth.sw() & 0xFF00, 0x6100);
    const ResponseApdu data = apdu(*sim.value(), "00C00000" + toHex(view(Bytes{static_cast<std::uint8_t>(auth.sw())})));
    QCOMPARE(data.sw(), sw::kSuccess);
    QVERIFY(data.data().size() >= 10);
    QCOMPARE(data.data()[0], std::uint8_t{0xDB});
    QCOMPARE(Bytes(data.data().begin() + 2, data.data().begin() + 10),
             Bytes(vector.value().xres.begin(), vector.value().xres.end()));
    QCOMPARE(f.daemon.terminate(), 0);
}

void TestIssuerdSystem::tls12ClientIsRefused()
{
    SystemFixture f;
    QVERIFY2(f.up(), qPrintable(f.error));
    QSslSocket socket;
    QSslConfiguration config = pinnedClientSslConfiguration(f.home->caCertificate);
    config.setProtocol(QSsl::TlsV1_2);
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), f.daemon.port, QStringLiteral("localhost"));
    QVERIFY(!socket.waitForEncrypted(10000));
    QVERIFY(!socket.isEncrypted());
    // The daemon still serves a TLS 1.3 station.
    auto s = f.station();
    QVERIFY(s->connectTo(f.daemon.port));
    QCOMPARE(s->client.socket().sessionProtocol(), QSsl::TlsV1_3);
    QCOMPARE(f.daemon.terminate(), 0);
}

void TestIssuerdSystem::clientPinningAnotherCaRefusesTheServer()
{
    SystemFixture f;
    QVERIFY2(f.up(), qPrintable(f.error));
    auto other = CertificateAuthority::create(f.dir.filePath(QStringLiteral("other-ca")), QStringLiteral("Other CA"));
    QVERIFY(other);
    TlsTestClient client(QSslCertificate(other.value().certificatePem().toLatin1(), QSsl::Pem));
    QVERIFY(!client.connectTo(f.daemon.port));
    QVERIFY(!client.sslErrors().isEmpty());
    QVERIFY(!client.socket().isEncrypted());
    QCOMPARE(f.daemon.terminate(), 0);
}

void TestIssuerdSystem::killedBetweenPackageAndResultIsSettledOnRestart()
{
    SystemFixture f;
    QVERIFY2(f.up(), qPrintable(f.error));
    {
        auto s = f.station();
        QVERIFY(s->connectTo(f.daemon.port));
        const auto decision = s->signOn(customerNumbered(1));
        QVERIFY2(decision.has_value(), qPrintable(s->lastError));
        QVERIFY(s->terminal.insertBlankSim(f.simPath(1), homeIccidBytes(1), f.home->admOf(1)) != nullptr);
        QVERIFY2(s->requestPackage(txId(1), decision->customerReference).has_value(), qPrintable(s->lastError));
        QVERIFY(f.daemon.kill());
        QVERIFY(s->client.waitForDisconnected());
    }
    QVERIFY2(f.start(), qPrintable(f.error));
    auto s = f.station();
    QVERIFY(s->connectTo(f.daemon.port));
    QVERIFY2(s->signOn(customerNumbered(2)).has_value(), qPrintable(s->lastError));
    const auto status = s->status(txId(1));
    QVERIFY2(status.has_value(), qPrintable(s->lastError));
    QCOMPARE(status->state, wire::TransactionState::FailedUnverified);
    QCOMPARE(f.daemon.terminate(), 0);

    auto store = f.home->openStore();
    QVERIFY(store);
    auto card = store.value()->card(homeIccid(1));
    QVERIFY(card && card.value().has_value());
    QCOMPARE(card.value()->state, CardState::Void);
    auto pools = store.value()->poolStatus();
    QVERIFY(pools);
    bool sawMsisdns = false;
    for (const PoolStatus& pool : pools.value()) {
        if (pool.kind == NumberKind::Msisdn) {
            sawMsisdns = true;
            QCOMPARE(pool.free, std::int64_t{4}); // the number went back to the pool
            QCOMPARE(pool.used, std::int64_t{0});
        }
    }
    QVERIFY(sawMsisdns);
    auto chain = store.value()->verifyAuditChain();
    QVERIFY(chain);
    QVERIFY(!chain.value().has_value());
}

void TestIssuerdSystem::sigtermDuringSessionExitsZeroAndSettles()
{
    SystemFixture f;
    QVERIFY2(f.up(), qPrintable(f.error));
    auto s = f.station();
    QVERIFY(s->connectTo(f.daemon.port));
    const auto decision = s->signOn(customerNumbered(1));
    QVERIFY2(decision.has_value(), qPrintable(s->lastError));
    QVERIFY(s->terminal.insertBlankSim(f.simPath(1), homeIccidBytes(1), f.home->admOf(1)) != nullptr);
    QVERIFY2(s->requestPackage(txId(1), decision->customerReference).has_value(), qPrintable(s->lastError));
    QCOMPARE(f.daemon.terminate(), 0);
    QVERIFY(s->client.waitForDisconnected());

    auto store = f.home->openStore();
    QVERIFY(store);
    auto transaction = store.value()->transaction(txId(1));
    QVERIFY(transaction && transaction.value().has_value());
    QCOMPARE(transaction.value()->state, wire::TransactionState::FailedUnverified);
    auto card = store.value()->card(homeIccid(1));
    QVERIFY(card && card.value().has_value());
    QCOMPARE(card.value()->state, CardState::Void);
    auto chain = store.value()->verifyAuditChain();
    QVERIFY(chain);
    QVERIFY(!chain.value().has_value());
}

QTEST_GUILESS_MAIN(TestIssuerdSystem)
#include "tst_issuerdsystem.moc"
