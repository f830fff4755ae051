// SPDX-License-Identifier: Apache-2.0
#pragma once

// The station's icons (resources/icons/*.svg, resource prefix :/icons). Without Qt's SVG image plugin
// the icon falls back to a standard style icon, so no button is ever left blank.

#include <QIcon>
#include <QStyle>

namespace perso::station::ui {

QIcon stationIcon(const QString& name, QStyle::StandardPixmap fallback);

} // namespace perso::station::ui
