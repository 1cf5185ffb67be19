/** Valid request bodies for each item type, with overrides (outline-style factories). */

let sequence = 0;
const next = () => ++sequence;

export const contactBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Maria',
  lastName: `Silva ${next()}`,
  phones: [{ value: '+55 (11) 98765-4321', valueType: 'MOBILE' }],
  emails: [{ value: 'Maria.Silva@Example.com.br', valueType: 'WORK' }],
  ...overrides,
});

export const companyBody = (overrides: Record<string, unknown> = {}) => ({
  title: `Horizonte Tecnologia ${next()} Ltda`,
  companyType: 'CUSTOMER',
  ...overrides,
});

export const dealBody = (overrides: Record<string, unknown> = {}) => ({
  title: `Licenças anuais ${next()}`,
  opportunity: '1500.00',
  currencyId: 'BRL',
  ...overrides,
});

export const leadBody = (overrides: Record<string, unknown> = {}) => ({
  title: `Pedido de orçamento ${next()}`,
  name: 'João',
  lastName: 'Souza',
  ...overrides,
});

export const bodies = { lead: leadBody, contact: contactBody, company: companyBody, deal: dealBody };
