// SPDX-License-Identifier: Apache-2.0
// Fuzz target for StationConfig: the input is written as the baked config file and, separately, as
// the user settings file, and loaded. Properties: no crash; every error text is at most 300
// characters; user settings that load, saved and loaded again, give the same values.
#include "app/core/StationConfig.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>

using namespace perso::station;

namespace {

constexpr qsizetype kMaxErrorText = 300;

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_stationconfig: %s\n", what);
        std::abort();
    }
}

const QTemporaryDir& scratch()
{
    static const QTemporaryDir dir;
    require(dir.isValid(), "no temporary directory");
    return dir;
}

QString writeInput(const QString& name, const QByteArray& bytes)
{
    const QString path = scratch().filePath(name);
    QFile file(path);
    require(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "cannot write the input file");
    require(file.write(bytes) == bytes.size(), "cannot write the input file");
    return path;
}

void checkError(const StationError& error)
{
    require(error.detail.size() <= kMaxErrorText, "error text longer than 300 characters");
    require(error.kind == StationErrorKind::InvalidInput, "a config error that is not InvalidInput");
}

bool sameUserFields(const StationConfig& a, const StationConfig& b)
{
    return a.issuer.host == b.issuer.host && a.issuer.port == b.issuer.port && a.terminalReader == b.terminalReader &&
           a.printer == b.printer && a.language == b.language;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString path = writeInput(QStringLiteral("station.json"), bytes);

    const auto baked = StationConfig::load(path);
    if (!baked)
        checkError(baked.error());

    const auto user = StationConfig::load(QString(), path);
    if (!user) {
        checkError(user.error());
        return 0;
    }
    const QString saved = scratch().filePath(QStringLiteral("saved-user.json"));
    const auto written = user.value().saveUserSettings(saved);
    require(written.ok(), "loaded user settings cannot be saved");
    const auto again = StationConfig::load(QString(), saved);
    require(again.ok(), "saved user settings refused");
    require(sameUserFields(user.value(), again.value()), "user settings changed on a round trip");
    return 0;
}
