// The /v1 wire protocol between kiosk (sync/agent) and city server (sync/server).
export * from './reasons';
export * from './common';
export * from './enrol';
export * from './risk';
export * from './registrations';
export * from './visits';
export * from './alerts';
export * from './heartbeat';
export * from './trace';
export * from './health';
export * from './routes';
export * from './registration-name';
