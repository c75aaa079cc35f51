import type { InteractionResult, RecordedInteraction } from '../../domain/follow-ups/record-interaction';
import type { InteractionsImportResponse, SidebarMessageResponse } from '../contract/interactions';

export function presentSidebarMessage(recorded: RecordedInteraction): SidebarMessageResponse {
  return { isNew: recorded.isNew, closedFollowUps: recorded.closedFollowUps };
}

/** Each row's outcome, in the order sent. */
export function presentInteractionResults(results: InteractionResult[]): InteractionsImportResponse {
  return { results };
}
