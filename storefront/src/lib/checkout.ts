import 'server-only';
import { graphql } from '../__generated__/gql.ts';

export const PlaceOrderMutation = graphql(`
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        name
        number
        status
        email
        total {
          amount
          currencyCode
        }
      }
      payment {
        id
        status
        failureCode
        failureMessage
        nextAction {
          type
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ConfirmOrderPaymentMutation = graphql(`
  mutation ConfirmOrderPayment($input: ConfirmOrderPaymentInput!) {
    confirmOrderPayment(input: $input) {
      order {
        id
        name
        number
        status
        email
        total {
          amount
          currencyCode
        }
      }
      payment {
        id
        status
        failureCode
        failureMessage
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

/** Countries the demo shop ships to (commerce refuses the others with UNSUPPORTED_COUNTRY, shown at the field). */
export const COUNTRIES = [
  { value: 'US', label: 'United States' },
  { value: 'GB', label: 'United Kingdom' },
  { value: 'DE', label: 'Germany' },
  { value: 'FR', label: 'France' },
  { value: 'NL', label: 'Netherlands' },
  { value: 'BE', label: 'Belgium' },
  { value: 'AT', label: 'Austria' },
  { value: 'IE', label: 'Ireland' },
  { value: 'ES', label: 'Spain' },
  { value: 'IT', label: 'Italy' },
];
