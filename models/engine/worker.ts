// Worker-thread entry: owns the models, answers one request at a time. Started by worker-client.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { LocalInference } from './inference';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('models/engine/worker.ts must run as a worker thread');

const { weightsDir, threads } = workerData as { weightsDir: string; threads: number };
const inference = await LocalInference.start(weightsDir, threads);
port.postMessage({ id: 0, kind: 'ready', status: inference.status() } satisfies WorkerResponse);

port.on('message', (req: WorkerRequest) => {
  void (async () => {
    let res: WorkerResponse;
    switch (req.op) {
      case 'analyze':
        res = { id: req.id, kind: 'result', result: await inference.analyze(req.req) };
        break;
      case 'enrol':
        res = { id: req.id, kind: 'result', result: await inference.enrolImage(req.bytes) };
        break;
      case 'memory':
        res = { id: req.id, kind: 'result', result: { ok: true, value: await inference.memory() } };
        break;
      case 'close':
        await inference.close();
        res = { id: req.id, kind: 'result', result: { ok: true, value: null } };
        break;
    }
    port.postMessage(res);
  })();
});
