// SPDX-License-Identifier: Apache-2.0
#include "ui/Icons.h"

#include <QApplication>
#include <QImageReader>

namespace perso::station::ui {

QIcon stationIcon(const QString& name, QStyle::StandardPixmap fallback)
{
    static const bool svg = QImageReader::supportedImageFormats().contains("svg");
    if (svg)
        return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
    return QApplication::style()->standardIcon(fallback);
}

} // namespace perso::station::ui
