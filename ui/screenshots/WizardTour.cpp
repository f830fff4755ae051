// SPDX-License-Identifier: Apache-2.0
#include "WizardTour.h"

#include "app/session/Station.h"
#include "ui/ErrorBanner.h"
#include "ui/JournalView.h"
#include "ui/MainWindow.h"
#include "ui/PageIds.h"
#include "ui/StationWizard.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

#include <cstdio>

namespace perso::station::screenshots {

namespace {

constexpr int kPollMs = 50;
constexpr int kSettleMs = 400;

void say(const char* step)
{
    std::printf("perso-screenshots: %s\n", step);
    std::fflush(stdout);
}

} // namespace

WizardTour::WizardTour(ui::MainWindow& window, Station& station, KeypadPlayer& keypad, Camera& camera,
                       const ScreenshotOptions& options)
    : m_window(window), m_station(station), m_keypad(keypad), m_camera(camera), m_options(options)
{}

bool WizardTour::fail(const QString& message)
{
    m_error = message;
    return false;
}

void WizardTour::settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool WizardTour::waitFor(const std::function<bool()>& condition, const QString& what)
{
    const QDeadlineTimer deadline(static_cast<qint64>(m_options.stepTimeoutSeconds) * 1000);
    while (!condition()) {
        if (deadline.hasExpired()) {
            QString message =
                QStringLiteral("%1 did not appear within %2 s").arg(what).arg(m_options.stepTimeoutSeconds);
            if (m_window.errorBanner()->isVisible())
                message += QStringLiteral(" (the station shows: %1)").arg(m_window.errorBanner()->headline());
            return fail(message);
        }
        settle(kPollMs);
    }
    return true;
}

bool WizardTour::shot(const QString& name)
{
    settle(kSettleMs);
    if (!m_camera.shootWidget(m_window, name))
        return fail(m_camera.lastError());
    return true;
}

bool WizardTour::advance(const QString& page)
{
    // As the operator would: the wizard's visible Commit or Next button.
    QWizard* wizard = m_window.wizard();
    for (const auto which : {QWizard::CommitButton, QWizard::NextButton}) {
        QAbstractButton* button = wizard->button(which);
        if (button->isVisible() && button->isEnabled()) {
            button->click();
            return true;
        }
    }
    if (!wizard->currentPage()->isComplete())
        return fail(QStringLiteral("the %1 page is not complete: nothing to press").arg(page));
    // The page is complete but shows no button to go on (a commit page whose Commit button is not in
    // the wizard's button layout): say so, and go on the way the wizard's own tests do.
    std::fprintf(stderr, "perso-screenshots: warning: the %s page shows no Next/Commit button; pressing Next\n",
                 qPrintable(page));
    wizard->next();
    return true;
}

int WizardTour::currentPage() const
{
    return m_window.wizard()->currentId();
}

bool WizardTour::run()
{
    const bool done = start() && signOn() && customer() && decision() && personalise() && receipt() && journal();
    if (done)
        signOff();
    return done;
}

bool WizardTour::start()
{
    say("waiting for the station to reach the issuer and the terminal");
    if (!waitFor([this] { return m_station.phase() == StationPhase::SignedOff; },
                 QStringLiteral("the station's start page")))
        return false;
    return waitFor([this] { return m_station.issuerLinkState() == LinkState::Online; },
                   QStringLiteral("the issuer link (online)"));
}

bool WizardTour::signOn()
{
    say("signing on: retailer card in, PIN on the keypad");
    if (!advance(QStringLiteral("start")))
        return false;
    if (!waitFor([this] { return currentPage() == ui::SignOnPageId; }, QStringLiteral("the sign-on page")))
        return false;
    if (!m_keypad.insertRetailerCard())
        return fail(m_keypad.lastError());
    auto* signOnButton = m_window.findChild<QPushButton*>(QStringLiteral("signOnButton"));
    if (!waitFor([signOnButton] { return signOnButton->isEnabled(); }, QStringLiteral("the Sign on button")))
        return false;
    signOnButton->click();
    if (!waitFor(
            [this] {
                const auto state = m_keypad.state();
                return state && KeypadPlayer::waitsForRetailerPin(*state);
            },
            QStringLiteral("the terminal's retailer PIN prompt")))
        return false;
    if (!shot(QStringLiteral("station-signon.png")))
        return false;
    if (!m_keypad.typeRetailerPin())
        return fail(m_keypad.lastError());
    return waitFor([this] { return currentPage() == ui::CustomerPageId; },
                   QStringLiteral("the customer page after sign-on"));
}

bool WizardTour::customer()
{
    say("filling in the demo customer");
    QWidget& w = m_window;
    const auto edit = [&w](const char* name, const QString& text) {
        if (auto* line = w.findChild<QLineEdit*>(QLatin1String(name)))
            line->setText(text);
    };
    edit("givenNamesEdit", QStringLiteral("Grace"));
    edit("familyNameEdit", QStringLiteral("Hopper"));
    edit("addressLine1Edit", QStringLiteral("12 Market Street"));
    edit("postcodeEdit", QStringLiteral("M1 1AE"));
    edit("cityEdit", QStringLiteral("Manchester"));
    edit("idNumberEdit", QStringLiteral("P7654321"));
    edit("emailEdit", QStringLiteral("grace.hopper@example.org"));
    edit("phoneEdit", QStringLiteral("+44 161 496 0000"));
    if (auto* birth = w.findChild<QDateEdit*>(QStringLiteral("dateOfBirthEdit")))
        birth->setDate(QDate(1986, 12, 9));
    if (auto* country = w.findChild<QComboBox*>(QStringLiteral("countryCombo")))
        country->setCurrentIndex(country->findData(QStringLiteral("GB")));
    if (auto* plan = w.findChild<QComboBox*>(QStringLiteral("planCombo")))
        plan->setCurrentIndex(std::max(0, plan->findText(QStringLiteral("MONTHLY-10"))));
    QAbstractButton* next = m_window.wizard()->button(QWizard::NextButton);
    if (!waitFor([next] { return next->isEnabled(); }, QStringLiteral("a valid customer form (Next enabled)")))
        return false;
    return shot(QStringLiteral("station-customer.png"));
}

bool WizardTour::decision()
{
    say("asking the issuer for a decision");
    if (!advance(QStringLiteral("customer")))
        return false;
    auto* label = m_window.findChild<QLabel*>(QStringLiteral("decisionLabel"));
    if (!waitFor([this] { return m_station.phase() == StationPhase::Assessed; },
                 QStringLiteral("the issuer's decision")))
        return false;
    if (!waitFor([label] { return !label->text().isEmpty(); }, QStringLiteral("the decision on the page")))
        return false;
    if (!m_window.wizard()->currentPage()->isComplete()) {
        const auto* reason = m_window.findChild<QLabel*>(QStringLiteral("decisionReasonLabel"));
        return fail(QStringLiteral("the issuer did not approve the demo customer: %1 %2")
                        .arg(label->text(), reason ? reason->text() : QString()));
    }
    return shot(QStringLiteral("station-decision.png"));
}

bool WizardTour::personalise()
{
    say("personalising: blank SIM in, the customer chooses PIN and PUK on the keypad");
    if (!advance(QStringLiteral("decision")))
        return false;
    if (!waitFor([this] { return m_station.phase() == StationPhase::AwaitingCard; },
                 QStringLiteral("the card page (waiting for a SIM)")))
        return false;
    if (!m_keypad.insertSim(m_options.simCard))
        return fail(m_keypad.lastError());
    bool puk = false;
    const auto customerPrompt = [this, &puk] {
        const auto state = m_keypad.state();
        return state && KeypadPlayer::waitsForCustomerEntry(*state, &puk);
    };
    if (!waitFor(customerPrompt, QStringLiteral("the terminal's customer PIN prompt")))
        return false;
    auto* keypadLabel = m_window.findChild<QLabel*>(QStringLiteral("keypadLabel"));
    if (!waitFor([this, keypadLabel] { return currentPage() == ui::ProgressPageId && keypadLabel->isVisible(); },
                 QStringLiteral("the progress page's keypad hint")))
        return false;
    if (!shot(QStringLiteral("station-personalising.png")))
        return false;
    if (!m_camera.shootScreen(m_options.terminalGeometry, QStringLiteral("terminal.png")) ||
        !m_camera.shootScreen(QRect(), QStringLiteral("overview.png")))
        return fail(m_camera.lastError());

    // Every PIN/PUK prompt until the wizard shows the completion page.
    const QDeadlineTimer deadline(static_cast<qint64>(m_options.stepTimeoutSeconds) * 1000);
    while (currentPage() != ui::CompletionPageId) {
        if (deadline.hasExpired())
            return waitFor([] { return false; }, QStringLiteral("the completion page"));
        if (customerPrompt() && !m_keypad.typeCustomerEntry(puk))
            return fail(m_keypad.lastError());
        settle(kPollMs);
    }
    return true;
}

bool WizardTour::receipt()
{
    say("completed: the receipt");
    auto* status = m_window.findChild<QLabel*>(QStringLiteral("receiptStatusLabel"));
    auto* msisdn = m_window.findChild<QLabel*>(QStringLiteral("msisdnLabel"));
    if (!waitFor([status, msisdn] { return !msisdn->text().isEmpty() && !status->text().isEmpty(); },
                 QStringLiteral("the MSISDN and the receipt status")))
        return false;
    std::printf("perso-screenshots: MSISDN %s\n", qPrintable(msisdn->text()));
    return shot(QStringLiteral("station-receipt.png"));
}

bool WizardTour::journal()
{
    say("the journal");
    auto* action = m_window.findChild<QAction*>(QStringLiteral("journalAction"));
    if (action == nullptr)
        return fail(QStringLiteral("the window has no journalAction"));
    action->trigger();
    ui::JournalView* view = nullptr;
    if (!waitFor(
            [this, &view] {
                view = m_window.findChild<ui::JournalView*>(QStringLiteral("journalView"));
                return view != nullptr && view->isVisible() && view->rowCount() > 0;
            },
            QStringLiteral("the journal view with its rows")))
        return false;
    view->resize(m_options.stationGeometry.width(), m_options.stationGeometry.height() * 2 / 3);
    if (!view->verifyChain().intact) // the view shows the result; an intact chain is the picture
        return fail(QStringLiteral("the journal's hash chain does not verify"));
    settle(kSettleMs);
    if (!m_camera.shootWidget(*view, QStringLiteral("station-journal.png")))
        return fail(m_camera.lastError());
    view->close();
    return true;
}

void WizardTour::signOff()
{
    say("signing off");
    if (auto* button = m_window.findChild<QPushButton*>(QStringLiteral("signOffButton")); button && button->isVisible())
        button->click();
    else
        m_station.signOff();
    if (!waitFor([this] { return m_station.phase() == StationPhase::SignedOff; }, QStringLiteral("the sign-off")))
        std::fprintf(stderr, "perso-screenshots: %s (the images are saved)\n", qPrintable(m_error));
}

} // namespace perso::station::screenshots
