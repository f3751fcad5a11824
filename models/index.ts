// The face engine's public entry. See models/engine/types.ts for the API and the live-session flow.
export * from './engine/types';
export { createFaceEngine, type CreateOptions } from './engine/create';
