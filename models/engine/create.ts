import type { EngineOptions, FaceEngine } from './types';

// Placeholder until the engine lands (same signature).
export async function createFaceEngine(_opts?: EngineOptions): Promise<FaceEngine> {
  throw new Error('face engine not implemented yet');
}
