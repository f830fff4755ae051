// SPDX-License-Identifier: Apache-2.0
#pragma once

// The tour: the real wizard, driven by objectName like tests/app/ui/tst_station_wizard.cpp, through a
// whole personalisation against the running demo stack, with a screenshot at each interesting moment:
// sign-on (the keypad waits for the retailer PIN), the filled customer form, the issuer's decision,
// progress while the keypad waits for the customer's PIN (with the terminal window and the whole
// screen), the receipt, the journal. Every wait is bounded by the step timeout; a step that does not
// appear in time ends the tour with a line naming it.

#include "Camera.h"
#include "KeypadPlayer.h"
#include "ScreenshotOptions.h"

#include <QString>

#include <functional>

namespace perso::station {
class Station;
namespace ui {
class MainWindow;
}
} // namespace perso::station

namespace perso::station::screenshots {

class WizardTour
{
public:
    WizardTour(ui::MainWindow& window, Station& station, KeypadPlayer& keypad, Camera& camera,
               const ScreenshotOptions& options);

    bool run();
    QString lastError() const { return m_error; }

private:
    bool start();
    bool signOn();
    bool customer();
    bool decision();
    bool personalise();
    bool receipt();
    bool journal();
    void signOff();

    // Pumps the event loop until `condition` holds (true) or the step timeout passes (false, lastError
    // names `what`).
    bool waitFor(const std::function<bool()>& condition, const QString& what);
    void settle(int ms); // lets both windows finish painting before a grab
    bool fail(const QString& message);
    bool shot(const QString& name);
    bool advance(const QString& page); // the wizard's Commit or Next button, as the operator sees it
    int currentPage() const;

    ui::MainWindow& m_window;
    Station& m_station;
    KeypadPlayer& m_keypad;
    Camera& m_camera;
    const ScreenshotOptions& m_options;
    QString m_error;
};

} // namespace perso::station::screenshots
