// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runtime language switch: swaps the application's translators (the station's and the terminal
// prompts' .qm files from the :/i18n resource, plus Qt's own), so every widget receives
// QEvent::LanguageChange and retranslates itself. Tolerant: a language without .qm files falls back
// to the English source texts and setLanguage() says so by returning false.

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QTranslator;

namespace perso::station::ui {

class LanguageSwitcher : public QObject
{
    Q_OBJECT

public:
    explicit LanguageSwitcher(QObject* parent = nullptr);
    ~LanguageSwitcher() override;

    static QStringList languages();                   // "en", "de", "fr"
    static QString languageName(const QString& code); // in the language itself: "Deutsch"
    // Where the .qm files are looked for (default ":/i18n"); tests may point elsewhere.
    void setSearchPath(const QString& directory);

    // "" means the system locale's language when it is one of languages(), else English.
    // True when at least one translation was loaded (always true for "en").
    bool setLanguage(const QString& code);
    QString language() const { return m_language; }

signals:
    void languageChanged(const QString& code);

private:
    void removeTranslators();

    QString m_searchPath;
    QString m_language = QStringLiteral("en");
    std::vector<std::unique_ptr<QTranslator>> m_translators;
};

} // namespace perso::station::ui
