// SPDX-License-Identifier: Apache-2.0
#include "BenchStation.h"

#include <QFile>

namespace perso::issuer::bench {

BenchStation::BenchStation(const test::HomeShop& shop, BenchShared& shared, BenchCounters& counters)
    : m_shared(shared), m_counters(counters), m_terminal(shop), m_reader(wire::limits::kDefaultMaxFramePayload)
{
    m_socket.setSslConfiguration(shared.tls);
    connect(&m_socket, &QSslSocket::encrypted, this, &BenchStation::onEncrypted);
    connect(&m_socket, &QSslSocket::readyRead, this, &BenchStation::onReadyRead);
    connect(&m_socket, &QSslSocket::disconnected, this, &BenchStation::onDisconnected);
    connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_step == Step::Connecting)
            onDisconnected();
    });
}

void BenchStation::start()
{
    m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_shared.port, QStringLiteral("localhost"));
}

void BenchStation::fail(std::uint64_t BenchCounters::*counter)
{
    ++(m_counters.*counter);
    m_step = Step::Done;
    m_socket.abort();
}

void BenchStation::onDisconnected()
{
    if (m_step != Step::Done && !m_shared.stopping)
        ++m_counters.connectionsLost;
    m_step = Step::Done;
}

void BenchStation::send(wire::MessageBody body)
{
    auto payload = wire::encodeMessage(wire::Message{++m_sequence, std::move(body)});
    if (!payload)
        return fail(&BenchCounters::protocolErrors);
    auto frame = wire::encodeFrame(payload.value());
    if (!frame)
        return fail(&BenchCounters::protocolErrors);
    m_socket.write(reinterpret_cast<const char*>(frame.value().data()), static_cast<qint64>(frame.value().size()));
}

void BenchStation::onEncrypted()
{
    if (!m_terminal.insertRetailerCard())
        return fail(&BenchCounters::terminalErrors);
    m_step = Step::SignOn;
    send(m_terminal.signOnRequest());
}

void BenchStation::onReadyRead()
{
    const QByteArray chunk = m_socket.readAll();
    if (!m_reader.feed(
            ByteView(reinterpret_cast<const std::uint8_t*>(chunk.constData()), static_cast<std::size_t>(chunk.size()))))
        return fail(&BenchCounters::protocolErrors);
    while (m_step != Step::Done && m_reader.hasPayload()) {
        auto message = wire::decodeMessage(m_reader.takePayload());
        if (!message)
            return fail(&BenchCounters::protocolErrors);
        handle(message.value());
    }
}

void BenchStation::nextCustomer()
{
    if (m_shared.stopping) {
        m_step = Step::Done;
        m_socket.disconnectFromHost();
        return;
    }
    m_step = Step::Assessment;
    m_customerClock.start();
    const auto details = test::customerNumbered(m_shared.nextCustomer.fetch_add(1));
    send(wire::AssessmentRequest{m_sessionId, std::exchange(m_externalAuthenticate, std::nullopt),
                                 m_terminal.seal(details)});
}

void BenchStation::handle(const wire::Message& message)
{
    const auto* error = std::get_if<wire::ErrorReport>(&message.body);
    if (error)
        return fail(&BenchCounters::protocolErrors);
    switch (m_step) {
    case Step::SignOn: {
        const auto* challenge = std::get_if<wire::SignOnChallenge>(&message.body);
        if (!challenge)
            return fail(&BenchCounters::protocolErrors);
        m_sessionId = challenge->sessionId;
        m_step = Step::Proof;
        send(wire::SignOnProof{m_sessionId, m_terminal.relay(challenge->initializeUpdate)});
        return;
    }
    case Step::Proof: {
        const auto* accepted = std::get_if<wire::SignOnAccepted>(&message.body);
        if (!accepted)
            return fail(&BenchCounters::protocolErrors);
        m_externalAuthenticate = m_terminal.relay(accepted->externalAuthenticate);
        if (!m_terminal.openBox(m_sessionId))
            return fail(&BenchCounters::terminalErrors);
        ++m_shared.signedOn;
        return nextCustomer();
    }
    case Step::Assessment: {
        const auto* decision = std::get_if<wire::AssessmentDecision>(&message.body);
        if (!decision)
            return fail(&BenchCounters::protocolErrors);
        if (decision->decision != wire::Decision::Approved) {
            ++m_counters.declined;
            return nextCustomer();
        }
        const int card = m_shared.nextCard.fetch_add(1);
        if (card > m_shared.home->options().cards)
            return fail(&BenchCounters::outOfCards);
        m_simPath = m_shared.home->cardDirectory() + QStringLiteral("/sim-%1.card").arg(card);
        if (!m_terminal.insertBlankSim(m_simPath, test::homeIccidBytes(card), m_shared.home->admOf(card)))
            return fail(&BenchCounters::terminalErrors);
        m_transactionId = Bytes(16, 0x7B);
        for (int i = 0; i < 4; ++i)
            m_transactionId[static_cast<std::size_t>(12 + i)] = static_cast<std::uint8_t>(card >> (8 * (3 - i)));
        m_step = Step::Package;
        m_packageRequestedNs = m_customerClock.nsecsElapsed();
        send(wire::PackageRequest{m_sessionId, m_transactionId, decision->customerReference, wire::Operation::New,
                                  m_terminal.readIccid()});
        return;
    }
    case Step::Package: {
        const auto* package = std::get_if<wire::PackageResponse>(&message.body);
        if (!package)
            return fail(&BenchCounters::protocolErrors);
        const Bytes sealed = m_terminal.execute(package->package);
        if (sealed.empty())
            return fail(&BenchCounters::terminalErrors);
        m_step = Step::Result;
        send(wire::ResultSubmission{m_sessionId, m_transactionId, sealed});
        return;
    }
    case Step::Result: {
        const auto* verdict = std::get_if<wire::ResultVerdict>(&message.body);
        if (!verdict)
            return fail(&BenchCounters::protocolErrors);
        const qint64 doneNs = m_customerClock.nsecsElapsed();
        m_terminal.removeCard();
        QFile::remove(m_simPath);
        if (verdict->outcome != wire::Outcome::Verified) {
            ++m_counters.notVerified;
        } else {
            ++m_shared.verified;
            if (m_shared.measuring) {
                ++m_counters.verified;
                m_counters.packageToVerdictNs.push_back(doneNs - m_packageRequestedNs);
                m_counters.customerNs.push_back(doneNs);
            }
        }
        return nextCustomer();
    }
    case Step::Connecting:
    case Step::Done:
        return fail(&BenchCounters::protocolErrors);
    }
}

} // namespace perso::issuer::bench
