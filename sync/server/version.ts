export const SERVER_VERSION_FOR_DOCS = '0.1.0';
