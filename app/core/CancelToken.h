// SPDX-License-Identifier: Apache-2.0
#pragma once

// Cancellation across threads: the UI thread calls cancel(), the engine's blocking waits poll
// isCancelled() at least every 50 ms. A token is reset only by the engine, between commands.

#include <atomic>

namespace perso::station {

class CancelToken
{
public:
    void cancel() { m_cancelled.store(true, std::memory_order_release); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    void reset() { m_cancelled.store(false, std::memory_order_release); }

private:
    std::atomic<bool> m_cancelled{false};
};

} // namespace perso::station
