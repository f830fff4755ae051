// SPDX-License-Identifier: Apache-2.0
#include "terminal/app/CardTray.h"

#include "terminal/cards/CardLoader.h"
#include "terminal/firmware/SecureTerminal.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <memory>

namespace perso::terminal::app {

namespace {
const QString kCardSuffix = QStringLiteral("card");

TrayCard describe(const QString& path)
{
    TrayCard entry;
    entry.path = path;
    auto card = cards::openCard(path);
    if (card.ok()) {
        entry.kind = card.value()->kind();
        entry.label = card.value()->label();
    } else {
        entry.label = QFileInfo(path).fileName();
        entry.problem = QStringLiteral("does not load (%1)").arg(errorCodeName(card.code()));
    }
    return entry;
}
} // namespace

CardTray::CardTray(SecureTerminal& terminal, QStringList stock, QObject* parent)
    : QObject(parent), m_terminal(terminal), m_stock(std::move(stock))
{}

std::vector<TrayCard> CardTray::list()
{
    QStringList files;
    for (const QString& entry : std::as_const(m_stock)) {
        const QFileInfo info(entry);
        if (info.isDir()) {
            const QDir dir(info.absoluteFilePath());
            const auto names = dir.entryList({QStringLiteral("*.") + kCardSuffix}, QDir::Files, QDir::Name);
            for (const QString& name : names)
                files << dir.absoluteFilePath(name);
        } else if (info.isFile()) {
            files << info.absoluteFilePath();
        }
    }
    files.removeDuplicates();
    std::sort(files.begin(), files.end());
    std::vector<TrayCard> cards;
    cards.reserve(static_cast<std::size_t>(files.size()));
    for (const QString& file : std::as_const(files))
        cards.push_back(describe(file));
    return cards;
}

QString CardTray::resolve(const QString& which)
{
    const QFileInfo info(which);
    if (info.isFile())
        return info.absoluteFilePath();
    for (const TrayCard& card : list()) {
        if (card.problem.isEmpty() && card.label == which)
            return card.path;
    }
    return {};
}

Status CardTray::insert(const QString& which)
{
    if (hasCard())
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("the slot holds a card: remove it first"));
    const QString path = resolve(which);
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("no such card file or stock card"));
    auto opened = cards::openCard(path);
    if (!opened.ok())
        return opened.error();
    std::shared_ptr<cards::VirtualCard> card = std::move(opened).value();
    const QString label = card->label();
    const QString kind = card->kind();
    if (!m_terminal.insertCard(card))
        return makeError(ErrorCode::InvalidParameter, QStringLiteral("the terminal refused the card"));
    m_slotPath = path;
    m_slotLabel = label;
    m_slotKind = kind;
    emit slotChanged();
    return Ok{};
}

bool CardTray::remove()
{
    if (!hasCard())
        return false;
    m_terminal.removeCard();
    m_slotPath.clear();
    m_slotLabel.clear();
    m_slotKind.clear();
    emit slotChanged();
    return true;
}

} // namespace perso::terminal::app
