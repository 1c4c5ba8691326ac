import { DateTimeScalar, type Resolvers } from '@meridian/kit';

export const scalarResolvers: Resolvers = { DateTime: DateTimeScalar };
