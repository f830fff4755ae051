// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace perso::station::ui {

// The wizard's pages in flow order; the values are the QWizard page ids.
enum PageId : int
{
    StartPageId = 0,
    SignOnPageId,
    CustomerPageId,
    DecisionPageId,
    CardPageId,
    ProgressPageId,
    CompletionPageId
};

} // namespace perso::station::ui
