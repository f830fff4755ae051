// SPDX-License-Identifier: Apache-2.0
#pragma once

// The shop station's terminal side without the network: the REAL terminal firmware (SecureTerminal)
// in process with the shop's retailer card file, blank SIM files, PINs typed on the keypad. The
// caller carries the messages to the issuer (blocking in the system suites, event-driven in the
// benchmark). Built on tests/firmware's helpers, as tests/issuer/session/FirmwareStation.h is.

#include "IssuerHome.h"

#include "protocol/wire/CustomerDetails.h"
#include "protocol/wire/SealedBox.h"
#include "terminal/cards/SimCard.h"
#include "tests/firmware/FirmwareFixtures.h"

#include <memory>
#include <optional>

namespace perso::issuer::test {

namespace tt = terminal::test;

// Typed for every PIN/PUK the package asks for.
inline constexpr const char* kStationPin = "48261397";

inline wire::CustomerDetails customerNumbered(std::uint32_t n)
{
    wire::CustomerDetails details;
    details.givenNames = QStringLiteral("Ada");
    details.familyName = QStringLiteral("Lovelace");
    details.dateOfBirth = QDate(1990, 12, 10);
    details.address.lines = {QStringLiteral("1 High Street")};
    details.address.city = QStringLiteral("London");
    details.address.country = QStringLiteral("GB");
    details.idDocument = {wire::IdDocumentType::Passport, QStringLiteral("P%1").arg(n, 8, 10, QLatin1Char('0'))};
    details.email = QStringLiteral("ada@example.org");
    details.planCode = QStringLiteral("PAYG");
    return details;
}

class StationTerminal
{
public:
    explicit StationTerminal(const HomeShop& shop) : m_shop(shop)
    {
        auto card = cards::RetailerCard::open(shop.retailerCardPath);
        if (card)
            m_retailerCard = std::shared_ptr<cards::RetailerCard>(std::move(card).value());
        terminal::TerminalConfig config;
        config.stateFilePath = shop.terminalStatePath;
        config.terminalId = shop.terminalId;
        m_terminal = std::make_unique<terminal::SecureTerminal>(config);
    }

    const HomeShop& shop() const { return m_shop; }
    terminal::SecureTerminal& firmware() { return *m_terminal; }

    wire::SignOnRequest signOnRequest() const
    {
        return wire::SignOnRequest{m_shop.serial, m_shop.terminalId,
                                   wire::TerminalStatus{false, QStringLiteral("perso-terminal-1.0")}, 1};
    }

    // Retailer card in, PIN on the keypad: the terminal is ready to relay the sign-on.
    bool insertRetailerCard()
    {
        if (!m_retailerCard || !m_terminal->insertCard(m_retailerCard))
            return false;
        const auto answer = tt::signOn(*m_terminal, kHomeRetailerPin);
        return answer && answer->sw() == sw::kSuccess;
    }

    Bytes relay(const Bytes& command)
    {
        auto decoded = CommandApdu::decode(command);
        if (!decoded)
            return {};
        const SecureBytes encoded = tt::sendNow(*m_terminal, decoded.value()).encode();
        return Bytes(encoded.begin(), encoded.end());
    }

    // After EXTERNAL AUTHENTICATE: the data key seals the customer details; the retailer card leaves.
    bool openBox(const Bytes& sessionId)
    {
        const ResponseApdu dataKey = tt::sendNow(*m_terminal, tt::terminalCommand(terminal::cmd::ins::kGetDataKey));
        if (dataKey.sw() != sw::kSuccess)
            return false;
        auto box = wire::SealedBox::forStation(dataKey.data(), sessionId);
        if (!box)
            return false;
        m_box.emplace(std::move(box).value());
        m_terminal->removeCard();
        return true;
    }

    Bytes seal(const wire::CustomerDetails& details)
    {
        auto encoded = wire::encodeCustomerDetails(details);
        if (!m_box || !encoded)
            return {};
        auto sealed = m_box->seal(encoded.value(), static_cast<std::uint32_t>(wire::MessageType::AssessmentRequest));
        return sealed ? sealed.value() : Bytes{};
    }

    // Writes a blank SIM file (the manufacturer's job) and puts it in the slot.
    std::shared_ptr<cards::SimCard> insertBlankSim(const QString& path, const Bytes& iccid, const SecureBytes& adm)
    {
        if (!cards::SimCard::createBlank(path, iccid, adm))
            return nullptr;
        return insertSim(path);
    }

    std::shared_ptr<cards::SimCard> insertSim(const QString& path)
    {
        m_terminal->removeCard();
        auto opened = cards::SimCard::open(path);
        if (!opened)
            return nullptr;
        std::shared_ptr<cards::SimCard> sim(std::move(opened).value());
        return m_terminal->insertCard(sim) ? sim : nullptr;
    }

    void removeCard() { m_terminal->removeCard(); }

    Bytes readIccid()
    {
        const ResponseApdu answer =
            tt::sendNow(*m_terminal, tt::terminalCommand(terminal::cmd::ins::kReadCardIdentity));
        return Bytes(answer.data().begin(), answer.data().end());
    }

    // LOAD PACKAGE, RUN STEP to the end (typing PINs), GET RESULT: the sealed result (empty on failure).
    Bytes execute(const Bytes& package)
    {
        if (tt::loadPackage(*m_terminal, package).sw() != sw::kSuccess)
            return {};
        for (int i = 0; i < 300; ++i) {
            const auto answer = tt::sendWithKeys(*m_terminal, tt::terminalCommand(terminal::cmd::ins::kRunStep),
                                                 {kStationPin, kStationPin});
            if (!answer)
                return {};
            const auto step = tt::parseStep(*answer);
            if (!step)
                return {};
            if (step->runState != static_cast<std::uint8_t>(terminal::cmd::RunState::MoreSteps))
                break;
        }
        return tt::getResult(*m_terminal);
    }

private:
    HomeShop m_shop;
    std::shared_ptr<cards::RetailerCard> m_retailerCard;
    std::unique_ptr<terminal::SecureTerminal> m_terminal;
    std::optional<wire::SealedBox> m_box;
};

} // namespace perso::issuer::test
