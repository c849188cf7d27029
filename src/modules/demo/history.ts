/**
 * Plays the planned stories through the real ticket service, in time order, with a clock
 * moved to each moment: numbers, events, duplicate links and first responses come out exactly
 * as they would have, had people done it on those days.
 */
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from '../../platform/blobs.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { createTicketService, type TicketHooks } from '../tickets/index.ts';
import type { Story } from './stories.ts';

const MINUTE = 60_000;

export interface HistoryResult {
  tickets: number;
  actions: number;
  /** Reports intake linked to an open ticket of the same customer or machine. */
  duplicates: number;
}

interface Moment {
  at: number;
  story: Story;
  /** -1 for the report itself, else the index of the step. */
  step: number;
}

export async function playHistory(ctx: Ctx, hooks: TicketHooks, stories: Story[], now: Date): Promise<HistoryResult> {
  const clock = new ManualClock(now);
  // The service needs a blob store to be built; the demo uploads nothing.
  const tickets = createTicketService({ ...ctx, clock }, { blobs: new BlobStore(path.join(os.tmpdir(), 'loopdesk-demo-blobs')), hooks });
  const moments: Moment[] = stories.flatMap((story) => [
    { at: story.createdAt.getTime(), story, step: -1 },
    ...story.steps.map((step, index) => ({ at: story.createdAt.getTime() + step.after * MINUTE, story, step: index })),
  ]);
  moments.sort((a, b) => a.at - b.at || a.story.key - b.story.key || a.step - b.step);

  const ticketIds = new Map<number, string>();
  const result: HistoryResult = { tickets: 0, actions: 0, duplicates: 0 };
  for (const moment of moments) {
    const { story } = moment;
    clock.set(new Date(moment.at));
    if (moment.step < 0) {
      const { ticket } = await tickets.createTicket(story.creator, story.input);
      result.tickets++;
      if (ticket.duplicateOf) {
        // Intake judged it a repeat (on purpose or not): the ticket is cancelled and its story ends here.
        result.duplicates++;
        continue;
      }
      ticketIds.set(story.key, ticket.id);
      continue;
    }
    const id = ticketIds.get(story.key);
    if (!id) continue;
    const step = story.steps[moment.step];
    await tickets.act(step.actor, id, step.action, step.input);
    result.actions++;
  }
  return result;
}
