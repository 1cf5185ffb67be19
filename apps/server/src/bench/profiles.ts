/** The data set sizes of the benchmark (docs/performance.md). XS exists for tests. */

export interface Profile {
  name: ProfileName;
  contacts: number;
  deals: number;
  companies: number;
  leads: number;
  users: number;
}

export const profileNames = ['XS', 'S', 'M', 'L'] as const;
export type ProfileName = (typeof profileNames)[number];

const sized = (name: ProfileName, contacts: number): Profile => ({
  name,
  contacts,
  deals: contacts,
  companies: Math.round(contacts / 5),
  leads: Math.round(contacts / 2),
  users: 50,
});

export const profiles: Record<ProfileName, Profile> = {
  XS: sized('XS', 500),
  S: sized('S', 10_000),
  M: sized('M', 100_000),
  L: sized('L', 1_000_000),
};

export const isProfileName = (value: unknown): value is ProfileName => profileNames.includes(value as ProfileName);

/** The generator's default seed: the same data set on every run and every machine. */
export const defaultSeed = 20_261_122;

/**
 * Chance of a few row kinds, shared by the generator and the test of its proportions.
 */
export const shares = {
  /** Contacts linked to one company (and of those, some to a second). */
  contactWithCompany: 0.8,
  contactWithSecondCompany: 0.1,
  /** Deals with one contact, and some with a second one. */
  dealWithContact: 0.9,
  dealWithSecondContact: 0.1,
  dealWithCompany: 0.7,
  /** Deal currencies: BRL mostly. */
  usd: 0.1,
  eur: 0.05,
  /** Items in the recycle bin. */
  deleted: 0.01,
  /** Items open to everyone. */
  opened: 0.1,
  /** Deals per pipeline: the general one (0), then the two the generator creates. */
  pipelines: [0.6, 0.25, 0.15],
};
