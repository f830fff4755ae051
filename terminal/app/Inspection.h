// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/core/Result.h"
#include "terminal/bridge/VpcdLink.h"

#include <QObject>
#include <QString>

#include <memory>

namespace perso::terminal::app {

// Inspection mode: one card file presented directly in a vpcd reader ("Virtual PCD 00 01" by default)
// through VirtualCardAdapter, so that pcsc_scan, opensc-tool or SIM tools read it as they would a real
// card. Every command that changes the card is saved to its file before it is answered, so stopping
// between two commands leaves the file consistent.
class Inspection : public QObject
{
    Q_OBJECT
public:
    // Opens the card file (cards::openCard); errors are the loader's.
    static Result<std::unique_ptr<Inspection>> open(const QString& cardFile, vpcd::VpcdLinkOptions link);
    ~Inspection() override;

    void start();
    void stop();
    vpcd::VpcdLink& link() { return *m_link; }
    QString cardLabel() const { return m_label; }

private:
    Inspection() = default;

    std::unique_ptr<vpcd::VpcdLink> m_link;
    QString m_label;
};

} // namespace perso::terminal::app
