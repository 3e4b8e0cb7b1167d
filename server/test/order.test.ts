import { describe, expect, it } from 'vitest';
import {
  addDevice,
  commit,
  newDesk,
  orderCancelled,
  orderPlaced,
  positionOf,
  pull,
  push,
  useServer,
  type DeviceAccess,
} from './support';

const server = useServer();

const WRITERS = 6;
const PUSHES_EACH = 15;

describe('global order under concurrent writers', () => {
  it('positions stay gapless, and a reader never sees a later position before an earlier one', async () => {
    const owner = await newDesk(server());
    const writers: DeviceAccess[] = [owner];
    for (let i = 1; i < WRITERS; i++) writers.push(await addDevice(server(), owner, `Writer ${i}`));

    // Each writer places orders of its own (1 to 3 commits a push, some of two events) and, on a
    // shared order, races the others with whatever version it last saw.
    const progress = { writing: true };
    const pushed = writers.map(async (writer, w) => {
      const positions: number[] = [];
      let sharedVersion = 0;
      for (let p = 0; p < PUSHES_EACH; p++) {
        const own = `w${w}-${p}`;
        const commits = [commit(`order-${own}`, 0, orderPlaced(own))];
        if (p % 2 === 0)
          commits.push(
            commit(`order-${own}b`, 0, orderPlaced(`${own}b`), orderCancelled(`${own}b`)),
          );
        commits.push(
          commit(
            'order-shared',
            sharedVersion,
            sharedVersion === 0 ? orderPlaced('shared') : orderCancelled('shared'),
          ),
        );
        const reply = await push(server(), writer, commits);
        expect(reply.status).toBe(200);
        positions.push(...reply.body.accepted.map((event) => event.position));
        const refused = reply.body.rejected.find(
          (rejection) => rejection.stream === 'order-shared',
        );
        sharedVersion = refused ? refused.currentVersion : sharedVersion + 1;
      }
      return positions;
    });

    // Meanwhile a reader follows the log from where it got to: every page must start right after
    // it and have no hole, or an append committed out of order became visible.
    const seen: number[] = [];
    const reading = (async () => {
      let after = 0;
      while (
        progress.writing ||
        after < (await pull(server(), owner, `after=${after}&limit=1`)).body.head
      ) {
        const page = await pull(server(), owner, `after=${after}&limit=50`);
        const positions = page.body.events.map(positionOf);
        positions.forEach((position, i) => {
          expect(position).toBe(after + i + 1);
        });
        expect(page.body.head).toBeGreaterThanOrEqual(after + positions.length);
        seen.push(...positions);
        after += positions.length;
      }
    })();

    const [perWriter] = await Promise.all([
      Promise.all(pushed).finally(() => {
        progress.writing = false;
      }),
      reading,
    ]);

    for (const positions of perWriter)
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const all = perWriter.flat().sort((a, b) => a - b);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect(seen).toEqual(all);
    const { head, events } = (await pull(server(), owner, 'after=0&limit=10000')).body;
    expect(head).toBe(all.length);
    expect(events.map(positionOf)).toEqual(all);
  });
});
