export { createTestDatabase, type TestDatabase } from './database.ts';
export { type GraphQLResult, startTestSubgraphs, type TestClient, type TestSubgraphs } from './graphql-client.ts';
export { type ReceivedMail, startTestSmtpServer, type TestSmtpServer } from './smtp.ts';
