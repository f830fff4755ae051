// SPDX-License-Identifier: Apache-2.0
#include "Camera.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPixmap>
#include <QScreen>
#include <QWidget>

#include <cstdio>

namespace perso::station::screenshots {

bool Camera::prepare()
{
    if (!QDir().mkpath(m_out)) {
        m_error = QStringLiteral("cannot create %1").arg(m_out);
        return false;
    }
    return true;
}

bool Camera::save(const QPixmap& pixmap, const QString& name)
{
    if (pixmap.isNull()) {
        m_error = QStringLiteral("%1: nothing was grabbed").arg(name);
        return false;
    }
    const QString path = QDir(m_out).filePath(name);
    if (!pixmap.save(path, "PNG", 9)) {
        m_error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    m_saved.append(path);
    std::printf("perso-screenshots: %s (%dx%d, %lld bytes)\n", qPrintable(path), pixmap.width(), pixmap.height(),
                static_cast<long long>(QFileInfo(path).size()));
    std::fflush(stdout);
    return true;
}

bool Camera::shootWidget(QWidget& widget, const QString& name)
{
    return save(widget.grab(), name);
}

bool Camera::shootScreen(const QRect& area, const QString& name)
{
    QScreen* screen = QGuiApplication::primaryScreen();
    if (screen == nullptr) {
        m_error = QStringLiteral("%1: no screen").arg(name);
        return false;
    }
    if (!area.isValid())
        return save(screen->grabWindow(0), name);
    return save(screen->grabWindow(0, area.x(), area.y(), area.width(), area.height()), name);
}

} // namespace perso::station::screenshots
