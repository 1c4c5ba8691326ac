import type { Resolvers } from '@meridian/kit';
import {
  addMyAddress,
  type CustomerAddressInput,
  deleteMyAddress,
  myAddresses,
  setDefaultAddress,
  updateMyAddress,
} from '../model/address-book.ts';

export const addressResolvers: Resolvers = {
  Query: {
    myAddresses: (_parent, _args, ctx) => myAddresses(ctx),
  },
  Mutation: {
    addMyAddress: (_parent, args: { input: CustomerAddressInput }, ctx) => addMyAddress(ctx, args.input),
    updateMyAddress: (_parent, args: { id: string; input: CustomerAddressInput }, ctx) =>
      updateMyAddress(ctx, args.id, args.input),
    deleteMyAddress: (_parent, args: { id: string }, ctx) => deleteMyAddress(ctx, args.id),
    setDefaultAddress: (_parent, args: { id: string }, ctx) => setDefaultAddress(ctx, args.id),
  },
};
