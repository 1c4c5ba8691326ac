export { AddressForm, type AddressFormProps } from './address-form.tsx';
export { type Address, type AddressErrors, type AddressField, validateAddress } from './validate-address.ts';
