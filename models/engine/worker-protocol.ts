// Messages between the main-thread engine and the inference worker.
import type { AnalyzeRequest, InferenceResult } from './inference';
import type { EngineStatus } from './types';

export type WorkerRequest =
  | { id: number; op: 'analyze'; req: AnalyzeRequest }
  | { id: number; op: 'enrol'; bytes: Uint8Array }
  | { id: number; op: 'memory' }
  | { id: number; op: 'close' };

export type WorkerResponse =
  | { id: 0; kind: 'ready'; status: EngineStatus }
  | { id: number; kind: 'result'; result: InferenceResult<unknown> };
