// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>

namespace perso::issuer {

// A snapshot for the daemon's status line and the benchmark.
struct ServerStatsSnapshot
{
    std::uint64_t openConnections = 0;     // established (TLS done) and not yet closed
    std::uint64_t acceptedConnections = 0; // established since start
    std::uint64_t refusedConnections = 0;  // closed right after accept: over maxConnections
    std::uint64_t messagesHandled = 0;     // handle() calls completed
    std::uint64_t errorsSent = 0;          // ErrorReports the server itself sent
};

// Updated from the network and worker threads.
struct ServerStats
{
    std::atomic<std::uint64_t> openConnections{0};
    std::atomic<std::uint64_t> acceptedConnections{0};
    std::atomic<std::uint64_t> refusedConnections{0};
    std::atomic<std::uint64_t> messagesHandled{0};
    std::atomic<std::uint64_t> errorsSent{0};

    ServerStatsSnapshot snapshot() const
    {
        return {openConnections.load(), acceptedConnections.load(), refusedConnections.load(), messagesHandled.load(),
                errorsSent.load()};
    }
};

} // namespace perso::issuer
