export * from './fields.ts';
export * from './item-types.ts';
export * from './multifield.ts';
export * from './decimal.ts';
export * from './money.ts';
export * from './errors.ts';
export * from './i18n.ts';
export * from './values.ts';
