import 'server-only';
import { graphql } from '../__generated__/gql.ts';

export { type SavedAddress, savedAddresses } from './address-view.ts';

/** The customer's address book (identity): the account's Addresses page and checkout's saved addresses. */
export const AddressFields = graphql(`
  fragment AddressFields on CustomerAddress {
    id
    name
    company
    line1
    line2
    city
    region
    postalCode
    country
    phone
    isDefault
  }
`);

export const MyAddressesQuery = graphql(`
  query MyAddresses {
    myAddresses {
      ...AddressFields
    }
  }
`);

export const AddMyAddressMutation = graphql(`
  mutation AddMyAddress($input: CustomerAddressInput!) {
    addMyAddress(input: $input) {
      address {
        ...AddressFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateMyAddressMutation = graphql(`
  mutation UpdateMyAddress($id: ID!, $input: CustomerAddressInput!) {
    updateMyAddress(id: $id, input: $input) {
      address {
        ...AddressFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const DeleteMyAddressMutation = graphql(`
  mutation DeleteMyAddress($id: ID!) {
    deleteMyAddress(id: $id) {
      deletedId
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetDefaultAddressMutation = graphql(`
  mutation SetDefaultAddress($id: ID!) {
    setDefaultAddress(id: $id) {
      address {
        ...AddressFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
