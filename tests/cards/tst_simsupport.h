// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the SIM test suites: APDUs in hex, a blank card in a temporary folder and the issuer's
// personalisation sequence of docs/cards.md.

#include "protocol/apdu/CommandApdu.h"
#include "protocol/core/Bytes.h"
#include "protocol/wire/Iccid.h"
#include "terminal/cards/SimCard.h"

#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <string>
#include <vector>

namespace simtest {

using namespace perso;
using perso::cards::SimCard;

inline constexpr const char* kIccidDigits = "89440000000000000017";
inline constexpr const char* kAdm = "3132333435363738";  // "12345678"
inline constexpr const char* kPin1 = "31323337FFFFFFFF"; // "1237"
inline constexpr const char* kPuk1 = "3837363534333231"; // "87654321"
inline constexpr const char* kAid = "A0000000871002FFFFFFFF8907090000";
// TS 35.208 test set 1.
inline constexpr const char* kKi = "465B5CE8B199B49FAA5F0A2EE238A6BC";
inline constexpr const char* kOpc = "CD63CB71954A9F4E48A5994E37A02BAF";
inline constexpr const char* kRand = "23553CBE9637A89D218AE64DAE47BF35";
inline constexpr const char* kSqn = "FF9BB4D0B607";
inline constexpr const char* kAmf = "B9B9";
inline constexpr const char* kRes = "A54211D5E3BA50BF";
inline constexpr const char* kCk = "B40BA9A3C58B2A05BBF0D987B21BF8CB";
inline constexpr const char* kIk = "F769BCD751044604127672711C6D3441";

inline QString hex(const SecureBytes& bytes)
{
    return QString::fromStdString(toHex(view(bytes))).toUpper();
}

inline CommandApdu apdu(const std::string& text)
{
    const Bytes raw = fromHex(text);
    auto decoded = CommandApdu::decode(view(raw));
    return decoded ? decoded.value() : CommandApdu(0xFF, 0xFF, 0xFF, 0xFF);
}

struct Answer
{
    std::uint16_t sw = 0;
    QString data;
};

inline Answer send(perso::cards::VirtualCard& card, const std::string& text)
{
    const ResponseApdu r = card.process(apdu(text));
    return {r.sw(), hex(r.data())};
}

// A blank card file in `dir`; empty string on failure.
inline QString makeBlank(const QTemporaryDir& dir, const QString& name = QStringLiteral("sim.card"))
{
    const QString path = dir.filePath(name);
    const Bytes iccid = wire::iccidFromDigits(QString::fromLatin1(kIccidDigits)).value();
    const Bytes adm = fromHex(kAdm);
    if (!SimCard::createBlank(path, iccid, SecureBytes(adm.begin(), adm.end()))) {
        return {};
    }
    return path;
}

inline std::unique_ptr<SimCard> openCard(const QString& path)
{
    auto card = SimCard::open(path);
    return card ? std::move(card).value() : nullptr;
}

// AUTN for the test set: SQN xor AK || AMF || MAC-A, computed from the published f1 and f5 outputs.
inline std::string autnHex()
{
    const Bytes sqn = fromHex(kSqn), ak = fromHex("AA689C648370");
    Bytes autn;
    for (std::size_t i = 0; i < 6; ++i) {
        autn.push_back(static_cast<std::uint8_t>(sqn[i] ^ ak[i]));
    }
    append(autn, view(fromHex(kAmf)));
    append(autn, view(fromHex("4A9FFAC354DFAFB3")));
    return toHex(view(autn));
}

// "CLA INS P1 P2 Lc data" with Lc computed.
inline std::string withData(const std::string& header, const std::string& data)
{
    const Bytes body = fromHex(data);
    return header + toHex(view(Bytes{static_cast<std::uint8_t>(body.size())})) + data;
}

// CREATE FILE with the FCP template 62 around `fields`.
inline std::string createFile(const std::string& fields)
{
    const Bytes body = fromHex(fields);
    return withData("00E00000", "62" + toHex(view(Bytes{static_cast<std::uint8_t>(body.size())})) + fields);
}

// The personalisation of docs/cards.md, one command APDU per entry, with a label.
struct Step
{
    const char* label;
    std::string apdu;
};

inline std::vector<Step> personalisation()
{
    const std::string ki = kKi, opc = kOpc;
    return {
        {"VERIFY ADM1", withData("0020000A", kAdm)},
        {"CREATE ADF.USIM", createFile("82027821"
                                       "83027FF0"
                                       "8410" +
                                       std::string(kAid) + "8C077B1A1A1A1A1A1A")},
        {"CREATE EF.IMSI", createFile("82024121"
                                      "83026F07"
                                      "8C051B1A1A1A11"
                                      "80020009"
                                      "880138")},
        {"UPDATE EF.IMSI", withData("00D60000", "080910101032547698")},
        {"CREATE EF.AD", createFile("82024121"
                                    "83026FAD"
                                    "8C051B1A1A1A00"
                                    "80020004"
                                    "880118")},
        {"UPDATE EF.AD", withData("00D60000", "00000002")},
        {"CREATE EF.UST", createFile("82024121"
                                     "83026F38"
                                     "8C051B1A1A1A11"
                                     "80020008"
                                     "880120")},
        {"UPDATE EF.UST", withData("00D60000", "9E731C000C000000")},
        {"CREATE EF.PLMNsel", createFile("82024121"
                                         "83026F30"
                                         "8C051B1A1A1111"
                                         "80020018"
                                         "8800")},
        {"UPDATE EF.PLMNsel", withData("00D60000", "00F110" + std::string(42, 'F'))},
        {"CREATE EF.SPN", createFile("82024121"
                                     "83026F46"
                                     "8C051B1A1A1A00"
                                     "80020011"
                                     "8800")},
        {"UPDATE EF.SPN", withData("00D60000", "01"
                                               "52657461696C20506572736F"
                                               "FFFFFFFF")},
        {"CREATE EF.MSISDN", createFile("82054221001A01"
                                        "83026F40"
                                        "8C051B1A1A1111"
                                        "8800")},
        {"UPDATE EF.MSISDN", withData("00DC0104", "4F776E206E756D626572FFFF"
                                                  "0791447700091032FFFFFFFF"
                                                  "FFFF")},
        {"CREATE EF.ACC", createFile("82024121"
                                     "83026F78"
                                     "8C051B1A1A1A11"
                                     "80020002"
                                     "880130")},
        {"UPDATE EF.ACC", withData("00D60000", "0001")},
        {"CREATE EF.KEYS", createFile("82024121"
                                      "8302FF01"
                                      "8C041A1A1A1A"
                                      "80020020")},
        {"UPDATE EF.KEYS", withData("00D60000", ki + opc)},
        {"SET PIN1", withData("00240101", kPin1)},
        {"SET PUK1", withData("00240111", kPuk1)},
        {"ACTIVATE ADF.USIM", "00440000027FF0"},
        {"AUTHENTICATE", withData("00880081", "10" + std::string(kRand) + "10" + autnHex()) + "00"},
    };
}

// One SIM in `dir` personalised with personalisation(), handed out as fresh file copies so that every
// test starts from the same personalised card.
class PersonalisedSimCopies
{
public:
    explicit PersonalisedSimCopies(const QTemporaryDir& dir) : m_dir(dir) {}

    // Empty on success, otherwise the label of the step the card refused.
    QString personalise()
    {
        m_master = makeBlank(m_dir, QStringLiteral("master.sim"));
        auto card = openCard(m_master);
        if (!card)
            return QStringLiteral("open the blank card");
        for (const Step& step : personalisation()) {
            if (send(*card, step.apdu).sw != 0x9000)
                return QString::fromLatin1(step.label);
        }
        return {};
    }

    const QString& masterPath() const { return m_master; }

    std::unique_ptr<SimCard> copy()
    {
        const QString path = m_dir.filePath(QStringLiteral("copy%1.sim").arg(++m_copies));
        if (!QFile::copy(m_master, path))
            return nullptr;
        return openCard(path);
    }

private:
    const QTemporaryDir& m_dir;
    QString m_master;
    int m_copies = 0;
};

} // namespace simtest
