import { graphql } from '../__generated__/gql.ts';

/**
 * What every mutation's `userErrors` selects: the input path (the form shows the message next to that field), the
 * code and the message. Code generation adds it to each document that spreads it.
 */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    code
    message
  }
`);
