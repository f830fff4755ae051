// SPDX-License-Identifier: Apache-2.0
#pragma once

// One shop of perso-bench-issuer: a non-blocking TLS connection to perso-issuerd and the terminal
// firmware in process. Signs on once, then serves customer after customer (assessment, package,
// execution on a fresh blank SIM, result, verdict) until told to stop. Lives on one event-loop
// thread with many others.

#include "tests/issuer/system/StationTerminal.h"

#include "protocol/wire/Frame.h"
#include "protocol/wire/MessageCodec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QSslSocket>

#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

namespace perso::issuer::bench {

// Shared by every station of the run.
struct BenchShared
{
    const test::IssuerHome* home = nullptr;
    QSslConfiguration tls;
    quint16 port = 0;
    std::atomic<std::uint32_t> nextCustomer{1};
    std::atomic<int> nextCard{1};
    std::atomic<bool> measuring{false};
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> verified{0}; // all verified personalisations, warm-up included
    std::atomic<int> signedOn{0};
};

// Per event-loop thread: only its own stations write here.
struct BenchCounters
{
    std::vector<std::int64_t> packageToVerdictNs; // measured window only
    std::vector<std::int64_t> customerNs;         // assessment request → verdict
    std::uint64_t verified = 0;                   // measured window only
    std::uint64_t notVerified = 0;                // verdict other than verified
    std::uint64_t declined = 0;                   // assessment not approved
    std::uint64_t protocolErrors = 0;             // ErrorReport or unexpected message
    std::uint64_t terminalErrors = 0;             // the firmware side failed
    std::uint64_t connectionsLost = 0;
    std::uint64_t outOfCards = 0;
};

class BenchStation : public QObject
{
    Q_OBJECT
public:
    BenchStation(const test::HomeShop& shop, BenchShared& shared, BenchCounters& counters);

    void start();

private:
    void onEncrypted();
    void onReadyRead();
    void onDisconnected();
    void handle(const wire::Message& message);
    void send(wire::MessageBody body);
    void nextCustomer();
    void fail(std::uint64_t BenchCounters::*counter);

    enum class Step
    {
        Connecting,
        SignOn,
        Proof,
        Assessment,
        Package,
        Result,
        Done
    };

    BenchShared& m_shared;
    BenchCounters& m_counters;
    test::StationTerminal m_terminal;
    QSslSocket m_socket;
    wire::FrameReader m_reader;
    Step m_step = Step::Connecting;
    std::uint64_t m_sequence = 0;
    Bytes m_sessionId;
    std::optional<Bytes> m_externalAuthenticate;
    Bytes m_transactionId;
    QString m_simPath;
    QElapsedTimer m_customerClock;
    qint64 m_packageRequestedNs = 0;
};

} // namespace perso::issuer::bench
