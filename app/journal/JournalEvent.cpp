// SPDX-License-Identifier: Apache-2.0
#include "app/journal/Journal.h"

#include <QTextBoundaryFinder>

#include <array>
#include <utility>

namespace perso::station {
namespace {

constexpr std::array<std::pair<JournalEvent, const char*>, 16> kNames{{
    {JournalEvent::StationStarted, "station-started"},
    {JournalEvent::SignOn, "sign-on"},
    {JournalEvent::SignOnFailed, "sign-on-failed"},
    {JournalEvent::DetailsSubmitted, "details-submitted"},
    {JournalEvent::Decision, "decision"},
    {JournalEvent::CardSelected, "card-selected"},
    {JournalEvent::PackageRequested, "package-requested"},
    {JournalEvent::PackageFetched, "package-fetched"},
    {JournalEvent::ResultSubmitted, "result-submitted"},
    {JournalEvent::Verification, "verification"},
    {JournalEvent::Receipt, "receipt"},
    {JournalEvent::ReceiptPrinted, "receipt-printed"},
    {JournalEvent::Recovered, "recovered"},
    {JournalEvent::Cancelled, "cancelled"},
    {JournalEvent::Error, "error"},
    {JournalEvent::SignOff, "sign-off"},
}};

// The user-perceived characters (graphemes) of a trimmed text, so that "É" written with a combining
// accent or a letter outside the BMP counts as one letter.
QStringList graphemes(const QString& text)
{
    QStringList out;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    qsizetype start = 0;
    while (finder.toNextBoundary() != -1) {
        const qsizetype end = finder.position();
        if (end > start) {
            out.append(text.mid(start, end - start));
        }
        start = end;
    }
    return out;
}

} // namespace

QString journalEventName(JournalEvent event)
{
    for (const auto& [value, name] : kNames) {
        if (value == event) {
            return QLatin1String(name);
        }
    }
    return QStringLiteral("error");
}

std::optional<JournalEvent> journalEventFromName(const QString& name)
{
    for (const auto& [value, text] : kNames) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return std::nullopt;
}

QString maskedName(const QString& givenNames, const QString& familyName)
{
    QString out;
    const QStringList given = graphemes(givenNames.simplified());
    if (!given.isEmpty()) {
        out = given.first() + QLatin1Char('.');
    }
    const QStringList family = graphemes(familyName.simplified());
    if (family.isEmpty()) {
        return out;
    }
    if (!out.isEmpty()) {
        out += QLatin1Char(' ');
    }
    out += family.first();
    for (qsizetype i = 1; i < family.size(); ++i) {
        // Word breaks stay visible ("van der Berg" -> "v** *** ****"); every other character is masked.
        const QString& g = family.at(i);
        const bool separator = g == QLatin1String(" ") || g == QLatin1String("-");
        out += separator ? g : QStringLiteral("*");
    }
    return out;
}

} // namespace perso::station
