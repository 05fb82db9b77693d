/**
 * The leader's watch on the copies its streams keep (stream-redundancy.ts), on a real
 * three-node nats-server cluster: a server killed under an R3 stream is told as a loss naming
 * it (2 of 3 current), once, and its return as the stream whole again. Before this, losing one
 * nats-server showed in no health answer, metric or alarm: the group ran on two copies, one
 * more loss from stopping, and nobody knew.
 */
import { describe, expect, it } from 'vitest';
import { copiesOf, StreamRedundancy, type StreamCopies } from '../../src/replication/stream-redundancy.js';
import { ensureStream } from '../../src/replication/stream.js';
import { until } from '../support/exchange-fixture.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-redundancy-');

describe("the copies a stream keeps", () => {
  it('reads a stream info: the leader and current online replicas count, the rest are named with why', () => {
    expect(copiesOf('S', 3, { leader: 'n1', replicas: [{ name: 'n2', current: true }, { name: 'n3', current: true }] })).toEqual({ stream: 'S', expected: 3, current: 3, missing: [] });
    expect(copiesOf('S', 3, { leader: 'n1', replicas: [{ name: 'n2', current: true }, { name: 'n3', current: false, offline: true }] }).missing).toEqual(['n3 offline']);
    expect(copiesOf('S', 3, { leader: 'n1', replicas: [{ name: 'n2', current: false, lag: 40, active: 12_400_000_000 }] })).toEqual({ stream: 'S', expected: 3, current: 1, missing: ['n2 not current (40 operations behind, last heard 12 s ago)', 'a replica not listed'] });
    expect(copiesOf('S', 3, { replicas: [] })).toEqual({ stream: 'S', expected: 3, current: 0, missing: ['no leader'] });
    expect(copiesOf('S', 1, { leader: 'n1' }).current).toBe(1);
  });

  it('a nats-server killed under an R3 stream is told once as a loss naming it; back and caught up, the stream is told whole', async () => {
    const names = { stream: 'PATX_REDUNDANCY', subject: 'patx.redundancy' };
    await ensureStream(bed.jsm, { ...names, replicas: 3, maxBytes: 2 ** 20 });
    const lost: StreamCopies[] = [];
    const whole: string[] = [];
    const watch = new StreamRedundancy(bed.jsm, [{ stream: names.stream, expected: 3 }], { lost: (c) => lost.push(c), whole: (s) => whole.push(s) });
    watch.start(200);
    try {
      await until(() => watch.status()[0]?.current === 3, 'three copies current');
      // Neither the stream's leader (it keeps writing, on two copies) nor the server this client is connected to.
      const leader = (await bed.jsm.streams.info(names.stream)).cluster?.leader;
      const server = bed.cluster.nodes.find((n) => n.name !== leader && n.name !== bed.nc.info?.server_name)!;
      await server.kill('SIGKILL');
      await until(() => lost.length > 0, 'the loss told', 30_000);
      expect(lost[0]).toMatchObject({ stream: names.stream, expected: 3, current: 2 });
      expect(lost[0]!.missing.join()).toContain(server.name);
      expect(watch.metricLines().join('\n')).toContain('patx_replication_stream_copies{stream="PATX_REDUNDANCY"} 2');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(lost).toHaveLength(1); // told once, not at every read
      await server.start();
      await until(() => whole.length > 0, 'the stream told whole again', 60_000);
      expect(whole).toEqual([names.stream]);
      expect(watch.status()[0]!.current).toBe(3);
    } finally {
      watch.stop();
    }
  }, 120_000);
});
