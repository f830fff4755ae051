// SPDX-License-Identifier: Apache-2.0
#include "ui/LanguageSwitcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace perso::station::ui {

LanguageSwitcher::LanguageSwitcher(QObject* parent) : QObject(parent), m_searchPath(QStringLiteral(":/i18n")) {}

LanguageSwitcher::~LanguageSwitcher()
{
    removeTranslators();
}

QStringList LanguageSwitcher::languages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")};
}

QString LanguageSwitcher::languageName(const QString& code)
{
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("fr"))
        return QStringLiteral("Français");
    return QStringLiteral("English");
}

void LanguageSwitcher::setSearchPath(const QString& directory)
{
    m_searchPath = directory;
}

void LanguageSwitcher::removeTranslators()
{
    for (const auto& translator : m_translators)
        QCoreApplication::removeTranslator(translator.get());
    m_translators.clear();
}

bool LanguageSwitcher::setLanguage(const QString& requested)
{
    QString code = requested;
    if (code.isEmpty()) {
        const QString system = QLocale::system().name().left(2);
        code = languages().contains(system) ? system : QStringLiteral("en");
    }
    if (!languages().contains(code))
        return false;

    removeTranslators();
    bool loaded = code == QLatin1String("en");
    if (code != QLatin1String("en")) {
        // Every "<name>_<code>.qm" in the search path: the station's texts, the keypad prompts, …
        const QDir dir(m_searchPath);
        const QStringList files = dir.entryList({QStringLiteral("*_%1.qm").arg(code)}, QDir::Files, QDir::Name);
        for (const QString& file : files) {
            auto translator = std::make_unique<QTranslator>();
            if (translator->load(dir.filePath(file)) && QCoreApplication::installTranslator(translator.get())) {
                m_translators.push_back(std::move(translator));
                loaded = true;
            }
        }
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
            QCoreApplication::installTranslator(qt.get()))
            m_translators.push_back(std::move(qt));
    }
    m_language = code;
    QLocale::setDefault(QLocale(code));
    emit languageChanged(code);
    return loaded;
}

} // namespace perso::station::ui

#include "moc_LanguageSwitcher.cpp"
