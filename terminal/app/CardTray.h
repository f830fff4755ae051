// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace perso::terminal {
class SecureTerminal;
}

namespace perso::terminal::app {

// One card file of the stock, as the tray lists it.
struct TrayCard
{
    QString path;    // absolute
    QString kind;    // "sim", "retailer", or empty when the file does not load
    QString label;   // ICCID or serial; the file name when the file does not load
    QString problem; // why the file does not load (public text, no card content)
};

// The emulator's card tray: the stock is the "*.card" files of the stock folders (manufacturer
// batches, folders of retailer cards) plus single card files named directly. insert() opens a card
// file with cards::openCard and puts it in the terminal's slot; remove() pulls it out. The card keeps
// its state in its file, so a card put back later is the same card.
class CardTray : public QObject
{
    Q_OBJECT
public:
    explicit CardTray(SecureTerminal& terminal, QStringList stock, QObject* parent = nullptr);

    const QStringList& stockPaths() const { return m_stock; }
    // Reads the stock folders again (files come and go) and returns the cards, sorted by path.
    std::vector<TrayCard> list();
    // `which`: a card file path, or the label of a stock card. Errors: InvalidParameter (unknown card,
    // slot occupied) and the loader's.
    Status insert(const QString& which);
    // False when the slot was empty.
    bool remove();

    bool hasCard() const { return !m_slotPath.isEmpty(); }
    QString slotLabel() const { return m_slotLabel; }
    QString slotKind() const { return m_slotKind; }
    QString slotPath() const { return m_slotPath; }

signals:
    void slotChanged();

private:
    QString resolve(const QString& which);

    SecureTerminal& m_terminal;
    QStringList m_stock;
    QString m_slotPath;
    QString m_slotLabel;
    QString m_slotKind;
};

} // namespace perso::terminal::app
