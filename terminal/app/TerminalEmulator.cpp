// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/TerminalEmulator.h"

#include "terminal/app/CardTray.h"
#include "terminal/app/FirmwareCard.h"

#include <QJsonArray>

namespace perso::terminal::app {

TerminalEmulator::TerminalEmulator(EmulatorOptions options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{
    m_terminal = std::make_unique<SecureTerminal>(m_options.terminal);
    m_tray = new CardTray(*m_terminal, m_options.stock, this);
    // The link and the card are both owned here; the card is no QObject child so that the link's
    // shared_ptr decides its lifetime (the link is destroyed first, in ~TerminalEmulator).
    m_card = std::make_shared<FirmwareCard>(*m_terminal);
    m_link = new vpcd::VpcdLink(m_card, m_options.vpcd, this);
    connect(m_link, &vpcd::VpcdLink::connected, this, [this] { emit vpcdLinkChanged(true); });
    connect(m_link, &vpcd::VpcdLink::disconnected, this, [this] { emit vpcdLinkChanged(false); });
}

TerminalEmulator::~TerminalEmulator()
{
    delete m_link;
    m_link = nullptr;
    m_card.reset();
    delete m_tray;
    m_tray = nullptr;
    m_terminal.reset();
}

bool TerminalEmulator::vpcdUp() const
{
    return m_link->isConnected();
}

void TerminalEmulator::start()
{
    m_link->connectCard();
}

QJsonObject TerminalEmulator::stateFields() const
{
    const DisplayLines display = m_terminal->display();
    QJsonObject fields;
    fields.insert(QStringLiteral("state"), stateName(m_terminal->state()));
    fields.insert(QStringLiteral("display"), QJsonArray{display.line1, display.line2});
    fields.insert(QStringLiteral("slot"), m_tray->hasCard() ? QJsonValue(m_tray->slotLabel()) : QJsonValue());
    fields.insert(QStringLiteral("slotKind"), m_tray->hasCard() ? QJsonValue(m_tray->slotKind()) : QJsonValue());
    fields.insert(QStringLiteral("tampered"), m_terminal->isTampered());
    fields.insert(QStringLiteral("busy"), m_terminal->isBusy());
    fields.insert(QStringLiteral("vpcd"), vpcdUp());
    return fields;
}

QJsonObject TerminalEmulator::listFields()
{
    QJsonArray cards;
    for (const TrayCard& card : m_tray->list()) {
        QJsonObject entry;
        entry.insert(QStringLiteral("path"), card.path);
        entry.insert(QStringLiteral("kind"), card.kind.isEmpty() ? QJsonValue() : QJsonValue(card.kind));
        entry.insert(QStringLiteral("label"), card.label);
        if (!card.problem.isEmpty())
            entry.insert(QStringLiteral("problem"), card.problem);
        entry.insert(QStringLiteral("inSlot"), m_tray->hasCard() && m_tray->slotPath() == card.path);
        cards.append(entry);
    }
    return QJsonObject{{QStringLiteral("cards"), cards}};
}

QByteArray TerminalEmulator::execute(const ControlCommand& command)
{
    using Verb = ControlCommand::Verb;
    switch (command.verb) {
    case Verb::List:
        return ControlProtocol::success(listFields());
    case Verb::Insert: {
        const Status inserted = m_tray->insert(command.argument);
        if (!inserted.ok())
            return ControlProtocol::failure(inserted.error().message);
        return ControlProtocol::success(
            {{QStringLiteral("slot"), m_tray->slotLabel()}, {QStringLiteral("slotKind"), m_tray->slotKind()}});
    }
    case Verb::Remove:
        if (!m_tray->remove())
            return ControlProtocol::failure(QStringLiteral("the slot is empty"));
        return ControlProtocol::success();
    case Verb::Key:
    case Verb::Type:
        for (const Key key : command.keys)
            m_terminal->keyPressed(key);
        return ControlProtocol::success();
    case Verb::Tamper:
        m_terminal->tamper();
        return ControlProtocol::success({{QStringLiteral("tampered"), m_terminal->isTampered()}});
    case Verb::State:
        return ControlProtocol::success(stateFields());
    case Verb::Quit:
        emit quitRequested();
        return ControlProtocol::success();
    }
    return ControlProtocol::failure(QStringLiteral("unknown command"));
}

} // namespace perso::terminal::app
