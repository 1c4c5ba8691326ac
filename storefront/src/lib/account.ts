import { graphql } from '../__generated__/gql.ts';

/** Identity and order documents the account pages and the auth route handlers use. */

export const MeNameQuery = graphql(`
  query MeName {
    me {
      id
      name
      customerGroup
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      id
      name
      email
      locale
      timeZone
      mfaEnabled
      kind
    }
  }
`);

const AuthFields = graphql(`
  fragment AuthFields on AuthPayload {
    tokens {
      accessToken
      accessTokenExpiresAt
      refreshToken
      refreshTokenExpiresAt
    }
    mfaRequired
    mfaEnrolmentRequired
    userErrors {
      ...UserErrorFields
    }
  }
`);
void AuthFields;

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      ...AuthFields
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUpCustomer($input: SignUpCustomerInput!) {
    signUpCustomer(input: $input) {
      ...AuthFields
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut($input: SignOutInput!) {
    signOut(input: $input) {
      revokedSessions
      userErrors {
        code
        message
      }
    }
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      accepted
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      reset
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateMyProfileMutation = graphql(`
  mutation UpdateMyProfile($input: UpdateMyProfileInput!) {
    updateMyProfile(input: $input) {
      user {
        id
        name
        locale
        timeZone
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

const OrderSummaryFields = graphql(`
  fragment OrderSummaryFields on Order {
    id
    name
    number
    status
    fulfillmentStatus
    placedAt
    total {
      amount
      currencyCode
    }
    lines {
      id
      quantity
    }
  }
`);
void OrderSummaryFields;

export const MyOrdersQuery = graphql(`
  query MyOrders($first: Int, $after: String) {
    myOrders(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...OrderSummaryFields
          shippingAddress {
            name
            company
            line1
            line2
            city
            region
            postalCode
            country
            phone
          }
        }
      }
    }
  }
`);

export const OrderQuery = graphql(`
  query OrderDetail($id: ID!) {
    order(id: $id) {
      ...OrderSummaryFields
      email
      pricesIncludeTax
      subtotal {
        amount
        currencyCode
      }
      discountTotal {
        amount
        currencyCode
      }
      shippingTotal {
        amount
        currencyCode
      }
      taxTotal {
        amount
        currencyCode
      }
      shippingAddress {
        name
        company
        line1
        line2
        city
        region
        postalCode
        country
        phone
      }
      shippingMethod {
        name
        carrier
      }
      payments {
        id
        status
        cardBrand
        cardLast4
        amount {
          amount
          currencyCode
        }
      }
      lines {
        id
        title
        sku
        quantity
        grossAmount {
          amount
          currencyCode
        }
        variant {
          id
          title
          product {
            title
            slug
            featuredImage {
              url
              alt
            }
          }
        }
      }
    }
  }
`);

/** A userError's field path (`["input", "email"]`) → the form field name (`email`). */
export function fieldOf(error: { field?: readonly string[] | null }): string {
  const path = error.field ?? [];
  return (path[0] === 'input' ? path.slice(1) : path).join('.') || 'form';
}

/** userErrors by form field; the first message per field wins. */
export function errorsByField(
  errors: readonly { field?: readonly string[] | null; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors) {
    const field = fieldOf(error);
    out[field] ??= error.message;
  }
  return out;
}
