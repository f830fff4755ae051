// SPDX-License-Identifier: Apache-2.0
#pragma once

// Saves the screenshots as PNG files: a widget rendered by QWidget::grab(), or a rectangle of the X
// screen (another process's window, or the whole screen) by QScreen::grabWindow(0, ...). Each saved
// file is listed on stdout with its size.

#include <QRect>
#include <QString>
#include <QStringList>

class QPixmap;
class QWidget;

namespace perso::station::screenshots {

class Camera
{
public:
    explicit Camera(QString outDirectory) : m_out(std::move(outDirectory)) {}

    bool prepare(); // creates the output folder
    bool shootWidget(QWidget& widget, const QString& name);
    bool shootScreen(const QRect& area, const QString& name); // an invalid area: the whole screen

    QString lastError() const { return m_error; }
    QStringList saved() const { return m_saved; }

private:
    bool save(const QPixmap& pixmap, const QString& name);

    QString m_out;
    QString m_error;
    QStringList m_saved;
};

} // namespace perso::station::screenshots
