export { createTestDatabase, type TestDatabase } from './database.ts';
export { startTestSubgraphs, type GraphQLResult, type TestClient, type TestSubgraphs } from './graphql-client.ts';
