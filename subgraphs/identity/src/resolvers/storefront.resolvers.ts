import type { Resolvers } from '@meridian/kit';
import type { StoreTheme, StoreThemeInput, ThemeRadius } from '../model/store-theme.ts';
import { type UpdateStorefrontSettingsInput, updateStorefrontSettings } from '../model/storefront-settings.ts';

type GraphInput = Omit<UpdateStorefrontSettingsInput, 'theme'> & {
  theme?: (Omit<StoreThemeInput, 'radius'> & { radius?: string | null }) | null;
};

export const storefrontResolvers: Resolvers = {
  Mutation: {
    updateStorefrontSettings: (_parent, args: { input: GraphInput }, ctx) => {
      const { theme, ...rest } = args.input;
      const input: UpdateStorefrontSettingsInput = rest;
      if (theme) {
        const { radius, ...fields } = theme;
        // ThemeRadius values are the design system's radius names in upper case.
        input.theme =
          radius === undefined ? fields : { ...fields, radius: (radius?.toLowerCase() ?? null) as ThemeRadius | null };
      }
      return updateStorefrontSettings(ctx, input);
    },
  },
  StoreTheme: {
    radius: (theme: StoreTheme) => theme.radius?.toUpperCase() ?? null,
  },
};
