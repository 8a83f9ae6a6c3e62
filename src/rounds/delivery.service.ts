import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { Database } from '../db/database.ts';
import { type DeliveryState, findLatestDeliveries } from './delivery.ts';
import type { Round } from './rounds.repository.ts';
import { findRoundDetails, type RoundOrganisationDetails } from './rounds.service.ts';

/**
 * Finds one invited organisation of a round with its contact and the state of the latest mail to it, for the page
 * that corrects the address and sends the invitation again.
 * @throws AppError('not_found') for an unknown round or an organisation not invited.
 */
export async function findContactDelivery(
  db: Kysely<Database>,
  roundId: string,
  organisationCode: string,
): Promise<{ round: Round; organisation: RoundOrganisationDetails; state: DeliveryState | null }> {
  const { round, organisations, mail } = await findRoundDetails(db, roundId);
  const organisation = organisations.find((candidate) => candidate.organisationCode === organisationCode);
  if (!organisation) throw new AppError('not_found', `${organisationCode} is not invited to this round.`);
  return { round, organisation, state: findLatestDeliveries(mail).get(organisationCode) ?? null };
}
