// SPDX-License-Identifier: Apache-2.0
// perso-terminal: the secure terminal emulator (docs/terminal-emulator.md).
#include "terminal/app/AppOptions.h"
#include "terminal/app/Modes.h"
#include "terminal/app/WindowMode.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

#include <cstring>
#include <memory>

using namespace perso::terminal::app;

namespace {
// Decided before the application object exists: a window needs QApplication.
bool wantsWindow(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (std::strcmp(arg, "--headless") == 0 || std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0 ||
            std::strncmp(arg, "--inspect", 9) == 0)
            return false;
    }
    return CommandLine::displayAvailable();
}
// The keypad prompts and the window in the chosen language, from the catalogues built into the binary
// (translations/terminal_<code>.ts). English needs none; an unknown system language falls back to it.
void installTranslation(QCoreApplication& app, const QString& language)
{
    auto* translator = new QTranslator(&app);
    const bool loaded = language.isEmpty() ? translator->load(QLocale::system(), QStringLiteral("terminal"),
                                                              QStringLiteral("_"), QStringLiteral(":/i18n"))
                                           : translator->load(QStringLiteral(":/i18n/terminal_%1").arg(language));
    if (loaded)
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
}
} // namespace

int main(int argc, char** argv)
{
    const bool window = wantsWindow(argc, argv);
    std::unique_ptr<QCoreApplication> app;
    if (window)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("perso-terminal"));
    QCoreApplication::setOrganizationName(QStringLiteral("retail-perso"));

    const ParsedOptions parsed = CommandLine::parse(QCoreApplication::arguments(), window);
    if (parsed.helpRequested) {
        QTextStream(stdout) << parsed.helpText;
        return 0;
    }
    if (!parsed.options) {
        QTextStream(stderr) << QStringLiteral("perso-terminal: ") << parsed.error
                            << QStringLiteral("\nTry 'perso-terminal --help'.") << Qt::endl;
        return CommandLine::kBadUsageExitCode;
    }
    installTranslation(*app, parsed.options->language);
    switch (parsed.options->mode) {
    case AppOptions::Mode::Inspect:
        return runInspection(*parsed.options);
    case AppOptions::Mode::Headless:
        return runHeadless(*parsed.options);
    case AppOptions::Mode::Window:
        return runWindow(*parsed.options);
    }
    return 1;
}
