// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <array>

class QLabel;
class QListWidget;
class QPushButton;
class QWidget;

namespace perso::terminal::app {

// The PIN pad window's widgets, built in code and named by role (objectName) so that tests and
// accessibility tools find them: displayLine1Label, displayLine2Label, digit0Button..digit9Button,
// cancelButton, clearButton, okButton, trayListWidget, refreshTrayButton, insertButton, removeButton,
// slotLabel, tamperButton, vpcdStatusLabel.
struct PinPadWindowUi
{
    void setupUi(QWidget* window);

    QLabel* displayLine1Label = nullptr;
    QLabel* displayLine2Label = nullptr;
    std::array<QPushButton*, 10> digitButtons{};
    QPushButton* cancelButton = nullptr;
    QPushButton* clearButton = nullptr;
    QPushButton* okButton = nullptr;
    QListWidget* trayListWidget = nullptr;
    QPushButton* refreshTrayButton = nullptr;
    QPushButton* insertButton = nullptr;
    QPushButton* removeButton = nullptr;
    QLabel* slotLabel = nullptr;
    QPushButton* tamperButton = nullptr;
    QLabel* vpcdStatusLabel = nullptr;
};

} // namespace perso::terminal::app
