// SPDX-License-Identifier: Apache-2.0
#include "app/demo/KeypadPlayer.h"

#include "app/demo/KeypadPrompt.h"

namespace perso::station::demo {

KeypadPlayer::KeypadPlayer(KeypadSecrets secrets, int pollMs, QObject* parent)
    : QObject(parent), m_secrets(std::move(secrets))
{
    m_timer.setInterval(pollMs);
    connect(&m_timer, &QTimer::timeout, this, &KeypadPlayer::poll);
}

bool KeypadPlayer::start(const QString& controlPath)
{
    if (!m_client.connectTo(controlPath))
        return false;
    m_timer.start();
    return true;
}

void KeypadPlayer::stop()
{
    m_timer.stop();
}

bool KeypadPlayer::answer(const SecureBytes& digits)
{
    return m_client.typeSecret(digits) && m_client.key(QStringLiteral("ok"));
}

void KeypadPlayer::poll()
{
    const auto state = m_client.state();
    if (!state) {
        stop();
        emit failed(QStringLiteral("the terminal's control socket: ") + m_client.lastError());
        return;
    }
    if (state->state != QLatin1String("retailer-pin"))
        m_retailerPromptGone = true;
    const KeypadPrompt prompt = freshKeypadPrompt(*state);
    if (prompt == KeypadPrompt::RetailerPin && m_retailerPromptGone) {
        m_retailerPromptGone = false;
        if (++m_retailerEntries > 1) {
            stop();
            emit failed(QStringLiteral("the terminal asks for the retailer PIN again: the PIN letter's PIN was "
                                       "refused; the demo stops before the card locks"));
            return;
        }
        if (!answer(m_secrets.retailerPin)) {
            stop();
            emit failed(QStringLiteral("typing the retailer PIN: ") + m_client.lastError());
        }
        return;
    }
    if (prompt == KeypadPrompt::CustomerPin || prompt == KeypadPrompt::CustomerPuk) {
        if (!answer(prompt == KeypadPrompt::CustomerPuk ? m_secrets.customerPuk : m_secrets.customerPin)) {
            stop();
            emit failed(QStringLiteral("typing the customer's PIN: ") + m_client.lastError());
        }
    }
}

} // namespace perso::station::demo
