/**
 * When an organisation may change its answers to a round: while the round is open and between its opening and
 * closing times, or while the round is reopened for that organisation alone, and never while the round is
 * published (unless a correction is under way). Pure, so pages and tests agree.
 */
import { isRoundFrozen, type Round, type RoundOrganisation } from '../rounds/rounds.service.ts';

export type AnsweringWindow = {
  /** Whether answers may be changed now. */
  isOpen: boolean;
  /** Why they may not, when they may not. */
  reason: 'open' | 'not_yet_open' | 'closed';
  /** The time answering ends for this organisation, if known. */
  closesAt: string | null;
};

/** Decides whether the organisation may answer the round at this moment. */
export function findAnsweringWindow(round: Round, invited: RoundOrganisation, now: Date): AnsweringWindow {
  const time = now.getTime();
  // A published round's figures were computed from exactly its answers: nothing changes until a correction starts.
  if (isRoundFrozen(round)) return { isOpen: false, reason: 'closed', closesAt: round.closesAt };
  if (invited.reopenedUntil && Date.parse(invited.reopenedUntil) > time) {
    return { isOpen: true, reason: 'open', closesAt: invited.reopenedUntil };
  }
  if (round.source !== 'fieldwork' || round.status === 'closed') {
    return { isOpen: false, reason: 'closed', closesAt: round.closesAt };
  }
  if (round.status === 'draft' || (round.opensAt !== null && Date.parse(round.opensAt) > time)) {
    return { isOpen: false, reason: 'not_yet_open', closesAt: round.closesAt };
  }
  if (round.closesAt !== null && Date.parse(round.closesAt) <= time) {
    return { isOpen: false, reason: 'closed', closesAt: round.closesAt };
  }
  return { isOpen: true, reason: 'open', closesAt: round.closesAt };
}
